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
        Lang::Bn => BN.iter().find(|(en, _)| *en == english).map_or(english, |(_, bn)| bn),
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

/// The Bangla newsroom: English text → Bangla text.
const BN: &[(&str, &str)] = &[
    // The frame and its menu.
    ("Newsroom", "নিউজরুম"),
    ("Articles", "প্রতিবেদন"),
    ("New article", "নতুন প্রতিবেদন"),
    ("Bylines", "বাইলাইন"),
    ("Front pages", "প্রথম পাতা"),
    ("Media", "ছবি"),
    ("Polls", "জনমত জরিপ"),
    ("Pages", "পাতা"),
    ("Comments", "মন্তব্য"),
    ("Staff", "কর্মী"),
    ("Settings", "সেটিংস"),
    ("Site", "সাইট"),
    ("Language", "ভাষা"),
    ("Notifications", "বিজ্ঞপ্তি"),
    ("{n} unread", "{n}টি অপঠিত"),
    // Words many screens share.
    ("Save", "সংরক্ষণ করুন"),
    ("Saved.", "সংরক্ষিত হয়েছে।"),
    ("Search", "খুঁজুন"),
    ("Done.", "সম্পন্ন।"),
    ("English", "ইংরেজি"),
    ("Bangla", "বাংলা"),
    ("English edition", "ইংরেজি সংস্করণ"),
    ("Bangla edition", "বাংলা সংস্করণ"),
    ("Edition", "সংস্করণ"),
    ("Title", "শিরোনাম"),
    ("Name", "নাম"),
    ("Status", "অবস্থা"),
    ("Section", "বিভাগ"),
    ("Sections", "বিভাগ"),
    ("Topics", "বিষয়"),
    ("Byline", "বাইলাইন"),
    ("Updated", "হালনাগাদ"),
    ("draft", "খসড়া"),
    ("review", "পর্যালোচনায়"),
    ("scheduled", "নির্ধারিত"),
    ("published", "প্রকাশিত"),
    ("unpublished", "প্রকাশ প্রত্যাহৃত"),
    ("reporter", "প্রতিবেদক"),
    ("editor", "সম্পাদক"),
    ("moderator", "মডারেটর"),
    ("admin", "অ্যাডমিন"),
    ("reader", "পাঠক"),
    // Bylines.
    ("Byline: {name}", "বাইলাইন: {name}"),
    (
        "Everyone and every desk a story can be credited to. Each staff member who writes has their own byline, made with their account",
        "যাঁদের ও যে ডেস্কের নামে প্রতিবেদন যেতে পারে। যে কর্মী লেখেন, অ্যাকাউন্টের সঙ্গেই তাঁর নিজের বাইলাইন তৈরি হয়",
    ),
    ("edit your byline", "আপনার বাইলাইন সম্পাদনা করুন"),
    ("Find a byline", "বাইলাইন খুঁজুন"),
    ("No byline matches.", "মেলে এমন কোনো বাইলাইন নেই।"),
    ("Kind", "ধরন"),
    ("Stories", "প্রতিবেদন"),
    ("(you)", "(আপনি)"),
    ("retired", "অবসরে"),
    ("in use", "চালু"),
    ("Add a desk, contributor or agency", "ডেস্ক, প্রদায়ক বা সংবাদ সংস্থা যোগ করুন"),
    ("Desk of the newsroom", "নিউজরুমের ডেস্ক"),
    ("Contributor without an account", "অ্যাকাউন্ট ছাড়া প্রদায়ক"),
    ("Wire agency", "সংবাদ সংস্থা"),
    ("Name in Bangla", "বাংলায় নাম"),
    ("Title (English)", "পদবি (ইংরেজি)"),
    ("Title (Bangla)", "পদবি (বাংলা)"),
    ("Add byline", "বাইলাইন যোগ করুন"),
    ("Staff member", "কর্মী"),
    ("Contributor", "প্রদায়ক"),
    ("Desk", "ডেস্ক"),
    ("Agency", "সংবাদ সংস্থা"),
    ("joined {date}", "যোগদান {date}"),
    ("Author page", "লেখক পাতা"),
    ("All bylines", "সব বাইলাইন"),
    ("As it reads under the name, e.g. Staff Correspondent.", "নামের নিচে যেমন লেখা থাকবে, যেমন নিজস্ব প্রতিবেদক।"),
    ("Bio on the English edition", "ইংরেজি সংস্করণে পরিচিতি"),
    ("Bio on the Bangla edition", "বাংলা সংস্করণে পরিচিতি"),
    ("Photo", "ছবি"),
    ("No photo", "ছবি নেই"),
    ("From the media library: upload the photo there first.", "ছবির সংগ্রহ থেকে: আগে সেখানে ছবিটি তুলুন।"),
    ("Links, one per line", "লিংক, প্রতি লাইনে একটি"),
    ("Web and social addresses, such as https://x.com/name.", "ওয়েব ও সামাজিক মাধ্যমের ঠিকানা, যেমন https://x.com/name।"),
    ("Retired: kept on its stories, offered for no new one", "অবসরে: পুরোনো প্রতিবেদনে থাকবে, নতুন কোনোটিতে দেওয়া যাবে না"),
    ("Merge", "একীভূত করুন"),
    ("Merge into", "যার সঙ্গে একীভূত হবে"),
    (
        "Credits this byline's stories to another and sends its author page there. It cannot be undone.",
        "এই বাইলাইনের প্রতিবেদনগুলো অন্যটির নামে যাবে এবং এর লেখক পাতা সেখানে নিয়ে যাবে। এটি ফেরানো যায় না।",
    ),
    ("Byline added: it can be credited on stories now.", "বাইলাইন যোগ হয়েছে: এখন প্রতিবেদনে দেওয়া যাবে।"),
    ("Saved: the author pages and stories show it now.", "সংরক্ষিত: লেখক পাতা ও প্রতিবেদনে এখনই দেখা যাচ্ছে।"),
    (
        "Merged: the stories are credited here, and the other byline's page leads here.",
        "একীভূত হয়েছে: প্রতিবেদনগুলো এখন এই নামে, আর অন্য বাইলাইনের পাতা এখানে নিয়ে আসে।",
    ),
];

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
        for (en, bn) in BN {
            assert!(seen.insert(*en), "translated twice: {en:?}");
            assert_eq!(values(en), values(bn), "{en:?} → {bn:?}");
            assert!(!bn.is_empty(), "{en:?}");
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
}
