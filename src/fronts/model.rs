//! The rules of the front of the paper, without IO: how many stories a front holds, what a
//! breaking-news banner may say and where it may lead.

use crate::clock::Timestamp;
use crate::editions::Lang;
use crate::newsroom::i18n::{fill, number, tr};

/// Top stories a front holds under its lead.
pub const TOP_LEN: usize = 8;
/// Longest banner text, in characters.
pub const BREAKING_TEXT_MAX: usize = 200;

/// The stories an editor placed on a front, checked for shape (not yet against the database).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Placement {
    pub lead: Option<i64>,
    pub top: Vec<i64>,
}

impl Placement {
    /// Checks the shape of a placement: at most [`TOP_LEN`] top stories, each story once.
    pub fn new(lead: Option<i64>, top: Vec<i64>) -> Result<Self, Refusal> {
        if top.len() > TOP_LEN {
            return Err(Refusal::TooManyStories(top.len()));
        }
        let mut seen = Vec::with_capacity(top.len() + 1);
        for id in lead.iter().chain(&top) {
            if seen.contains(id) {
                return Err(Refusal::PlacedTwice(*id));
            }
            seen.push(*id);
        }
        Ok(Self { lead, top })
    }

    /// The slots as stored: position 0 is the lead, 1 to 8 the top stories.
    pub fn slots(&self) -> Vec<(i64, i64)> {
        let lead = self.lead.map(|id| (0, id));
        lead.into_iter().chain(self.top.iter().enumerate().map(|(i, id)| (i as i64 + 1, *id))).collect()
    }

    /// Every placed story, the lead first.
    pub fn ids(&self) -> Vec<i64> {
        self.lead.iter().chain(&self.top).copied().collect()
    }

    /// The placement read back from stored slots.
    pub fn from_slots(slots: &[(i64, i64)]) -> Self {
        let mut placement = Self::default();
        let mut top: Vec<(i64, i64)> = Vec::new();
        for &(position, id) in slots {
            if position == 0 {
                placement.lead = Some(id);
            } else {
                top.push((position, id));
            }
        }
        top.sort_unstable();
        placement.top = top.into_iter().map(|(_, id)| id).collect();
        placement
    }
}

/// A breaking-news banner as an editor puts it up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Banner {
    pub text: String,
    /// A path on this site (`/bn/news/…`), an http(s) address, or empty for no link.
    pub url: String,
    /// When it comes down by itself; `None` keeps it up until an editor removes it.
    pub until: Option<Timestamp>,
}

impl Banner {
    /// Checks a banner; `now` is when it goes up.
    pub fn new(text: &str, url: &str, until: Option<Timestamp>, now: Timestamp) -> Result<Self, Refusal> {
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        match text.chars().count() {
            0 => return Err(Refusal::NoText),
            n if n > BREAKING_TEXT_MAX => return Err(Refusal::TextTooLong(n)),
            _ => {}
        }
        let url = url.trim();
        if !url.is_empty() && !is_link(url) {
            return Err(Refusal::BadLink(url.to_owned()));
        }
        if let Some(until) = until
            && until <= now
        {
            return Err(Refusal::EndPassed);
        }
        Ok(Self { text, url: url.to_owned(), until })
    }

    /// Whether the banner is up at `now`.
    pub fn is_up(&self, now: Timestamp) -> bool {
        self.until.is_none_or(|until| until > now)
    }
}

/// Why a placement or a banner is refused; shown in English by `Display` (the API) and in the
/// newsroom's language by [`Refusal::text`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// More than [`TOP_LEN`] top stories.
    TooManyStories(usize),
    /// The same story in two slots.
    PlacedTwice(i64),
    /// A banner without text.
    NoText,
    /// A banner text of this many characters, over [`BREAKING_TEXT_MAX`].
    TextTooLong(usize),
    /// A banner link that is neither a path of the site nor an http(s) address.
    BadLink(String),
    /// A banner whose end time has passed.
    EndPassed,
}

