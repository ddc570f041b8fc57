//! Notifications in the newsroom: a story submitted (to editors), returned, scheduled,
//! published or corrected (to its reporter), comments waiting (to moderators). Each is a row
//! for the newsroom's list and unread count and, for those who take mail, a message in the
//! durable mail queue, both written in the transaction of the change that causes them.
//!
//! The routes are in the newsroom's permission table (`newsroom::routes`), as
//! [`ReadNotifications`](crate::newsroom::policy::Action::ReadNotifications).

pub mod api;
pub mod db;
pub mod model;
pub mod pages;

use crate::state::AppState;
pub use db::{Audience, Event, Letterhead};

/// The letterhead of this site's notification mail.
pub fn letterhead(state: &AppState) -> Letterhead {
    let site = state.site.get();
    Letterhead {
        site_name: site.name(crate::editions::Lang::En).to_owned(),
        site_name_bn: site.name(crate::editions::Lang::Bn).to_owned(),
        default_lang: state.default_edition(),
        base_url: state.config.base_url.clone(),
        utc_offset_minutes: state.config.utc_offset_minutes,
    }
}

/// The background check for comments waiting too long; logs and carries on when it fails.
pub async fn check_waiting_comments(state: &AppState) {
    if let Err(err) = db::alert_waiting_comments(&state.db, &letterhead(state), state.clock.now()).await {
        tracing::warn!(error = %err, "could not check for comments waiting for moderation");
    }
}
