//! Articles as readers see them: the article page, section fronts, topic and author pages,
//! and the read API.

pub mod api;
pub mod db;
pub mod model;
pub mod pages;
pub mod rich;

use axum::Router;
use axum::routing::get;

use crate::app::AppState;

/// Routes of this feature.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/{lang}/news/{id}", get(pages::article_without_slug))
        .route("/{lang}/news/{id}/", get(pages::article_without_slug))
        .route("/{lang}/news/{id}/{slug}", get(pages::article))
        .route("/{lang}/category/{slug}", get(pages::section))
        .route("/{lang}/topic/{slug}", get(pages::topic))
        .route("/{lang}/authors/{slug}", get(pages::byline))
        .route("/api/v1/articles", get(api::list))
        .route("/api/v1/articles/{id}", get(api::show))
        .route("/api/v1/sections", get(api::sections))
}
