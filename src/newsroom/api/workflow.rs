//! The workflow through the API: the steps (submit, publish, schedule, unpublish, correct,
//! return),
//! the revision history, the comparison of two revisions and restoring an earlier one.

use axum::Json;
use axum::extract::{Query, State};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::{NewsroomArticle, article_json};
use crate::editions::rfc3339;
use crate::error::{ApiResult, ErrorBody};
use crate::newsroom::actions;
use crate::newsroom::auth::Staff;
use crate::newsroom::db;
use crate::newsroom::model::Step;
use crate::newsroom::policy::Action;
use crate::state::AppState;
use crate::web::PathParams;

/// Body of the workflow steps.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StepInput {
    /// The version the step is based on; when given, a stale one is refused with 409.
    pub version: Option<i64>,
    /// For `schedule`: when to publish, RFC 3339.
    pub at: Option<String>,
    /// For `correct`: the public correction note. For `return`: what the reporter should
    /// change (required). For the other steps an optional note kept with the revision.
    pub note: Option<String>,
}

/// Runs a workflow step on the article of the path; the handlers below say which.
async fn step(
    state: AppState,
    staff: Staff,
    id: i64,
    input: Option<Json<StepInput>>,
    step: Step,
    action: Action,
) -> ApiResult<Json<NewsroomArticle>> {
    let input = input.map(|Json(i)| i).unwrap_or_default();
    let row = actions::run_step(&state, &staff, id, input, step, action).await?;
    Ok(Json(article_json(&state, row).await?))
}

