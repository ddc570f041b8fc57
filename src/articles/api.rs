//! The read API: articles, one article, sections. Responses are built from these types, never
//! from database rows directly.

use axum::Json;
use axum::extract::{Query, State};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::db::{self, BylineRow, SummaryRow};
use super::model::{Cursor, article_path};
use crate::editions::{Lang, rfc3339};
use crate::error::{ApiResult, AppError, ErrorBody};
use crate::state::AppState;
use crate::web::PathParams;

/// The most articles one API page returns.
pub const MAX_LIMIT: i64 = 50;
const DEFAULT_LIMIT: i64 = 20;

/// A section as the API shows it.
#[derive(Debug, Serialize, ToSchema)]
pub struct SectionJson {
    pub slug: String,
    pub name: String,
}

/// A desk or reporter credited on an article.
#[derive(Debug, Serialize, ToSchema)]
pub struct BylineJson {
    pub slug: String,
    pub name: String,
    /// `desk` or `person`.
    pub kind: String,
}

/// A published article, without its body.
#[derive(Debug, Serialize, ToSchema)]
pub struct ArticleJson {
    pub id: i64,
    pub lang: Lang,
    pub title: String,
    pub standfirst: String,
    pub section: SectionJson,
    pub byline: Vec<BylineJson>,
    /// RFC 3339, in the newsroom's time zone.
    pub published_at: String,
    /// Absolute URL of the article page.
    pub url: String,
}

/// A published article with its sanitised HTML body.
#[derive(Debug, Serialize, ToSchema)]
pub struct ArticleDetailJson {
    #[serde(flatten)]
    pub article: ArticleJson,
    pub updated_at: String,
    pub body_html: String,
    pub topics: Vec<SectionJson>,
}

/// One page of articles, newest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct ArticleList {
    pub articles: Vec<ArticleJson>,
    /// Pass as `cursor` to get the next (older) page; absent on the last page.
    pub next_cursor: Option<String>,
}

/// Sections of an edition in navigation order.
#[derive(Debug, Serialize, ToSchema)]
pub struct SectionList {
    pub sections: Vec<SectionJson>,
}

/// Filters and paging of `GET /api/v1/articles`. Every field is read as text and checked
/// here, so that a bad value gets a message naming it.
#[derive(Debug, Deserialize, IntoParams)]
pub struct ListParams {
    /// Edition: `en` or `bn` (default: the site's default edition).
    #[param(pattern = "^(en|bn)$")]
    lang: Option<String>,
    /// Section slug within the edition.
    section: Option<String>,
    /// Topic slug within the edition.
    topic: Option<String>,
    /// 1 to 50, default 20.
    #[param(value_type = Option<u32>, minimum = 1, maximum = 50)]
    limit: Option<String>,
    /// `next_cursor` of the previous page.
    #[param(pattern = "^-?[0-9]{1,18}-[1-9][0-9]{0,17}$")]
    cursor: Option<String>,
}

/// `?lang=` of the API.
#[derive(Debug, Deserialize, IntoParams)]
pub struct LangParam {
    /// Edition: `en` or `bn` (default: the site's default edition).
    #[param(pattern = "^(en|bn)$")]
    lang: Option<String>,
}

impl LangParam {
    /// The raw `lang` value, if given.
    pub fn lang(&self) -> Option<&str> {
        self.lang.as_deref()
    }
}

/// Parses an optional `lang` parameter.
pub fn lang_param(lang: Option<&str>, default: Lang) -> Result<Lang, AppError> {
    match lang {
        None => Ok(default),
        Some(code) => {
            Lang::parse(code).ok_or_else(|| AppError::bad_request(format!("lang must be en or bn, not {code:?}")))
        }
    }
}

fn limit_param(limit: Option<&str>) -> Result<i64, AppError> {
    let Some(text) = limit else {
        return Ok(DEFAULT_LIMIT);
    };
    match text.parse::<i64>() {
        Ok(n) if (1..=MAX_LIMIT).contains(&n) => Ok(n),
        _ => Err(AppError::bad_request(format!("limit must be a whole number from 1 to {MAX_LIMIT}, not {text:?}"))),
    }
}

fn byline_json(b: &BylineRow, lang: Lang) -> BylineJson {
    BylineJson { slug: b.slug.clone(), name: b.name_in(lang).to_owned(), kind: b.kind.as_str().into() }
}

