//! Bangla words as search terms: one spelling for the ways a word can be typed, and a light
//! stemmer so that an inflected form finds its base ("তালেবানের" finds "তালেবান").
//!
//! The stemmer follows the light-stemming approach described for Indian languages by
//! Ramanathan and Rao ("A Lightweight Stemmer for Hindi", 2003) and the rule-based Bengali
//! stemmer of Mahmud et al. (ICACCI 2014): no dictionary, only the longest matching
//! inflectional suffix is removed — plural markers, classifiers, case endings and the
//! emphatic particle — as long as a stem of at least two letters remains. Bangla stacks these
//! endings ("বইগুলোর" = বই + গুলো + র), so stripping repeats up to three times. Because the same
//! function runs over both the archive and the reader's query, a word and its inflected forms
//! meet at one term even where the stem is not a dictionary word.

use unicode_normalization::UnicodeNormalization;

/// Endings removed from a word, longest first (all in NFC). Endings that begin with a vowel
/// sign or a bare র attach only to particular letters; see [`attaches`].
const SUFFIXES: &[&str] = &[
    // Plural markers with a case ending.
    "গুলোকে",
    "গুলোতে",
    "গুলিকে",
    "গুলিতে",
    "দেরকে",
    "গুলোর",
    "গুলির",
    // Classifiers with a case ending.
    "টিকে",
    "টিতে",
    "টাকে",
    "টাতে",
    "গুলো",
    "গুলি",
    "দের",
    "টির",
    "টার",
    "েরা",
    // Case endings: accusative/dative, locative, genitive.
    "কে",
    "তে",
    "ের",
    "এর",
    "রা",
    "টি",
    "টা",
    "\u{09AF}\u{09BC}", // য়
    "র",
    "ে",
    // The emphatic particle "also" (আমরাও).
    "ও",
];

/// The virama, which joins consonants into a conjunct: a stem may not end in one.
const VIRAMA: char = '\u{09CD}';

/// Dependent vowel signs: the genitive র and the locative য় follow a vowel.
fn is_vowel_sign(c: char) -> bool {
    matches!(c, '\u{09BE}'..='\u{09C4}' | '\u{09C7}' | '\u{09C8}' | '\u{09CB}' | '\u{09CC}' | '\u{09D7}')
}

/// Bengali consonants (ক–হ, ড়, ঢ়, য়, ৎ).
fn is_consonant(c: char) -> bool {
    matches!(c, '\u{0995}'..='\u{09B9}' | '\u{09DC}' | '\u{09DD}' | '\u{09DF}' | '\u{09CE}')
}

/// Whether `suffix` may be removed after `before`, the last letter of the stem. Endings that
/// start with a vowel sign (ের, েরা, ে) follow a consonant; র, য় and তে (ঢাকাতে) follow a
/// vowel — after a consonant, "তে" is a stem's ত with the locative ে (হাতে = হাত + ে).
fn attaches(suffix: &str, before: char) -> bool {
    match suffix {
        "ের" | "েরা" | "ে" => is_consonant(before) || before == '\u{09BC}',
        "র" | "\u{09AF}\u{09BC}" | "তে" => is_vowel_sign(before),
        _ => before != VIRAMA,
    }
}

/// Letters that carry a syllable: consonants and independent vowels, not the signs written
/// around them. "কো" is one letter, so কোটি and কোটা are never cut down to it.
fn letters(stem: &str) -> usize {
    stem.chars().filter(|c| is_consonant(*c) || ('\u{0985}'..='\u{0994}').contains(c)).count()
}

/// Whether a word is written (at least partly) in Bengali script.
pub fn is_bangla(word: &str) -> bool {
    word.chars().any(|c| ('\u{0980}'..='\u{09FF}').contains(&c))
}

/// One spelling for a Bangla word: the khanda ta written with a joiner becomes ৎ, zero-width
/// joiners go, the text is NFC, and Bangla digits become ASCII digits (so "২০২৫" finds "2025").
pub fn normalize(word: &str) -> String {
    let word = word.replace("ত\u{09CD}\u{200D}", "ৎ");
    word.chars()
        .filter(|c| !matches!(c, '\u{200C}' | '\u{200D}'))
        .nfc()
        .map(|c| match c {
            '০'..='৯' => char::from(b'0' + (c as u32 - '০' as u32) as u8),
            _ => c,
        })
        .collect()
}

