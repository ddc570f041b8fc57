//! Comment moderation: the held, reported and recent queues; approving, holding, rejecting
//! and deleting comments; banning readers; and the history of every decision. Readers report
//! comments from the article page. Routes are part of the newsroom's permission table.

pub mod api;
pub mod db;
pub mod pages;

use crate::comments::model::CommentStatus::{self, Approved, Deleted, Held, Rejected};

/// Far-future end of a ban "for good" (year 9999).
pub const FOREVER: i64 = 253_402_300_799;

/// A moderator's decision on a comment.
#[derive(Debug)]
pub struct Decision {
    /// Its name in addresses: `/newsroom/comments/{id}/{name}`.
    pub name: &'static str,
    /// The status it gives the comment.
    pub sets: CommentStatus,
    /// Its button in the queue.
    pub label: &'static str,
    /// The statuses it applies to.
    pub from: &'static [CommentStatus],
}

/// Every decision. A comment its author deleted stays deleted: no decision applies to it.
pub const DECISIONS: [Decision; 4] = [
    Decision { name: "approve", sets: Approved, label: "Approve", from: &[Held, Rejected] },
    // Takes a published comment off the page until a moderator decides again.
    Decision { name: "hold", sets: Held, label: "Hold back", from: &[Approved] },
    Decision { name: "reject", sets: Rejected, label: "Reject", from: &[Held, Approved] },
    Decision { name: "delete", sets: Deleted, label: "Delete", from: &[Held, Approved, Rejected] },
];

/// The decision called `name`.
pub fn decision(name: &str) -> Option<&'static Decision> {
    DECISIONS.iter().find(|d| d.name == name)
}

/// The decisions open for a comment with `status`.
pub fn open_for(status: CommentStatus) -> impl Iterator<Item = &'static Decision> {
    DECISIONS.iter().filter(move |d| d.from.contains(&status))
}
