//! Editions: the two languages, their interface strings, and how each writes dates and numbers.

use chrono::{DateTime, Datelike, FixedOffset, Offset, Timelike, Utc};
use serde::Serialize;

use crate::clock::Timestamp;

/// An edition of the site, by language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// The English edition.
    En,
    /// The Bangla edition.
    Bn,
}

impl Lang {
    /// Both editions, in navigation order.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Bn];

    /// Parses an edition code as it appears in URLs and the API (`en`, `bn`).
    pub fn parse(code: &str) -> Option<Self> {
        match code {
            "en" => Some(Self::En),
            "bn" => Some(Self::Bn),
            _ => None,
        }
    }

    /// The code used in URLs, the database and `<html lang>`.
    pub fn code(self) -> &'static str {
        match self {
            Self::En => "en",
            Self::Bn => "bn",
        }
    }

    /// The other edition.
    pub fn other(self) -> Self {
        match self {
            Self::En => Self::Bn,
            Self::Bn => Self::En,
        }
    }

    /// The interface strings of this edition.
    pub fn ui(self) -> &'static Ui {
        match self {
            Self::En => &EN,
            Self::Bn => &BN,
        }
    }
}

/// Stored as its code; a code that is not an edition is an error for the row.
impl sqlx::Type<sqlx::Any> for Lang {
    fn type_info() -> sqlx::any::AnyTypeInfo {
        crate::db::name_type()
    }
}

impl sqlx::Decode<'_, sqlx::Any> for Lang {
    fn decode(value: sqlx::any::AnyValueRef<'_>) -> Result<Self, sqlx::error::BoxDynError> {
        crate::db::decode_name(value, "edition", Self::parse)
    }
}

impl sqlx::Encode<'_, sqlx::Any> for Lang {
    fn encode_by_ref(
        &self,
        buf: &mut crate::db::ArgumentBuffer,
    ) -> Result<sqlx::encode::IsNull, sqlx::error::BoxDynError> {
        crate::db::encode_name(self.code(), buf)
    }
}

/// An edition code in a path (`/{lang}/…`) or a body; anything else is refused with a sentence
/// naming the editions.
impl<'de> serde::Deserialize<'de> for Lang {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Code;
        impl serde::de::Visitor<'_> for Code {
            type Value = Lang;

            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an edition code, en or bn")
            }

            fn visit_str<E: serde::de::Error>(self, code: &str) -> Result<Lang, E> {
                Lang::parse(code).ok_or_else(|| {
                    E::custom(format!(
                        "There is no edition \"{code}\" here: the editions are en (English) and bn (Bangla)."
                    ))
                })
            }
        }
        deserializer.deserialize_str(Code)
    }
}

/// Interface strings of one edition.
#[derive(Debug)]
pub struct Ui {
    /// The edition's own name for itself, used on the edition switch.
    pub edition_name: &'static str,
    pub home: &'static str,
    pub latest: &'static str,
    /// Heading of the editors' top stories on a front.
    pub top_stories: &'static str,
    /// Label of the breaking-news banner.
    pub breaking: &'static str,
    /// Accessible name of the pager of a list.
    pub pager: &'static str,
    pub see_more: &'static str,
    pub trending_views: &'static str,
    pub trending_empty: &'static str,
    pub leave_comment: &'static str,
    pub need_login: &'static str,
    pub log_in: &'static str,
    pub published: &'static str,
    pub updated: &'static str,
    pub topics: &'static str,
    pub older_stories: &'static str,
    pub back_to_latest: &'static str,
    pub no_stories: &'static str,
    pub section: &'static str,
    pub topic: &'static str,
    pub desk: &'static str,
    pub reporter: &'static str,
    /// A contributor without a staff account, and a wire agency, on their author pages.
    pub contributor: &'static str,
    pub agency: &'static str,
    /// "Joined" before the date an author began.
    pub joined: &'static str,
    pub skip_to_content: &'static str,
    pub main_navigation: &'static str,
    pub read_in_other_edition: &'static str,
    pub stories_in: &'static str,
    pub home_description: &'static str,
    pub trending_description: &'static str,
    pub error_go_home: &'static str,
    pub not_found_title: &'static str,
    pub bad_request_title: &'static str,
    pub server_error_title: &'static str,
    pub unavailable_title: &'static str,
    pub forbidden_title: &'static str,
    pub too_many_title: &'static str,
    pub footer_note: &'static str,
    pub views: &'static str,
    pub account: &'static str,
    /// The link to the back office, shown to staff.
    pub newsroom: &'static str,
    pub comments_heading: &'static str,
    pub reply: &'static str,
    pub delete: &'static str,
    pub post_comment: &'static str,
    pub your_comment: &'static str,
    pub awaiting_moderation: &'static str,
    pub replying_to: &'static str,
    pub cancel_reply: &'static str,
    pub deleted_comment: &'static str,
    /// In place of a comment a moderator is looking at, above its replies.
    pub withheld_comment: &'static str,
    pub commenting_as: &'static str,
    pub honeypot_label: &'static str,
    pub correction: &'static str,
    pub report: &'static str,
    pub search: &'static str,
    pub search_label: &'static str,
    pub search_prompt: &'static str,
    pub search_no_results: &'static str,
    pub search_found: &'static str,
    pub search_more: &'static str,
    pub search_filters: &'static str,
    pub search_sort: &'static str,
    pub sort_relevance: &'static str,
    pub sort_newest: &'static str,
    pub all_sections: &'static str,
    pub date_from: &'static str,
    pub date_to: &'static str,
    pub feed: &'static str,
    pub share: &'static str,
    pub share_on: &'static str,
    pub copy_link_label: &'static str,
}

