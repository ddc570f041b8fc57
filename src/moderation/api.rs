//! The moderation API under `/api/v1/newsroom/…`.

use axum::Json;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::db::{self, Queue};
use crate::comments::model::CommentStatus;
use crate::editions::rfc3339;
use crate::error::{ApiResult, AppError, ErrorBody};
use crate::newsroom::auth::Staff;
use crate::newsroom::policy::{Action, Ownership};
use crate::state::AppState;
use crate::web::PathParams;

/// `?queue=` of the comment list.
#[derive(Debug, Deserialize, IntoParams)]
pub struct QueueParams {
    /// `held` (default), `reported` or `recent`.
    #[param(pattern = "^(held|reported|recent)$")]
    queue: Option<String>,
}

/// A comment awaiting a decision.
#[derive(Debug, Serialize, ToSchema)]
pub struct QueueItem {
    pub id: i64,
    pub article_id: i64,
    pub article_title: String,
    pub author_id: i64,
    pub author: String,
    pub body: String,
    pub status: String,
    pub created_at: String,
    pub open_reports: i64,
}

/// Parses the queue name.
pub fn queue_param(queue: Option<&str>) -> Result<Queue, AppError> {
    match queue {
        None | Some("") => Ok(Queue::Held),
        Some(q) => Queue::parse(q)
            .ok_or_else(|| AppError::bad_request(format!("queue must be held, reported or recent, not {q:?}"))),
    }
}

/// A moderation queue, newest first.
#[utoipa::path(get, path = "/api/v1/newsroom/comments", tag = "newsroom", params(QueueParams),
    responses((status = 200, body = [QueueItem]), (status = 403, body = ErrorBody)))]
pub async fn queue(
    State(state): State<AppState>,
    staff: Staff,
    Query(p): Query<QueueParams>,
) -> ApiResult<Json<Vec<QueueItem>>> {
    staff.authorize(Action::ModerateComments, Ownership::NotApplicable)?;
    let queue = queue_param(p.queue.as_deref())?;
    let offset = state.config.utc_offset_minutes;
    let rows = db::queue(&state.db, queue).await?;
    Ok(Json(
        rows.into_iter()
            .map(|r| QueueItem {
                id: r.id,
                article_id: r.article_id,
                article_title: r.article_title,
                author_id: r.user_id,
                author: r.author,
                body: r.body,
                status: r.status.as_str().into(),
                created_at: rfc3339(r.created_at, offset),
                open_reports: r.reports,
            })
            .collect(),
    ))
}

/// Body of a decision.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DecisionInput {
    /// Kept in the moderation history.
    pub reason: Option<String>,
}

/// The outcome of a decision.
#[derive(Debug, Serialize, ToSchema)]
pub struct DecisionResult {
    pub id: i64,
    pub status: String,
}

/// Applies `decision` (approve, hold, reject, delete) to a comment whose status allows it.
pub async fn apply(
    state: &AppState,
    staff: &Staff,
    id: i64,
    decision: &str,
    reason: &str,
) -> Result<&'static str, AppError> {
    staff.authorize(Action::ModerateComments, Ownership::NotApplicable)?;
    let missing = || AppError::not_found("There is no comment with this id.");
    let decision = super::decision(decision).ok_or_else(missing)?;
    let comment = crate::comments::db::find(&state.db, id)
        .await?
        .filter(|c| c.status != CommentStatus::Deleted)
        .ok_or_else(missing)?;
    if !decision.from.contains(&comment.status) {
        return Err(AppError::Conflict(if comment.status == decision.sets {
            format!("This comment is already {}.", decision.sets.as_str())
        } else {
            format!("A comment that is {} cannot be {}.", comment.status.as_str(), decision.sets.as_str())
        }));
    }
    let reason: String = reason.trim().chars().take(500).collect();
    if !db::decide(&state.db, id, comment.status, decision.sets, staff.id, &reason, state.clock.now()).await? {
        return Err(AppError::Conflict(
            "Another moderator decided on this comment just now. Reload the queue and look again.".into(),
        ));
    }
    crate::comments::page_changed(state, comment.article_id).await;
    Ok(decision.sets.as_str())
}

/// Applies a decision to the comment of the path; the handlers below say which.
async fn decide(
    state: AppState,
    staff: Staff,
    id: i64,
    input: Option<Json<DecisionInput>>,
    decision: &str,
) -> ApiResult<Json<DecisionResult>> {
    let reason = input.and_then(|Json(i)| i.reason).unwrap_or_default();
    let status = apply(&state, &staff, id, decision, &reason).await?;
    Ok(Json(DecisionResult { id, status: status.into() }))
}

/// Moderation: approve a comment.
#[utoipa::path(post, path = "/api/v1/newsroom/comments/{id}/approve", tag = "newsroom", params(("id" = i64, Path)),
    request_body(content = DecisionInput, description = "optional"),
    responses((status = 200, body = DecisionResult), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "The comment is already in that state, or another moderator decided on it just now")))]
