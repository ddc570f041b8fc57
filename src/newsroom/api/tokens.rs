//! API tokens: trading email and password for a personal token, and revoking one.

use std::net::SocketAddr;

use axum::Json;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::accounts::model::{Email, random_hex, sha256_hex, verify_password};
use crate::accounts::throttle::{self, LOGIN_PER_ACCOUNT, LOGIN_PER_ADDRESS};
use crate::error::{ApiResult, AppError, ErrorBody};
use crate::newsroom::auth::Staff;
use crate::newsroom::db;
use crate::newsroom::policy::Role;
use crate::state::AppState;
use crate::web::{PathParams, client_ip};

/// `POST /api/v1/auth/token` body.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TokenRequest {
    pub email: String,
    pub password: String,
    /// A name to recognise the token by, such as "wire importer".
    pub name: Option<String>,
}

/// A new API token; it is shown only once.
#[derive(Debug, Serialize, ToSchema)]
pub struct TokenResponse {
    pub id: i64,
    pub token: String,
}

/// Trades email and password for a personal API token; throttled like the login form.
#[utoipa::path(post, path = "/api/v1/auth/token", tag = "newsroom", request_body = TokenRequest,
    responses((status = 201, body = TokenResponse), (status = 401, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn create_token(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Json(req): Json<TokenRequest>,
) -> ApiResult<Response> {
    let ip = client_ip(&headers, peer, &state.config.trusted_proxies);
    let typed = req.email.trim().to_lowercase();
    let buckets = [(format!("login:{ip}:{typed}"), LOGIN_PER_ACCOUNT), (format!("login-ip:{ip}"), LOGIN_PER_ADDRESS)];
    for (bucket, limit) in &buckets {
        if let Err(retry_after) = throttle::check(&state, bucket, *limit).await? {
            return Err(throttle::too_many(retry_after, "failed logins").into());
        }
    }
    let user = match Email::parse(&req.email) {
        Some(email) => crate::accounts::db::user_by_email(&state.db, &email).await?,
        None => None,
    };
    let hash = user.as_ref().map_or_else(|| state.dummy_hash.clone(), |u| u.password_hash.clone());
    let password = req.password;
    let matches = tokio::task::spawn_blocking(move || verify_password(&password, &hash)).await.unwrap_or(false);
    let Some(user) = user.filter(|_| matches) else {
        for (bucket, _) in &buckets {
            throttle::record(&state, bucket).await?;
        }
        return Err(AppError::Unauthorized("That email and password do not match an account.".into()).into());
    };
    if user.role == Role::Reader {
        return Err(AppError::Forbidden("API tokens are for newsroom staff.".into()).into());
    }
    let token = format!("nd_{}", random_hex(32));
    let name = req.name.unwrap_or_else(|| "API token".into()).chars().take(100).collect::<String>();
    let id = db::insert_token(&state.db, user.id, &sha256_hex(&token), &name, state.clock.now()).await?;
    Ok((StatusCode::CREATED, Json(TokenResponse { id, token })).into_response())
}

/// Revokes one of the caller's API tokens.
#[utoipa::path(delete, path = "/api/v1/auth/tokens/{id}", tag = "newsroom",
    params(("id" = i64, Path, description = "Token id")),
    responses((status = 204), (status = 404, body = ErrorBody)))]
pub async fn revoke_token(
    State(state): State<AppState>,
    staff: Staff,
    PathParams(id): PathParams<i64>,
) -> ApiResult<StatusCode> {
    let missing = || AppError::not_found("You have no live API token with this id.");
    if db::revoke_token(&state.db, staff.id, id, state.clock.now()).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(missing().into())
    }
}
