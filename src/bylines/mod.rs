//! Bylines: who a story is credited to. Every staff account that writes has its own byline,
//! made with the account and edited by its owner; editors keep desks ("VB Desk"), guest
//! contributors and wire agencies (AFP, BSS), retire bylines and merge two into one. Readers
//! see them as author pages (`articles::pages::byline`) and in `GET /api/v1/bylines`.
//!
//! The newsroom's routes (API and pages) are registered in the permission table,
//! `newsroom::routes()`; this router holds what anyone may read.

pub mod actions;
pub mod api;
pub mod db;
pub mod model;
pub mod pages;

use utoipa_axum::routes;

use crate::routes::Routes;
use crate::state::AppState;

/// Routes of this feature.
pub fn router() -> Routes<AppState> {
    Routes::new().api(routes!(api::public))
}
