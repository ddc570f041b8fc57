//! Operations endpoints: `/healthz` for load balancers and monitors, `/metrics` for Prometheus.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Serialize;

use crate::routes::Routes;
use crate::state::AppState;

/// Routes of this feature.
pub fn router() -> Routes<AppState> {
    Routes::new().route("/healthz", get(healthz)).route("/metrics", get(scrape))
}

#[derive(Serialize)]
struct Health {
    status: &'static str,
    database: DatabaseHealth,
}

#[derive(Serialize)]
struct DatabaseHealth {
    engine: &'static str,
    reachable: bool,
    writable: bool,
}

/// 200 `{"status":"ok"}` when the database answers and takes writes; 503 `{"status":"degraded"}`
/// when it does not (unreachable, or locked by another process), which takes a while, as long
/// as the database's own wait.
async fn healthz(State(state): State<AppState>) -> Response {
    let health = state.db.health().await;
    let ok = health.reachable && health.writable;
    let status = if ok { StatusCode::OK } else { StatusCode::SERVICE_UNAVAILABLE };
    let body = Health {
        status: if ok { "ok" } else { "degraded" },
        database: DatabaseHealth {
            engine: state.db.engine.name(),
            reachable: health.reachable,
            writable: health.writable,
        },
    };
    (status, Json(body)).into_response()
}

/// `GET /metrics`: this node's counters, with the gauges read now.
pub async fn scrape(State(state): State<AppState>) -> Response {
    let pages = &state.pages;
    let metrics = &state.metrics;
    metrics.set_gauge("page_cache_bytes", pages.weighted_size() as f64);
    metrics.set_gauge("page_cache_entries", pages.entry_count() as f64);
    metrics.set_gauge("page_cache_hit_ratio", pages.hit_ratio());
    metrics.set_gauge("views_buffered", state.views.pending_total() as f64);
    metrics.set_gauge("views_refused_total", state.views.refused.load(std::sync::atomic::Ordering::Relaxed) as f64);
    metrics.set_gauge("db_pool_connections", f64::from(state.db.pool.size()));
    metrics.set_gauge("db_pool_idle_connections", state.db.pool.num_idle() as f64);
    let content_type = axum::http::HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8");
    ([(axum::http::header::CONTENT_TYPE, content_type)], metrics.render()).into_response()
}
