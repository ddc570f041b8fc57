//! The staff JSON API: the account list, changing an account, sending an invitation.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use super::invites::{InviteInput, InviteResult, invite};
use super::{Account, AccountChange, accounts, change};
use crate::error::{ApiResult, ErrorBody};
use crate::newsroom::auth::Staff;
use crate::newsroom::policy::{Action, Ownership};
use crate::state::AppState;
use crate::web::PathParams;

/// Every account, staff first.
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
