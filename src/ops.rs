//! Operations endpoints: `/healthz` for load balancers and monitors, `/metrics` for Prometheus.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::Serialize;

use crate::app::AppState;

/// Routes of this feature.
pub fn router() -> Router<AppState> {
    Router::new().route("/healthz", get(healthz)).route("/metrics", get(crate::metrics::scrape))
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
