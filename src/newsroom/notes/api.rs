//! Internal notes through the API.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::db::NoteRow;
use crate::editions::rfc3339;
use crate::error::{ApiResult, ErrorBody};
use crate::newsroom::auth::Staff;
use crate::state::AppState;
use crate::web::PathParams;

/// A note of a story's thread.
#[derive(Debug, Serialize, ToSchema)]
pub struct NoteJson {
    pub id: i64,
    pub author: Option<String>,
    pub body: String,
    pub created_at: String,
}

fn note_json(row: NoteRow, offset: i32) -> NoteJson {
    NoteJson { id: row.id, author: row.author, body: row.body, created_at: rfc3339(row.created_at, offset) }
}

/// The desk's notes on a story, oldest first.
#[utoipa::path(get, path = "/api/v1/newsroom/articles/{id}/notes", tag = "newsroom", params(("id" = i64, Path)),
    responses((status = 200, body = [NoteJson]), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    staff: Staff,
    PathParams(id): PathParams<i64>,
) -> ApiResult<Json<Vec<NoteJson>>> {
    let offset = state.config.utc_offset_minutes;
    let rows = super::thread(&state, &staff, id).await?;
    Ok(Json(rows.into_iter().map(|r| note_json(r, offset)).collect()))
}

/// A new note.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NoteInput {
    /// 1 to 2000 characters, plain text.
    pub body: String,
}

/// Adds a note to a story's thread.
#[utoipa::path(post, path = "/api/v1/newsroom/articles/{id}/notes", tag = "newsroom", params(("id" = i64, Path)),
    request_body = NoteInput,
    responses((status = 201, body = NoteJson), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    staff: Staff,
    PathParams(id): PathParams<i64>,
    Json(input): Json<NoteInput>,
) -> ApiResult<(StatusCode, Json<NoteJson>)> {
    let note = super::add(&state, &staff, id, &input.body).await?;
    let offset = state.config.utc_offset_minutes;
    let row = super::db::thread(&state.db, id).await?.into_iter().find(|n| n.id == note);
    let json = match row {
        Some(row) => note_json(row, offset),
        None => NoteJson { id: note, author: Some(staff.name.clone()), body: input.body, created_at: String::new() },
    };
    Ok((StatusCode::CREATED, Json(json)))
}
