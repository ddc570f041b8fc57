//! Search as pure rules: how text in either language becomes index terms, what a reader's query
//! asks for, and the cursor that continues a result list.

use std::fmt;

use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, Stemmer, TextAnalyzer, Token, TokenStream, Tokenizer,
};
use unicode_normalization::UnicodeNormalization;
use unicode_segmentation::{UnicodeSegmentation, UnicodeWordIndices};

use super::bangla;
use crate::clock::Timestamp;

/// Name under which the analyzer is registered with the index.
pub const ANALYZER: &str = "newsdesk";
/// Words longer than this many characters (not bytes: a Bangla letter is three) are noise such
/// as pasted URLs or base64, and are not indexed.
const MAX_WORD_CHARS: usize = 64;
/// A reader's query is cut to this many characters; the rest is ignored, never an error.
pub const MAX_QUERY_CHARS: usize = 200;
/// At most this many distinct words of a query are searched for.
const MAX_QUERY_TERMS: usize = 12;

/// The text analysis shared by indexing and querying: UAX #29 words, one spelling per Bangla
/// word and its light stem, then lowercase, accents folded ("Café" → "cafe") and the English
/// Snowball stemmer (which leaves Bengali script alone).
pub fn analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(WordTokenizer::default())
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(Stemmer::new(Language::English))
        .build()
}

/// Splits text into words by the Unicode word-boundary rules, which keep Bengali vowel signs
/// and conjuncts inside their word; offsets point into the original text for highlighting.
#[derive(Clone, Default)]
pub struct WordTokenizer {
    token: Token,
}

/// The words of one text.
pub struct WordStream<'a> {
    words: UnicodeWordIndices<'a>,
    /// The part of a word after a colon, still to come.
    rest: Option<(usize, &'a str)>,
    token: &'a mut Token,
}

impl Tokenizer for WordTokenizer {
    type TokenStream<'a> = WordStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> WordStream<'a> {
        self.token.reset();
        WordStream { words: text.unicode_word_indices(), rest: None, token: &mut self.token }
    }
}

impl TokenStream for WordStream<'_> {
    fn advance(&mut self) -> bool {
        loop {
            let Some((offset, word)) = self.rest.take().or_else(|| self.words.next()) else { return false };
            // UAX #29 keeps "a:b" as one word (for Swedish abbreviations); in a search box the
            // colon separates words, so "title:taliban" is two.
            let word = match word.split_once(':') {
                Some((head, tail)) => {
                    self.rest = Some((offset + head.len() + 1, tail));
                    head
                }
                None => word,
            };
            let term = term_of(word);
            if term.is_empty() || term.chars().count() > MAX_WORD_CHARS {
                continue;
            }
            self.token.text = term;
            self.token.offset_from = offset;
            self.token.offset_to = offset + word.len();
            self.token.position = self.token.position.wrapping_add(1);
            return true;
        }
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

/// One word before case folding and English stemming. ASCII words, most of the English
/// edition, are already in their one spelling and skip normalisation.
fn term_of(word: &str) -> String {
    if word.is_ascii() {
        word.to_owned()
    } else if bangla::is_bangla(word) {
        bangla::stem(&bangla::normalize(word))
    } else {
        word.chars().filter(|c| !matches!(c, '\u{200C}' | '\u{200D}' | '\u{FEFF}')).nfc().collect()
    }
}

/// The distinct terms of a reader's query, at most [`MAX_QUERY_TERMS`]. Quotes, operators and
/// symbols are not syntax here: they are simply not words.
pub fn query_terms(text: &str) -> Vec<String> {
    let mut analyzer = analyzer();
    let mut stream = analyzer.token_stream(text);
    let mut terms: Vec<String> = Vec::new();
    while stream.advance() {
        let term = &stream.token().text;
        if !terms.contains(term) {
            terms.push(term.clone());
        }
        if terms.len() == MAX_QUERY_TERMS {
            break;
        }
    }
    terms
}

/// A reader's query text, cut to [`MAX_QUERY_CHARS`] characters and trimmed.
pub fn clean_query(text: &str) -> String {
    let cut: String = text.chars().take(MAX_QUERY_CHARS).filter(|c| !c.is_control()).collect();
    cut.trim().to_owned()
}

/// How results are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    /// Best match first, newer stories lifted a little.
    #[default]
    Relevance,
    /// Newest first.
    Newest,
}

impl Sort {
    /// Parses `sort=`: `relevance` (or nothing) or `newest`.
    pub fn parse(text: Option<&str>) -> Option<Self> {
        match text {
            None | Some("") | Some("relevance") => Some(Self::Relevance),
            Some("newest") => Some(Self::Newest),
            Some(_) => None,
        }
    }

    /// The `sort=` value.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Relevance => "relevance",
            Self::Newest => "newest",
        }
    }
}

/// Where the next page of results starts: strictly after the last hit's sort key. A relevance
/// cursor also carries the moment the first page was ranked at, so that the freshness lift of
/// later pages is computed the same way. Newest-first pages never repeat or skip a story; by
/// relevance that holds while the index is unchanged (a newsroom change between two pages can
/// shift scores a little, as in any search engine).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SearchCursor {
    pub sort: Sort,
    /// The score (relevance) or the publication time (newest) of the last hit.
    pub key: f64,
    pub id: u64,
    /// The ranking moment (relevance only; 0 for newest).
    pub ranked_at: Timestamp,
}

