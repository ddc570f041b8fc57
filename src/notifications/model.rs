//! Notifications without IO: what happened (the kind), what it is about (the parameters kept
//! with it), and the words that tell a person, in the newsroom and by mail. Every sentence of
//! the feature is here, in one place, so that it can be given in another language.

use serde::{Deserialize, Serialize};

use crate::clock::Timestamp;
use crate::editions::model::{Lang, format_datetime};

/// What a notification tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A story was sent to review (to editors and admins).
    Submitted,
    /// A story in review came back to its reporter, with a note.
    Returned,
    /// The reporter's story will publish at a set time.
    Scheduled,
    /// The reporter's story is public.
    Published,
    /// A correction was added to the reporter's story.
    Corrected,
    /// Comments have waited for moderation beyond the threshold (to moderators and admins).
    CommentsWaiting,
}

impl Kind {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Submitted => "submitted",
            Self::Returned => "returned",
            Self::Scheduled => "scheduled",
            Self::Published => "published",
            Self::Corrected => "corrected",
            Self::CommentsWaiting => "comments_waiting",
        }
    }

    /// Parses a stored name.
    pub fn parse(text: &str) -> Option<Self> {
        Some(match text {
            "submitted" => Self::Submitted,
            "returned" => Self::Returned,
            "scheduled" => Self::Scheduled,
            "published" => Self::Published,
            "corrected" => Self::Corrected,
            "comments_waiting" => Self::CommentsWaiting,
            _ => return None,
        })
    }
}

/// What a notification is about, kept with it as JSON; fields a kind does not use stay empty.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Params {
    /// The story's headline.
    pub title: String,
    /// Who did it (empty: the scheduler).
    pub by: String,
    /// The return note or the correction.
    pub note: String,
    /// When a scheduled story will publish.
    pub at: Option<Timestamp>,
    /// How many comments wait.
    pub count: i64,
}

/// Comments held longer than this make moderators (and admins) hear about them.
pub const COMMENTS_WAIT_SECS: i64 = 30 * 60;

/// Longest return note or internal note, in characters.
pub const MAX_NOTE: usize = 2000;

/// The sentence that tells what happened.
pub fn text(kind: Kind, p: &Params, offset_minutes: i32) -> String {
    let by = if p.by.is_empty() { "The scheduler" } else { p.by.as_str() };
    match kind {
        Kind::Submitted => format!("{by} submitted “{}” for review.", p.title),
        Kind::Returned => format!("{by} returned “{}” to you: {}", p.title, p.note),
        Kind::Scheduled => match p.at {
            Some(at) => {
                format!("{by} scheduled “{}” to publish on {}.", p.title, format_datetime(Lang::En, at, offset_minutes))
            }
            None => format!("{by} scheduled “{}”.", p.title),
        },
        Kind::Published => format!("{by} published “{}”.", p.title),
        Kind::Corrected => format!("{by} added a correction to “{}”: {}", p.title, p.note),
        Kind::CommentsWaiting => match p.count {
            1 => format!("A comment has waited more than {} minutes for moderation.", COMMENTS_WAIT_SECS / 60),
            n => format!("{n} comments have waited more than {} minutes for moderation.", COMMENTS_WAIT_SECS / 60),
        },
    }
}

/// The subject line of the mail.
fn subject(kind: Kind, p: &Params, site: &str) -> String {
    let what = match kind {
        Kind::Submitted => format!("Submitted for review: {}", p.title),
        Kind::Returned => format!("Returned to you: {}", p.title),
        Kind::Scheduled => format!("Scheduled: {}", p.title),
        Kind::Published => format!("Published: {}", p.title),
        Kind::Corrected => format!("Correction added: {}", p.title),
        Kind::CommentsWaiting => "Comments are waiting for moderation".to_owned(),
    };
    format!("[{site}] {what}")
}

/// The mail of a notification: subject and plain-text body, with the link to open and how to
/// stop these mails.
pub fn mail(kind: Kind, p: &Params, link: &str, site: &str, base_url: &str, offset_minutes: i32) -> (String, String) {
    let body = format!(
        "{}\r\n\r\nOpen it in the newsroom: {base_url}{link}\r\n\r\n\
         You get this mail because you work in the {site} newsroom. To stop these mails, \
         turn them off on {base_url}/newsroom/notifications\r\n",
        text(kind, p, offset_minutes)
    );
    (subject(kind, p, site).replace(['\r', '\n'], " "), body)
}

/// The words of the notifications page and its forms.
pub mod ui {
    pub const TITLE: &str = "Notifications";
    pub const NONE: &str = "Nothing new. You will be told here when a story of yours moves, or work waits for you.";
    pub const UNREAD: &str = "new";
    pub const MARK_READ: &str = "Mark read";
    pub const MARK_ALL_READ: &str = "Mark all read";
    pub const EMAIL_ON: &str = "Notifications also come by email.";
    pub const EMAIL_OFF: &str = "Notifications come only here, not by email.";
    pub const TURN_EMAIL_OFF: &str = "Stop the emails";
    pub const TURN_EMAIL_ON: &str = "Send them by email too";
    pub const NOTHING_CHOSEN: &str = "Choose a notification to mark read, or mark all read.";
    pub const UNKNOWN: &str = "There is no such notification of yours.";
    pub const EMAIL_CHOICE: &str = "Choose whether notifications come by email: on or off.";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_are_stored_by_name() {
        for kind in
            [Kind::Submitted, Kind::Returned, Kind::Scheduled, Kind::Published, Kind::Corrected, Kind::CommentsWaiting]
        {
            assert_eq!(Kind::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(Kind::parse("other"), None);
    }

    #[test]
    fn the_text_names_who_did_what_to_which_story() {
        let p = Params {
            title: "Tigers win".into(),
            by: "Desk Editor".into(),
            note: "Check the score.".into(),
            ..Params::default()
        };
        assert_eq!(text(Kind::Returned, &p, 360), "Desk Editor returned “Tigers win” to you: Check the score.");
        let scheduler = Params { by: String::new(), ..p.clone() };
        assert_eq!(text(Kind::Published, &scheduler, 360), "The scheduler published “Tigers win”.");
        let (subject, body) = mail(Kind::Returned, &p, "/newsroom/articles/7", "VB", "https://vb.test", 360);
        assert_eq!(subject, "[VB] Returned to you: Tigers win");
        assert!(body.contains("https://vb.test/newsroom/articles/7"), "{body}");
        assert!(body.contains("/newsroom/notifications"), "{body}");
    }
}
