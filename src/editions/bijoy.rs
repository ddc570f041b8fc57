//! Bijoy (`SutonnyMJ` and the other "MJ" ANSI fonts) to Unicode Bangla.
//!
//! Bangladeshi newsrooms still type in Bijoy: the text is stored as Latin-1/Windows-1252
//! characters that a Bijoy font draws as Bangla glyphs, so pasted into a Unicode field it reads
//! as gibberish (`Avwg evsjvq Mvb MvB` is "আমি বাংলায় গান গাই"). [`to_unicode`] turns such text
//! into Unicode Bangla in logical order, in NFC (ড়, ঢ়, য় as letter + nukta, ো and ৌ composed), so
//! it slugs and indexes like text typed in Unicode.
//!
//! # The table
//!
//! The character map is the one of the open-source "Bijoy to Unicode converter" PHP script by
//! Habib Ullah Bahar (`bahar/BijoyToUnicode`, `bijoy2unicode.php`, AGPL-3.0), which credits the
//! original JavaScript mapping to Abdullah Ibne Alam (Shohag); the same table is used by the
//! Python port `Mad-FOX/bijoy2unicode`. Where that table disagrees with real `SutonnyMJ` news copy,
//! the reading of the Unicode→Bijoy tables shipped in `Mad-FOX/bijoy2unicode` and
//! `shahad-mahmud/unicode_converter` (and the news paragraphs in the latter's test file) is
//! followed instead; each such entry is marked "corrected" in `TABLE`:
//!
//! - `Í` is the subscript ত of স্ত (`¯Í`) and ন্ত (`šÍ`), not ত্ম;
//! - `ø` is the subscript ল of প্ল, ল্ল, শ্ল (`cø`, `jø`), not স্ন;
//! - `æ` is the ু written under র (`iæ` = রু), not ম্ন;
//! - `²` is ক্ষ্ম (সূক্ষ্ম), not ক্ষ্ণ;
//! - `ÿ` (ক্ষ, as `¶`) is missing from the original table and added;
//! - `Ò Ó Ô Õ` are the curly quotes “ ” ‘ ’ the font draws, not straight ones.
//!
//! # The steps
//!
//! 1. Windows-1252 bytes that arrived decoded as Latin-1 (C1 controls U+0080–U+009F) are read as
//!    the Windows-1252 characters they stand for (U+0087 is `‡`).
//! 2. The text is cut into glyphs by greedy longest match against the table (`Av` before `A`,
//!    the typing-mistake fixes `yy`, `vv`, `„„`, `y&`, `„&` before single characters), giving
//!    Unicode text, a pre-base vowel sign (ি ে ৈ, typed before its consonant) or the reph `©`
//!    (typed after the cluster it sits on).
//! 3. The glyphs are put in logical order in one pass: a pre-base vowel sign waits until the
//!    consonant cluster after it (consonant, then hasanta + consonant as often as they come:
//!    `‡¯Œ`, `w¯’`) is complete, then follows it, and ে + cluster + া/ৗ becomes ো/ৌ; the reph
//!    becomes র + hasanta before the cluster it follows; chandrabindu goes after a vowel sign
//!    typed after it. Jo-phola (`¨`), ro-phola (`ª « Ö`) and the other subscript glyphs are a
//!    hasanta + consonant and so join the cluster; two hasantas in a row (`¤ú` = ম্ + ্প) are one.
//! 4. Mistakes the reordering leaves are normalised: a vowel sign or chandrabindu before a
//!    hasanta + consonant moves after that consonant (`Kv¨` is ক্যা); ঃ typed for a colon after a
//!    digit, a space or at the start becomes `:` (`10t30` is ১০:৩০).
//!
//! # What it does not do
//!
//! Bijoy *is* ASCII: every ASCII letter is a Bangla glyph, so an English word in the input is
//! converted too ("Dhaka" comes out as Bangla gibberish). The function expects the runs the editor
//! knows were typed in a Bijoy font. ASCII digits become Bangla digits; spaces, line breaks and
//! the ASCII punctuation outside the table stay as they are (`|` is the dari ।, `&` the hasanta,
//! `^` ্ব, `` ` `` দ, `_` থ, `~` ূ; a backslash is dropped, as the published pre-conversion map
//! does). Any other character, already-Unicode Bangla among them, passes through unchanged and
//! ends the cluster before it. Whitespace is not collapsed and no space is removed before `,` or
//! `|`, unlike the PHP script. `Ð` and `Ñ` become a hyphen-minus, as in the published table.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::LazyLock;