impl Refusal {
    /// The refusal in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        let n = |n: usize| number(lang, i64::try_from(n).unwrap_or(i64::MAX));
        match self {
            Self::TooManyStories(count) => fill(
                tr(lang, "A front holds at most {max} top stories under its lead, not {n}."),
                &[("max", &n(TOP_LEN)), ("n", &n(*count))],
            ),
            Self::PlacedTwice(id) => fill(
                tr(lang, "Story {id} is placed twice; each story can take one slot."),
                &[("id", &number(lang, *id))],
            ),
            Self::NoText => tr(lang, "The banner needs text: say in a line what happened.").to_owned(),
            Self::TextTooLong(count) => fill(
                tr(lang, "The banner text has {n} characters; keep it to {max}."),
                &[("n", &n(*count)), ("max", &n(BREAKING_TEXT_MAX))],
            ),
            Self::BadLink(url) => fill(
                tr(
                    lang,
                    "The banner's link must be a path on this site (starting with /) or an http(s) address, not {url}.",
                ),
                &[("url", &format!("{url:?}"))],
            ),
            Self::EndPassed => {
                tr(lang, "The banner's end time has already passed; choose a later time or leave it empty.").to_owned()
            }
        }
    }
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text(Lang::En))
    }
}

/// A link a banner may carry: a path of this site, or an http(s) address with a host.
fn is_link(url: &str) -> bool {
    if url.chars().any(|c| c.is_whitespace() || c.is_control() || c == '"' || c == '<' || c == '>') || url.len() > 500 {
        return false;
    }
    if let Some(rest) = url.strip_prefix('/') {
        // `//host` would leave the site.
        return !rest.starts_with('/') && !rest.starts_with('\\');
    }
    let lower = url.to_ascii_lowercase();
    ["https://", "http://"].iter().any(|scheme| lower.strip_prefix(scheme).is_some_and(|host| !host.is_empty()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_front_takes_each_story_once_and_at_most_eight_under_the_lead() {
        assert!(Placement::new(Some(1), vec![2, 3]).is_ok());
        assert!(Placement::new(None, (1..=8).collect()).is_ok());
        assert!(Placement::new(None, (1..=9).collect()).unwrap_err().to_string().contains("at most 8"));
        assert!(Placement::new(Some(2), vec![1, 2]).unwrap_err().to_string().contains("Story 2"));
    }

    #[test]
    fn slots_number_the_lead_zero_and_read_back_in_order() {
        let p = Placement::new(Some(7), vec![3, 9]).unwrap();
        assert_eq!(p.slots(), vec![(0, 7), (1, 3), (2, 9)]);
        assert_eq!(Placement::from_slots(&[(2, 9), (0, 7), (1, 3)]), p);
        assert_eq!(Placement::from_slots(&[(1, 4)]), Placement { lead: None, top: vec![4] });
    }

    #[test]
    fn a_banner_needs_text_a_safe_link_and_an_end_in_the_future() {
        let now = 1_000;
        let ok = Banner::new("  Earthquake   in Sylhet ", "/en/news/4/quake", Some(2_000), now).unwrap();
        assert_eq!(ok.text, "Earthquake in Sylhet");
        assert!(ok.is_up(1_999) && !ok.is_up(2_000));
        assert!(Banner::new("x", "", None, now).unwrap().is_up(i64::MAX));
        assert!(Banner::new("   ", "", None, now).is_err());
        assert!(Banner::new(&"ক".repeat(201), "", None, now).unwrap_err().to_string().contains("201"));
        for bad in ["javascript:alert(1)", "//evil.example", "ftp://x", "https://", "/a b", "/\"><script>"] {
            assert!(Banner::new("x", bad, None, now).is_err(), "{bad}");
        }
        assert!(Banner::new("x", "https://bss.gov.bd/news", None, now).is_ok());
        assert!(Banner::new("x", "", Some(now), now).unwrap_err().to_string().contains("passed"));
    }
}