static EN: Ui = Ui {
    edition_name: "English",
    home: "Home",
    latest: "Latest",
    top_stories: "Top Stories",
    breaking: "Breaking",
    pager: "More stories",
    see_more: "See more",
    trending_views: "Trending Views",
    trending_empty: "Nothing is trending yet.",
    leave_comment: "Leave A Comment",
    need_login: "You need login first to leave a comment",
    log_in: "Log in",
    published: "Published",
    updated: "Updated",
    topics: "Topics",
    older_stories: "Older stories",
    back_to_latest: "Back to the latest",
    no_stories: "There are no stories here yet.",
    section: "Section",
    topic: "Topic",
    desk: "Desk",
    reporter: "Reporter",
    contributor: "Contributor",
    agency: "News agency",
    joined: "Joined",
    skip_to_content: "Skip to content",
    main_navigation: "Sections",
    read_in_other_edition: "Read in English",
    stories_in: "Stories in",
    home_description: "The latest news from Bangladesh and the world.",
    trending_description: "The most read stories of the last days.",
    error_go_home: "Go to the front page",
    not_found_title: "Page not found",
    bad_request_title: "That request could not be understood",
    server_error_title: "Something went wrong on our side",
    unavailable_title: "The site is busy",
    forbidden_title: "Not allowed",
    too_many_title: "Too many attempts",
    footer_note: "Independent news in English and Bangla.",
    views: "views",
    account: "Account",
    newsroom: "Newsroom",
    comments_heading: "Comments",
    reply: "Reply",
    delete: "Delete",
    post_comment: "Post comment",
    your_comment: "Your comment",
    awaiting_moderation: "Awaiting moderation: only you can see this comment until a moderator approves it.",
    replying_to: "Replying to",
    cancel_reply: "Cancel reply",
    deleted_comment: "This comment was deleted.",
    withheld_comment: "This comment is waiting for a moderator.",
    commenting_as: "Commenting as",
    honeypot_label: "Leave this field empty",
    correction: "Correction",
    report: "Report",
    search: "Search",
    search_label: "Search the news",
    search_prompt: "Type a word or two to search all our stories, for example a name, a place or a topic.",
    search_no_results: "No stories match your search. Try fewer words, another spelling, or fewer filters.",
    search_found: "stories found",
    search_more: "More results",
    search_filters: "Filters",
    search_sort: "Order",
    sort_relevance: "Best match",
    sort_newest: "Newest first",
    all_sections: "All sections",
    date_from: "From",
    date_to: "To",
    feed: "RSS feed",
    share: "Share",
    share_on: "Share on",
    copy_link_label: "Link to this story",
};

