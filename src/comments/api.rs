//! `GET /api/v1/articles/{id}/comments` (approved comments only) and posting a comment through
//! the API.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::post::{Attempt, Outcome, take};
use super::{db, model};
use crate::accounts::model::SessionUser;
use crate::editions::rfc3339;
use crate::error::{ApiResult, AppError, ErrorBody, api_code, json_error};
use crate::idempotency::IdempotencyKey;
use crate::newsroom::auth::Staff;
use crate::state::AppState;
use crate::web::PathParams;

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
pub async fn list(State(state): State<AppState>, PathParams(id): PathParams<i64>) -> ApiResult<Json<CommentList>> {
    let missing = || AppError::not_found(format!("no published article with id {id}"));
    crate::articles::db::find_published(&state.db, id).await?.ok_or_else(missing)?;
    let rows = db::approved(&state.db, id).await?;
    let offset = state.config.utc_offset_minutes;
    let reply = |r: &db::CommentRow| ReplyJson {
        id: r.id,
        author: r.author.clone(),
        body: r.body.clone(),
        body_html: model::render(&r.body).into_string(),
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

/// A new comment or reply, as a reader sends it.
#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewCommentInput {
    /// Plain text, up to 5000 characters; links become `nofollow ugc` links.
    pub body: String,
    /// The comment this replies to (one level deep).
    pub parent_id: Option<i64>,
}

/// A comment just taken.
#[derive(Debug, Serialize, ToSchema)]
pub struct PostedComment {
    pub id: i64,
    /// `approved`, or `held` when it waits for a moderator (then only its author sees it); a
    /// replayed answer gives the comment's status now.
    pub status: String,
}

/// Posts a comment as the logged-in reader: their session with the page's CSRF token in an
/// `X-CSRF-Token` header (staff may also use their API token). The same checks as the article page's form
/// apply (bans, pace, duplicates, moderation). With an `Idempotency-Key`, the same request sent
/// again returns the first comment, marked `Idempotent-Replayed: true`.
#[utoipa::path(post, path = "/api/v1/articles/{id}/comments", tag = "comments",
    params(("id" = i64, Path, description = "Article id"),
        ("Idempotency-Key" = Option<String>, Header, description = "1 to 255 visible ASCII characters; remembered for a day")),
    request_body = NewCommentInput,
    responses((status = 201, body = PostedComment), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn post(
    State(state): State<AppState>,
    caller: Staff,
    key: IdempotencyKey,
    PathParams(id): PathParams<i64>,
    Json(input): Json<NewCommentInput>,
) -> ApiResult<Response> {
    let missing = || AppError::not_found(format!("no published article with id {id}"));
    let article = crate::articles::db::find_published(&state.db, id).await?.ok_or_else(missing)?;
    let user = crate::accounts::db::user_by_id(&state.db, caller.id)
        .await?
        .ok_or_else(|| AppError::Unauthorized("This account no longer exists.".into()))?;
    let user = SessionUser {
        id: user.id,
        email: user.email,
        display_name: user.display_name,
        role: user.role,
        created_at: user.created_at,
        newsroom_lang: user.newsroom_lang,
        password_hash: String::new(),
        session_hash: String::new(),
    };
    let claim = key.claim("comment", &(id, &input));
    let attempt = Attempt { body: &input.body, parent_id: input.parent_id, website: None, claim: claim.as_ref() };
    let lang = article.lang;
    match take(&state, &user, &article, lang, attempt).await? {
        Outcome::Posted { id, status, replayed } => {
            let mut response =
                (StatusCode::CREATED, Json(PostedComment { id, status: status.as_str().into() })).into_response();
            if replayed {
                response.headers_mut().insert(crate::idempotency::REPLAYED, HeaderValue::from_static("true"));
            }
            Ok(response)
        }
        Outcome::Refused { status, message, retry_after } => {
            let mut response = json_error(status, api_code(status), message);
            if let Some(seconds) = retry_after {
                response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(seconds));
            }
            Ok(response)
        }
    }
}
