//! `GET /api/v1/search`: the same search as the reader's page, as JSON.

use axum::Json;
use axum::extract::{Query, State};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::SearchParams;
use crate::articles::api::{MAX_LIMIT, SectionJson, lang_param};
use crate::articles::model::article_path;
use crate::editions::{Lang, rfc3339};
use crate::error::{ApiResult, AppError, ErrorBody};
use crate::state::AppState;

/// Edition and page size of `GET /api/v1/search`, besides the shared search parameters.
#[derive(Debug, Deserialize, IntoParams)]
pub struct ApiParams {
    /// Edition: `en` or `bn` (default: the site's default edition).
    #[param(pattern = "^(en|bn)$")]
    lang: Option<String>,
    /// 1 to 50, default 20.
    #[param(value_type = Option<u32>, minimum = 1, maximum = 50)]
    limit: Option<String>,
}

/// One matching story.
#[derive(Debug, Serialize, ToSchema)]
pub struct SearchHitJson {
    pub id: i64,
    pub lang: Lang,
    pub title: String,
    /// The headline as HTML: text escaped, matched words in `<mark>`.
    pub title_html: String,
    /// A passage of the story as HTML: text escaped, matched words in `<mark>`.
    pub snippet_html: String,
    pub section: SectionJson,
    /// RFC 3339, in the newsroom's time zone.
    pub published_at: String,
    /// Absolute URL of the article page.
    pub url: String,
}

/// One page of search results.
#[derive(Debug, Serialize, ToSchema)]
pub struct SearchResults {
    /// The query as searched (trimmed and cut to 200 characters).
    pub query: String,
    /// How many stories match in all.
    pub total: usize,
    pub results: Vec<SearchHitJson>,
    /// Pass as `cursor` (with the same other parameters) for the next page.
    pub next_cursor: Option<String>,
}

/// Full-text search of one edition's published stories.
#[utoipa::path(get, path = "/api/v1/search", params(ApiParams, SearchParams), tag = "articles",
    responses((status = 200, body = SearchResults), (status = 400, body = ErrorBody)))]
pub async fn search(
    State(state): State<AppState>,
    Query(api): Query<ApiParams>,
    Query(params): Query<SearchParams>,
) -> ApiResult<Json<SearchResults>> {
    let lang = lang_param(api.lang.as_deref(), state.default_edition())?;
    let limit = match api.limit.as_deref() {
        None | Some("") => 20,
        Some(text) => match text.parse::<usize>() {
            Ok(n) if (1..=MAX_LIMIT as usize).contains(&n) => n,
            _ => {
                let message = format!("limit must be a whole number from 1 to {MAX_LIMIT}, not {text:?}");
                return Err(AppError::bad_request(message).into());
            }
        },
    };
    let query = params.resolve(&state, lang, limit).await?;
    let text = query.text.clone();
    let found = super::run(&state, query).await?;
    let offset = state.config.utc_offset_minutes;
    let results = found
        .hits
        .into_iter()
        .map(|h| SearchHitJson {
            id: h.id,
            lang,
            url: format!("{}{}", state.config.base_url, article_path(lang, h.id, &h.slug)),
            title: h.title,
            title_html: h.title_html.into_string(),
            snippet_html: h.snippet_html.into_string(),
            section: SectionJson { slug: h.section_slug, name: h.section_name },
            published_at: rfc3339(h.published_at, offset),
        })
        .collect();
    Ok(Json(SearchResults { query: text, total: found.total, results, next_cursor: found.next.map(|c| c.to_string()) }))
}
