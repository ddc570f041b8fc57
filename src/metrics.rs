//! `/metrics` in the Prometheus text format: requests by route and status, latency histograms,
//! the page cache's hits and size, views counted, buffered and written, and the database pool.
//!
//! One recorder serves the whole process (the `metrics` facade is process-wide); gauges are read
//! from the node's state when scraped.

use std::sync::OnceLock;
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use metrics::{Counter, Histogram, counter, gauge, histogram};
use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};

use crate::app::AppState;

/// Latency buckets in seconds: from a cache hit to a slow render.
const BUCKETS: &[f64] = &[0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5];

/// The process's recorder, installed on first use.
pub fn handle() -> &'static PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE.get_or_init(|| {
        let builder = PrometheusBuilder::new();
        let builder = builder.set_buckets(BUCKETS).unwrap_or_else(|_| PrometheusBuilder::new());
        let recorder = builder.build_recorder();
        let handle = recorder.handle();
        if metrics::set_global_recorder(recorder).is_err() {
            tracing::warn!("another metrics recorder is installed; /metrics will be empty");
        }
        handle
    })
}

/// The route pattern a response came from, for labels.
#[derive(Clone)]
pub struct RouteName(pub std::sync::Arc<str>);

/// Tags responses with their route pattern (`/{lang}/news/{id}/{slug}`), not the path, so that
/// labels stay few.
pub async fn tag_route(request: Request, next: Next) -> Response {
    let route = request.extensions().get::<MatchedPath>().map(|m| RouteName(m.as_str().into()));
    let mut response = next.run(request).await;
    if let Some(route) = route {
        response.extensions_mut().insert(route);
    }
    response
}

/// Counts a request and its latency.
pub fn record(route: &str, status: u16, started: Instant) {
    let route = route.to_owned();
    counter!("http_requests_total", "route" => route.clone(), "status" => status.to_string()).increment(1);
    histogram!("http_request_duration_seconds", "route" => route).record(started.elapsed().as_secs_f64());
}

/// Ready-made handles for a cached page's route, so that a hit costs two atomic updates.
pub struct RouteMetrics {
    ok: Counter,
    not_modified: Counter,
    latency: Histogram,
}

impl RouteMetrics {
    /// Handles for `route`.
    pub fn new(route: &str) -> Self {
        let route = route.to_owned();
        Self {
            ok: counter!("http_requests_total", "route" => route.clone(), "status" => "200"),
            not_modified: counter!("http_requests_total", "route" => route.clone(), "status" => "304"),
            latency: histogram!("http_request_duration_seconds", "route" => route),
        }
    }

    /// Counts one answer from the cache.
    pub fn record(&self, status: u16, started: Instant) {
        match status {
            304 => self.not_modified.increment(1),
            _ => self.ok.increment(1),
        }
        self.latency.record(started.elapsed().as_secs_f64());
    }
}

/// Drains latency samples into their histograms; run every few seconds so that memory stays
/// flat between scrapes.
pub fn upkeep() {
    handle().run_upkeep();
}

/// `GET /metrics`.
pub async fn scrape(State(state): State<AppState>) -> Response {
    let pages = &state.pages;
    gauge!("page_cache_bytes").set(pages.weighted_size() as f64);
    gauge!("page_cache_entries").set(pages.entry_count() as f64);
    gauge!("page_cache_hit_ratio").set(pages.hit_ratio());
    gauge!("views_buffered").set(state.views.pending_total() as f64);
    gauge!("views_refused_total").set(state.views.refused.load(std::sync::atomic::Ordering::Relaxed) as f64);
    gauge!("db_pool_connections").set(f64::from(state.db.pool.size()));
    gauge!("db_pool_idle_connections").set(state.db.pool.num_idle() as f64);
    let body = handle().render();
    ([(header::CONTENT_TYPE, HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"))], body)
        .into_response()
}