/// What a run of Bijoy characters stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Glyph {
    /// Unicode text in logical order (a letter, a conjunct, a subscript: "্র").
    Text(&'static str),
    /// ি, ে or ৈ: typed and drawn before the consonant cluster it follows in Unicode.
    PreBase(char),
    /// র + hasanta drawn above: typed after the cluster it precedes in Unicode.
    Reph,
    /// Nothing (Bijoy's separator `\`).
    Drop,
}

use Glyph::{Drop, PreBase, Reph, Text};

const HASANTA: char = '\u{09CD}';
const NUKTA: char = '\u{09BC}';
const CANDRABINDU: char = '\u{0981}';
const VISARGA: char = '\u{0983}';
const E_KAR: char = '\u{09C7}';
const AA_KAR: char = '\u{09BE}';
const AU_LENGTH: char = '\u{09D7}';

/// The Bijoy (`SutonnyMJ`) map, after `bahar/BijoyToUnicode` (see the module documentation).
/// Keys of more than one character are found before the single characters they start with.
const TABLE: &[(&str, Glyph)] = &[
    // Typing mistakes the published pre-conversion map repairs.
    ("yy", Text("ু")),
    ("vv", Text("া")),
    ("„„", Text("ৃ")),
    ("y&", Text("ু")),
    ("„&", Text("ৃ")),
    // Vowels.
    ("Av", Text("আ")),
    ("A", Text("অ")),
    ("B", Text("ই")),
    ("C", Text("ঈ")),
    ("D", Text("উ")),
    ("E", Text("ঊ")),
    ("F", Text("ঋ")),
    ("G", Text("এ")),
    ("H", Text("ঐ")),
    ("I", Text("ও")),
    ("J", Text("ঔ")),
    // Consonants and signs.
    ("K", Text("ক")),
    ("L", Text("খ")),
    ("M", Text("গ")),
    ("N", Text("ঘ")),
    ("O", Text("ঙ")),
    ("P", Text("চ")),
    ("Q", Text("ছ")),
    ("R", Text("জ")),
    ("S", Text("ঝ")),
    ("T", Text("ঞ")),
    ("U", Text("ট")),
    ("V", Text("ঠ")),
    ("W", Text("ড")),
    ("X", Text("ঢ")),
    ("Y", Text("ণ")),
    ("Z", Text("ত")),
    ("_", Text("থ")),
    ("`", Text("দ")),
    ("a", Text("ধ")),
    ("b", Text("ন")),
    ("c", Text("প")),
    ("d", Text("ফ")),
    ("e", Text("ব")),
    ("f", Text("ভ")),
    ("g", Text("ম")),
    ("h", Text("য")),
    ("i", Text("র")),
    ("j", Text("ল")),
    ("k", Text("শ")),
    ("l", Text("ষ")),
    ("m", Text("স")),
    ("n", Text("হ")),
    ("o", Text("\u{09A1}\u{09BC}")), // ড় (NFC: ড + nukta)
    ("p", Text("\u{09A2}\u{09BC}")), // ঢ়
    ("q", Text("\u{09AF}\u{09BC}")), // য়
    ("r", Text("ৎ")),
    ("s", Text("ং")),
    ("t", Text("ঃ")),
    ("u", Text("ঁ")),
    // Digits.
    ("0", Text("০")),
    ("1", Text("১")),
    ("2", Text("২")),
    ("3", Text("৩")),
    ("4", Text("৪")),
    ("5", Text("৫")),
    ("6", Text("৬")),
    ("7", Text("৭")),
    ("8", Text("৮")),
    ("9", Text("৯")),
    // Vowel signs, the dari, the hasanta.
    ("•", Text("ঙ্")),
    ("v", Text("া")),
    ("w", PreBase('ি')),
    ("x", Text("ী")),
    ("y", Text("ু")),
    ("z", Text("ু")),
    ("“", Text("ু")),
    ("–", Text("ু")),
    ("~", Text("ূ")),
    ("ƒ", Text("ূ")),
    ("‚", Text("ূ")),
    ("„", Text("ৃ")),
    ("…", Text("ৃ")),
    ("†", PreBase('ে')),
    ("‡", PreBase('ে')),
    ("ˆ", PreBase('ৈ')),
    ("‰", PreBase('ৈ')),
    ("Š", Text("ৗ")),
    ("|", Text("।")),
    ("&", Text("্")),
    ("\\", Drop),
    // Conjuncts, half forms and subscripts.
    ("^", Text("্ব")),
    ("‘", Text("্তু")),
    ("’", Text("্থ")),
    ("‹", Text("্ক")),
    ("Œ", Text("্ক্র")),
    ("”", Text("চ্")),
    ("—", Text("্ত")),
    ("˜", Text("দ্")),
    ("™", Text("দ্")),
    ("š", Text("ন্")),
    ("›", Text("ন্")),
    ("œ", Text("্ন")),
    ("Ÿ", Text("্ব")),
    ("¡", Text("্ব")),
    ("¢", Text("্ভ")),
    ("£", Text("্ভ্র")),
    ("¤", Text("ম্")),
    ("¥", Text("্ম")),
    ("¦", Text("্ব")),
    ("§", Text("্ম")),
    ("¨", Text("্য")),
    ("©", Reph),
    ("ª", Text("্র")),
    ("«", Text("্র")),
    ("¬", Text("্ল")),
    ("\u{AD}", Text("্ল")),
    ("®", Text("ষ্")),
    ("¯", Text("স্")),
    ("°", Text("ক্ক")),
    ("±", Text("ক্ট")),
    ("²", Text("ক্ষ্ম")), // corrected (published: ক্ষ্ণ)
    ("³", Text("ক্ত")),
    ("´", Text("ক্ম")),
    ("µ", Text("ক্র")),
    ("¶", Text("ক্ষ")),
    ("·", Text("ক্স")),
    ("¸", Text("গু")),
    ("¹", Text("জ্ঞ")),
    ("º", Text("গ্দ")),
    ("»", Text("গ্ধ")),
    ("¼", Text("ঙ্ক")),
    ("½", Text("ঙ্গ")),
    ("¾", Text("জ্জ")),
    ("¿", Text("্ত্র")),
    ("À", Text("জ্ঝ")),
    ("Á", Text("জ্ঞ")),
    ("Â", Text("ঞ্চ")),
    ("Ã", Text("ঞ্ছ")),
    ("Ä", Text("ঞ্জ")),
    ("Å", Text("ঞ্ঝ")),
    ("Æ", Text("ট্ট")),
    ("Ç", Text("ড্ড")),
    ("È", Text("ণ্ট")),
    ("É", Text("ণ্ঠ")),
    ("Ê", Text("ণ্ড")),
    ("Ë", Text("ত্ত")),
    ("Ì", Text("ত্থ")),
    ("Í", Text("্ত")), // corrected (published: ত্ম)
    ("Î", Text("ত্র")),
    ("Ï", Text("দ্দ")),
    ("Ð", Text("-")),
    ("Ñ", Text("-")),
    ("Ò", Text("“")), // corrected (published: ")
    ("Ó", Text("”")), // corrected (published: ")
    ("Ô", Text("‘")), // corrected (published: ')
    ("Õ", Text("’")), // corrected (published: ')
    ("Ö", Text("্র")),
    ("×", Text("দ্ধ")),
    ("Ø", Text("দ্ব")),
    ("Ù", Text("দ্ম")),
    ("Ú", Text("ন্ঠ")),
    ("Û", Text("ন্ড")),
    ("Ü", Text("ন্ধ")),
    ("Ý", Text("ন্স")),
    ("Þ", Text("প্ট")),
    ("ß", Text("প্ত")),
    ("à", Text("প্প")),
    ("á", Text("প্স")),
    ("â", Text("ব্জ")),
    ("ã", Text("ব্দ")),
    ("ä", Text("ব্ধ")),
    ("å", Text("ভ্র")),
    ("æ", Text("ু")), // corrected (published: ম্ন)
    ("ç", Text("ম্ফ")),
    ("è", Text("্ন")),
    ("é", Text("ল্ক")),
    ("ê", Text("ল্গ")),
    ("ë", Text("ল্ট")),
    ("ì", Text("ল্ড")),
    ("í", Text("ল্প")),
    ("î", Text("ল্ফ")),
    ("ï", Text("শু")),
    ("ð", Text("শ্চ")),
    ("ñ", Text("শ্ছ")),
    ("ò", Text("ষ্ণ")),
    ("ó", Text("ষ্ট")),
    ("ô", Text("ষ্ঠ")),
    ("õ", Text("ষ্ফ")),
    ("ö", Text("স্খ")),
    ("÷", Text("স্ট")),
    ("ø", Text("্ল")), // corrected (published: স্ন)
    ("ù", Text("স্ফ")),
    ("ú", Text("্প")),
    ("û", Text("হু")),
    ("ü", Text("হৃ")),
    ("ý", Text("হ্ন")),
    ("þ", Text("হ্ম")),
    ("ÿ", Text("ক্ষ")), // added
];

