//! The staff JSON API: the staff list, changing an account, adding a colleague directly, and
//! invitations (sending, listing those waiting, sending again, revoking).

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use super::colleagues::{self, AddedColleague, NewColleague, PendingInvite};
use super::invites::{InviteInput, InviteResult, invite};
use super::{Account, AccountChange, accounts, change};
use crate::editions::Lang;
use crate::error::{ApiResult, ErrorBody};
use crate::newsroom::auth::Staff;
use crate::newsroom::policy::{Action, Ownership};
use crate::state::AppState;
use crate::web::PathParams;

/// The staff: every account that is not a reader's (readers are at `/api/v1/newsroom/readers`).
#[utoipa::path(get, path = "/api/v1/newsroom/staff", tag = "newsroom", responses((status = 200, body = [Account]), (status = 403, body = ErrorBody)))]
pub async fn list(State(state): State<AppState>, staff: Staff) -> ApiResult<Json<Vec<Account>>> {
    staff.authorize(Action::ManageStaff, Ownership::NotApplicable)?;
    Ok(Json(accounts(&state.db).await?))
}

/// Changes an account's role or disables it.
#[utoipa::path(patch, path = "/api/v1/newsroom/staff/{id}", tag = "newsroom", params(("id" = i64, Path)), request_body = AccountChange,
    responses((status = 200, body = Account), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn patch(
    State(state): State<AppState>,
    staff: Staff,
    PathParams(id): PathParams<i64>,
    Json(c): Json<AccountChange>,
) -> ApiResult<Json<Account>> {
    Ok(Json(change(&state, &staff, id, &c).await?))
}

/// Invites someone to the newsroom by email.
#[utoipa::path(post, path = "/api/v1/newsroom/invites", tag = "newsroom", request_body = InviteInput,
    responses((status = 201, body = InviteResult), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn post_invite(
    State(state): State<AppState>,
    staff: Staff,
    Json(input): Json<InviteInput>,
) -> ApiResult<Response> {
    Ok((StatusCode::CREATED, Json(invite(&state, &staff, &input).await?)).into_response())
}

/// Adds a colleague directly, for sites that cannot send mail: the account has no password
/// until the colleague opens the one-time link in the answer (valid for a week).
#[utoipa::path(post, path = "/api/v1/newsroom/staff", tag = "newsroom", request_body = NewColleague,
    responses((status = 201, body = AddedColleague), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn add(State(state): State<AppState>, staff: Staff, Json(input): Json<NewColleague>) -> ApiResult<Response> {
    Ok((StatusCode::CREATED, Json(colleagues::add(&state, &staff, &input, Lang::En).await?)).into_response())
}

/// Invitations not yet accepted or revoked, with those that expired in the last 30 days.
#[utoipa::path(get, path = "/api/v1/newsroom/invites", tag = "newsroom",
    responses((status = 200, body = [PendingInvite]), (status = 403, body = ErrorBody)))]
pub async fn invites(State(state): State<AppState>, staff: Staff) -> ApiResult<Json<Vec<PendingInvite>>> {
    staff.authorize(Action::ManageStaff, Ownership::NotApplicable)?;
    let rows = colleagues::pending(&state).await?;
    Ok(Json(rows.into_iter().map(|r| PendingInvite::of(r, &state)).collect()))
}

/// Sends an invitation again, with a new link valid for a week; the old link stops working.
#[utoipa::path(post, path = "/api/v1/newsroom/invites/{id}/resend", tag = "newsroom", params(("id" = i64, Path)),
    responses((status = 200, body = InviteResult), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn resend(
    State(state): State<AppState>,
    staff: Staff,
    PathParams(id): PathParams<i64>,
) -> ApiResult<Json<InviteResult>> {
    Ok(Json(colleagues::resend(&state, &staff, id).await?))
}

/// Revokes an invitation: its link stops working at once.
#[utoipa::path(delete, path = "/api/v1/newsroom/invites/{id}", tag = "newsroom", params(("id" = i64, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn revoke(
    State(state): State<AppState>,
    staff: Staff,
    PathParams(id): PathParams<i64>,
) -> ApiResult<StatusCode> {
    colleagues::revoke(&state, &staff, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
