//! Trending Views: page views counted in memory, written in batches, ranked with time decay.
//!
//! A view is counted by the article page (see `articles::pages`), at most once per visitor
//! and article per half hour, bots excluded. Every `view_flush_interval` the counts go to the
//! database in one transaction and the per-edition lists are reloaded, so a view shows in the
//! list within one interval. A crash loses at most the views of that interval.

pub mod api;
pub mod db;
pub mod model;
pub mod pages;

use std::sync::{Arc, RwLock};

use axum::Router;
use axum::routing::get;

use crate::app::AppState;
use crate::articles::model::{article_path, section_path};
use crate::clock::Timestamp;
use crate::editions::Lang;

/// How many stories the trending lists hold.
pub const LIST_LEN: i64 = 10;

/// Routes of this feature.
pub fn router() -> Router<AppState> {
    Router::new().route("/{lang}/trending-views", get(pages::trending_page)).route("/api/v1/trending", get(api::list))
}

/// One story in the Trending Views list.
#[derive(Debug, Clone)]
pub struct TrendingItem {
    pub id: i64,
    pub lang: Lang,
    pub title: String,
    pub path: String,
    pub section_name: String,
    pub section_path: String,
    pub published_at: Timestamp,
    /// The decayed view score at the time the list was loaded.
    pub score: f64,
    pub view_count: i64,
}

/// The current lists of both editions, shared by every page.
#[derive(Default)]
pub struct TrendingLists {
    lists: RwLock<[Arc<Vec<TrendingItem>>; 2]>,
}

impl TrendingLists {
    /// The list of one edition.
    pub fn get(&self, lang: Lang) -> Arc<Vec<TrendingItem>> {
        let lists = self.lists.read().unwrap_or_else(|e| e.into_inner());
        lists[lang as usize].clone()
    }

    /// Reloads both lists from the database.
    pub async fn reload(&self, db: &crate::db::Db, now: Timestamp) -> sqlx::Result<()> {
        for lang in Lang::ALL {
            let rows = db::top(db, lang, now, LIST_LEN).await?;
            let items = rows
                .into_iter()
                .map(|r| TrendingItem {
                    id: r.id,
                    lang,
                    path: article_path(lang, r.id, &r.slug),
                    section_path: section_path(lang, &r.section_slug),
                    title: r.title,
                    section_name: r.section_name,
                    published_at: r.published_at,
                    score: model::decay(r.trend_score, r.trend_at, now),
                    view_count: r.view_count,
                })
                .collect();
            let mut lists = self.lists.write().unwrap_or_else(|e| e.into_inner());
            lists[lang as usize] = Arc::new(items);
        }
        Ok(())
    }
}

/// Writes pending views and reloads the lists; on a failed write the views are kept for the
/// next attempt.
pub async fn flush(state: &AppState) {
    let now = state.clock.now();
    let pending = state.views.take_pending(now);
    if !pending.is_empty()
        && let Err(err) = db::apply_views(&state.db, &pending, now).await
    {
        tracing::warn!(error = %err, articles = pending.len(), "could not write page views; keeping them");
        state.views.restore(pending);
        return;
    }
    if let Err(err) = state.trending.reload(&state.db, now).await {
        tracing::warn!(error = %err, "could not reload trending lists");
    }
}