pub async fn approve(
    State(state): State<AppState>,
    staff: Staff,
    PathParams(id): PathParams<i64>,
    input: Option<Json<DecisionInput>>,
) -> ApiResult<Json<DecisionResult>> {
    decide(state, staff, id, input, "approve").await
}

/// Moderation: hold a comment.
#[utoipa::path(post, path = "/api/v1/newsroom/comments/{id}/hold", tag = "newsroom", params(("id" = i64, Path)),
    request_body(content = DecisionInput, description = "optional"),
    responses((status = 200, body = DecisionResult), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "The comment is already in that state, or another moderator decided on it just now")))]
pub async fn hold(
    State(state): State<AppState>,
    staff: Staff,
    PathParams(id): PathParams<i64>,
    input: Option<Json<DecisionInput>>,
) -> ApiResult<Json<DecisionResult>> {
    decide(state, staff, id, input, "hold").await
}

/// Moderation: reject a comment.
#[utoipa::path(post, path = "/api/v1/newsroom/comments/{id}/reject", tag = "newsroom", params(("id" = i64, Path)),
    request_body(content = DecisionInput, description = "optional"),
    responses((status = 200, body = DecisionResult), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "The comment is already in that state, or another moderator decided on it just now")))]
pub async fn reject(
    State(state): State<AppState>,
    staff: Staff,
    PathParams(id): PathParams<i64>,
    input: Option<Json<DecisionInput>>,
) -> ApiResult<Json<DecisionResult>> {
    decide(state, staff, id, input, "reject").await
}

/// Moderation: delete a comment.
#[utoipa::path(post, path = "/api/v1/newsroom/comments/{id}/delete", tag = "newsroom", params(("id" = i64, Path)),
    request_body(content = DecisionInput, description = "optional"),
    responses((status = 200, body = DecisionResult), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "The comment is already in that state, or another moderator decided on it just now")))]
pub async fn delete(
    State(state): State<AppState>,
    staff: Staff,
    PathParams(id): PathParams<i64>,
    input: Option<Json<DecisionInput>>,
) -> ApiResult<Json<DecisionResult>> {
    decide(state, staff, id, input, "delete").await
}

/// A ban.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BanInput {
    pub user_id: i64,
    /// Length of the ban in days; absent: for good.
    pub days: Option<i64>,
    pub reason: String,
}

/// The ban in force.
#[derive(Debug, Serialize, ToSchema)]
pub struct BanResult {
    pub user_id: i64,
    pub until: String,
}

/// Bans a reader from commenting, with a reason.
pub async fn ban_reader(state: &AppState, staff: &Staff, input: &BanInput) -> Result<i64, AppError> {
    staff.authorize(Action::BanReaders, Ownership::NotApplicable)?;
    let reason = input.reason.trim();
    if reason.is_empty() {
        return Err(AppError::Unprocessable("Give the reason for the ban; the reader is told it.".into()));
    }
    let now = state.clock.now();
    let until = match input.days {
        None => super::FOREVER,
        Some(d) if (1..=3650).contains(&d) => now + d * 86_400,
        Some(d) => {
            return Err(AppError::Unprocessable(format!(
                "A ban lasts 1 to 3650 days (or leave `days` out for good), not {d}."
            )));
        }
    };
    let reason: String = reason.chars().take(500).collect();
    if !db::ban(&state.db, input.user_id, until, &reason, staff.id, now).await? {
        return Err(AppError::not_found("There is no reader with this id."));
    }
    Ok(until)
}

/// Bans a reader from commenting.
#[utoipa::path(post, path = "/api/v1/newsroom/bans", tag = "newsroom", request_body = BanInput,
    responses((status = 201, body = BanResult), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn ban(State(state): State<AppState>, staff: Staff, Json(input): Json<BanInput>) -> ApiResult<Response> {
    let until = ban_reader(&state, &staff, &input).await?;
    let result = BanResult { user_id: input.user_id, until: rfc3339(until, state.config.utc_offset_minutes) };
    Ok((StatusCode::CREATED, Json(result)).into_response())
}

/// Lifts a reader's ban: they may comment again at once.
pub async fn unban_reader(state: &AppState, staff: &Staff, user_id: i64) -> Result<(), AppError> {
    staff.authorize(Action::BanReaders, Ownership::NotApplicable)?;
    if db::unban(&state.db, user_id, staff.id, state.clock.now()).await? {
        return Ok(());
    }
    match crate::accounts::db::user_by_id(&state.db, user_id).await? {
        Some(_) => Err(AppError::Conflict("This reader is not banned: they may already comment.".into())),
        None => Err(AppError::not_found("There is no reader with this id.")),
    }
}

/// Lifts a reader's ban.
#[utoipa::path(delete, path = "/api/v1/newsroom/bans/{id}", tag = "newsroom", params(("id" = i64, Path, description = "the reader's account id")),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn unban(
    State(state): State<AppState>,
    staff: Staff,
    PathParams(id): PathParams<i64>,
) -> ApiResult<StatusCode> {
    unban_reader(&state, &staff, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