/// Sends a draft to the review queue.
#[utoipa::path(post, path = "/api/v1/newsroom/articles/{id}/submit", tag = "newsroom", params(("id" = i64, Path)),
    request_body(content = StepInput, description = "optional"),
    responses((status = 200, body = NewsroomArticle), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn submit(
    State(state): State<AppState>,
    staff: Staff,
    PathParams(id): PathParams<i64>,
    input: Option<Json<StepInput>>,
) -> ApiResult<Json<NewsroomArticle>> {
    step(state, staff, id, input, Step::Submit, Action::SubmitArticle).await
}

/// Publishes now.
#[utoipa::path(post, path = "/api/v1/newsroom/articles/{id}/publish", tag = "newsroom", params(("id" = i64, Path)),
    request_body(content = StepInput, description = "optional"),
    responses((status = 200, body = NewsroomArticle), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn publish(
    State(state): State<AppState>,
    staff: Staff,
    PathParams(id): PathParams<i64>,
    input: Option<Json<StepInput>>,
) -> ApiResult<Json<NewsroomArticle>> {
    step(state, staff, id, input, Step::Publish, Action::PublishArticle).await
}

/// Publishes at `at`.
#[utoipa::path(post, path = "/api/v1/newsroom/articles/{id}/schedule", tag = "newsroom", params(("id" = i64, Path)),
    request_body(content = StepInput, description = "optional"),
    responses((status = 200, body = NewsroomArticle), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn schedule(
    State(state): State<AppState>,
    staff: Staff,
    PathParams(id): PathParams<i64>,
    input: Option<Json<StepInput>>,
) -> ApiResult<Json<NewsroomArticle>> {
    step(state, staff, id, input, Step::Schedule, Action::ScheduleArticle).await
}

/// Takes the article off the site.
#[utoipa::path(post, path = "/api/v1/newsroom/articles/{id}/unpublish", tag = "newsroom", params(("id" = i64, Path)),
    request_body(content = StepInput, description = "optional"),
    responses((status = 200, body = NewsroomArticle), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn unpublish(
    State(state): State<AppState>,
    staff: Staff,
    PathParams(id): PathParams<i64>,
    input: Option<Json<StepInput>>,
) -> ApiResult<Json<NewsroomArticle>> {
    step(state, staff, id, input, Step::Unpublish, Action::UnpublishArticle).await
}

/// Adds a public correction note.
#[utoipa::path(post, path = "/api/v1/newsroom/articles/{id}/correct", tag = "newsroom", params(("id" = i64, Path)),
    request_body(content = StepInput, description = "optional"),
    responses((status = 200, body = NewsroomArticle), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn correct(
    State(state): State<AppState>,
    staff: Staff,
    PathParams(id): PathParams<i64>,
    input: Option<Json<StepInput>>,
) -> ApiResult<Json<NewsroomArticle>> {
    step(state, staff, id, input, Step::Correct, Action::CorrectArticle).await
}

/// Sends a story in review back to its reporter as a draft, with a note (required) that the
/// reporter is told and sees on the story.
#[utoipa::path(post, path = "/api/v1/newsroom/articles/{id}/return", tag = "newsroom", params(("id" = i64, Path)),
    request_body(content = StepInput, description = "`note` (required) and `version`"),
    responses((status = 200, body = NewsroomArticle), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn return_to_reporter(
    State(state): State<AppState>,
    staff: Staff,
    PathParams(id): PathParams<i64>,
    input: Option<Json<StepInput>>,
) -> ApiResult<Json<NewsroomArticle>> {
    step(state, staff, id, input, Step::Return, Action::ReturnArticle).await
}

/// A saved revision.
#[derive(Debug, Serialize, ToSchema)]
pub struct RevisionJson {
    pub version: i64,
    /// `create`, `edit`, `submit`, `publish`, `schedule`, `unpublish`, `correct`, `return`.
    pub action: String,
    pub saved_at: String,
    pub by: Option<String>,
    pub title: String,
    pub status: String,
}

/// Every revision of an article, newest first.
#[utoipa::path(get, path = "/api/v1/newsroom/articles/{id}/revisions", tag = "newsroom", params(("id" = i64, Path)),
    responses((status = 200, body = [RevisionJson]), (status = 404, body = ErrorBody)))]
pub async fn revisions(
    State(state): State<AppState>,
    staff: Staff,
    PathParams(id): PathParams<i64>,
) -> ApiResult<Json<Vec<RevisionJson>>> {
    let row = actions::load(&state, id).await?;
    staff.authorize(Action::ViewRevisions, staff.ownership(row.created_by))?;
    let offset = state.config.utc_offset_minutes;
    let list = db::revisions(&state.db, row.id)
        .await?
        .into_iter()
        .map(|r| RevisionJson {
            version: r.version,
            action: r.action,
            saved_at: rfc3339(r.saved_at, offset),
            by: r.author,
            title: r.title,
            status: r.status.as_str().into(),
        })
        .collect();
    Ok(Json(list))
}

/// `?from=&to=` of a comparison.
#[derive(Debug, Deserialize, IntoParams)]
pub struct CompareParams {
    /// Older version (default: the one before `to`).
    pub from: Option<i64>,
    /// Newer version (default: the latest).
    pub to: Option<i64>,
}

/// The difference between two revisions of an article.
#[utoipa::path(get, path = "/api/v1/newsroom/articles/{id}/diff", tag = "newsroom", params(("id" = i64, Path), CompareParams),
    responses((status = 200, body = actions::Comparison), (status = 404, body = ErrorBody)))]
pub async fn diff(
    State(state): State<AppState>,
    staff: Staff,
    PathParams(id): PathParams<i64>,
    Query(p): Query<CompareParams>,
) -> ApiResult<Json<actions::Comparison>> {
    Ok(Json(actions::compare(&state, &staff, id, p.from, p.to).await?))
}

/// Body of a restore.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RestoreInput {
    /// The revision to bring back.
    pub revision: i64,
    /// The current version the restore is based on.
    pub version: i64,
}

/// Saves an earlier revision's text as the newest version.
#[utoipa::path(post, path = "/api/v1/newsroom/articles/{id}/restore", tag = "newsroom", params(("id" = i64, Path)), request_body = RestoreInput,
    responses((status = 200, body = NewsroomArticle), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn restore(
    State(state): State<AppState>,
    staff: Staff,
    PathParams(id): PathParams<i64>,
    Json(input): Json<RestoreInput>,
) -> ApiResult<Json<NewsroomArticle>> {
    let row = actions::restore(&state, &staff, id, input.revision, input.version).await?;
    Ok(Json(article_json(&state, row).await?))
}
