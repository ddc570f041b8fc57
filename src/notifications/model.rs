//! Notifications without IO: what happened (the kind), what it is about (the parameters kept
//! with it), and the words that tell a person, in the newsroom and by mail. Every sentence of
//! the feature is here, in one place, so that it can be given in another language.

use serde::{Deserialize, Serialize};

use crate::clock::Timestamp;
use crate::editions::model::{Lang, format_datetime};
use crate::newsroom::i18n::{fill, number, tr};

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

/// The sentence that tells what happened, in `lang`. Each is one entry of the newsroom's
/// catalogue with its values in braces, so that Bangla can order the words its own way.
pub fn text(lang: Lang, kind: Kind, p: &Params, offset_minutes: i32) -> String {
    let t = |english: &'static str| tr(lang, english);
    let count = number(lang, p.count);
    let minutes = number(lang, COMMENTS_WAIT_SECS / 60);
    let at = p.at.map(|at| format_datetime(lang, at, offset_minutes)).unwrap_or_default();
    let sentence = match (kind, p.by.is_empty()) {
        (Kind::Submitted, _) => t("{by} submitted “{title}” for review."),
        (Kind::Returned, _) => t("{by} returned “{title}” to you: {note}"),
        (Kind::Scheduled, true) if p.at.is_some() => t("The scheduler scheduled “{title}” to publish on {at}."),
        (Kind::Scheduled, true) => t("The scheduler scheduled “{title}”."),
        (Kind::Scheduled, false) if p.at.is_some() => t("{by} scheduled “{title}” to publish on {at}."),
        (Kind::Scheduled, false) => t("{by} scheduled “{title}”."),
        (Kind::Published, true) => t("The scheduler published “{title}”."),
        (Kind::Published, false) => t("{by} published “{title}”."),
        (Kind::Corrected, _) => t("{by} added a correction to “{title}”: {note}"),
        (Kind::CommentsWaiting, _) if p.count == 1 => {
            t("A comment has waited more than {minutes} minutes for moderation.")
        }
        (Kind::CommentsWaiting, _) => t("{n} comments have waited more than {minutes} minutes for moderation."),
    };
    let by = if p.by.is_empty() { t("The scheduler") } else { p.by.as_str() };
    fill(
        sentence,
        &[("by", by), ("title", &p.title), ("note", &p.note), ("at", &at), ("n", &count), ("minutes", &minutes)],
    )
}

/// The subject line of the mail.
fn subject(lang: Lang, kind: Kind, p: &Params, site: &str) -> String {
    let what = match kind {
        Kind::Submitted => tr(lang, "Submitted for review: {title}"),
        Kind::Returned => tr(lang, "Returned to you: {title}"),
        Kind::Scheduled => tr(lang, "Scheduled: {title}"),
        Kind::Published => tr(lang, "Published: {title}"),
        Kind::Corrected => tr(lang, "Correction added: {title}"),
        Kind::CommentsWaiting => tr(lang, "Comments are waiting for moderation"),
    };
    format!("[{site}] {}", fill(what, &[("title", &p.title)]))
}

/// Where a notification mail comes from and whom it goes to: the recipient's language, and
/// the site's name in it.
pub struct MailContext<'a> {
    pub lang: Lang,
    pub site: &'a str,
    pub base_url: &'a str,
    pub offset_minutes: i32,
}

/// The mail of a notification, in the recipient's language: subject and plain-text body, with
/// the link to open and how to stop these mails.
pub fn mail(kind: Kind, p: &Params, link: &str, to: &MailContext<'_>) -> (String, String) {
    let (lang, site, base_url) = (to.lang, to.site, to.base_url);
    let open = fill(tr(lang, "Open it in the newsroom: {link}"), &[("link", &format!("{base_url}{link}"))]);
    let why = fill(
        tr(
            lang,
            "You get this mail because you work in the {site} newsroom. To stop these mails, turn them off on {page}",
        ),
        &[("site", site), ("page", &format!("{base_url}/newsroom/notifications"))],
    );
    let body = format!("{}\r\n\r\n{open}\r\n\r\n{why}\r\n", text(lang, kind, p, to.offset_minutes));
    (subject(lang, kind, p, site).replace(['\r', '\n'], " "), body)
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
        assert_eq!(
            text(Lang::En, Kind::Returned, &p, 360),
            "Desk Editor returned “Tigers win” to you: Check the score."
        );
        let scheduler = Params { by: String::new(), ..p.clone() };
        assert_eq!(text(Lang::En, Kind::Published, &scheduler, 360), "The scheduler published “Tigers win”.");
        let to = MailContext { lang: Lang::En, site: "VB", base_url: "https://vb.test", offset_minutes: 360 };
        let (subject, body) = mail(Kind::Returned, &p, "/newsroom/articles/7", &to);
        assert_eq!(subject, "[VB] Returned to you: Tigers win");
        assert!(body.contains("https://vb.test/newsroom/articles/7"), "{body}");
        assert!(body.contains("/newsroom/notifications"), "{body}");
    }

    #[test]
    fn a_person_who_chose_bangla_is_told_in_bangla() {
        let p = Params {
            title: "টাইগারদের জয়".into(), by: "ডেস্ক সম্পাদক".into(), count: 12, ..Params::default()
        };
        assert_eq!(text(Lang::Bn, Kind::Submitted, &p, 360), "ডেস্ক সম্পাদক “টাইগারদের জয়” পর্যালোচনার জন্য জমা দিয়েছেন।");
        let waiting = text(Lang::Bn, Kind::CommentsWaiting, &p, 360);
        assert!(waiting.starts_with("১২টি মন্তব্য ৩০ মিনিটের"), "{waiting}");
        let to = MailContext { lang: Lang::Bn, site: "খবর", base_url: "https://vb.test", offset_minutes: 360 };
        let (subject, body) = mail(Kind::Submitted, &p, "/newsroom/articles/7", &to);
        assert_eq!(subject, "[খবর] পর্যালোচনার জন্য জমা: টাইগারদের জয়");
        assert!(body.contains("নিউজরুমে খুলুন: https://vb.test/newsroom/articles/7"), "{body}");
    }
}