/// The stem of a normalised Bangla word.
pub fn stem(word: &str) -> String {
    let mut stem = word.to_owned();
    for _ in 0..3 {
        match strip_once(&stem) {
            Some(shorter) => stem = shorter,
            None => break,
        }
    }
    stem
}

fn strip_once(word: &str) -> Option<String> {
    SUFFIXES.iter().find_map(|suffix| {
        let rest = word.strip_suffix(suffix)?;
        let before = rest.chars().next_back()?;
        (letters(rest) >= 2 && attaches(suffix, before)).then(|| rest.to_owned())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stemmed(word: &str) -> String {
        stem(&normalize(word))
    }

    #[test]
    fn suffixes_are_written_in_nfc() {
        for suffix in SUFFIXES {
            assert_eq!(suffix.nfc().collect::<String>(), *suffix);
        }
    }

    #[test]
    fn inflected_forms_meet_their_base_word() {
        let pairs = [
            ("তালেবানের", "তালেবান"),         // genitive after a consonant
            ("আফগানিস্তানের", "আফগানিস্তান"),   // a long word with a conjunct
            ("রাশিয়ার", "রাশিয়া"),            // genitive র after a vowel sign
            ("ঢাকায়", "ঢাকা"),                // locative য়
            ("ঢাকাতে", "ঢাকা"),               // locative তে
            ("সরকারের", "সরকার"),           // a base that itself ends in র
            ("নির্বাচনে", "নির্বাচন"),        // locative ে
            ("শিক্ষার্থীরা", "শিক্ষার্থী"),      // plural রা
            ("শিক্ষার্থীদের", "শিক্ষার্থী"),    // plural genitive দের
            ("বইগুলোর", "বই"),             // plural + genitive
            ("বইটি", "বই"),               // classifier
            ("প্রধানমন্ত্রীকে", "প্রধানমন্ত্রী"), // dative
            ("মানুষেরা", "মানুষ"),             // plural েরা
            ("আমরাও", "আমরা"),              // emphatic ও
        ];
        for (inflected, base) in pairs {
            assert_eq!(stemmed(inflected), stemmed(base), "{inflected} should meet {base}");
        }
    }

    #[test]
    fn different_words_stay_apart() {
        let pairs = [
            ("তালেবান", "তালিকা"),
            ("ঢাকা", "ঢাল"),
            ("রাশিয়া", "রাজশাহী"),
            ("বই", "বাই"),
            ("কোটি", "কোটা"),  // crore, quota
            ("মাটি", "মা"),     // soil, mother
            ("মেয়ে", "মে"),   // girl, May
            ("তারা", "তার"),     // they, his
            ("দিকে", "দিতে"), // towards, to give
            ("কারখানা", "কার"),
        ];
        for (a, b) in pairs {
            assert_ne!(stemmed(a), stemmed(b), "{a} and {b}");
        }
    }

    #[test]
    fn short_words_are_left_whole() {
        assert_eq!(stemmed("কে"), "কে");
        assert_eq!(stemmed("তে"), "তে");
        assert_eq!(stemmed("এর"), "এর");
    }

    #[test]
    fn a_stem_never_ends_in_a_virama() {
        // "বক্তা" must not lose "তা"… and no ending may leave "ক্" dangling.
        for word in ["রক্তে", "ভক্তরা", "শক্তির"] {
            assert!(!stemmed(word).ends_with(VIRAMA), "{word} -> {}", stemmed(word));
        }
    }

    #[test]
    fn joiners_and_decomposed_letters_are_one_spelling() {
        // য় typed as য + nukta, a ZWNJ inside a word, khanda ta typed with a joiner.
        assert_eq!(normalize("সম\u{09DF}"), normalize("সম\u{09AF}\u{09BC}"));
        assert_eq!(normalize("র\u{200C}্যাব"), normalize("র্যাব"));
        assert_eq!(normalize("উত\u{09CD}\u{200D}সব"), "উৎসব");
        assert_eq!(normalize("২০২৫"), "2025");
    }
}
