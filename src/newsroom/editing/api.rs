//! The story editor's calls: autosave, presence, Bijoy conversion and preview links.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::db::{self, Autosave};
use crate::body::Body;
use crate::editions::rfc3339;
use crate::error::{ApiResult, AppError, ErrorBody};
use crate::newsroom::auth::Staff;
use crate::newsroom::model::{MAX_BODY, MAX_STANDFIRST};
use crate::newsroom::policy::{Action, Ownership};
use crate::state::AppState;
use crate::web::PathParams;

/// What the editor holds now, unsaved.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AutosaveInput {
    /// The story's id; absent or null for a story not yet created.
    pub article: Option<i64>,
    /// The version the text was typed on (the editor's `version`); the story's current one when
    /// absent. A copy based on a version someone has since saved over is not restored over it.
    pub version: Option<i64>,
    pub title: String,
    pub standfirst: String,
    /// The body in its stored HTML form (it is sanitised as a save is).
    pub body_html: String,
}

/// When the copy was kept, and who else has the story open.
#[derive(Debug, Serialize, ToSchema)]
pub struct AutosaveJson {
    pub saved_at: String,
    /// The display names of the others editing the story in the last 20 seconds.
    pub editing: Vec<String>,
}

/// Keeps what the editor holds as the caller's unsaved copy of the story: restored when they
/// open the editor again, never a version or a revision of the story.
#[utoipa::path(post, path = "/api/v1/newsroom/autosave", tag = "newsroom", request_body = AutosaveInput,
    responses((status = 200, body = AutosaveJson), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn autosave(
    State(state): State<AppState>,
    staff: Staff,
    Json(input): Json<AutosaveInput>,
) -> ApiResult<Json<AutosaveJson>> {
    let row = super::editable(&state, &staff, input.article).await?;
    if input.title.chars().count() > 300
        || input.standfirst.chars().count() > MAX_STANDFIRST
        || input.body_html.chars().count() > MAX_BODY
    {
        return Err(AppError::Unprocessable(
            "The text is over a story's limits (headline 300, standfirst 1,000, body 200,000 characters).".into(),
        )
        .into());
    }
    let now = state.clock.now();
    let copy = Autosave {
        article_id: row.as_ref().map_or(0, |r| r.id),
        base_version: row.as_ref().map_or(0, |r| input.version.unwrap_or(r.version)),
        title: input.title,
        standfirst: input.standfirst,
        body: Body::from_html(&input.body_html),
        saved_at: now,
    };
    db::autosave(&state.db, staff.id, &copy).await?;
    let editing = match &row {
        Some(r) => super::editing_with(&state, &staff, r.id).await?,
        None => Vec::new(),
    };
    Ok(Json(AutosaveJson { saved_at: rfc3339(now, state.config.utc_offset_minutes), editing }))
}

/// The story an editor page has open.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PresenceInput {
    pub article: i64,
}

/// Who else has the story open.
#[derive(Debug, Serialize, ToSchema)]
pub struct PresenceJson {
    pub editing: Vec<String>,
}

/// Notes that the caller has the story open, and answers who else has.
#[utoipa::path(post, path = "/api/v1/newsroom/presence", tag = "newsroom", request_body = PresenceInput,
    responses((status = 200, body = PresenceJson), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn presence(
    State(state): State<AppState>,
    staff: Staff,
    Json(input): Json<PresenceInput>,
) -> ApiResult<Json<PresenceJson>> {
    let row = crate::newsroom::actions::load(&state, input.article).await?;
    staff.authorize(Action::ViewArticle, staff.ownership(row.created_by))?;
    Ok(Json(PresenceJson { editing: super::editing_with(&state, &staff, row.id).await? }))
}

/// Text to convert.
#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TextJson {
    /// Up to 200,000 characters.
    pub text: String,
}

/// Converts text typed in the legacy Bijoy encoding (SutonnyMJ and its family, which pastes as
/// Latin letters: "Avwg evsjvq Mvb MvB") to Unicode Bangla ("আমি বাংলায় গান গাই"). Every ASCII
/// letter is read as Bijoy, so send only the Bijoy text.
#[utoipa::path(post, path = "/api/v1/newsroom/convert/bijoy", tag = "newsroom", request_body = TextJson,
    responses((status = 200, body = TextJson), (status = 422, body = ErrorBody)))]
pub async fn convert_bijoy(staff: Staff, Json(input): Json<TextJson>) -> ApiResult<Json<TextJson>> {
    staff.authorize(Action::CreateArticle, Ownership::NotApplicable)?;
    if input.text.chars().count() > MAX_BODY {
        return Err(AppError::Unprocessable("Convert at most 200,000 characters at a time.".into()).into());
    }
    Ok(Json(TextJson { text: crate::editions::bijoy::to_unicode(&input.text) }))
}

/// A preview link made.
#[derive(Debug, Serialize, ToSchema)]
pub struct PreviewJson {
    /// Shows the story as its public page to anyone who has it, until `expires_at`.
    pub url: String,
    pub expires_at: String,
}

/// Makes a link that shows the story, whatever its status, as its public page to someone
/// without an account, for seven days. The page is never cached nor indexed.
#[utoipa::path(post, path = "/api/v1/newsroom/articles/{id}/preview-link", tag = "newsroom", params(("id" = i64, Path)),
    responses((status = 201, body = PreviewJson), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn preview_link(
    State(state): State<AppState>,
    staff: Staff,
    PathParams(id): PathParams<i64>,
) -> ApiResult<(StatusCode, Json<PreviewJson>)> {
    let (url, expires_at) = super::preview_link(&state, &staff, id).await?;
    let expires_at = rfc3339(expires_at, state.config.utc_offset_minutes);
    Ok((StatusCode::CREATED, Json(PreviewJson { url, expires_at })))
}
