//! How the news leaves the site: RSS feeds for every edition, section, topic and author, the
//! sitemaps (an index, paged article files, a Google News sitemap) and robots.txt.

pub mod db;
pub mod model;
pub mod pages;

use axum::routing::get;

use crate::routes::Routes;
use crate::state::AppState;

/// Routes of this feature.
pub fn router() -> Routes<AppState> {
    Routes::new()
        .public("/{lang}/feed.xml", &[], get(pages::edition_feed))
        .public("/{lang}/category/{slug}/feed.xml", &[], get(pages::section_feed))
        .public("/{lang}/topic/{slug}/feed.xml", &[], get(pages::topic_feed))
        .public("/{lang}/authors/{slug}/feed.xml", &[], get(pages::byline_feed))
        .public("/sitemap.xml", &[], get(pages::sitemap_index))
        .public("/sitemaps/pages.xml", &[], get(pages::sitemap_pages))
        .public("/sitemaps/{file}", &[], get(pages::sitemap_articles))
        .public("/news-sitemap.xml", &[], get(pages::news_sitemap))
        .public("/robots.txt", &[], get(pages::robots))
}