static BN: Ui = Ui {
    edition_name: "বাংলা",
    home: "প্রচ্ছদ",
    latest: "সর্বশেষ",
    top_stories: "শীর্ষ খবর",
    breaking: "ব্রেকিং",
    pager: "আরও খবর",
    see_more: "আরও দেখুন",
    trending_views: "সর্বাধিক পঠিত",
    trending_empty: "এখনও কিছু নেই।",
    leave_comment: "মন্তব্য করুন",
    need_login: "মন্তব্য করতে হলে আগে লগইন করুন",
    log_in: "লগইন",
    published: "প্রকাশ",
    updated: "হালনাগাদ",
    topics: "বিষয়",
    older_stories: "আগের খবর",
    back_to_latest: "সর্বশেষ খবরে ফিরুন",
    no_stories: "এখানে এখনও কোনো খবর নেই।",
    section: "বিভাগ",
    topic: "বিষয়",
    desk: "ডেস্ক",
    reporter: "প্রতিবেদক",
    contributor: "প্রদায়ক",
    agency: "সংবাদ সংস্থা",
    joined: "যোগদান",
    skip_to_content: "মূল লেখায় যান",
    main_navigation: "বিভাগসমূহ",
    read_in_other_edition: "বাংলায় পড়ুন",
    stories_in: "বিভাগ:",
    home_description: "বাংলাদেশ ও বিশ্বের সর্বশেষ খবর।",
    trending_description: "গত কয়েক দিনের সর্বাধিক পঠিত খবর।",
    error_go_home: "প্রচ্ছদে যান",
    not_found_title: "পাতাটি পাওয়া যায়নি",
    bad_request_title: "অনুরোধটি বোঝা যায়নি",
    server_error_title: "আমাদের দিকে একটি সমস্যা হয়েছে",
    unavailable_title: "সাইটটি এখন ব্যস্ত",
    forbidden_title: "অনুমতি নেই",
    too_many_title: "অনেকবার চেষ্টা করা হয়েছে",
    footer_note: "ইংরেজি ও বাংলায় স্বাধীন সংবাদ।",
    views: "বার পঠিত",
    account: "অ্যাকাউন্ট",
    newsroom: "নিউজরুম",
    comments_heading: "মন্তব্য",
    reply: "উত্তর দিন",
    delete: "মুছে ফেলুন",
    post_comment: "মন্তব্য প্রকাশ করুন",
    your_comment: "আপনার মন্তব্য",
    awaiting_moderation: "অনুমোদনের অপেক্ষায়: মডারেটর অনুমোদন না দেওয়া পর্যন্ত শুধু আপনি এই মন্তব্য দেখতে পাবেন।",
    replying_to: "উত্তর দিচ্ছেন:",
    cancel_reply: "উত্তর বাতিল",
    deleted_comment: "মন্তব্যটি মুছে ফেলা হয়েছে।",
    withheld_comment: "মন্তব্যটি মডারেটরের পর্যালোচনার অপেক্ষায় আছে।",
    commenting_as: "মন্তব্য করছেন:",
    honeypot_label: "এই ঘরটি খালি রাখুন",
    correction: "সংশোধনী",
    report: "রিপোর্ট করুন",
    search: "অনুসন্ধান",
    search_label: "খবর খুঁজুন",
    search_prompt: "সব খবর খুঁজতে এক বা দুটি শব্দ লিখুন, যেমন একটি নাম, স্থান বা বিষয়।",
    search_no_results: "আপনার অনুসন্ধানের সঙ্গে মেলে এমন কোনো খবর পাওয়া যায়নি। কম শব্দ, অন্য বানান বা কম ফিল্টার দিয়ে চেষ্টা করুন।",
    search_found: "টি খবর পাওয়া গেছে",
    search_more: "আরও ফলাফল",
    search_filters: "ফিল্টার",
    search_sort: "ক্রম",
    sort_relevance: "সবচেয়ে প্রাসঙ্গিক",
    sort_newest: "সর্বশেষ আগে",
    all_sections: "সব বিভাগ",
    date_from: "শুরু",
    date_to: "শেষ",
    feed: "আরএসএস ফিড",
    share: "শেয়ার করুন",
    share_on: "শেয়ার করুন:",
    copy_link_label: "এই খবরের লিংক",
};

pub(crate) const EN_MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

// Month names as Bangladeshi newspapers write the Gregorian calendar (CLDR `bn`).
pub(crate) const BN_MONTHS: [&str; 12] =
    ["জানুয়ারি", "ফেব্রুয়ারি", "মার্চ", "এপ্রিল", "মে", "জুন", "জুলাই", "আগস্ট", "সেপ্টেম্বর", "অক্টোবর", "নভেম্বর", "ডিসেম্বর"];

/// Whether `text` is a colour as `#rrggbb`.
pub fn is_colour(text: &str) -> bool {
    text.len() == 7 && text.starts_with('#') && text[1..].bytes().all(|b| b.is_ascii_hexdigit())
}

/// Writes ASCII digits in Bengali script (০–৯), leaving every other character alone.
pub fn bangla_digits(text: &str) -> String {
    text.chars()
        .map(|c| match c.to_digit(10) {
            Some(d) if c.is_ascii_digit() => char::from_u32(0x09E6 + d).unwrap_or(c),
            _ => c,
        })
        .collect()
}

