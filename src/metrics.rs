//! `/metrics` in the Prometheus text format: requests by route and status, latency histograms,
//! the page cache's hits and size, views counted, buffered and written, and the database pool.
//!
//! Each app has its own recorder ([`Metrics`], in the state), never the process-wide one;
//! gauges are read from the node's state when scraped (`ops`).

use std::time::Instant;

use axum::extract::{MatchedPath, Request};
use axum::middleware::Next;
use axum::response::Response;
use metrics::{Counter, Histogram, counter, gauge, histogram, with_local_recorder};
use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusRecorder};

/// Latency buckets in seconds: from a cache hit to a slow render.
const BUCKETS: &[f64] = &[0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5];

/// The counters of one node (one app): each app has its own recorder, so that two apps in one
/// process (the test suite's) never mix their figures.
pub struct Metrics {
    recorder: PrometheusRecorder,
    /// Views counted (once per visitor and article per half hour).
    pub views_counted: Counter,
    /// Views written to the database.
    pub views_flushed: Counter,
    /// Requests answered 503 because the node was at its limit.
    pub shed: Counter,
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

impl Metrics {
    /// A recorder with the latency buckets, and the node's fixed counters.
    pub fn new() -> Self {
        let builder = PrometheusBuilder::new();
        let builder = builder.set_buckets(BUCKETS).unwrap_or_else(|_| PrometheusBuilder::new());
        let recorder = builder.build_recorder();
        let (views_counted, views_flushed, shed) = with_local_recorder(&recorder, || {
            (counter!("views_counted_total"), counter!("views_flushed_total"), counter!("http_requests_shed_total"))
        });
        Self { recorder, views_counted, views_flushed, shed }
    }

    /// Counts a request and its latency.
    pub fn record(&self, route: &str, status: u16, started: Instant) {
        let route = route.to_owned();
        with_local_recorder(&self.recorder, || {
            counter!("http_requests_total", "route" => route.clone(), "status" => status.to_string()).increment(1);
            histogram!("http_request_duration_seconds", "route" => route).record(started.elapsed().as_secs_f64());
        });
    }

    /// Ready-made handles for a cached page's route.
    pub fn route(&self, route: &str) -> RouteMetrics {
        let route = route.to_owned();
        with_local_recorder(&self.recorder, || RouteMetrics {
            ok: counter!("http_requests_total", "route" => route.clone(), "status" => "200"),
            not_modified: counter!("http_requests_total", "route" => route.clone(), "status" => "304"),
            latency: histogram!("http_request_duration_seconds", "route" => route),
        })
    }

    /// Sets a gauge read when `/metrics` is scraped.
    pub fn set_gauge(&self, name: &'static str, value: f64) {
        with_local_recorder(&self.recorder, || gauge!(name).set(value));
    }

    /// Everything in the Prometheus text format.
    pub fn render(&self) -> String {
        self.recorder.handle().render()
    }

    /// Drains latency samples into their histograms; run every few seconds so that memory stays
    /// flat between scrapes.
    pub fn upkeep(&self) {
        self.recorder.handle().run_upkeep();
    }
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

/// Ready-made handles for a cached page's route, so that a hit costs two atomic updates.
pub struct RouteMetrics {
    ok: Counter,
    not_modified: Counter,
    latency: Histogram,
}

impl RouteMetrics {
    /// Counts one answer from the cache.
    pub fn record(&self, status: u16, started: Instant) {
        match status {
            304 => self.not_modified.increment(1),
            _ => self.ok.increment(1),
        }
        self.latency.record(started.elapsed().as_secs_f64());
    }
}
