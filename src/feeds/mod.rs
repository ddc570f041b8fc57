//! How the news leaves the site: RSS feeds for every edition, section, topic and author, the
//! sitemaps (an index, paged article files, a Google News sitemap) and robots.txt.

pub mod db;
pub mod model;
pub mod pages;

use axum::Router;
use axum::routing::get;

use crate::app::AppState;

/// Routes of this feature.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/{lang}/feed.xml", get(pages::edition_feed))
        .route("/{lang}/category/{slug}/feed.xml", get(pages::section_feed))
        .route("/{lang}/topic/{slug}/feed.xml", get(pages::topic_feed))
        .route("/{lang}/authors/{slug}/feed.xml", get(pages::byline_feed))
        .route("/sitemap.xml", get(pages::sitemap_index))
        .route("/sitemaps/pages.xml", get(pages::sitemap_pages))
        .route("/sitemaps/{file}", get(pages::sitemap_articles))
        .route("/news-sitemap.xml", get(pages::news_sitemap))
        .route("/robots.txt", get(pages::robots))
}
