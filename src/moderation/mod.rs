//! Comment moderation: the held, reported and recent queues; approving, holding, rejecting
//! and deleting comments; banning readers; and the history of every decision. Readers report
//! comments from the article page. Routes are part of the newsroom's permission table.

pub mod api;
pub mod db;
pub mod pages;

/// Far-future end of a ban "for good" (year 9999).
pub const FOREVER: i64 = 253_402_300_799;

/// The status a decision sets.
pub fn status_of(decision: &str) -> Option<&'static str> {
    match decision {
        "approve" => Some("approved"),
        // Takes a published comment off the page until a moderator decides again.
        "hold" => Some("held"),
        "reject" => Some("rejected"),
        "delete" => Some("deleted"),
        _ => None,
    }
}
