//! The readers list as JSON: `GET /api/v1/newsroom/readers?q=&cursor=`.

use axum::Json;
use axum::extract::{Query, State};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::{PAGE_SIZE, db, pattern};
use crate::editions::rfc3339;
use crate::error::{ApiResult, AppError, ErrorBody};
use crate::newsroom::auth::Staff;
use crate::newsroom::policy::{Action, Ownership};
use crate::state::AppState;

/// The search and the page.
#[derive(Debug, Deserialize, IntoParams)]
pub struct ReaderParams {
    /// Part of a name or email address.
    q: Option<String>,
    /// `next_cursor` of the page before.
    cursor: Option<String>,
}

/// A reader's account.
#[derive(Debug, Serialize, ToSchema)]
pub struct Reader {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub joined_at: String,
    pub comments: i64,
    /// Until when they may not comment, if a ban is in force.
    pub banned_until: Option<String>,
    pub ban_reason: Option<String>,
    pub disabled: bool,
}

/// A page of readers.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReaderPage {
    pub readers: Vec<Reader>,
    /// Send as `cursor` for the next page; absent on the last.
    pub next_cursor: Option<String>,
}

/// The cursor of a request: absent, or the id a page ended at.
pub fn cursor(text: Option<&str>) -> Result<Option<i64>, AppError> {
    match text.map(str::trim).filter(|c| !c.is_empty()) {
        None => Ok(None),
        Some(c) => c.parse::<i64>().ok().filter(|n| *n > 0).map(Some).ok_or_else(|| {
            AppError::bad_request(format!(
                "cursor must be the `next_cursor` of an earlier page, not {c:?}; leave it out for the first page"
            ))
        }),
    }
}

/// One page of readers, newest first, and the cursor of the next.
pub async fn page_of(
    state: &AppState,
    q: &str,
    before: Option<i64>,
) -> sqlx::Result<(Vec<db::ReaderRow>, Option<i64>)> {
    let mut rows = db::readers(&state.db, &pattern(q), before, PAGE_SIZE + 1).await?;
    let more = rows.len() as i64 > PAGE_SIZE;
    rows.truncate(PAGE_SIZE as usize);
    let next = if more { rows.last().map(|r| r.id) } else { None };
    Ok((rows, next))
}

/// Readers' accounts (never staff), searched by name or email, newest first, 50 a page.
#[utoipa::path(get, path = "/api/v1/newsroom/readers", tag = "newsroom", params(ReaderParams),
    responses((status = 200, body = ReaderPage), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    staff: Staff,
    Query(p): Query<ReaderParams>,
) -> ApiResult<Json<ReaderPage>> {
    staff.authorize(Action::ViewReaders, Ownership::NotApplicable)?;
    let before = cursor(p.cursor.as_deref())?;
    let (rows, next) = page_of(&state, p.q.as_deref().unwrap_or(""), before).await?;
    let offset = state.config.utc_offset_minutes;
    let now = state.clock.now();
    let readers = rows
        .into_iter()
        .map(|r| {
            let banned = r.banned_until.filter(|until| *until > now);
            Reader {
                id: r.id,
                email: r.email,
                display_name: r.display_name,
                joined_at: rfc3339(r.created_at, offset),
                comments: r.comments,
                banned_until: banned.map(|t| rfc3339(t, offset)),
                ban_reason: banned.map(|_| r.ban_reason),
                disabled: r.disabled_at.is_some(),
            }
        })
        .collect();
    Ok(Json(ReaderPage { readers, next_cursor: next.map(|n| n.to_string()) }))
}
