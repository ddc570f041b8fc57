//! Notifications through the API: one's own list with the unread count, and marking read.

use axum::Json;
use axum::extract::State;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::db;
use super::model::{self, Kind, Params};
use crate::editions::{Lang, rfc3339};
use crate::error::{ApiResult, AppError, ErrorBody};
use crate::newsroom::auth::Staff;
use crate::newsroom::policy::{Action, Ownership};
use crate::state::AppState;

/// One notification.
#[derive(Debug, Serialize, ToSchema)]
pub struct NotificationJson {
    pub id: i64,
    /// `submitted`, `returned`, `scheduled`, `published`, `corrected` or `comments_waiting`.
    pub kind: String,
    pub article_id: Option<i64>,
    /// What happened, in a sentence, in the language the caller chose for the newsroom.
    pub text: String,
    /// The newsroom page it leads to, absolute.
    pub url: String,
    pub created_at: String,
    pub read: bool,
}

/// The caller's notifications.
#[derive(Debug, Serialize, ToSchema)]
pub struct NotificationList {
    pub unread: i64,
    /// Whether they also come by email.
    pub email: bool,
    /// Newest first, at most 100.
    pub notifications: Vec<NotificationJson>,
}

/// The sentence of a stored notification, in `lang`.
pub(super) fn text_of(row: &db::NotificationRow, lang: Lang, offset: i32) -> String {
    let params: Params = serde_json::from_str(&row.params).unwrap_or_default();
    match Kind::parse(&row.kind) {
        Some(kind) => model::text(lang, kind, &params, offset),
        None => params.title,
    }
}

/// The caller's newest notifications and how many are unread.
#[utoipa::path(get, path = "/api/v1/newsroom/notifications", tag = "newsroom",
    responses((status = 200, body = NotificationList), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn list(State(state): State<AppState>, staff: Staff) -> ApiResult<Json<NotificationList>> {
    staff.authorize(Action::ReadNotifications, Ownership::NotApplicable)?;
    let offset = state.config.utc_offset_minutes;
    let rows = db::list(&state.db, staff.id, 100).await?;
    let notifications = rows
        .iter()
        .map(|r| NotificationJson {
            id: r.id,
            kind: r.kind.clone(),
            article_id: r.article_id,
            text: text_of(r, staff.lang, offset),
            url: format!("{}{}", state.config.base_url, r.link),
            created_at: rfc3339(r.created_at, offset),
            read: r.read_at.is_some(),
        })
        .collect();
    Ok(Json(NotificationList {
        unread: db::unread_count(&state.db, staff.id).await?,
        email: db::email_on(&state.db, staff.id).await?,
        notifications,
    }))
}

/// Which notifications to mark read.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReadInput {
    /// These notifications of the caller's.
    pub ids: Option<Vec<i64>>,
    /// `true`: every one of the caller's.
    pub all: Option<bool>,
}

/// How many are left unread.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReadResult {
    pub unread: i64,
}

/// The most ids one request may mark.
const MAX_IDS: usize = 500;

/// Marks the caller's notifications read: `{"ids": [..]}` or `{"all": true}`.
#[utoipa::path(post, path = "/api/v1/newsroom/notifications/read", tag = "newsroom", request_body = ReadInput,
    responses((status = 200, body = ReadResult), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn read(
    State(state): State<AppState>,
    staff: Staff,
    Json(input): Json<ReadInput>,
) -> ApiResult<Json<ReadResult>> {
    staff.authorize(Action::ReadNotifications, Ownership::NotApplicable)?;
    mark(&state, &staff, input.ids, input.all == Some(true)).await?;
    Ok(Json(ReadResult { unread: db::unread_count(&state.db, staff.id).await? }))
}

/// Marks `ids`, or all; shared with the page. Ids that are not the caller's are a 404.
pub(super) async fn mark(state: &AppState, staff: &Staff, ids: Option<Vec<i64>>, all: bool) -> Result<(), AppError> {
    let now = state.clock.now();
    match ids {
        _ if all => {
            db::mark_read(&state.db, staff.id, None, now).await?;
        }
        Some(ids) if !ids.is_empty() => {
            if ids.len() > MAX_IDS {
                return Err(AppError::Unprocessable(format!("Mark at most {MAX_IDS} notifications at once.")));
            }
            let mut ids = ids;
            ids.sort_unstable();
            ids.dedup();
            let found = db::mark_read(&state.db, staff.id, Some(&ids), now).await?;
            if found < ids.len() as u64 {
                return Err(AppError::not_found(model::ui::UNKNOWN));
            }
        }
        _ => return Err(AppError::Unprocessable(model::ui::NOTHING_CHOSEN.into())),
    }
    Ok(())
}
