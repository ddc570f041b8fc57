//! Articles as readers see them: the article page, section fronts, topic and author pages,
//! and the read API.

pub mod api;
pub mod article;
pub mod db;
pub mod model;
pub mod pages;
pub mod readers;
pub mod rich;

use axum::routing::get;

use utoipa_axum::routes;

use crate::routes::Routes;
use crate::state::AppState;

/// Routes of this feature.
pub fn router() -> Routes<AppState> {
    Routes::new()
        // Redirects to the canonical address: nothing to keep.
        .private("/{lang}/news/{id}", get(article::article_without_slug))
        .private("/{lang}/news/{id}/", get(article::article_without_slug))
        .public("/{lang}/news/{id}/{slug}", &[], get(article::article))
        .public("/{lang}/category/{slug}", &["cursor"], get(pages::section))
        .public("/{lang}/topic/{slug}", &["cursor"], get(pages::topic))
        .public("/{lang}/authors/{slug}", &["cursor"], get(pages::byline))
        .api(routes!(api::list))
        .api(routes!(api::show))
        .api(routes!(api::sections))
}
