//! The date line of every page's header, as Bangladeshi papers print it: the weekday and the
//! Gregorian date, and on the Bangla edition also the Bangla calendar date (বঙ্গাব্দ).
//!
//! The Bangla calendar is Bangladesh's revised one, in force since 1 Boishakh 1426 (14 April
//! 2019): the year begins on 14 April; Boishakh to Ashwin have 31 days, Kartik to Magh and
//! Chaitra 30, and Falgun 29, or 30 when it falls in a Gregorian leap year. Dates before 1426
//! are computed by the same rule.

use chrono::{Datelike, NaiveDate, Weekday};

use super::model::{BN_MONTHS, EN_MONTHS, Lang, bangla_digits};

/// The months of the Bangla calendar, from Boishakh.
const BANGLA_MONTHS: [&str; 12] =
    ["বৈশাখ", "জ্যৈষ্ঠ", "আষাঢ়", "শ্রাবণ", "ভাদ্র", "আশ্বিন", "কার্তিক", "অগ্রহায়ণ", "পৌষ", "মাঘ", "ফাল্গুন", "চৈত্র"];

/// A date of the Bangla calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BanglaDate {
    /// The year of the Bangla era (বঙ্গাব্দ).
    pub year: i32,
    /// 1 (Boishakh) to 12 (Chaitra).
    pub month: u32,
    pub day: u32,
}

impl BanglaDate {
    /// The Bangla date of a Gregorian date.
    pub fn from_gregorian(date: NaiveDate) -> Self {
        let new_year = |year: i32| NaiveDate::from_ymd_opt(year, 4, 14).unwrap_or(NaiveDate::MIN);
        let start_year = if date >= new_year(date.year()) { date.year() } else { date.year() - 1 };
        let mut days = (date - new_year(start_year)).num_days();
        // Falgun falls in February of the next Gregorian year.
        let falgun = if is_leap(start_year + 1) { 30 } else { 29 };
        let lengths = [31, 31, 31, 31, 31, 31, 30, 30, 30, 30, falgun, 30];
        let mut month = 0;
        while month < 11 && days >= lengths[month] {
            days -= lengths[month];
            month += 1;
        }
        Self { year: start_year - 593, month: month as u32 + 1, day: days as u32 + 1 }
    }

    /// `২০ অগ্রহায়ণ ১৪৩৩`.
    pub fn to_bangla(self) -> String {
        let month = BANGLA_MONTHS[(self.month as usize).saturating_sub(1) % 12];
        bangla_digits(&format!("{} {month} {}", self.day, self.year))
    }
}

fn is_leap(year: i32) -> bool {
    NaiveDate::from_ymd_opt(year, 2, 29).is_some()
}

fn weekday_index(day: Weekday) -> usize {
    day.num_days_from_sunday() as usize
}

const EN_WEEKDAYS: [&str; 7] = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const BN_WEEKDAYS: [&str; 7] = ["রবিবার", "সোমবার", "মঙ্গলবার", "বুধবার", "বৃহস্পতিবার", "শুক্রবার", "শনিবার"];

