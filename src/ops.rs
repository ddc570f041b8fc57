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
}

/// 200 `{"status":"ok"}` when the database answers; 503 `{"status":"degraded"}` when not.
async fn healthz(State(state): State<AppState>) -> Response {
    let reachable = state.db.ping().await;
    let status = if reachable { StatusCode::OK } else { StatusCode::SERVICE_UNAVAILABLE };
    let body = Health {
        status: if reachable { "ok" } else { "degraded" },
        database: DatabaseHealth { engine: state.db.engine.name(), reachable },
    };
    (status, Json(body)).into_response()
}