/// A number as the edition writes it.
pub fn format_number(lang: Lang, n: i64) -> String {
    match lang {
        Lang::En => n.to_string(),
        Lang::Bn => bangla_digits(&n.to_string()),
    }
}

/// Bangla names for the part of the day, as CLDR `bn` and Bangladeshi newspapers use them.
fn bangla_day_period(hour: u32) -> &'static str {
    match hour {
        4..=5 => "ভোর",
        6..=11 => "সকাল",
        12..=15 => "দুপুর",
        16..=17 => "বিকাল",
        18..=19 => "সন্ধ্যা",
        _ => "রাত",
    }
}

/// The local date-time of `ts` for a newsroom `offset_minutes` east of UTC.
pub fn local_time(ts: Timestamp, offset_minutes: i32) -> DateTime<FixedOffset> {
    // The offset is checked when the configuration is read; UTC is only a fallback.
    let offset = FixedOffset::east_opt(offset_minutes * 60).unwrap_or(Utc.fix());
    DateTime::from_timestamp(ts, 0).unwrap_or_default().with_timezone(&offset)
}

/// A date and time in the edition's words and digits: `3 July 2025, 6:30 PM` or
/// `৩ জুলাই ২০২৫, সন্ধ্যা ৬:৩০`.
pub fn format_datetime(lang: Lang, ts: Timestamp, offset_minutes: i32) -> String {
    let t = local_time(ts, offset_minutes);
    let (is_pm, hour12) = t.hour12();
    let month = t.month0() as usize;
    match lang {
        Lang::En => format!(
            "{} {} {}, {}:{:02} {}",
            t.day(),
            EN_MONTHS[month],
            t.year(),
            hour12,
            t.minute(),
            if is_pm { "PM" } else { "AM" }
        ),
        Lang::Bn => bangla_digits(&format!(
            "{} {} {}, {} {}:{:02}",
            t.day(),
            BN_MONTHS[month],
            t.year(),
            bangla_day_period(t.hour()),
            hour12,
            t.minute()
        )),
    }
}

/// A date alone: `3 July 2025` or `৩ জুলাই ২০২৫`.
pub fn format_date(lang: Lang, ts: Timestamp, offset_minutes: i32) -> String {
    let t = local_time(ts, offset_minutes);
    let month = t.month0() as usize;
    match lang {
        Lang::En => format!("{} {} {}", t.day(), EN_MONTHS[month], t.year()),
        Lang::Bn => bangla_digits(&format!("{} {} {}", t.day(), BN_MONTHS[month], t.year())),
    }
}

/// RFC 3339 in the newsroom's offset, for `<time datetime>` and the API.
pub fn rfc3339(ts: Timestamp, offset_minutes: i32) -> String {
    local_time(ts, offset_minutes).to_rfc3339()
}

#[cfg(test)]
mod tests {
    use super::*;

    // 2025-07-03T12:30:00Z is 6:30 PM in Dhaka.
    const SEED_TIME: Timestamp = 1_751_545_800;

    #[test]
    fn english_dates_read_like_the_seed_page() {
        assert_eq!(format_datetime(Lang::En, SEED_TIME, 360), "3 July 2025, 6:30 PM");
        assert_eq!(rfc3339(SEED_TIME, 360), "2025-07-03T18:30:00+06:00");
    }

    #[test]
    fn bangla_dates_use_bangla_digits_months_and_day_periods() {
        assert_eq!(format_datetime(Lang::Bn, SEED_TIME, 360), "৩ জুলাই ২০২৫, সন্ধ্যা ৬:৩০");
        assert_eq!(format_date(Lang::Bn, SEED_TIME + 86_400 * 150, 360), "৩০ নভেম্বর ২০২৫");
    }

    #[test]
    fn bangla_digits_leave_other_characters_alone() {
        assert_eq!(bangla_digits("2026-11, 9:05"), "২০২৬-১১, ৯:০৫");
        assert_eq!(format_number(Lang::Bn, 1250), "১২৫০");
        assert_eq!(format_number(Lang::En, 1250), "1250");
    }

    #[test]
    fn midnight_and_noon_are_twelve() {
        let midnight_dhaka = 1_751_479_200; // 2025-07-03T00:00:00+06:00
        assert_eq!(format_datetime(Lang::En, midnight_dhaka, 360), "3 July 2025, 12:00 AM");
        assert_eq!(format_datetime(Lang::Bn, midnight_dhaka + 12 * 3600, 360), "৩ জুলাই ২০২৫, দুপুর ১২:০০");
    }
}
