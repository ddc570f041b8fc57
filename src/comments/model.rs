//! Comment rules without IO: the body, how it is shown, links, the blocklist, when a comment
//! is held, and the posting limits.

use sha2::{Digest, Sha256};
use unicode_segmentation::UnicodeSegmentation;

use crate::clock::Timestamp;
use crate::html::{Builder, SafeHtml};

/// Longest comment, in characters.
pub const MAX_CHARS: usize = 5000;
/// An account is new for its first day.
pub const NEW_ACCOUNT_SECS: i64 = 86_400;
/// A new account may post once in this many seconds; others once in [`ESTABLISHED_GAP_SECS`].
pub const NEW_ACCOUNT_GAP_SECS: i64 = 30;
/// The gap between two comments of an established account.
pub const ESTABLISHED_GAP_SECS: i64 = 10;
/// Comments a new account may post in its first day.
pub const NEW_ACCOUNT_DAILY: i64 = 10;
/// The same text twice within this many seconds is refused.
pub const DUPLICATE_SECS: i64 = 600;
/// More links than this from a new account hold the comment for moderation.
pub const NEW_ACCOUNT_MAX_LINKS: usize = 2;

/// A comment's text: trimmed, 1–5000 characters, line endings normalised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommentBody(String);

/// Why a body was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyError {
    Empty,
    TooLong(usize),
}

impl CommentBody {
    /// Checks a body as typed.
    pub fn parse(text: &str) -> Result<Self, BodyError> {
        let text = crate::articles::model::typed_text(&text.replace('\r', "\n"));
        let text = text.trim();
        let n = text.chars().count();
        if n == 0 {
            Err(BodyError::Empty)
        } else if n > MAX_CHARS {
            Err(BodyError::TooLong(n))
        } else {
            Ok(Self(text.to_owned()))
        }
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// A fingerprint that ignores case and spacing, for the duplicate check.
    pub fn fingerprint(&self) -> String {
        let normal: String = self.0.to_lowercase().split_whitespace().collect::<Vec<_>>().join(" ");
        Sha256::digest(normal.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
    }

    /// How many web links the text holds.
    pub fn link_count(&self) -> usize {
        finder().links(&self.0).count()
    }

    /// Whether a word of the text is on the blocklist (whole words, any case).
    pub fn has_blocked_word(&self, blocklist: &[String]) -> bool {
        !blocklist.is_empty() && self.0.unicode_words().any(|w| blocklist.iter().any(|b| b == &w.to_lowercase()))
    }
}

fn finder() -> linkify::LinkFinder {
    let mut finder = linkify::LinkFinder::new();
    finder.kinds(&[linkify::LinkKind::Url]);
    finder
}

/// Where a comment stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CommentStatus {
    /// On the article page.
    Approved,
    /// Waiting for a moderator; only its author sees it.
    Held,
    /// Turned down by a moderator.
    Rejected,
    /// Deleted by its author or a moderator; its replies stay, under a marker.
    Deleted,
}

impl CommentStatus {
    /// Every status.
    pub const ALL: [CommentStatus; 4] = [Self::Approved, Self::Held, Self::Rejected, Self::Deleted];

    /// Parses a stored status.
    pub fn parse(text: &str) -> Option<Self> {
        Some(match text {
            "approved" => Self::Approved,
            "held" => Self::Held,
            "rejected" => Self::Rejected,
            "deleted" => Self::Deleted,
            _ => return None,
        })
    }

    /// The stored name, also shown in the API and the moderation queue.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Approved => "approved",
            Self::Held => "held",
            Self::Rejected => "rejected",
            Self::Deleted => "deleted",
        }
    }
}

/// Stored as its name; a name that is not a comment status is an error for the row.
impl sqlx::Type<sqlx::Any> for CommentStatus {
    fn type_info() -> sqlx::any::AnyTypeInfo {
        crate::db::name_type()
    }
}

impl sqlx::Decode<'_, sqlx::Any> for CommentStatus {
    fn decode(value: sqlx::any::AnyValueRef<'_>) -> Result<Self, sqlx::error::BoxDynError> {
        crate::db::decode_name(value, "comment status", Self::parse)
    }
}

impl sqlx::Encode<'_, sqlx::Any> for CommentStatus {
    fn encode_by_ref(
        &self,
        buf: &mut crate::db::ArgumentBuffer,
    ) -> Result<sqlx::encode::IsNull, sqlx::error::BoxDynError> {
        crate::db::encode_name(self.as_str(), buf)
    }
}

/// Whether a new comment is published or held for a moderator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Moderation {
    Approved,
    Held,
}

impl Moderation {
    /// The status it is stored with.
    pub fn status(self) -> CommentStatus {
        match self {
            Self::Approved => CommentStatus::Approved,
            Self::Held => CommentStatus::Held,
        }
    }
}

/// Held when it carries a blocklisted word, or when a new account posts many links.
pub fn moderation(body: &CommentBody, account_created: Timestamp, now: Timestamp, blocklist: &[String]) -> Moderation {
    let new_account = now - account_created < NEW_ACCOUNT_SECS;
    if body.has_blocked_word(blocklist) || (new_account && body.link_count() > NEW_ACCOUNT_MAX_LINKS) {
        Moderation::Held
    } else {
        Moderation::Approved
    }
}

