//! Bylines without IO: what a byline credits, and the checks on a profile an editor or its
//! owner sends (names in both scripts, titles, bios per edition, social links).

use serde::Serialize;

use crate::articles::model::BylineKind;

/// What a byline credits, as the API and the newsroom name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Credit {
    /// A staff member's own byline, tied to their account.
    Staff,
    /// A contributor without an account.
    Guest,
    /// A desk of the newsroom ("VB Desk").
    Desk,
    /// A wire agency (AFP, BSS).
    Agency,
}

impl Credit {
    /// Parses the API's name.
    pub fn parse(text: &str) -> Option<Self> {
        Some(match text {
            "staff" => Self::Staff,
            "guest" => Self::Guest,
            "desk" => Self::Desk,
            "agency" => Self::Agency,
            _ => return None,
        })
    }

    /// The API's name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Staff => "staff",
            Self::Guest => "guest",
            Self::Desk => "desk",
            Self::Agency => "agency",
        }
    }

    /// What the stored columns say (see migration 0014).
    pub fn of(kind: BylineKind, agency: bool, has_account: bool) -> Self {
        match (kind, agency, has_account) {
            (BylineKind::Desk, true, _) => Self::Agency,
            (BylineKind::Desk, false, _) => Self::Desk,
            (BylineKind::Person, _, true) => Self::Staff,
            (BylineKind::Person, _, false) => Self::Guest,
        }
    }

    /// The stored kind and agency flag.
    pub fn stored(self) -> (BylineKind, bool) {
        match self {
            Self::Agency => (BylineKind::Desk, true),
            Self::Desk => (BylineKind::Desk, false),
            Self::Staff | Self::Guest => (BylineKind::Person, false),
        }
    }

    /// Whether this credit names an organisation rather than a person (desks and agencies
    /// credit a story on their own, and a reporter may use them).
    pub fn is_organisation(self) -> bool {
        matches!(self, Self::Desk | Self::Agency)
    }
}

/// Longest name or title, in characters.
pub const MAX_NAME: usize = 120;
/// Longest bio per edition, in characters.
pub const MAX_BIO: usize = 1500;
/// Most social and web links.
pub const MAX_LINKS: usize = 8;

/// A profile as checked: trimmed, within limits, links that are web addresses.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Profile {
    pub name: String,
    pub name_bn: String,
    pub title: String,
    pub title_bn: String,
    pub bio: String,
    pub bio_bn: String,
    /// One address per line.
    pub links: String,
}

/// A profile's fields as sent, each optional (a missing field keeps the stored one).
#[derive(Debug, Clone, Default)]
pub struct ProfileChange<'a> {
    pub name: Option<&'a str>,
    pub name_bn: Option<&'a str>,
    pub title: Option<&'a str>,
    pub title_bn: Option<&'a str>,
    pub bio: Option<&'a str>,
    pub bio_bn: Option<&'a str>,
    pub links: Option<&'a str>,
}

impl Profile {
    /// The profile after `change`, or the first thing wrong with it, in words a person can act on.
    pub fn changed(&self, change: &ProfileChange<'_>) -> Result<Self, String> {
        let pick = |new: Option<&str>, old: &str| new.unwrap_or(old).to_owned();
        let name = line("name", &pick(change.name, &self.name), MAX_NAME)?;
        if name.is_empty() {
            return Err("The name is empty: give the name as readers should see it.".into());
        }
        let name_bn = line("Bangla name", &pick(change.name_bn, &self.name_bn), MAX_NAME)?;
        Ok(Self {
            name_bn: if name_bn.is_empty() { name.clone() } else { name_bn },
            name,
            title: line("title", &pick(change.title, &self.title), MAX_NAME)?,
            title_bn: line("Bangla title", &pick(change.title_bn, &self.title_bn), MAX_NAME)?,
            bio: text("English bio", &pick(change.bio, &self.bio), MAX_BIO)?,
            bio_bn: text("Bangla bio", &pick(change.bio_bn, &self.bio_bn), MAX_BIO)?,
            links: links(&pick(change.links, &self.links))?,
        })
    }
}

/// One line of text: control characters and line breaks go, at most `max` characters.
fn line(field: &str, value: &str, max: usize) -> Result<String, String> {
    let text: String = value.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match text.chars().count() {
        n if n > max => Err(format!("The {field} may have at most {max} characters; it has {n}.")),
        _ => Ok(text),
    }
}

