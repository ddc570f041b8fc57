//! `GET /api/v1/polls/{id}` (a poll with its live counts) and `POST /api/v1/polls/{id}/votes`
//! (a reader's vote); the newsroom's poll API is in `super::newsroom::api`.

use std::net::SocketAddr;

use axum::Json;
use axum::extract::{ConnectInfo, FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::db::{self, PollRow};
use super::model::{Phase, percent, refusal_text};
use super::vote::{Caller, Cast, cast};
use crate::accounts::session::MaybeUser;
use crate::csrf::{self, CsrfToken};
use crate::editions::{Lang, rfc3339};
use crate::error::{ApiError, ApiResult, AppError, ErrorBody, api_code, json_error};
use crate::newsroom::auth::Staff;
use crate::state::AppState;
use crate::web::PathParams;

/// An answer with its votes.
#[derive(Debug, Serialize, ToSchema)]
pub struct OptionJson {
    /// The number to vote with, from 1.
    pub option: i64,
    pub label: String,
    pub votes: i64,
    /// Share of all votes, in whole percent.
    pub percent: i64,
}

/// A poll with its counts, the same on every node.
#[derive(Debug, Serialize, ToSchema)]
pub struct PollJson {
    pub id: i64,
    pub lang: Lang,
    pub question: String,
    /// `upcoming` (newsroom only), `open` or `closed`.
    pub status: String,
    pub open: bool,
    pub opens_at: String,
    pub closes_at: String,
    /// The story the poll is shown under.
    pub article_id: Option<i64>,
    pub options: Vec<OptionJson>,
    /// Everyone who has voted.
    pub total: i64,
    /// The poll's page.
    pub url: String,
}

/// The poll as JSON, with its counts as stored now.
pub async fn poll_json(state: &AppState, row: &PollRow) -> Result<PollJson, AppError> {
    let counts = db::counts(&state.db, row.id).await?;
    let total = counts.iter().map(|o| o.votes).sum();
    let phase = Phase::at(row.opens_at, row.closes_at, state.clock.now());
    let offset = state.config.utc_offset_minutes;
    Ok(PollJson {
        id: row.id,
        lang: row.lang,
        question: row.question.clone(),
        status: phase.as_str().to_owned(),
        open: phase == Phase::Open,
        opens_at: rfc3339(row.opens_at, offset),
        closes_at: rfc3339(row.closes_at, offset),
        article_id: row.article_id,
        options: counts
            .into_iter()
            .map(|o| OptionJson {
                option: o.position,
                percent: percent(o.votes, total),
                label: o.label,
                votes: o.votes,
            })
            .collect(),
        total,
        url: format!("{}{}", state.config.base_url, super::poll_path(row.lang, row.id)),
    })
}

/// A poll readers may see: it exists and has opened.
pub async fn public_poll(state: &AppState, id: i64) -> Result<PollRow, AppError> {
    let missing = || AppError::not_found(format!("There is no poll {id}."));
    let row = db::find(&state.db, id).await?.ok_or_else(missing)?;
    if Phase::at(row.opens_at, row.closes_at, state.clock.now()) == Phase::Upcoming {
        return Err(missing());
    }
    Ok(row)
}

/// A poll with its live counts. The `X-CSRF-Token` header of the answer is the token a page's
/// script sends back with a vote.
#[utoipa::path(get, path = "/api/v1/polls/{id}", tag = "polls",
    params(("id" = i64, Path, description = "Poll id")),
    responses((status = 200, body = PollJson), (status = 404, body = ErrorBody)))]
pub async fn show(
    State(state): State<AppState>,
    csrf: CsrfToken,
    PathParams(id): PathParams<i64>,
) -> ApiResult<Response> {
    let row = public_poll(&state, id).await?;
    let mut response = Json(poll_json(&state, &row).await?).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if let Ok(token) = HeaderValue::from_str(csrf.value()) {
        headers.insert("x-csrf-token", token);
    }
    Ok(response)
}

/// A vote.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VoteInput {
    /// The option's number, from 1.
    pub option: i64,
}

/// Who votes through the API: a personal API token's owner, a logged-in reader, or a visitor.
/// A session or visitor cookie rides along with any request the browser makes, so a vote sent
/// with cookies must also carry the page's CSRF token in an `X-CSRF-Token` header (as comments
/// do).
pub struct ApiCaller(pub Caller);

impl FromRequestParts<AppState> for ApiCaller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        if parts.headers.contains_key(header::AUTHORIZATION) {
            let staff = Staff::from_request_parts(parts, state).await?;
            return Ok(Self(Caller::Account(staff.id)));
        }
        let expected = crate::cookies::get(&parts.headers, csrf::COOKIE);
        let given = parts.headers.get("x-csrf-token").and_then(|v| v.to_str().ok());
        if !matches!((expected.as_deref(), given), (Some(expected), Some(given)) if csrf::same(expected, given)) {
            return Err(AppError::Forbidden(
                "Votes sent with cookies need the page's CSRF token in an `X-CSRF-Token` header.".into(),
            )
            .into());
        }
        let MaybeUser(user) = MaybeUser::from_request_parts(parts, state).await?;
        Ok(Self(user.map_or(Caller::Anonymous, |u| Caller::Account(u.id))))
    }
}

/// Votes in an open poll: once per account, or per visitor cookie with a cap per address.
/// Answers with the poll's counts; a refused vote changes none (409 already voted, closed, or
/// the address's cap reached; 403 for crawlers; 429 for a flood of attempts).
#[utoipa::path(post, path = "/api/v1/polls/{id}/votes", tag = "polls",
    params(("id" = i64, Path, description = "Poll id"),
        ("X-CSRF-Token" = Option<String>, Header, description = "With cookies: the page's token (see GET /api/v1/polls/{id})")),
    request_body = VoteInput,
    responses((status = 201, body = PollJson), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn vote(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    PathParams(id): PathParams<i64>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Json(input): Json<VoteInput>,
) -> ApiResult<Response> {
    let row = public_poll(&state, id).await?;
    let Cast { result, set_cookie } = cast(&state, &row, input.option, caller, &headers, peer).await?;
    let mut response = match result {
        Ok(()) => (StatusCode::CREATED, Json(poll_json(&state, &row).await?)).into_response(),
        Err(refusal) => {
            let status = Cast::status(refusal);
            json_error(status, api_code(status), refusal_text(row.lang, refusal).to_owned())
        }
    };
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if let Some(cookie) = set_cookie {
        response.headers_mut().append(header::SET_COOKIE, cookie);
    }
    Ok(response)
}
