//! The newsroom in both languages. Its words are written in English in the templates and
//! handlers, and looked up here for a person who chose Bangla ([`super::auth::Staff::lang`]):
//! `{{ frame.t("Save") }}` in a template, `tr(staff.lang, "Save")` in Rust. A text with
//! values names them in braces (`"{n} stories"`) and is filled after the lookup with [`fill`],
//! so word order can differ between the languages. An English text missing from the Bangla
//! table shows in English; the integration suite walks every newsroom page in Bangla and fails
//! on any, and the unit tests here check that each translation keeps its text's values.

use crate::editions::{Lang, bangla_digits};

/// The newsroom's text in `lang`.
pub fn tr(lang: Lang, english: &'static str) -> &'static str {
    match lang {
        Lang::En => english,
        Lang::Bn => bangla(english).unwrap_or(english),
    }
}

/// `text` with each `{name}` replaced by its value.
pub fn fill(text: &str, values: &[(&str, &str)]) -> String {
    let mut out = text.to_owned();
    for (name, value) in values {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

/// A number as the language writes it.
pub fn number(lang: Lang, n: i64) -> String {
    match lang {
        Lang::En => n.to_string(),
        Lang::Bn => bangla_digits(&n.to_string()),
    }
}

/// `text`, worded in English by a check the API shares, in `lang`: read back against `texts` (the
/// check's sentences, values in braces), looked up, and filled again with its values, numbers in
/// `lang`'s digits. `None` when it is none of them.
pub fn reword(lang: Lang, text: &str, texts: &[&'static str]) -> Option<String> {
    texts.iter().find_map(|english| {
        let values: Vec<(&str, String)> = read_back(english, text)?
            .into_iter()
            .map(|(name, value)| (name, value.parse().map_or(value, |n| number(lang, n))))
            .collect();
        let values: Vec<(&str, &str)> = values.iter().map(|(name, value)| (*name, value.as_str())).collect();
        Some(fill(tr(lang, english), &values))
    })
}

/// The values of `text` if it is `template` with its `{names}` filled, else `None`.
fn read_back<'t>(template: &'t str, text: &str) -> Option<Vec<(&'t str, String)>> {
    let mut pieces = template.split('{');
    let mut rest = text.strip_prefix(pieces.next()?)?;
    let mut values = Vec::new();
    for piece in pieces {
        let (name, literal) = piece.split_once('}')?;
        let end = if literal.is_empty() { rest.len() } else { rest.find(literal)? };
        values.push((name, rest[..end].to_owned()));
        rest = &rest[end + literal.len()..];
    }
    rest.is_empty().then_some(values)
}

mod credits;
mod desk;
mod editor;
mod frame;
mod people;
mod stories;

/// The Bangla newsroom, English text → Bangla text, one table per part of the newsroom: the
/// frame and the words every screen shares, the stories (list, editor, workflow, revisions), the
/// desk's tools (fronts, polls, the site's pages, media, settings), people (staff, readers,
/// comments, refusals), and credits (bylines, sections, topics, redirects, notifications).
const TABLES: [&[(&str, &str)]; 6] = [frame::BN, stories::BN, desk::BN, people::BN, credits::BN, editor::BN];

/// The story editor script's words in `lang`, as the JSON object (English → `lang`) the page
/// gives it; empty for English.
pub fn editor_strings(lang: Lang) -> crate::html::SafeHtml {
    let words: serde_json::Map<String, serde_json::Value> = match lang {
        Lang::En => serde_json::Map::new(),
        Lang::Bn => editor::SCRIPT.iter().map(|en| ((*en).to_owned(), tr(lang, en).into())).collect(),
    };
    crate::html::script_json(&serde_json::Value::Object(words).to_string())
}

fn bangla(english: &str) -> Option<&'static str> {
    TABLES.iter().flat_map(|t| t.iter()).find(|(en, _)| *en == english).map(|(_, bn)| *bn)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The names in braces of a text.
    fn values(text: &str) -> Vec<&str> {
        let mut names: Vec<&str> =
            text.split('{').skip(1).filter_map(|rest| rest.split_once('}').map(|(name, _)| name)).collect();
        names.sort_unstable();
        names
    }

    #[test]
    fn every_translation_keeps_its_values_and_each_text_is_translated_once() {
        let mut seen = std::collections::HashSet::new();
        for (en, bn) in TABLES.iter().flat_map(|t| t.iter()) {
            assert!(seen.insert(*en), "translated twice: {en:?}");
            assert_eq!(values(en), values(bn), "{en:?} → {bn:?}");
            assert!(!bn.is_empty(), "{en:?}");
        }
    }

    #[test]
    fn every_word_of_the_story_editors_script_has_its_bangla() {
        for en in editor::SCRIPT {
            assert!(bangla(en).is_some(), "no Bangla for the editor's {en:?}");
        }
    }

    #[test]
    fn texts_are_looked_up_and_filled() {
        assert_eq!(tr(Lang::Bn, "Articles"), "প্রতিবেদন");
        assert_eq!(tr(Lang::En, "Articles"), "Articles");
        assert_eq!(tr(Lang::Bn, "A text nobody wrote"), "A text nobody wrote");
        assert_eq!(fill(tr(Lang::Bn, "joined {date}"), &[("date", "৫ ডিসেম্বর")]), "যোগদান ৫ ডিসেম্বর");
        assert_eq!(number(Lang::Bn, 2026), "২০২৬");
    }

    #[test]
    fn a_worded_text_is_read_back_and_reworded_with_its_numbers() {
        assert_eq!(read_back("Top {n}", "Top 3"), Some(vec![("n", "3".to_owned())]));
        assert_eq!(read_back("Top {n}", "Bottom 3"), None);
        assert_eq!(reword(Lang::Bn, "Top 3", &["Lead", "Top {n}"]).as_deref(), Some("শীর্ষ ৩"));
        assert_eq!(reword(Lang::En, "Top 3", &["Top {n}"]).as_deref(), Some("Top 3"));
        assert_eq!(reword(Lang::Bn, "Something else.", &["Top {n}"]), None);
    }
}