impl SearchCursor {
    /// Parses a cursor this module wrote; `None` for anything else.
    pub fn parse(text: &str) -> Option<Self> {
        let mut parts = text.split('.');
        let (kind, key, id, ranked_at) = (parts.next()?, parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() {
            return None;
        }
        let sort = match kind {
            "r" => Sort::Relevance,
            "n" => Sort::Newest,
            _ => return None,
        };
        let key = f64::from_bits(u64::from_str_radix(key, 16).ok()?);
        let id = id.parse().ok()?;
        let ranked_at = ranked_at.parse().ok()?;
        (key.is_finite() && id > 0 && ranked_at >= 0).then_some(Self { sort, key, id, ranked_at })
    }
}

impl fmt::Display for SearchCursor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.sort {
            Sort::Relevance => "r",
            Sort::Newest => "n",
        };
        write!(f, "{kind}.{:x}.{}.{}", self.key.to_bits(), self.id, self.ranked_at)
    }
}

/// The first moment of a calendar day given as `YYYY-MM-DD`, in the newsroom's time zone.
pub fn start_of_day(text: &str, offset_minutes: i32) -> Option<Timestamp> {
    let day = chrono::NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok()?;
    Some(day.and_hms_opt(0, 0, 0)?.and_utc().timestamp() - i64::from(offset_minutes) * 60)
}

/// Half-life of the freshness boost: a story a week old gets half the lift of today's.
const FRESHNESS_HALF_LIFE: f64 = 7.0 * 86_400.0;
/// The most a brand-new story's relevance is multiplied by (1 + this).
const FRESHNESS_WEIGHT: f64 = 0.5;

/// Relevance (BM25) lifted for newer stories, so that of two equally good matches the recent
/// one comes first, without burying a much better older match.
pub fn boosted(score: f32, published_at: Timestamp, now: Timestamp) -> f64 {
    let age = now.saturating_sub(published_at).max(0) as f64;
    f64::from(score) * (1.0 + FRESHNESS_WEIGHT * (-age / FRESHNESS_HALF_LIFE).exp2())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(text: &str) -> Vec<String> {
        let mut analyzer = analyzer();
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            out.push(stream.token().text.clone());
        }
        out
    }

    #[test]
    fn bangla_words_are_not_split_at_vowel_signs_or_conjuncts() {
        assert_eq!(terms("আফগানিস্তানের তালেবান সরকার").len(), 3);
        assert_eq!(terms("আনুষ্ঠানিকভাবে")[0], "আনুষ্ঠানিকভাব");
    }

    #[test]
    fn inflected_bangla_and_english_meet_their_base() {
        assert_eq!(terms("তালেবানের"), terms("তালেবান"));
        assert_eq!(terms("recognises"), terms("recognise"));
        assert_eq!(terms("Taliban's"), terms("taliban"));
    }

    #[test]
    fn accents_and_case_are_folded() {
        assert_eq!(terms("Café"), terms("cafe"));
        assert_eq!(terms("CAFÉ"), terms("café"));
    }

    #[test]
    fn long_bangla_words_are_kept_but_junk_is_dropped() {
        // 23 characters, 69 bytes: a byte limit of 40 would have dropped it.
        let long = "প্রতিদ্বন্দ্বিতাপূর্ণভাবে";
        assert_eq!(terms(long).len(), 1);
        assert!(terms(&"x".repeat(MAX_WORD_CHARS + 1)).is_empty());
    }

    #[test]
    fn query_syntax_is_only_text() {
        assert_eq!(query_terms("\"taliban\" AND (russia) OR -kabul*"), ["taliban", "and", "russia", "or", "kabul"]);
        assert!(query_terms("\"\" ((( ))) *:* ~^").is_empty());
        assert_eq!(query_terms("taliban Taliban TALIBAN"), ["taliban"]);
        assert_eq!(query_terms("title:taliban"), ["titl", "taliban"]);
    }

    #[test]
    fn queries_are_cut_not_refused() {
        let long = "ক".repeat(MAX_QUERY_CHARS * 3);
        assert_eq!(clean_query(&long).chars().count(), MAX_QUERY_CHARS);
        assert_eq!(clean_query("  hello\u{0}  "), "hello");
    }

    #[test]
    fn cursors_round_trip_and_reject_garbage() {
        let c = SearchCursor { sort: Sort::Relevance, key: 3.25, id: 7, ranked_at: 1_700_000_000 };
        assert_eq!(SearchCursor::parse(&c.to_string()), Some(c));
        for bad in [
            "",
            "r",
            "r.1.2",
            "x.0.1.0",
            "r.zz.1.0",
            "r.0.0.0",
            "r.7ff0000000000000.1.0",
            "n.0.1.0.9",
            "r.0.1.-9223372036854775808",
        ] {
            assert_eq!(SearchCursor::parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn days_start_at_local_midnight() {
        // Dhaka is UTC+6: 1 July starts at 18:00 UTC on 30 June.
        assert_eq!(start_of_day("2025-07-01", 360), Some(1_751_328_000 - 6 * 3600));
        for bad in ["", "2025-13-01", "01/07/2025", "2025-07-01T00:00", "২০২৫-০৭-০১"] {
            assert_eq!(start_of_day(bad, 360), None, "{bad:?}");
        }
    }

    #[test]
    fn freshness_lifts_newer_stories_of_equal_relevance() {
        let now = 1_700_000_000;
        assert!(boosted(2.0, now, now) > boosted(2.0, now - 86_400 * 30, now));
        // A much better old match still wins over a weak fresh one.
        assert!(boosted(6.0, now - 86_400 * 365, now) > boosted(2.0, now, now));
        // Absurd times (a forged cursor) neither panic nor lift anything.
        assert!(boosted(1.0, i64::MAX, i64::MIN).is_finite());
        assert!(boosted(1.0, i64::MIN, i64::MAX).is_finite());
    }
}
