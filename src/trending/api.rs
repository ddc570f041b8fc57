//! `GET /api/v1/trending`, and the view beacon `POST /api/v1/articles/{id}/views`.

use std::net::SocketAddr;

use axum::Json;
use axum::extract::{ConnectInfo, Query, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

use crate::articles::api::{LangParam, lang_param};
use crate::editions::rfc3339;
use crate::error::{ApiError, ApiResult, AppError, ErrorBody};
use crate::state::AppState;
use crate::web::PathParams;

/// A trending article.
#[derive(Debug, Serialize, ToSchema)]
pub struct TrendingJson {
    pub id: i64,
    pub title: String,
    pub url: String,
    pub section: String,
    pub published_at: String,
    /// Views weighted by age (half-life six hours) when the list was last refreshed.
    pub score: f64,
    /// All counted views.
    pub views: i64,
}

/// The Trending Views list of an edition.
#[derive(Debug, Serialize, ToSchema)]
pub struct TrendingList {
    pub articles: Vec<TrendingJson>,
}

/// The most-read stories of an edition over the last seven days, with time decay.
#[utoipa::path(get, path = "/api/v1/trending", params(LangParam), tag = "trending",
    responses((status = 200, body = TrendingList), (status = 400, body = ErrorBody)))]
pub async fn list(State(state): State<AppState>, Query(params): Query<LangParam>) -> ApiResult<Json<TrendingList>> {
    let lang = lang_param(params.lang(), state.default_edition())?;
    let offset = state.config.utc_offset_minutes;
    let articles = state
        .trending
        .get(lang)
        .iter()
        .map(|t| TrendingJson {
            id: t.id,
            title: t.title.clone(),
            url: format!("{}{}", state.config.base_url, t.path),
            section: t.section_name.clone(),
            published_at: rfc3339(t.published_at, offset),
            score: t.score,
            views: t.view_count,
        })
        .collect();
    Ok(Json(TrendingList { articles }))
}

/// Counts a view of an article whose page a CDN served (the page's beacon script sends it).
/// The same rules as a view of the page apply: once per visitor per half hour, bots and
/// scripts excluded.
#[utoipa::path(post, path = "/api/v1/articles/{id}/views", tag = "articles",
    params(("id" = i64, Path, description = "Article id")),
    responses((status = 204, description = "Counted (or deduplicated)"), (status = 404, body = ErrorBody)))]
pub async fn beacon(
    State(state): State<AppState>,
    PathParams(id): PathParams<i64>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let missing = || ApiError::from(AppError::not_found("There is no published article with this id."));
    crate::articles::db::find_published(&state.db, id).await.map_err(AppError::from)?.ok_or_else(missing)?;
    let mut response = StatusCode::NO_CONTENT.into_response();
    let out = response.headers_mut();
    out.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if let Some(cookie) = super::count_view(&state, id, peer, &Method::GET, &headers) {
        out.append(header::SET_COOKIE, cookie);
    }
    Ok(response)
}
