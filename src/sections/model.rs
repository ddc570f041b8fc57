//! The rules of sections and topics as editors type them, without IO: a name, and the slug
//! that makes the address (`/{lang}/category/{slug}`, `/{lang}/topic/{slug}`).

use unicode_normalization::UnicodeNormalization;

use crate::articles::model::{Slug, is_bengali, typed_text};

/// The longest name, in characters.
pub const MAX_NAME_CHARS: usize = 80;
/// The longest slug, in characters.
pub const MAX_SLUG_CHARS: usize = 80;

/// Checks a name: 1 to 80 characters once trimmed, on one line.
pub fn name(text: &str) -> Result<String, String> {
    let clean = typed_text(text).split_whitespace().collect::<Vec<_>>().join(" ");
    match clean.chars().count() {
        0 => Err("Give a name: it may not be empty.".into()),
        1..=MAX_NAME_CHARS => Ok(clean),
        _ => Err(format!("The name may hold at most {MAX_NAME_CHARS} characters.")),
    }
}

/// Checks a typed slug (NFC, zero-width joiners removed, ASCII lowercased): letters (English or
/// Bangla), digits and single hyphens, 1 to 80 characters.
pub fn slug(text: &str) -> Result<String, String> {
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
        return Err(format!("The slug may hold only letters (English or Bangla), digits and hyphens, not {bad:?}."));
    }
    if clean.starts_with('-') || clean.ends_with('-') || clean.contains("--") {
        return Err("The slug may not start or end with a hyphen, or hold two in a row.".into());
    }
    Ok(clean)
}

/// The slug a new section or topic gets: the one typed, else one made from its name.
pub fn slug_or_from_name(typed: Option<&str>, name: &str) -> Result<String, String> {
    match typed.map(str::trim).filter(|s| !s.is_empty()) {
        Some(typed) => slug(typed),
        None => slug(Slug::from_title(name).as_str())
            .map_err(|_| format!("No address can be made from the name “{name}”: give a slug.")),
    }
}

/// Where `item` should go to land at `position` (1 is first; beyond the end is last) among
/// `order`; the new order.
pub fn moved(order: &[i64], item: i64, position: i64) -> Vec<i64> {
    let mut rest: Vec<i64> = order.iter().copied().filter(|id| *id != item).collect();
    let at = usize::try_from(position.saturating_sub(1)).unwrap_or(0).min(rest.len());
    rest.insert(at, item);
    rest
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_trimmed_and_bounded() {
        assert_eq!(name("  World \n News ").unwrap(), "World News");
        assert!(name("   ").is_err());
        assert!(name(&"x".repeat(MAX_NAME_CHARS + 1)).is_err());
        assert_eq!(name("খেলাধুলা").unwrap(), "খেলাধুলা");
    }

    #[test]
    fn slugs_are_letters_digits_and_hyphens() {
        assert_eq!(slug(" World-News ").unwrap(), "world-news");
        assert_eq!(slug("পদ্মা-সেতু").unwrap(), "পদ্মা-সেতু");
        assert!(slug("a b").is_err());
        assert!(slug("-a").is_err());
        assert!(slug("a--b").is_err());
        assert!(slug("").is_err());
        assert!(slug("a/b").is_err());
    }

    #[test]
    fn a_slug_is_made_from_the_name_when_none_is_typed() {
        assert_eq!(slug_or_from_name(None, "Climate Finance").unwrap(), "climate-finance");
        assert_eq!(slug_or_from_name(Some(" "), "Padma Bridge").unwrap(), "padma-bridge");
        assert_eq!(slug_or_from_name(Some("given"), "Padma Bridge").unwrap(), "given");
        assert_eq!(slug_or_from_name(None, "পদ্মা সেতু").unwrap(), "পদ্মা-সেতু");
    }

    #[test]
    fn a_move_puts_the_item_at_its_position() {
        assert_eq!(moved(&[1, 2, 3, 4], 4, 1), [4, 1, 2, 3]);
        assert_eq!(moved(&[1, 2, 3, 4], 1, 3), [2, 3, 1, 4]);
        assert_eq!(moved(&[1, 2, 3, 4], 2, 99), [1, 3, 4, 2]);
        assert_eq!(moved(&[1, 2, 3, 4], 3, 0), [3, 1, 2, 4]);
        assert_eq!(moved(&[1, 2, 3], 3, -5), [3, 1, 2]);
    }
}
