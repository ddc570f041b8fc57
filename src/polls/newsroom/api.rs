//! The newsroom's poll API under `/api/v1/newsroom/polls`: list, create, show, change (with a
//! version check) and delete.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

use super::PollInput;
use crate::editions::rfc3339;
use crate::error::{ApiResult, AppError, ErrorBody};
use crate::newsroom::auth::Staff;
use crate::newsroom::policy::{Action, Ownership};
use crate::polls::api::{PollJson, poll_json};
use crate::polls::db::{self, PollRow};
use crate::state::AppState;
use crate::web::PathParams;

/// A poll as the newsroom sees it: with its counts and version.
#[derive(Debug, Serialize, ToSchema)]
pub struct NewsroomPoll {
    #[serde(flatten)]
    pub poll: PollJson,
    /// Send it back with every change; a stale one is refused with 409.
    pub version: i64,
    pub created_at: String,
    pub updated_at: String,
}

/// Polls of both editions, the latest to open first.
#[derive(Debug, Serialize, ToSchema)]
pub struct PollList {
    pub polls: Vec<NewsroomPoll>,
}

async fn poll(state: &AppState, row: &PollRow) -> Result<NewsroomPoll, AppError> {
    let offset = state.config.utc_offset_minutes;
    Ok(NewsroomPoll {
        poll: poll_json(state, row).await?,
        version: row.version,
        created_at: rfc3339(row.created_at, offset),
        updated_at: rfc3339(row.updated_at, offset),
    })
}

/// Every poll (the latest 200), whatever its phase.
#[utoipa::path(get, path = "/api/v1/newsroom/polls", tag = "newsroom",
    responses((status = 200, body = PollList), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn list(State(state): State<AppState>, staff: Staff) -> ApiResult<Json<PollList>> {
    staff.authorize(Action::CurateFront, Ownership::NotApplicable)?;
    let mut polls = Vec::new();
    for row in db::list(&state.db, 200).await? {
        polls.push(poll(&state, &row).await?);
    }
    Ok(Json(PollList { polls }))
}

/// Creates a poll; it shows on its edition's home page while it is the newest open one.
#[utoipa::path(post, path = "/api/v1/newsroom/polls", tag = "newsroom", request_body = PollInput,
    responses((status = 201, body = NewsroomPoll), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn create(State(state): State<AppState>, staff: Staff, Json(input): Json<PollInput>) -> ApiResult<Response> {
    let row = super::create(&state, &staff, &input).await?;
    Ok((StatusCode::CREATED, Json(poll(&state, &row).await?)).into_response())
}

/// One poll with its counts and version.
#[utoipa::path(get, path = "/api/v1/newsroom/polls/{id}", tag = "newsroom", params(("id" = i64, Path)),
    responses((status = 200, body = NewsroomPoll), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn show(
    State(state): State<AppState>,
    staff: Staff,
    PathParams(id): PathParams<i64>,
) -> ApiResult<Json<NewsroomPoll>> {
    staff.authorize(Action::CurateFront, Ownership::NotApplicable)?;
    let row = super::load(&state, id).await?;
    Ok(Json(poll(&state, &row).await?))
}

/// Changes a poll; `version` is required and a stale one is refused with 409. To close a poll
/// now, set `closes_at` to now.
#[utoipa::path(patch, path = "/api/v1/newsroom/polls/{id}", tag = "newsroom", params(("id" = i64, Path)),
    request_body = PollInput,
    responses((status = 200, body = NewsroomPoll), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update(
    State(state): State<AppState>,
    staff: Staff,
    PathParams(id): PathParams<i64>,
    Json(input): Json<PollInput>,
) -> ApiResult<Json<NewsroomPoll>> {
    let row = super::update(&state, &staff, id, &input).await?;
    Ok(Json(poll(&state, &row).await?))
}

/// Deletes a poll and its votes.
#[utoipa::path(delete, path = "/api/v1/newsroom/polls/{id}", tag = "newsroom", params(("id" = i64, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn delete(
    State(state): State<AppState>,
    staff: Staff,
    PathParams(id): PathParams<i64>,
) -> ApiResult<StatusCode> {
    super::delete(&state, &staff, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
