//! Editions (English, Bangla): their languages and interface strings, the site name and
//! sections each shows in its navigation, and the edition home page.

pub mod bijoy;
pub mod calendar;
pub mod db;
pub mod model;
pub mod pages;
pub mod site;

use axum::routing::get;
use chrono::Datelike;

pub use model::{Lang, Ui, bangla_digits, format_date, format_datetime, format_number, rfc3339};

use crate::clock::Timestamp;
use crate::routes::Routes;
use crate::state::AppState;

/// Routes of this feature.
pub fn router() -> Routes<AppState> {
    Routes::new()
        // An imported WordPress site's plain addresses (`/?p=12`) are redirects, never the home
        // page kept under `/`.
        .public("/", &crate::redirects::model::WORDPRESS_QUERY_KEYS, get(pages::default_home))
        .public("/{lang}/", &[], get(pages::home))
        // A redirect to `/{lang}/`: nothing to keep.
        .private("/{lang}", get(pages::home_without_slash))
}

/// The calendar year of `ts` in the newsroom's time zone.
pub fn local_year(ts: Timestamp, offset_minutes: i32) -> i64 {
    i64::from(model::local_time(ts, offset_minutes).year())
}
