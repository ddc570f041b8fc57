//! The rules of the site's own pages, without IO: what makes a slug (and which ones the site's
//! routes already use), a title and a body, and where a page lives.

use unicode_normalization::UnicodeNormalization;

use crate::articles::model::{encode_segment, is_bengali};
use crate::editions::Lang;

/// The longest slug, in characters.
pub const MAX_SLUG_CHARS: usize = 80;
/// The longest title, in characters.
pub const MAX_TITLE_CHARS: usize = 200;
/// The longest body, in characters of Markdown.
pub const MAX_BODY_CHARS: usize = 100_000;

/// First path segments under `/{lang}/` that the site's routes use, now or as announced: a page
/// there would never be reached (or would hide the route). The integration suite walks the
/// declared routes and fails when one of their segments is missing here.
pub const RESERVED: &[&str] = &[
    "news",
    "category",
    "topic",
    "authors",
    "trending-views",
    "search",
    "feed.xml",
    "polls",
    "fronts",
    "breaking",
    "photos",
    "videos",
    "archive",
    "pages",
    "newsroom",
    "api",
    "assets",
    "media",
    "comments",
    "sitemap.xml",
];

/// The address of a page under its edition: lowercase ASCII or Bangla letters, digits and
/// hyphens, 1 to 80 characters, not a name the site's routes use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageSlug(String);

impl PageSlug {
    /// Checks a typed slug (NFC, zero-width joiners removed, ASCII lowercased); the error says
    /// what is wrong in words an editor can act on.
    pub fn parse(text: &str) -> Result<Self, String> {
        let clean: String = text
            .trim()
            .chars()
            .filter(|c| !matches!(c, '\u{200C}' | '\u{200D}' | '\u{FEFF}'))
            .nfc()
            .map(|c| c.to_ascii_lowercase())
            .collect();
        let count = clean.chars().count();
        if count == 0 || count > MAX_SLUG_CHARS {
            return Err(format!("The slug needs 1 to {MAX_SLUG_CHARS} characters."));
        }
        if let Some(bad) = clean.chars().find(|c| !(c.is_ascii_alphanumeric() || *c == '-' || is_bengali(*c))) {
            return Err(format!(
                "The slug may hold only letters (English or Bangla), digits and hyphens, not {bad:?}."
            ));
        }
        if clean.starts_with('-') || clean.ends_with('-') || clean.contains("--") {
            return Err("The slug may not start or end with a hyphen, or hold two in a row.".into());
        }
        if RESERVED.contains(&clean.as_str()) {
            return Err(format!(
                "The slug {clean:?} is the address of one of the site's own pages (/{{edition}}/{clean}); choose another."
            ));
        }
        Ok(Self(clean))
    }

    /// The slug text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A slug as it arrives in an address, in the form pages are stored under (NFC), so that a
/// link typed or copied in another normalisation still finds the page.
pub fn lookup_form(slug: &str) -> String {
    slug.nfc().collect()
}

/// Checks a title: 1 to 200 characters, trimmed.
pub fn title(text: &str) -> Result<String, String> {
    let t = crate::articles::model::typed_text(text).trim().to_owned();
    match t.chars().count() {
        1..=MAX_TITLE_CHARS => Ok(t),
        _ => Err(format!("The title needs 1 to {MAX_TITLE_CHARS} characters.")),
    }
}

/// Checks a Markdown body: at most 100,000 characters, line ends as `\n`.
pub fn body(text: &str) -> Result<String, String> {
    let b = crate::articles::model::typed_text(text);
    if b.chars().count() > MAX_BODY_CHARS {
        return Err(format!("The body may hold at most {MAX_BODY_CHARS} characters."));
    }
    Ok(b)
}

/// The public path of a page.
pub fn page_path(lang: Lang, slug: &str) -> String {
    format!("/{}/{}", lang.code(), encode_segment(slug))
}

/// A published page as the footer lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FooterPage {
    pub title: String,
    pub slug: String,
}

/// The footer order an admin typed: (page id, position) pairs become the ids sorted by
/// position, ties kept in the order given. Positions need not be consecutive.
pub fn footer_order(mut typed: Vec<(i64, i64)>) -> Vec<i64> {
    typed.sort_by_key(|&(_, position)| position);
    typed.into_iter().map(|(id, _)| id).collect()
}

/// The first words of a body, for a page's description.
pub fn description(body_md: &str) -> String {
    let text: String = body_md
        .split_whitespace()
        .filter(|w| !w.starts_with('#'))
        .take(30)
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .filter(|c| !matches!(c, '*' | '_' | '`' | '[' | ']'))
        .collect();
    text.chars().take(200).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_and_bangla_slugs_are_accepted_in_one_form() {
        assert_eq!(PageSlug::parse(" Editor-Note ").unwrap().as_str(), "editor-note");
        assert_eq!(PageSlug::parse("about-us-2").unwrap().as_str(), "about-us-2");
        let bangla = PageSlug::parse("সম্পাদকীয়-নীতি").unwrap();
        assert_eq!(bangla.as_str(), "সম্পাদকীয়-নীতি".nfc().collect::<String>());
        // A joiner typed by a Bangla keyboard does not make a second address.
        assert_eq!(PageSlug::parse("সম্পাদকের\u{200C}-কথা").unwrap().as_str(), "সম্পাদকের-কথা");
    }

    #[test]
    fn bad_slugs_are_refused_with_the_reason() {
        assert!(PageSlug::parse("").unwrap_err().contains("1 to 80"));
        assert!(PageSlug::parse(&"a".repeat(81)).unwrap_err().contains("1 to 80"));
        assert!(PageSlug::parse("about us").unwrap_err().contains("' '"));
        assert!(PageSlug::parse("a/b").unwrap_err().contains("'/'"));
        assert!(PageSlug::parse("-about").unwrap_err().contains("hyphen"));
        assert!(PageSlug::parse("a--b").unwrap_err().contains("hyphen"));
        assert!(PageSlug::parse("über").is_err());
    }

    #[test]
    fn slugs_of_the_sites_routes_are_refused() {
        for name in ["news", "Search", "trending-views", "category", "topic", "authors", "polls", "fronts"] {
            let err = PageSlug::parse(name).unwrap_err();
            assert!(err.contains("choose another"), "{name}: {err}");
        }
    }

    #[test]
    fn bangla_paths_are_percent_encoded_and_found_again() {
        let slug = PageSlug::parse("সম্পাদকের-কথা").unwrap();
        let path = page_path(Lang::Bn, slug.as_str());
        assert!(path.starts_with("/bn/%E0%A6"), "{path}");
        assert_eq!(page_path(Lang::En, "editor-note"), "/en/editor-note");
        assert_eq!(lookup_form(slug.as_str()), slug.as_str());
    }

    #[test]
    fn titles_and_bodies_have_bounds() {
        assert_eq!(title("  Editor's note ").unwrap(), "Editor's note");
        assert!(title("   ").is_err());
        assert!(title(&"x".repeat(201)).is_err());
        assert_eq!(body("a\r\nb").unwrap(), "a\nb");
        assert!(body(&"x".repeat(MAX_BODY_CHARS + 1)).is_err());
    }

    #[test]
    fn the_footer_follows_the_typed_numbers() {
        assert_eq!(footer_order(vec![(7, 3), (8, 1), (9, 2)]), [8, 9, 7]);
        assert_eq!(footer_order(vec![(7, 1), (8, 1)]), [7, 8]);
    }
}