/// [`TABLE`] by first character, longest key first.
static BY_FIRST: LazyLock<HashMap<char, Vec<(&'static str, Glyph)>>> = LazyLock::new(|| {
    let mut map: HashMap<char, Vec<(&'static str, Glyph)>> = HashMap::new();
    for &(key, glyph) in TABLE {
        if let Some(first) = key.chars().next() {
            map.entry(first).or_default().push((key, glyph));
        }
    }
    for entries in map.values_mut() {
        entries.sort_by_key(|(key, _)| std::cmp::Reverse(key.chars().count()));
    }
    map
});

/// Converts text typed in a Bijoy font (`SutonnyMJ`) to Unicode Bangla in logical order (NFC).
///
/// All ASCII letters are Bijoy glyphs, so pass only runs that were typed in a Bijoy font: an
/// English word is converted too. Characters outside the map (already-Unicode Bangla, other
/// scripts, line breaks) pass through unchanged.
pub fn to_unicode(bijoy: &str) -> String {
    let text = windows_1252(bijoy);
    let mut shaper = Shaper::with_capacity(text.len());
    let mut rest: &str = &text;
    while let Some(first) = rest.chars().next() {
        let found = BY_FIRST.get(&first).and_then(|entries| entries.iter().find(|(key, _)| rest.starts_with(key)));
        if let Some(&(key, glyph)) = found {
            shaper.glyph(glyph);
            rest = &rest[key.len()..];
        } else {
            shaper.other(first);
            rest = &rest[first.len_utf8()..];
        }
    }
    shaper.finish()
}