/// The API object of a published story.
pub async fn article_json(state: &AppState, row: SummaryRow) -> Result<ArticleJson, AppError> {
    let lang = row.lang;
    let bylines = db::bylines_of(&state.db, row.id).await?;
    Ok(ArticleJson {
        id: row.id,
        lang,
        url: format!("{}{}", state.config.base_url, article_path(lang, row.id, &row.slug)),
        title: row.title,
        standfirst: row.standfirst,
        section: SectionJson { slug: row.section_slug, name: row.section_name },
        byline: bylines.iter().map(|b| byline_json(b, lang)).collect(),
        published_at: rfc3339(row.published_at, state.config.utc_offset_minutes),
    })
}

/// Lists published articles, newest first.
#[utoipa::path(get, path = "/api/v1/articles", params(ListParams), tag = "articles",
    responses((status = 200, body = ArticleList), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn list(State(state): State<AppState>, Query(params): Query<ListParams>) -> ApiResult<Json<ArticleList>> {
    let lang = lang_param(params.lang.as_deref(), state.default_edition())?;
    let limit = limit_param(params.limit.as_deref())?;
    let cursor = match params.cursor.as_deref() {
        None | Some("") => None,
        Some(text) => {
            Some(Cursor::parse(text).ok_or_else(|| AppError::bad_request("cursor is not one this API returned"))?)
        }
    };
    let rows = match (params.section.as_deref(), params.topic.as_deref()) {
        (Some(_), Some(_)) => {
            return Err(AppError::bad_request("filter by section or by topic, not both").into());
        }
        (Some(slug), None) => {
            let section = db::section_by_slug(&state.db, lang, slug)
                .await?
                .ok_or_else(|| AppError::not_found(format!("no section “{slug}” in the {} edition", lang.code())))?;
            db::in_section(&state.db, section.id, cursor, limit + 1).await?
        }
        (None, Some(slug)) => {
            let topic = db::topic_by_slug(&state.db, lang, slug)
                .await?
                .ok_or_else(|| AppError::not_found(format!("no topic “{slug}” in the {} edition", lang.code())))?;
            db::with_topic(&state.db, topic.id, cursor, limit + 1).await?
        }
        (None, None) => db::latest(&state.db, lang, cursor, limit + 1).await?,
    };
    let mut rows = rows;
    let next_cursor = if rows.len() as i64 > limit {
        rows.truncate(limit as usize);
        rows.last().map(|r| Cursor::after(r.published_at, r.id).to_string())
    } else {
        None
    };
    let mut articles = Vec::with_capacity(rows.len());
    for row in rows {
        articles.push(article_json(&state, row).await?);
    }
    Ok(Json(ArticleList { articles, next_cursor }))
}

/// One published article with its body.
#[utoipa::path(get, path = "/api/v1/articles/{id}", tag = "articles",
    params(("id" = i64, Path, description = "Article id")),
    responses((status = 200, body = ArticleDetailJson), (status = 404, body = ErrorBody)))]
pub async fn show(
    State(state): State<AppState>,
    PathParams(id): PathParams<i64>,
) -> ApiResult<Json<ArticleDetailJson>> {
    let missing = || AppError::not_found(format!("no published article with id {id}"));
    let row = db::find_published(&state.db, id).await?.ok_or_else(missing)?;
    let offset = state.config.utc_offset_minutes;
    let topics = db::topics_of(&state.db, row.id).await?;
    let summary = SummaryRow {
        id: row.id,
        lang: row.lang,
        slug: row.slug,
        title: row.title,
        standfirst: row.standfirst,
        published_at: row.published_at,
        section_slug: row.section_slug,
        section_name: row.section_name,
        image: Default::default(),
    };
    Ok(Json(ArticleDetailJson {
        article: article_json(&state, summary).await?,
        updated_at: rfc3339(row.updated_at, offset),
        body_html: row.body_html.into_string(),
        topics: topics.into_iter().map(|t| SectionJson { slug: t.slug, name: t.name }).collect(),
    }))
}

/// The sections of an edition that readers are offered, in navigation order (a hidden section
/// keeps its address but is not listed).
#[utoipa::path(get, path = "/api/v1/sections", params(LangParam), tag = "articles",
    responses((status = 200, body = SectionList), (status = 400, body = ErrorBody)))]
pub async fn sections(State(state): State<AppState>, Query(params): Query<LangParam>) -> ApiResult<Json<SectionList>> {
    let lang = lang_param(params.lang.as_deref(), state.default_edition())?;
    let site = state.site.get();
    let sections = site.nav(lang).iter().map(|s| SectionJson { slug: s.slug.clone(), name: s.name.clone() }).collect();
    Ok(Json(SectionList { sections }))
}
