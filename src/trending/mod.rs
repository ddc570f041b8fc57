//! Trending Views: page views counted in memory, written in batches, ranked with time decay.
//!
//! A view is counted by the article page (see `articles::pages`), at most once per visitor
//! and article per half hour, bots excluded. Every `view_flush_interval` the counts go to the
//! database in one transaction and the per-edition lists are reloaded, so a view shows in the
//! list within one interval. A crash loses at most the views of that interval.

pub mod api;
pub mod db;
pub mod lists;
pub mod model;
pub mod pages;

use axum::http::{HeaderMap, HeaderValue, Method, header};
use axum::routing::get;

pub use lists::{LIST_LEN, TrendingItem};

use utoipa_axum::routes;

use crate::cookies;
use crate::routes::Routes;
use crate::state::AppState;
use crate::web::client_ip;

/// Routes of this feature.
pub fn router() -> Routes<AppState> {
    Routes::new()
        .public("/{lang}/trending-views", &[], get(pages::trending_page))
        .api(routes!(api::list))
        .api(routes!(api::beacon))
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
    let visitor = state.views.visitor(cookies::get(headers, model::VISITOR_COOKIE).as_deref(), &address, user_agent);
    if state.views.record(visitor.key, state.views.address_key(&address), article_id, state.clock.now()) {
        state.metrics.views_counted.increment(1);
    }
    visitor.set_cookie.then(|| {
        cookies::header(&cookies::new(
            model::VISITOR_COOKIE,
            visitor.cookie_value(),
            cookies::A_YEAR_SECS,
            &state.config,
        ))
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
        state.metrics.views_flushed.increment(total);
    }
    state.reload_trending().await;
}