/// Reads C1 controls (U+0080–U+009F), which Windows-1252 text decoded as Latin-1 contains, as
/// the Windows-1252 characters they stand for.
fn windows_1252(text: &str) -> Cow<'_, str> {
    const C1: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž', '\u{8F}', '\u{90}', '‘',
        '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}', 'ž', 'Ÿ',
    ];
    let is_c1 = |c: char| ('\u{80}'..='\u{9F}').contains(&c);
    if !text.chars().any(is_c1) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(text.chars().map(|c| if is_c1(c) { C1[c as usize - 0x80] } else { c }).collect())
}

/// A Bangla consonant letter (ৎ is left out: it takes no vowel sign and starts no conjunct).
fn is_consonant(c: char) -> bool {
    matches!(c, '\u{0995}'..='\u{09B9}' | '\u{09DC}' | '\u{09DD}' | '\u{09DF}')
}

/// A vowel sign written after its consonant (া ী ু ূ ৃ ো ৌ ৗ).
fn is_post_base(c: char) -> bool {
    matches!(c, '\u{09BE}' | '\u{09C0}'..='\u{09C4}' | '\u{09CB}' | '\u{09CC}' | '\u{09D7}')
}

/// Any dependent vowel sign.
fn is_vowel_sign(c: char) -> bool {
    is_post_base(c) || matches!(c, '\u{09BF}' | '\u{09C7}' | '\u{09C8}')
}

