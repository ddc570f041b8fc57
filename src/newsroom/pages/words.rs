//! The stories' stored codes and refusals as the newsroom shows them: an action of a revision
//! ("publish") or an edition code ("bn") as a word, and a refusal of the shared checks (written
//! in English for the API) in the staff member's language.

use crate::editions::Lang;
use crate::newsroom::i18n::{fill, number, tr};

/// What a revision or a step did, as the newsroom's English has always shown it (the stored
/// code), and the word a Bangla reader sees for it.
const ACTIONS: [(&str, &str); 9] = [
    ("create", "created"),
    ("edit", "edited"),
    ("restore", "restored"),
    ("submit", "submitted"),
    ("publish", "published"),
    ("schedule", "scheduled"),
    ("unpublish", "unpublished"),
    ("correct", "corrected"),
    ("return", "returned"),
];

/// A stored action code (`publish`) as this person reads it: the code itself in English.
pub fn action_word(lang: Lang, code: &str) -> String {
    match (lang, ACTIONS.iter().find(|(c, _)| *c == code)) {
        (Lang::Bn, Some((_, word))) => tr(lang, word).to_owned(),
        _ => code.to_owned(),
    }
}

/// An edition's code (`en`) as this person reads it: the code in English, its name in Bangla.
pub fn edition_word(lang: Lang, edition: Lang) -> String {
    match lang {
        Lang::En => edition.code().to_owned(),
        Lang::Bn => tr(lang, edition_name(edition)).to_owned(),
    }
}

/// The English name of an edition, as the frame's table knows it.
pub fn edition_name(edition: Lang) -> &'static str {
    match edition {
        Lang::En => "English",
        Lang::Bn => "Bangla",
    }
}

/// The refusals the editor can show, in the English the checks write them; values in braces.
const REFUSALS: &[&str] = &[
    "This article changed since you opened it: you have version {mine}, it is now at version {now} (last saved by {by}). Reload it, and apply your change again.",
    "The article changed while this step ran; reload and try again.",
    "An article that is {status} cannot be submitted for review (only drafts can).",
    "An article that is {status} cannot be published again.",
    "An article that is {status} cannot be scheduled.",
    "An article that is {status} cannot be unpublished (it is not public).",
    "An article that is {status} cannot be corrected (only published articles carry corrections).",
    "An article that is {status} cannot be returned to its reporter (only stories in review can).",
    "The headline is empty.",
    "A headline may have at most {max} characters; this one has {n}.",
    "The {field} may have at most {max} characters; it has {n}.",
    "Choose a section.",
    "There is no section {section} in the {edition} edition.",
    "Give a byline: a desk or at least one reporter.",
    "There is no desk or reporter {slug}.",
    "{name} is retired: the byline stays on earlier stories and is not credited on new ones.",
    "There is no topic {topic} in the {edition} edition.",
    "There is no image {id} in the media library.",
    "There is no article {id} to link as the translation.",
    "A translation must be in the other edition.",
    "An article cannot move to the other edition; create its translation instead.",
    "Give the edition: lang must be en or bn.",
    "Say what the reporter should change: the note is required to return a story.",
    "Give the correction as `note`.",
    "Give the time to publish as `at`, e.g. 2026-12-01T08:00:00+06:00.",
    "A scheduled time must be in the future.",
    "{at} is not a date and time.",
    "The note is empty: write something for the desk.",
];

/// The fields a length refusal names.
const FIELDS: [&str; 6] = ["standfirst", "body", "SEO title", "SEO description", "note", "correction note"];

/// A refusal shown on a page, in this person's language; one the table does not know stays as
/// it is.
pub fn refusal_text(lang: Lang, message: &str) -> String {
    if lang == Lang::En {
        return message.to_owned();
    }
    for text in REFUSALS {
        if let Some(values) = unfill(text, message) {
            let shown: Vec<(&str, String)> =
                values.into_iter().map(|(name, value)| (name, value_word(lang, name, value))).collect();
            let pairs: Vec<(&str, &str)> = shown.iter().map(|(n, v)| (*n, v.as_str())).collect();
            return fill(tr(lang, text), &pairs);
        }
    }
    message.to_owned()
}

/// A value of a refusal as words: statuses, editions and fields translated, numbers in the
/// language's digits.
fn value_word(lang: Lang, name: &str, value: &str) -> String {
    match name {
        "status" => {
            crate::newsroom::model::Status::parse(value).map_or(value.to_owned(), |s| tr(lang, s.as_str()).to_owned())
        }
        "edition" => Lang::parse(value).map_or(value.to_owned(), |e| tr(lang, edition_name(e)).to_owned()),
        "field" => FIELDS.iter().find(|f| **f == value).map_or(value.to_owned(), |f| tr(lang, f).to_owned()),
        _ => value.parse::<i64>().map_or_else(|_| value.to_owned(), |n| number(lang, n)),
    }
}

/// The values of `text` if `filled` is `text` with its `{name}`s filled in.
fn unfill<'a>(text: &'a str, filled: &'a str) -> Option<Vec<(&'a str, &'a str)>> {
    let mut pieces = text.split('{');
    let first = pieces.next()?;
    let mut rest = filled.strip_prefix(first)?;
    let mut values = Vec::new();
    for piece in pieces {
        let (name, literal) = piece.split_once('}')?;
        let end = if literal.is_empty() { rest.len() } else { rest.find(literal)? };
        values.push((name, &rest[..end]));
        rest = &rest[end + literal.len()..];
    }
    rest.is_empty().then_some(values)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_filled_text_gives_back_its_values() {
        assert_eq!(unfill("v{n} by {who}.", "v3 by Rumana."), Some(vec![("n", "3"), ("who", "Rumana")]));
        assert_eq!(unfill("Choose a section.", "Choose a section."), Some(vec![]));
        assert_eq!(unfill("v{n} by {who}.", "Something else"), None);
    }

    #[test]
    fn every_refusal_the_editor_shows_has_bangla() {
        for text in REFUSALS.iter().chain(FIELDS.iter()).chain(ACTIONS.iter().map(|(_, w)| w)) {
            assert_ne!(tr(Lang::Bn, text), *text, "no Bangla for {text:?}");
        }
    }

    #[test]
    fn refusals_are_shown_in_bangla_with_their_values_in_bangla() {
        let conflict = "This article changed since you opened it: you have version 2, it is now at version 3 \
                        (last saved by রুমা). Reload it, and apply your change again.";
        let shown = refusal_text(Lang::Bn, conflict);
        assert!(shown.contains('৩') && shown.contains("রুমা") && !shown.contains("Reload"), "{shown}");
        assert_eq!(refusal_text(Lang::En, conflict), conflict);
        assert!(!refusal_text(Lang::Bn, "An article that is draft cannot be published again.").contains("draft"));
    }
}
