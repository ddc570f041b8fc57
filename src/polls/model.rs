//! Opinion polls as pure rules: what a valid poll is, who a voter is, how results are counted
//! out, and the words each edition shows them in. No IO.

use crate::clock::Timestamp;
use crate::editions::{Lang, format_number};

/// Fewest options a poll may have.
pub const MIN_OPTIONS: usize = 2;
/// Most options a poll may have.
pub const MAX_OPTIONS: usize = 6;
/// Longest question, in characters.
pub const MAX_QUESTION: usize = 300;
/// Longest option, in characters.
pub const MAX_OPTION: usize = 150;

/// At most this many votes without an account count from one address in one poll per
/// [`ADDRESS_WINDOW_SECS`], however many visitor cookies it presents (as views are capped).
pub const PER_ADDRESS_CAP: i64 = 20;
/// The window of [`PER_ADDRESS_CAP`].
pub const ADDRESS_WINDOW_SECS: i64 = 3600;

/// A bad field of a poll: the field's name as the API spells it, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: &'static str,
    pub message: String,
}

impl FieldError {
    /// An error of `field`.
    pub fn new(field: &'static str, message: impl Into<String>) -> Self {
        Self { field, message: message.into() }
    }
}

impl std::fmt::Display for FieldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

/// A poll's question, options and open times, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PollDraft {
    pub question: String,
    pub options: Vec<String>,
    pub opens_at: Timestamp,
    pub closes_at: Timestamp,
}

impl PollDraft {
    /// Checks what an editor sent. Options left empty at the end (a form's spare fields) are
    /// dropped; an empty one between others is an error.
    pub fn parse(
        question: &str,
        options: &[String],
        opens_at: Timestamp,
        closes_at: Timestamp,
    ) -> Result<Self, FieldError> {
        let question = question.trim();
        if question.is_empty() {
            return Err(FieldError::new("question", "The question is empty."));
        }
        let length = question.chars().count();
        if length > MAX_QUESTION {
            return Err(FieldError::new(
                "question",
                format!("The question may have at most {MAX_QUESTION} characters; it has {length}."),
            ));
        }
        let mut options: Vec<String> = options.iter().map(|o| o.trim().to_owned()).collect();
        while options.last().is_some_and(String::is_empty) {
            options.pop();
        }
        if !(MIN_OPTIONS..=MAX_OPTIONS).contains(&options.len()) {
            return Err(FieldError::new(
                "options",
                format!("A poll needs {MIN_OPTIONS} to {MAX_OPTIONS} options; this one has {}.", options.len()),
            ));
        }
        for (i, option) in options.iter().enumerate() {
            let length = option.chars().count();
            if length == 0 {
                return Err(FieldError::new("options", format!("Option {} is empty.", i + 1)));
            }
            if length > MAX_OPTION {
                return Err(FieldError::new(
                    "options",
                    format!("Option {} may have at most {MAX_OPTION} characters; it has {length}.", i + 1),
                ));
            }
        }
        if closes_at <= opens_at {
            return Err(FieldError::new("closes_at", "The poll must close after it opens."));
        }
        Ok(Self { question: question.to_owned(), options, opens_at, closes_at })
    }
}

/// Where a poll stands at a given time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Not open yet: readers do not see it.
    Upcoming,
    Open,
    Closed,
}

impl Phase {
    /// The phase of a poll open from `opens_at` until `closes_at`, at `now`.
    pub fn at(opens_at: Timestamp, closes_at: Timestamp, now: Timestamp) -> Self {
        if now < opens_at {
            Self::Upcoming
        } else if now < closes_at {
            Self::Open
        } else {
            Self::Closed
        }
    }

    /// The name the newsroom and the API use.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Upcoming => "upcoming",
            Self::Open => "open",
            Self::Closed => "closed",
        }
    }
}

/// Who casts a vote: the key the database keeps one vote per poll for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Voter {
    /// A logged-in reader.
    Account(i64),
    /// Anyone else, by their visitor cookie (`trending::model::VISITOR_COOKIE`), from an address
    /// (hashed) that the per-address cap counts.
    Visitor { key: String, address: String },
}

impl Voter {
    /// The stored key.
    pub fn key(&self) -> String {
        match self {
            Self::Account(id) => format!("user:{id}"),
            Self::Visitor { key, .. } => format!("visitor:{key}"),
        }
    }
}

/// The stored form of a client's address: a hash, so that the table of capped addresses holds
/// no addresses, the same on every node.
pub fn address_hash(address: &str) -> String {
    crate::accounts::model::sha256_hex(&format!("newsdesk poll address {address}"))
}

/// An option's share of `total` votes, in whole percent (0 when nobody has voted).
pub fn percent(votes: i64, total: i64) -> i64 {
    if total <= 0 { 0 } else { (votes * 100 + total / 2) / total }
}

/// Why a vote was not counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// This voter's vote is already counted.
    AlreadyVoted,
    /// Outside the poll's open time.
    Closed,
    /// The per-address cap is reached.
    AddressCap,
    /// A crawler or script.
    Bot,
}

/// The words of polls in one edition.
pub struct Words {
    pub poll: &'static str,
    pub vote: &'static str,
    pub confirm: &'static str,
    pub results: &'static str,
    pub closed: &'static str,
    pub thanks: &'static str,
    pub choose: &'static str,
    /// `{n}` stands for the number of voters.
    pub total: &'static str,
    pub already: &'static str,
    pub not_open: &'static str,
    pub address_cap: &'static str,
    pub bot: &'static str,
    pub unknown_option: &'static str,
}

