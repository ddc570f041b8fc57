//! Comment moderation: the held, reported and recent queues; approving, holding, rejecting
//! and deleting comments; banning readers; and the history of every decision. Readers report
//! comments from the article page. Routes are part of the newsroom's permission table.

pub mod api;
pub mod db;
pub mod pages;

/// Far-future end of a ban "for good" (year 9999).
pub const FOREVER: i64 = 253_402_300_799;

/// A moderator's decision on a comment.
#[derive(Debug)]
pub struct Decision {
    /// Its name in addresses: `/newsroom/comments/{id}/{name}`.
    pub name: &'static str,
    /// The status it gives the comment.
    pub sets: &'static str,
    /// Its button in the queue.
    pub label: &'static str,
    /// The statuses it applies to.
    pub from: &'static [&'static str],
}

/// Every decision. A comment its author deleted stays deleted: no decision applies to it.
pub const DECISIONS: [Decision; 4] = [
    Decision { name: "approve", sets: "approved", label: "Approve", from: &["held", "rejected"] },
    // Takes a published comment off the page until a moderator decides again.
    Decision { name: "hold", sets: "held", label: "Hold back", from: &["approved"] },
    Decision { name: "reject", sets: "rejected", label: "Reject", from: &["held", "approved"] },
    Decision { name: "delete", sets: "deleted", label: "Delete", from: &["held", "approved", "rejected"] },
];

/// The decision called `name`.
pub fn decision(name: &str) -> Option<&'static Decision> {
    DECISIONS.iter().find(|d| d.name == name)
}

/// The decisions open for a comment with `status`.
pub fn open_for(status: &str) -> impl Iterator<Item = &'static Decision> {
    DECISIONS.iter().filter(move |d| d.from.contains(&status))
}
