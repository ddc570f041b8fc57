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
use axum::http::{HeaderMap, HeaderValue, Method, header};
use axum::routing::get;

use crate::app::AppState;
use crate::articles::model::{article_path, section_path};
use crate::clock::Timestamp;
use crate::editions::Lang;
use crate::web::{client_ip, cookie, persistent_cookie};

/// How many stories the trending lists hold.
pub const LIST_LEN: i64 = 10;

/// Routes of this feature.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/{lang}/trending-views", get(pages::trending_page))
        .route("/api/v1/trending", get(api::list))
        .route("/api/v1/articles/{id}/views", axum::routing::post(api::beacon))
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

    /// Reloads both lists from the database; returns the editions whose list changed as
    /// readers see it (stories, order, titles), which the page cache must follow.
    pub async fn reload(&self, db: &crate::db::Db, now: Timestamp) -> sqlx::Result<Vec<Lang>> {
        let mut changed = Vec::new();
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
            let items: Vec<TrendingItem> = items;
            let mut lists = self.lists.write().unwrap_or_else(|e| e.into_inner());
            let old = &lists[lang as usize];
            let seen =
                |i: &TrendingItem| (i.id, i.title.clone(), i.path.clone(), i.section_name.clone(), i.published_at);
            if old.len() != items.len() || old.iter().zip(&items).any(|(a, b)| seen(a) != seen(b)) {
                changed.push(lang);
            }
            lists[lang as usize] = Arc::new(items);
        }
        Ok(changed)
    }
}

/// Counts a reader's view of an article (not a bot's, a prefetch's or a HEAD request's);
/// returns the `Set-Cookie` that gives a new visitor the cookie keeping their views counted once.
pub fn count_view(
    state: &AppState,
    article_id: i64,
    peer: std::net::SocketAddr,
    method: &Method,
    headers: &HeaderMap,
) -> Option<HeaderValue> {
    let user_agent = headers.get(header::USER_AGENT).and_then(|v| v.to_str().ok()).unwrap_or("");
    let prefetch = headers.get("sec-purpose").or_else(|| headers.get("purpose")).is_some();
    if method != Method::GET || prefetch || model::is_bot(user_agent) {
        return None;
    }
    let address = client_ip(headers, peer, &state.config.trusted_proxies);
    let visitor = state.views.visitor(cookie(headers, model::VISITOR_COOKIE), &address, user_agent);
    if state.views.record(visitor.key, state.views.address_key(&address), article_id, state.clock.now()) {
        metrics::counter!("views_counted_total").increment(1);
    }
    visitor.set_cookie.then(|| {
        let secure = state.config.base_url.starts_with("https://");
        persistent_cookie(model::VISITOR_COOKIE, &visitor.cookie_value(), secure)
    })
}

/// Writes pending views and reloads the lists; on a failed write the views are kept for the
/// next attempt.
pub async fn flush(state: &AppState) {
    let _writing = state.views.writing.lock().await;
    let now = state.clock.now();
    let pending = state.views.take_pending(now);
    if !pending.is_empty() {
        let total: u64 = pending.values().sum();
        if let Err(err) = db::apply_views(&state.db, &pending, now).await {
            tracing::warn!(error = %err, articles = pending.len(), "could not write page views; keeping them");
            state.views.restore(pending);
            return;
        }
        metrics::counter!("views_flushed_total").increment(total);
    }
    reload_lists(state).await;
}

/// Reloads the trending lists; pages of an edition whose list changed are rendered again.
/// Every node reloads its own lists, so the change stays on this node.
pub async fn reload_lists(state: &AppState) {
    match state.trending.reload(&state.db, state.clock.now()).await {
        Ok(changed) => {
            for lang in changed {
                state.pages.apply(&crate::cache::Invalidation::Edition(lang));
            }
        }
        Err(err) => tracing::warn!(error = %err, "could not reload trending lists"),
    }
}
