//! `GET /api/v1/trending`.

use axum::Json;
use axum::extract::{Query, State};
use serde::Serialize;
use utoipa::ToSchema;

use crate::app::AppState;
use crate::articles::api::{LangParam, lang_param};
use crate::editions::rfc3339;
use crate::error::{ApiResult, ErrorBody};

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
