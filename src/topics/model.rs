//! The rules of topics beyond a name and a slug (`sections::model` checks those), without IO:
//! a description, and the text a picker searches with.

use crate::articles::model::typed_text;

/// The longest description, in characters.
pub const MAX_DESCRIPTION_CHARS: usize = 1_000;
/// Most topics a picker gets at once.
pub const MAX_PICKS: i64 = 50;
/// Topics a picker gets when it does not say.
pub const DEFAULT_PICKS: i64 = 20;
/// Topics on one page of the newsroom's list.
pub const PAGE_SIZE: i64 = 50;

/// Checks a description: at most 1,000 characters, trimmed; empty removes it.
pub fn description(text: &str) -> Result<String, String> {
    let clean = typed_text(text).trim().to_owned();
    if clean.chars().count() > MAX_DESCRIPTION_CHARS {
        return Err(format!("The description may hold at most {MAX_DESCRIPTION_CHARS} characters."));
    }
    Ok(clean)
}

/// A `LIKE` pattern that finds `query` anywhere in a name, in lower case, with `%`, `_` and `\`
/// taken as themselves (the query uses `ESCAPE '\'`); `None` when nothing is searched for.
pub fn contains_pattern(query: &str) -> Option<String> {
    let clean = query.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
    if clean.is_empty() {
        return None;
    }
    let mut pattern = String::from("%");
    for c in clean.chars().filter(|c| !c.is_control()).take(100) {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    Some(pattern)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn descriptions_are_trimmed_and_bounded() {
        assert_eq!(description("  About floods.\r\n").unwrap(), "About floods.");
        assert_eq!(description("").unwrap(), "");
        assert!(description(&"x".repeat(MAX_DESCRIPTION_CHARS + 1)).is_err());
    }

    #[test]
    fn a_search_matches_its_text_anywhere_and_wildcards_are_plain() {
        assert_eq!(contains_pattern("  Climate   Fin "), Some("%climate fin%".into()));
        assert_eq!(contains_pattern("50%_off\\"), Some("%50\\%\\_off\\\\%".into()));
        assert_eq!(contains_pattern("ঢাকা"), Some("%ঢাকা%".into()));
        assert_eq!(contains_pattern("   "), None);
    }
}
