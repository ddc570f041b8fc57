//! The front of the paper: the lead and top stories editors choose for each edition's home page
//! and each section front, and the breaking-news banner of each edition.
//!
//! Both live in the database, are changed by editors and admins only (`Action::CurateFront`),
//! are recorded (who, when, what), and reach readers through `AppState::changed`, which drops the
//! kept pages they touch on every node. A front's version makes a save on a stale copy fail
//! (409). The banner is part of every page of its edition: it is kept with the site settings
//! (`editions::site`) so that pages stay cached, and a per-node clock drops them when it ends.

pub mod api;
pub mod db;
pub mod model;
pub mod pages;

use utoipa_axum::routes;

use crate::articles::db::{SectionRow, SummaryRow, in_section, latest, section_by_slug};
use crate::cache::Invalidation;
use crate::editions::Lang;
use crate::error::AppError;
use crate::newsroom::auth::Staff;
use crate::newsroom::i18n::{fill, number, tr};
use crate::newsroom::policy::{Action, Ownership};
use crate::routes::Routes;
use crate::state::AppState;
use model::{Banner, Placement};

/// The public routes of this feature (the newsroom's are in the permission table).
pub fn router() -> Routes<AppState> {
    Routes::new().api(routes!(api::home_front)).api(routes!(api::section_front)).api(routes!(api::breaking))
}

/// The section named by `slug` in `lang`, or a 404 naming it.
pub async fn section(state: &AppState, lang: Lang, slug: &str) -> Result<SectionRow, AppError> {
    section_by_slug(&state.db, lang, slug)
        .await?
        .ok_or_else(|| AppError::not_found(format!("There is no section “{slug}” in the {} edition.", lang.code())))
}

/// The top of a front as readers see it.
#[derive(Debug, Default)]
pub struct Shown {
    /// The editors' lead, else the newest story that is not among the top stories.
    pub lead: Option<SummaryRow>,
    /// Whether editors chose the lead.
    pub lead_chosen: bool,
    /// The top stories editors placed, published ones only, in order.
    pub top: Vec<SummaryRow>,
}

impl Shown {
    /// Ids of the stories shown, for the lists below to leave out.
    pub fn ids(&self) -> Vec<i64> {
        self.lead.iter().chain(&self.top).map(|r| r.id).collect()
    }
}

/// The top of a front (the home page when `section` is `None`) as readers see it now.
pub async fn shown(state: &AppState, lang: Lang, section: Option<&SectionRow>) -> Result<Shown, AppError> {
    let chosen = db::stories(&state.db, lang, section.map_or(0, |s| s.id)).await?;
    let lead_chosen = chosen.lead.is_some();
    let lead = match chosen.lead {
        Some(lead) => Some(lead),
        None => {
            let top = chosen.ids();
            let limit = top.len() as i64 + 1;
            let newest = match section {
                Some(s) => in_section(&state.db, s.id, None, limit).await?,
                None => latest(&state.db, lang, None, limit).await?,
            };
            newest.into_iter().find(|r| !top.contains(&r.id))
        }
    };
    Ok(Shown { lead, lead_chosen, top: chosen.top })
}

/// Places stories on a front (the home page when `section` is `None`) if `version` is current;
/// returns the new version. Every placed story must be a published story of the edition (and
/// of the section, on a section front): the first that is not is named in a 422. Refusals are
/// worded in `speaks`, the language of whoever asked (English for the API).
pub async fn place(
    state: &AppState,
    staff: &Staff,
    (lang, speaks): (Lang, Lang),
    section: Option<&SectionRow>,
    placement: Placement,
    version: i64,
) -> Result<i64, AppError> {
    staff.authorize(Action::CurateFront, Ownership::NotApplicable)?;
    let section_id = section.map_or(0, |s| s.id);
    for (id, problem) in db::check_placeable(&state.db, lang, section_id, &placement.ids()).await? {
        if let Some(problem) = problem {
            let text = tr(speaks, "Story {id} cannot be placed on this front: {problem}.");
            let (id, problem) = (number(speaks, id), tr(speaks, problem));
            return Err(AppError::Unprocessable(fill(text, &[("id", &id), ("problem", problem)])));
        }
    }
    let saved = db::save(&state.db, lang, section_id, &placement, version, staff.id, state.clock.now()).await;
    match saved {
        Ok(version) => {
            state.changed(Invalidation::Edition(lang)).await;
            Ok(version)
        }
        Err(db::SaveError::Stale { current }) => Err(AppError::Conflict(fill(
            tr(
                speaks,
                "This front was changed by someone else since you opened it (it is now at version {current}, \
                 you sent {version}). Reload it and make your change again.",
            ),
            &[("current", &number(speaks, current)), ("version", &number(speaks, version))],
        ))),
        Err(db::SaveError::Db(err)) => Err(err.into()),
    }
}

/// Puts up (or replaces) an edition's breaking-news banner.
pub async fn put_up(state: &AppState, staff: &Staff, lang: Lang, banner: &Banner) -> Result<(), AppError> {
    staff.authorize(Action::CurateFront, Ownership::NotApplicable)?;
    db::set_banner(&state.db, lang, banner, staff.id, state.clock.now()).await?;
    // The banner is kept with the site settings, which every node reloads on this change.
    state.changed(Invalidation::Site).await;
    Ok(())
}

/// Takes an edition's banner down; returns whether one was up.
pub async fn take_down(state: &AppState, staff: &Staff, lang: Lang) -> Result<bool, AppError> {
    staff.authorize(Action::CurateFront, Ownership::NotApplicable)?;
    let removed = db::remove_banner(&state.db, lang, staff.id, state.clock.now()).await?;
    if removed {
        state.changed(Invalidation::Site).await;
    }
    Ok(removed)
}