/// Builds the Unicode text glyph by glyph, in logical order.
struct Shaper {
    out: Vec<char>,
    /// A pre-base vowel sign waiting for the end of the consonant cluster typed after it.
    pending: Option<char>,
    /// Where the latest consonant cluster starts in `out`: where a reph goes, and (while a
    /// vowel sign is pending) whether its cluster has begun.
    cluster: Option<usize>,
}

impl Shaper {
    fn with_capacity(capacity: usize) -> Self {
        Shaper { out: Vec::with_capacity(capacity), pending: None, cluster: None }
    }

    fn glyph(&mut self, glyph: Glyph) {
        match glyph {
            Text(text) => text.chars().for_each(|c| self.letter(c)),
            PreBase(sign) => {
                self.flush();
                self.pending = Some(sign);
                self.cluster = None;
            }
            Reph => match self.cluster {
                Some(start) => {
                    self.out.splice(start..start, ['র', HASANTA]);
                }
                None => self.out.extend(['র', HASANTA]),
            },
            Drop => {}
        }
    }

    /// A character the map does not know: it ends the syllable and is kept as it is.
    fn other(&mut self, c: char) {
        self.flush();
        self.cluster = None;
        self.out.push(c);
    }

    /// One character of a glyph's Unicode text.
    fn letter(&mut self, c: char) {
        match c {
            _ if is_consonant(c) => {
                let joins = self.cluster.is_some() && self.out.last() == Some(&HASANTA);
                if !joins {
                    if self.cluster.is_some() {
                        self.flush();
                    }
                    self.cluster = Some(self.out.len());
                }
                self.out.push(c);
            }
            NUKTA => self.out.push(c),
            HASANTA => {
                if self.out.last() != Some(&HASANTA) {
                    self.out.push(c);
                }
            }
            _ if is_post_base(c) => {
                let joined = match (self.pending, c) {
                    (Some(E_KAR), AA_KAR) if self.cluster.is_some() => Some('ো'),
                    (Some(E_KAR), AU_LENGTH) if self.cluster.is_some() => Some('ৌ'),
                    _ => None,
                };
                if let Some(sign) = joined {
                    self.pending = None;
                    self.push_sign(sign);
                } else {
                    self.flush();
                    self.push_sign(c);
                }
            }
            CANDRABINDU => {
                // Typed after the next syllable's pre-base sign ("‡K‡u`", কেঁদে), it still
                // belongs to the syllable before it, which is already written out.
                if self.cluster.is_some() {
                    self.flush();
                }
                self.out.push(c);
            }
            _ => {
                self.flush();
                self.cluster = None;
                let colon = c == VISARGA
                    && self.out.last().is_none_or(|&p| p.is_whitespace() || matches!(p, '০'..='৯' | '[' | ']'));
                self.out.push(if colon { ':' } else { c });
            }
        }
    }

    /// A post-base vowel sign: before a chandrabindu typed ahead of it (``Puv` ``, চাঁদ).
    fn push_sign(&mut self, sign: char) {
        match self.out.last() {
            Some(&CANDRABINDU) => self.out.insert(self.out.len() - 1, sign),
            _ => self.out.push(sign),
        }
    }

    /// Writes the pending pre-base vowel sign after its cluster.
    fn flush(&mut self) {
        if let Some(sign) = self.pending.take() {
            self.push_sign(sign);
        }
    }