/// The header's date line for `date` (the newsroom's local date): "Saturday, 5 December 2026",
/// or "শনিবার, ৫ ডিসেম্বর ২০২৬ · ২০ অগ্রহায়ণ ১৪৩৩".
pub fn date_line(lang: Lang, date: NaiveDate) -> String {
    let weekday = weekday_index(date.weekday());
    let month = date.month0() as usize;
    match lang {
        Lang::En => format!("{}, {} {} {}", EN_WEEKDAYS[weekday], date.day(), EN_MONTHS[month], date.year()),
        Lang::Bn => format!(
            "{}, {} · {}",
            BN_WEEKDAYS[weekday],
            bangla_digits(&format!("{} {} {}", date.day(), BN_MONTHS[month], date.year())),
            BanglaDate::from_gregorian(date).to_bangla()
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bangla(y: i32, m: u32, d: u32) -> BanglaDate {
        BanglaDate::from_gregorian(NaiveDate::from_ymd_opt(y, m, d).unwrap())
    }

    #[test]
    fn the_national_days_fall_on_their_published_bangla_dates() {
        // Pohela Boishakh.
        assert_eq!(bangla(2026, 4, 14), BanglaDate { year: 1433, month: 1, day: 1 });
        assert_eq!(bangla(2019, 4, 14), BanglaDate { year: 1426, month: 1, day: 1 });
        // Victory Day is 1 Poush.
        assert_eq!(bangla(2025, 12, 16), BanglaDate { year: 1432, month: 9, day: 1 });
        assert_eq!(bangla(2026, 12, 16), BanglaDate { year: 1433, month: 9, day: 1 });
        // Language Martyrs' Day is 8 Falgun, in leap years too.
        assert_eq!(bangla(2026, 2, 21), BanglaDate { year: 1432, month: 11, day: 8 });
        assert_eq!(bangla(2024, 2, 21), BanglaDate { year: 1430, month: 11, day: 8 });
        // Independence Day is 12 Chaitra.
        assert_eq!(bangla(2026, 3, 26), BanglaDate { year: 1432, month: 12, day: 12 });
        assert_eq!(bangla(2024, 3, 26), BanglaDate { year: 1430, month: 12, day: 12 });
        // Rabindra Jayanti, 25 Boishakh, is 8 May.
        assert_eq!(bangla(2026, 5, 8), BanglaDate { year: 1433, month: 1, day: 25 });
    }

    #[test]
    fn falgun_has_a_thirtieth_day_only_in_a_gregorian_leap_year() {
        // 2024 is a leap year: 29 February is 16 Falgun, and Falgun runs to 14 March.
        assert_eq!(bangla(2024, 2, 29), BanglaDate { year: 1430, month: 11, day: 16 });
        assert_eq!(bangla(2024, 3, 14), BanglaDate { year: 1430, month: 11, day: 30 });
        assert_eq!(bangla(2024, 3, 15), BanglaDate { year: 1430, month: 12, day: 1 });
        // In other years Falgun's 29th is 14 March, so Chaitra begins on 15 March all the same.
        assert_eq!(bangla(2026, 3, 14), BanglaDate { year: 1432, month: 11, day: 29 });
        assert_eq!(bangla(2026, 3, 15), BanglaDate { year: 1432, month: 12, day: 1 });
        // Chaitra always ends on 13 April.
        assert_eq!(bangla(2024, 4, 13), BanglaDate { year: 1430, month: 12, day: 30 });
        assert_eq!(bangla(2026, 4, 13), BanglaDate { year: 1432, month: 12, day: 30 });
    }

    #[test]
    fn every_day_of_a_year_follows_the_one_before() {
        let mut date = NaiveDate::from_ymd_opt(2023, 4, 14).unwrap();
        let mut previous = BanglaDate::from_gregorian(date);
        for _ in 0..(366 * 3) {
            date = date.succ_opt().unwrap();
            let next = BanglaDate::from_gregorian(date);
            let follows = (next.year == previous.year && next.month == previous.month && next.day == previous.day + 1)
                || (next.year == previous.year && next.month == previous.month + 1 && next.day == 1)
                || (next.year == previous.year + 1 && next.month == 1 && next.day == 1 && previous.month == 12);
            assert!(follows, "{previous:?} then {next:?} on {date}");
            previous = next;
        }
    }

    #[test]
    fn the_date_line_reads_as_a_bangladeshi_paper_prints_it() {
        let day = NaiveDate::from_ymd_opt(2026, 12, 5).unwrap();
        assert_eq!(date_line(Lang::En, day), "Saturday, 5 December 2026");
        assert_eq!(date_line(Lang::Bn, day), "শনিবার, ৫ ডিসেম্বর ২০২৬ · ২০ অগ্রহায়ণ ১৪৩৩");
    }
}
