//! The site's own pages: Editor's note, Editorial policy, About us, Privacy, Contact,
//! Advertise… Written per edition in the newsroom (same Markdown, preview, revisions and
//! version check as stories; no byline, comments or section), served at `/{lang}/{slug}`,
//! listed in their edition's footer in the order admins set, in the sitemap, and linked to
//! their translation. Not stories: they stay out of lists, feeds, trending and search.
//!
//! The newsroom's routes (API and pages) are registered in the permission table,
//! `newsroom::routes()`; this router holds what readers reach.

pub mod actions;
pub mod api;
pub mod db;
pub mod model;
pub mod newsroom;
pub mod pages;

use axum::routing::get;
use utoipa_axum::routes;

use crate::routes::Routes;
use crate::state::AppState;

/// Routes of this feature. The page's pattern takes what no other route under `/{lang}/`
/// names: the router prefers a fixed segment (`search`, `trending-views`…) to a parameter.
pub fn router() -> Routes<AppState> {
    Routes::new().public("/{lang}/{slug}", &[], get(pages::page)).api(routes!(api::public))
}