/// Text of paragraphs: line breaks stay, other control characters go.
fn text(field: &str, value: &str, max: usize) -> Result<String, String> {
    let text: String = value.replace("\r\n", "\n").chars().filter(|c| *c == '\n' || !c.is_control()).collect();
    let text = text.trim().to_owned();
    match text.chars().count() {
        n if n > max => Err(format!("The {field} may have at most {max} characters; it has {n}.")),
        _ => Ok(text),
    }
}

/// Web addresses, one per line (blank lines dropped): each http(s), with a host, no spaces.
pub fn links(value: &str) -> Result<String, String> {
    let lines: Vec<&str> = value.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    if lines.len() > MAX_LINKS {
        return Err(format!("Give at most {MAX_LINKS} links; there are {}.", lines.len()));
    }
    for link in &lines {
        let rest = link.strip_prefix("https://").or_else(|| link.strip_prefix("http://"));
        let host = rest.map(|r| r.split(['/', '?', '#']).next().unwrap_or(""));
        let fine = host.is_some_and(|h| h.contains('.') && !h.starts_with('.'))
            && link.len() <= 300
            && !link.chars().any(|c| c.is_whitespace() || c.is_control() || matches!(c, '"' | '<' | '>'));
        if !fine {
            return Err(format!(
                "{link:?} is not a web address: each link is one address such as https://x.com/name, on its own line."
            ));
        }
    }
    Ok(lines.join("\n"))
}

/// The name to show for a link: the service for the ones readers know, else the host.
pub fn link_label(link: &str) -> String {
    let host = link.split("://").nth(1).unwrap_or(link).split(['/', '?', '#']).next().unwrap_or("");
    let host = host.strip_prefix("www.").unwrap_or(host).to_ascii_lowercase();
    let known = [
        ("facebook.com", "Facebook"),
        ("x.com", "X"),
        ("twitter.com", "X"),
        ("linkedin.com", "LinkedIn"),
        ("instagram.com", "Instagram"),
        ("youtube.com", "YouTube"),
        ("threads.net", "Threads"),
        ("bsky.app", "Bluesky"),
    ];
    known
        .iter()
        .find(|(domain, _)| host == *domain || host.ends_with(&format!(".{domain}")))
        .map_or(host.clone(), |(_, name)| (*name).to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credits_round_trip_through_the_stored_columns() {
        for credit in [Credit::Staff, Credit::Guest, Credit::Desk, Credit::Agency] {
            let (kind, agency) = credit.stored();
            assert_eq!(Credit::of(kind, agency, credit == Credit::Staff), credit);
            assert_eq!(Credit::parse(credit.as_str()), Some(credit));
        }
    }

    #[test]
    fn a_profile_is_trimmed_and_its_bangla_name_defaults_to_the_name() {
        let change = ProfileChange {
            name: Some("  Karim   Rahman "),
            title: Some("Staff\tCorrespondent"),
            bio_bn: Some("প্রথম লাইন\r\nদ্বিতীয়"),
            links: Some("\nhttps://x.com/karim\n\n https://www.facebook.com/karim \n"),
            ..Default::default()
        };
        let p = Profile::default().changed(&change).unwrap();
        assert_eq!(p.name, "Karim Rahman");
        assert_eq!(p.name_bn, "Karim Rahman");
        assert_eq!(p.title, "Staff Correspondent");
        assert_eq!(p.bio_bn, "প্রথম লাইন\nদ্বিতীয়");
        assert_eq!(p.links, "https://x.com/karim\nhttps://www.facebook.com/karim");
    }

    #[test]
    fn bad_profiles_are_refused_with_the_reason() {
        let empty = ProfileChange { name: Some("  "), ..Default::default() };
        assert!(Profile::default().changed(&empty).unwrap_err().contains("name is empty"));
        let long = "ক".repeat(MAX_NAME + 1);
        let too_long = ProfileChange { name: Some(&long), ..Default::default() };
        assert!(Profile::default().changed(&too_long).unwrap_err().contains("at most 120"));
        for bad in ["javascript:alert(1)", "x.com/karim", "https://", "https://a b.com", "https://x.com/\"><script>"] {
            assert!(links(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn links_are_labelled_by_their_service() {
        assert_eq!(link_label("https://www.facebook.com/karim"), "Facebook");
        assert_eq!(link_label("https://x.com/karim"), "X");
        assert_eq!(link_label("https://bd.linkedin.com/in/karim"), "LinkedIn");
        assert_eq!(link_label("https://karim.example.org/about"), "karim.example.org");
    }
}