/// A refusal of the posting limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Wait this many seconds.
    TooSoon(i64),
    /// The first-day allowance is used up.
    DailyLimit,
    /// The same text was posted moments ago.
    Duplicate,
}

/// What the limits say about a new comment, given the author's recent activity.
pub fn check_limits(
    account_created: Timestamp,
    now: Timestamp,
    last_comment_at: Option<Timestamp>,
    first_day_count: i64,
    duplicate_recent: bool,
) -> Result<(), Refusal> {
    let new_account = now - account_created < NEW_ACCOUNT_SECS;
    if duplicate_recent {
        return Err(Refusal::Duplicate);
    }
    let gap = if new_account { NEW_ACCOUNT_GAP_SECS } else { ESTABLISHED_GAP_SECS };
    if let Some(last) = last_comment_at
        && now - last < gap
    {
        return Err(Refusal::TooSoon(gap - (now - last)));
    }
    if new_account && first_day_count >= NEW_ACCOUNT_DAILY {
        return Err(Refusal::DailyLimit);
    }
    Ok(())
}

/// The text as safe HTML: everything escaped, blank lines make paragraphs, line breaks stay,
/// web links become `rel="nofollow ugc noopener"` links.
pub fn render(body: &str) -> SafeHtml {
    let finder = finder();
    let mut html = Builder::with_capacity(body.len() + 32);
    for paragraph in body.split("\n\n").map(str::trim).filter(|p| !p.is_empty()) {
        html.markup("<p>");
        for (i, line) in paragraph.lines().enumerate() {
            if i > 0 {
                html.markup("<br>");
            }
            for span in finder.spans(line) {
                let web = span.as_str().starts_with("http://") || span.as_str().starts_with("https://");
                // Only web links become links: `javascript://…` and other schemes stay text.
                if span.kind().is_some() && web {
                    html.markup("<a href=\"").text(span.as_str()).markup("\" rel=\"nofollow ugc noopener\">");
                    html.text(span.as_str()).markup("</a>");
                } else {
                    html.text(span.as_str());
                }
            }
        }
        html.markup("</p>");
    }
    html.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_are_trimmed_and_bounded() {
        assert_eq!(CommentBody::parse("  hi \r\n").unwrap().as_str(), "hi");
        assert_eq!(CommentBody::parse(" \n "), Err(BodyError::Empty));
        assert!(CommentBody::parse(&"ক".repeat(MAX_CHARS)).is_ok());
        assert_eq!(CommentBody::parse(&"a".repeat(MAX_CHARS + 1)), Err(BodyError::TooLong(MAX_CHARS + 1)));
    }

    #[test]
    fn rendering_escapes_everything_and_links_urls() {
        let html = render("<script>alert(1)</script>\n\nSee https://example.com/a?b=1&c=2 now\nline two");
        assert_eq!(
            html.as_str(),
            "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p><p>See <a href=\"https://example.com/a?b=1&amp;c=2\" \
             rel=\"nofollow ugc noopener\">https://example.com/a?b=1&amp;c=2</a> now<br>line two</p>"
        );
        assert!(!render("<img src=x onerror=alert(1)>").as_str().contains("<img"));
        assert!(!render("javascript:alert(1)").as_str().contains("<a"));
        assert!(!render("javascript://x/%0aalert(document.domain)").as_str().contains("<a"));
        assert!(!render("data://text/html,<b>x</b>").as_str().contains("<a"));
    }

    #[test]
    fn links_from_new_accounts_and_blocked_words_hold_a_comment() {
        let three = CommentBody::parse("http://a.example http://b.example http://c.example").unwrap();
        assert_eq!(moderation(&three, 0, 100, &[]), Moderation::Held);
        assert_eq!(moderation(&three, 0, NEW_ACCOUNT_SECS + 1, &[]), Moderation::Approved);
        let rude = CommentBody::parse("What a Scam this is").unwrap();
        assert_eq!(moderation(&rude, 0, NEW_ACCOUNT_SECS * 9, &["scam".into()]), Moderation::Held);
        assert_eq!(moderation(&rude, 0, NEW_ACCOUNT_SECS * 9, &["sca".into()]), Moderation::Approved);
    }

    #[test]
    fn limits_follow_account_age() {
        assert_eq!(check_limits(0, 100, Some(80), 1, false), Err(Refusal::TooSoon(10)));
        assert_eq!(check_limits(0, 100, Some(70), 1, false), Ok(()));
        assert_eq!(check_limits(0, 100, Some(50), 10, false), Err(Refusal::DailyLimit));
        let day = NEW_ACCOUNT_SECS;
        assert_eq!(check_limits(0, day + 100, Some(day + 95), 50, false), Err(Refusal::TooSoon(5)));
        assert_eq!(check_limits(0, day + 100, Some(day + 90), 50, false), Ok(()));
        assert_eq!(check_limits(0, 100, None, 0, true), Err(Refusal::Duplicate));
    }

    #[test]
    fn fingerprints_ignore_case_and_spacing() {
        let a = CommentBody::parse("Good  point\nindeed").unwrap();
        let b = CommentBody::parse("good point indeed").unwrap();
        assert_eq!(a.fingerprint(), b.fingerprint());
    }
}
