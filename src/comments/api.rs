//! `GET /api/v1/articles/{id}/comments`: approved comments only.

use axum::Json;
use axum::extract::{Path, State};
use serde::Serialize;
use utoipa::ToSchema;

use super::{db, model};
use crate::app::AppState;
use crate::editions::rfc3339;
use crate::error::{ApiResult, AppError, ErrorBody};

/// An approved comment.
#[derive(Debug, Serialize, ToSchema)]
pub struct CommentJson {
    pub id: i64,
    pub author: String,
    /// The text as written.
    pub body: String,
    /// The text as the page shows it: escaped, with paragraphs and links.
    pub body_html: String,
    pub created_at: String,
    /// Replies, oldest first (one level deep).
    pub replies: Vec<ReplyJson>,
}

/// An approved reply to a comment.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReplyJson {
    pub id: i64,
    pub author: String,
    pub body: String,
    pub body_html: String,
    pub created_at: String,
}

/// The approved comments of an article.
#[derive(Debug, Serialize, ToSchema)]
pub struct CommentList {
    pub count: usize,
    pub comments: Vec<CommentJson>,
}

/// The approved comments of a published article, with their replies.
#[utoipa::path(get, path = "/api/v1/articles/{id}/comments", tag = "comments",
    params(("id" = i64, Path, description = "Article id")),
    responses((status = 200, body = CommentList), (status = 404, body = ErrorBody)))]
pub async fn list(State(state): State<AppState>, Path(id): Path<String>) -> ApiResult<Json<CommentList>> {
    let missing = || AppError::not_found(format!("no published article with id {id:?}"));
    let numeric: i64 = id.parse().map_err(|_| missing())?;
    crate::articles::db::find_published(&state.db, numeric).await?.ok_or_else(missing)?;
    let rows = db::approved(&state.db, numeric).await?;
    let offset = state.config.utc_offset_minutes;
    let reply = |r: &db::CommentRow| ReplyJson {
        id: r.id,
        author: r.author.clone(),
        body: r.body.clone(),
        body_html: model::render(&r.body),
        created_at: rfc3339(r.created_at, offset),
    };
    let mut comments: Vec<CommentJson> = rows
        .iter()
        .filter(|r| r.parent_id.is_none())
        .map(|r| {
            let ReplyJson { id, author, body, body_html, created_at } = reply(r);
            CommentJson { id, author, body, body_html, created_at, replies: Vec::new() }
        })
        .collect();
    for r in rows.iter().filter(|r| r.parent_id.is_some()) {
        if let Some(parent) = comments.iter_mut().find(|c| Some(c.id) == r.parent_id) {
            parent.replies.push(reply(r));
        }
    }
    let count = comments.iter().map(|c| 1 + c.replies.len()).sum();
    Ok(Json(CommentList { count, comments }))
}