    fn finish(mut self) -> String {
        self.flush();
        let out = &mut self.out;
        // A vowel sign or chandrabindu before hasanta + consonant belongs after the consonant
        // ("Kv¨", ক্যা), and a chandrabindu before a vowel sign after the sign ("nu¨v", হ্যাঁ).
        let mut i = 0;
        while i + 1 < out.len() {
            let mark = is_vowel_sign(out[i]) || out[i] == CANDRABINDU;
            if mark && out[i + 1] == HASANTA && out.get(i + 2).is_some_and(|&c| is_consonant(c)) {
                let end = if out.get(i + 3) == Some(&NUKTA) { i + 3 } else { i + 2 };
                out[i..=end].rotate_left(1);
                i = end;
            } else if out[i] == CANDRABINDU && is_post_base(out[i + 1]) {
                out.swap(i, i + 1);
                i += 1;
            } else {
                i += 1;
            }
        }
        self.out.into_iter().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::to_unicode;

    /// The expected text in NFC: ড়, ঢ়, য় as letter + nukta, however they were typed here.
    fn nfc(text: &str) -> String {
        text.replace('\u{09DC}', "\u{09A1}\u{09BC}")
            .replace('\u{09DD}', "\u{09A2}\u{09BC}")
            .replace('\u{09DF}', "\u{09AF}\u{09BC}")
    }

    fn check(cases: &[(&str, &str)]) {
        for &(bijoy, unicode) in cases {
            assert_eq!(to_unicode(bijoy), nfc(unicode), "converting {bijoy:?}");
        }
    }

    #[test]
    fn plain_words_and_the_example() {
        check(&[
            ("Avwg evsjvq Mvb MvB", "আমি বাংলায় গান গাই"),
            ("evsjv‡`k", "বাংলাদেশ"),
            ("miKvi", "সরকার"),
            ("AvBb", "আইন"),
            ("Dc‡Rjvq", "উপজেলায়"),
            ("XvKv", "ঢাকা"),
        ]);
    }

    #[test]
    fn conjuncts() {
        check(&[
            ("fy³‡fvMx", "ভুক্তভোগী"),
            ("ÿgZv", "ক্ষমতা"),
            ("mv¶vr", "সাক্ষাৎ"),
            ("ev¯Íevqb", "বাস্তবায়ন"),
            ("e¨e¯’v", "ব্যবস্থা"),
            ("Avš—R©vwZK", "আন্তর্জাতিক"),
            ("kvwšÍ", "শান্তি"),
            ("e½eÜy", "বঙ্গবন্ধু"),
            ("‡Kv¤úvwb", "কোম্পানি"),
            ("Avb›`", "আনন্দ"),
            ("QvÎ", "ছাত্র"),
            ("cÖavbgš¿x", "প্রধানমন্ত্রী"),
            ("c«wZev`", "প্রতিবাদ"),
            ("kÖwgK", "শ্রমিক"),
            ("weÁvb", "বিজ্ঞান"),
            ("hy×", "যুদ্ধ"),
            ("m¤¢ve¨", "সম্ভাব্য"),
            ("Mªyc", "গ্রুপ"),
            ("wgóvbœ", "মিষ্টান্ন"),
            ("ïé", "শুল্ক"),
            ("wkíbMix", "শিল্পনগরী"),
            ("Kywgjøv", "কুমিল্লা"),
            ("e«vþYevwoqv", "ব্রাহ্মণবাড়িয়া"),
            ("we¯‹yU", "বিস্কুট"),
        ]);
    }

    #[test]
    fn reph_comes_before_its_cluster() {
        check(&[
            ("K©", "র্ক"),
            ("Kg©", "কর্ম"),
            ("ag©", "ধর্ম"),
            ("a‡g©i", "ধর্মের"),
            ("ch©šÍ", "পর্যন্ত"),
            ("m~h©", "সূর্য"),
            ("el©v", "বর্ষা"),
            ("Kg©KZ©v", "কর্মকর্তা"),
            ("wbe©vPb", "নির্বাচন"),
            ("wbw`©ó", "নির্দিষ্ট"),
            ("cÖv_©x", "প্রার্থী"),
            ("KvwZ©‡Ki", "কার্তিকের"),
            ("eR¨©", "বর্জ্য"),
            ("A‡_©i", "অর্থের"),
            ("A_©vr", "অর্থাৎ"),
            ("Kvh©µg", "কার্যক্রম"),
        ]);
    }

    #[test]
    fn pre_base_vowel_signs_follow_their_cluster() {
        check(&[
            ("wK", "কি"),
            ("‡K", "কে"),
            ("‰K", "কৈ"),
            ("wk¶v", "শিক্ষা"),
            ("‡¯œn", "স্নেহ"),
            ("‡kÖwY", "শ্রেণি"),
            ("‡ÿÎ", "ক্ষেত্র"),
            ("wµ‡K‡U", "ক্রিকেটে"),
            ("wØZxq", "দ্বিতীয়"),
            ("mvew¯Œckb", "সাবস্ক্রিপশন"),
            ("Dcw¯’Z", "উপস্থিত"),
            ("mswkøóiv", "সংশ্লিষ্টরা"),
            ("‰Zwi", "তৈরি"),
            ("gqgbwmsn", "ময়মনসিংহ"),
        ]);
    }

    #[test]
    fn o_and_au_signs_are_composed() {
        check(&[
            ("‡Kv", "কো"),
            ("‡KŠ", "কৌ"),
            ("‡hvMv‡hvM", "যোগাযোগ"),
            ("‡cŠimfv", "পৌরসভা"),
            ("‡mŠw`", "সৌদি"),
            ("‡¯ªvZ", "স্রোত"),
            ("Av‡›`vjb", "আন্দোলন"),
            ("D‡`¨v³v", "উদ্যোক্তা"),
            ("‡`Lv", "দেখা"),
        ]);
        assert!(!to_unicode("‡Kv ‡KŠ").contains(['\u{09C7}', '\u{09D7}']));
    }

    #[test]
    fn ru_chandrabindu_hasanta() {
        check(&[
            ("ïi“", "শুরু"),
            ("iæMœ", "রুগ্ন"),
            ("Pvu`", "চাঁদ"),
            ("Puv`", "চাঁদ"),
            ("‡K‡u`", "কেঁদে"),
            ("evK&", "বাক্"),
            ("Ky&", "কু"),
            ("Kv¨", "ক্যা"),
            ("e¨vsK", "ব্যাংক"),
        ]);
    }

    #[test]
    fn digits_and_punctuation() {
        check(&[
            ("2024", "২০২৪"),
            ("15 UvKv", "১৫ টাকা"),
            ("10t30", "১০:৩০"),
            ("Avwg|", "আমি।"),
            ("XvKv, 5 b‡f¤^i", "ঢাকা, ৫ নভেম্বর"),
            ("ÒevsjvÓ", "“বাংলা”"),
            ("ÔÔiæMœ wkí AvBbÕÕ", "‘‘রুগ্ন শিল্প আইন’’"),
            ("k«wgK-gvwjK", "শ্রমিক-মালিক"),
            ("(06 b‡f¤^i)", "(০৬ নভেম্বর)"),
            ("nq?\nnu¨v!", "হয়?\nহ্যাঁ!"),
        ]);
    }

    #[test]
    fn all_ascii_is_converted_and_other_text_is_kept() {
        // Bijoy is ASCII: an English word in a Bijoy run comes out as Bangla letters.
        check(&[("Hello", "ঐবষষড়")]);
        // Unicode already in logical order is left alone, pre-base signs and all.
        check(&[("Avwg কি বলি", "আমি কি বলি"), ("‡K কে", "কে কে"), ("ভারত ও evsjv‡`k", "ভারত ও বাংলাদেশ")]);
        check(&[("", ""), ("Ελλάδα", "Ελλάδα"), ("\t\n", "\t\n")]);
    }

    #[test]
    fn latin_1_decoded_bytes_are_read_as_windows_1252() {
        // U+0087 is byte 0x87, `‡` in Windows-1252.
        check(&[("evsjv\u{87}`k", "বাংলাদেশ"), ("\u{87}Kv", "কো")]);
    }

    #[test]
    fn output_is_nfc_for_nukta_letters() {
        let text = to_unicode("evwo Avlvp evsjvq");
        assert!(!text.contains(['\u{09DC}', '\u{09DD}', '\u{09DF}']));
        assert_eq!(text, "বাড\u{09BC}ি আষাঢ\u{09BC} বাংলায\u{09BC}");
    }

    #[test]
    fn news_paragraphs() {
        check(&[
            (
                "XvKv: R¡vjvwb ‡Z‡ji `vg evov‡bvi c«wZev‡` Pjgvb cwienb ag©NU Bm¨y‡Z mwPevj‡q ¯^ivó« gš¿Yvj‡qi mfv \
                 ¯’wMZ Kiv n‡q‡Q| kwbevi (06 b‡f¤^i) mÜ¨v 6Uvq mfv AbywôZ nIqvi K_v _vK‡jI Zvi 40 wgwbU Av‡M mfv \
                 ¯’wM‡Zi Z_¨ Rvbvb ¯^ivó« gš¿Yvj‡qi Rbms‡hvM Kg©KZ©v ‡gv. kixd gvngy` Acy|",
                "ঢাকা: জ্বালানি তেলের দাম বাড়ানোর প্রতিবাদে চলমান পরিবহন ধর্মঘট ইস্যুতে সচিবালয়ে স্বরাষ্ট্র মন্ত্রণালয়ের সভা \
                 স্থগিত করা হয়েছে। শনিবার (০৬ নভেম্বর) সন্ধ্যা ৬টায় সভা অনুষ্ঠিত হওয়ার কথা থাকলেও তার ৪০ মিনিট আগে সভা \
                 স্থগিতের তথ্য জানান স্বরাষ্ট্র মন্ত্রণালয়ের জনসংযোগ কর্মকর্তা মো. শরীফ মাহমুদ অপু।",
            ),
            (
                "Z‡e ‡mwU GL‡bv cix¶vi c«v_wgK ch©v‡q Av‡Q e‡j evZ©v ms¯’v iqUv‡m©i Le‡i ejv n‡q‡Q|",
                "তবে সেটি এখনো পরীক্ষার প্রাথমিক পর্যায়ে আছে বলে বার্তা সংস্থা রয়টার্সের খবরে বলা হয়েছে।",
            ),
            (
                "MZ e…n¯úwZevi ‡dmey‡Ki g~j c«wZôvb ‡gUv Rvwb‡q‡Q, mvew¯Œckb-wbf©i e¨emvwqK g‡W‡ji (A‡_©i wewbg‡q \
                 we‡kl myweav c«`vb) Ask wn‡m‡e cix¶vg~jKfv‡e myweav¸‡jv Pvjy n‡Z cv‡i|",
                "গত বৃহস্পতিবার ফেসবুকের মূল প্রতিষ্ঠান মেটা জানিয়েছে, সাবস্ক্রিপশন-নির্ভর ব্যবসায়িক মডেলের (অর্থের বিনিময়ে \
                 বিশেষ সুবিধা প্রদান) অংশ হিসেবে পরীক্ষামূলকভাবে সুবিধাগুলো চালু হতে পারে।",
            ),
            (
                "Kywgjøv AÂ‡ji (Kywgjøv, ‡bvqvLvjx, ‡dbx, Pvu`cyi, e«vþYevwoqv) ‡gvU ïé-K‡ii 60 kZvs‡ki ‡ewk ‡`q 10 \
                 ‡Kv¤úvwb|",
                "কুমিল্লা অঞ্চলের (কুমিল্লা, নোয়াখালী, ফেনী, চাঁদপুর, ব্রাহ্মণবাড়িয়া) মোট শুল্ক-করের ৬০ শতাংশের বেশি দেয় ১০ \
                 কোম্পানি।",
            ),
            (
                "‡`‡ki iæMœwk‡íi Dbœqb I Kj¨vbK‡í ÔÔiæMœ wkí AvBbÕÕ cÖYqb I Zvnvi h_vh_ ev¯Íevq‡bi cwiKíbv",
                "দেশের রুগ্নশিল্পের উন্নয়ন ও কল্যানকল্পে ‘‘রুগ্ন শিল্প আইন’’ প্রণয়ন ও তাহার যথাযথ বাস্তবায়নের পরিকল্পনা",
            ),
        ]);
    }

    #[test]
    fn a_hundred_kilobytes_is_one_pass() {
        let line = "Z‡e ‡mwU GL‡bv cix¶vi c«v_wgK ch©v‡q Av‡Q e‡j evZ©v ms¯’v iqUv‡m©i Le‡i ejv n‡q‡Q|\n";
        let text = line.repeat(100_000 / line.len() + 1);
        let expected = to_unicode(line).repeat(100_000 / line.len() + 1);
        assert_eq!(to_unicode(&text), expected);
    }
}