const EN: Words = Words {
    poll: "Opinion poll",
    vote: "Vote",
    confirm: "Confirm my vote",
    results: "See the results",
    closed: "This poll is closed.",
    thanks: "Thank you: your vote is counted.",
    choose: "Choose one answer, then confirm.",
    total: "{n} people have voted",
    already: "You have already voted in this poll.",
    not_open: "This poll is not open for votes.",
    address_cap: "Enough votes have come from your network in this poll for now.",
    bot: "Votes are taken from readers' browsers only.",
    unknown_option: "Choose one of the poll's answers.",
};

const BN: Words = Words {
    poll: "জনমত জরিপ",
    vote: "ভোট দিন",
    confirm: "ভোট নিশ্চিত করুন",
    results: "ফলাফল দেখুন",
    closed: "এই জরিপ শেষ হয়েছে।",
    thanks: "ধন্যবাদ: আপনার ভোট গোনা হয়েছে।",
    choose: "একটি উত্তর বেছে নিয়ে নিশ্চিত করুন।",
    total: "{n} জন মত দিয়েছেন",
    already: "এই জরিপে আপনি আগেই ভোট দিয়েছেন।",
    not_open: "এই জরিপে এখন ভোট নেওয়া হচ্ছে না।",
    address_cap: "আপনার নেটওয়ার্ক থেকে এই জরিপে আপাতত যথেষ্ট ভোট এসেছে।",
    bot: "ভোট কেবল পাঠকের ব্রাউজার থেকে নেওয়া হয়।",
    unknown_option: "জরিপের একটি উত্তর বেছে নিন।",
};

/// The words of `lang`.
pub fn words(lang: Lang) -> &'static Words {
    match lang {
        Lang::En => &EN,
        Lang::Bn => &BN,
    }
}

/// "N people have voted" in the edition's words and digits.
pub fn total_text(lang: Lang, total: i64) -> String {
    words(lang).total.replace("{n}", &format_number(lang, total))
}

/// Why a vote was refused, in the edition's words.
pub fn refusal_text(lang: Lang, refusal: Refusal) -> &'static str {
    let w = words(lang);
    match refusal {
        Refusal::AlreadyVoted => w.already,
        Refusal::Closed => w.not_open,
        Refusal::AddressCap => w.address_cap,
        Refusal::Bot => w.bot,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn a_poll_needs_a_question_two_to_six_options_and_to_close_after_it_opens() {
        let ok = PollDraft::parse(" Should it? ", &options(&["Yes", " No ", "", ""]), 10, 20).unwrap();
        assert_eq!(ok.question, "Should it?");
        assert_eq!(ok.options, ["Yes", "No"], "spare empty fields at the end are dropped");
        let field = |r: Result<PollDraft, FieldError>| r.unwrap_err().field;
        assert_eq!(field(PollDraft::parse("  ", &options(&["a", "b"]), 1, 2)), "question");
        assert_eq!(field(PollDraft::parse(&"q".repeat(301), &options(&["a", "b"]), 1, 2)), "question");
        assert!(PollDraft::parse(&"প্র".repeat(100), &options(&["a", "b"]), 1, 2).is_ok(), "characters, not bytes");
        assert_eq!(field(PollDraft::parse("q", &options(&["a"]), 1, 2)), "options");
        assert_eq!(field(PollDraft::parse("q", &options(&["a", "b", "c", "d", "e", "f", "g"]), 1, 2)), "options");
        assert_eq!(field(PollDraft::parse("q", &options(&["a", "", "c"]), 1, 2)), "options");
        assert_eq!(field(PollDraft::parse("q", &options(&["a", &"b".repeat(151)]), 1, 2)), "options");
        assert_eq!(field(PollDraft::parse("q", &options(&["a", "b"]), 2, 2)), "closes_at");
        assert_eq!(field(PollDraft::parse("q", &options(&["a", "b"]), 3, 2)), "closes_at");
    }

    #[test]
    fn a_poll_is_open_from_its_opening_until_just_before_its_closing() {
        assert_eq!(Phase::at(10, 20, 9), Phase::Upcoming);
        assert_eq!(Phase::at(10, 20, 10), Phase::Open);
        assert_eq!(Phase::at(10, 20, 19), Phase::Open);
        assert_eq!(Phase::at(10, 20, 20), Phase::Closed);
    }

    #[test]
    fn shares_are_rounded_whole_percents() {
        assert_eq!(percent(0, 0), 0);
        assert_eq!(percent(1, 3), 33);
        assert_eq!(percent(2, 3), 67);
        assert_eq!(percent(5, 5), 100);
    }

    #[test]
    fn totals_are_written_in_the_editions_digits() {
        assert_eq!(total_text(Lang::En, 1234), "1234 people have voted");
        assert_eq!(total_text(Lang::Bn, 1234), "১২৩৪ জন মত দিয়েছেন");
    }

    #[test]
    fn voters_are_keyed_by_account_or_visitor_and_addresses_are_hashed() {
        assert_eq!(Voter::Account(7).key(), "user:7");
        let v = Voter::Visitor { key: "00000000000000d1".into(), address: address_hash("10.0.0.1") };
        assert_eq!(v.key(), "visitor:00000000000000d1");
        assert_eq!(address_hash("10.0.0.1"), address_hash("10.0.0.1"));
        assert!(!address_hash("10.0.0.1").contains("10.0.0.1"));
    }
}
