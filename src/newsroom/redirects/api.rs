//! The newsroom's redirect API under `/api/v1/newsroom/redirects`: list (searched, keyset by old
//! path), add, remove.

use axum::Json;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::{RedirectInput, page_of};
use crate::editions::rfc3339;
use crate::error::{ApiResult, AppError, ErrorBody};
use crate::newsroom::auth::Staff;
use crate::newsroom::policy::{Action, Ownership};
use crate::redirects::db::RedirectRow;
use crate::state::AppState;

/// The most redirects one request lists.
const MAX_LIMIT: i64 = 200;

/// `?q=&after=&limit=` of the list.
#[derive(Debug, Deserialize, IntoParams)]
pub struct ListParams {
    /// Text found anywhere in the old or the new path, in any case; every redirect when empty.
    q: Option<String>,
    /// `next` of the page before; the first page when left out.
    after: Option<String>,
    /// 1 to 200, default 50.
    limit: Option<i64>,
}

/// `?from=` of a removal.
#[derive(Debug, Deserialize, IntoParams)]
pub struct FromParam {
    /// The old path of the redirect, as listed (percent-encoded or not).
    from: String,
}

/// A stored redirect.
#[derive(Debug, Serialize, ToSchema)]
pub struct Redirect {
    /// The old path, as stored: percent-decoded.
    pub from: String,
    /// Where it leads: the final address.
    pub to: String,
    pub created_at: String,
    /// The display name of the staff member who made it; null when no person did (an import).
    pub created_by: Option<String>,
}

/// A page of redirects in the order of their old paths.
#[derive(Debug, Serialize, ToSchema)]
pub struct RedirectList {
    pub redirects: Vec<Redirect>,
    /// Send as `after` for the next page; null on the last.
    pub next: Option<String>,
}

fn json(row: RedirectRow, offset: i32) -> Redirect {
    Redirect {
        created_at: rfc3339(row.created_at, offset),
        from: row.from_path,
        to: row.to_path,
        created_by: row.created_by,
    }
}

/// The stored redirects whose old or new path contains `q`, in the order of their old paths.
#[utoipa::path(get, path = "/api/v1/newsroom/redirects", tag = "newsroom", params(ListParams),
    responses((status = 200, body = RedirectList), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    staff: Staff,
    Query(params): Query<ListParams>,
) -> ApiResult<Json<RedirectList>> {
    staff.authorize(Action::ManageRedirects, Ownership::NotApplicable)?;
    let limit = params.limit.unwrap_or(super::PAGE_SIZE);
    if !(1..=MAX_LIMIT).contains(&limit) {
        return Err(AppError::bad_request(format!("limit must be between 1 and {MAX_LIMIT}, not {limit}")).into());
    }
    let q = params.q.as_deref().unwrap_or("");
    let (rows, next) = page_of(&state, q, params.after.as_deref(), limit).await?;
    let offset = state.config.utc_offset_minutes;
    Ok(Json(RedirectList { redirects: rows.into_iter().map(|r| json(r, offset)).collect(), next }))
}

/// Makes the old path `from` answer 301 to `to`. When `to` is itself redirected the final address
/// is stored (and returned); a redirect that would lead back to `from` is refused with 422, as is
/// a path that is not one of this site's.
#[utoipa::path(post, path = "/api/v1/newsroom/redirects", tag = "newsroom", request_body = RedirectInput,
    responses((status = 201, body = Redirect), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    staff: Staff,
    Json(input): Json<RedirectInput>,
) -> ApiResult<Response> {
    let row = super::create(&state, &staff.for_api(), &input).await?;
    Ok((StatusCode::CREATED, Json(json(row, state.config.utc_offset_minutes))).into_response())
}

/// Removes the redirect from `from`: the old path answers 404 again, unless a page lives there.
/// The redirects that lead to it stay.
#[utoipa::path(delete, path = "/api/v1/newsroom/redirects", tag = "newsroom", params(FromParam),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
pub async fn delete(
    State(state): State<AppState>,
    staff: Staff,
    Query(params): Query<FromParam>,
) -> ApiResult<StatusCode> {
    super::remove(&state, &staff.for_api(), &params.from).await?;
    Ok(StatusCode::NO_CONTENT)
}
