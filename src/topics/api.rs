//! The topic API: the public search pickers use (`GET /api/v1/topics`), and the newsroom's
//! create, change, merge and delete under `/api/v1/newsroom/topics`.

use axum::Json;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::db::{self, TopicAdmin};
use super::model::{DEFAULT_PICKS, MAX_PICKS, contains_pattern};
use super::{MergeInput, TopicInput};
use crate::articles::model::topic_path;
use crate::editions::Lang;
use crate::error::{ApiResult, AppError, ErrorBody};
use crate::newsroom::auth::Staff;
use crate::state::AppState;
use crate::web::PathParams;

/// A topic as a picker shows it.
#[derive(Debug, Serialize, ToSchema)]
pub struct TopicPick {
    pub id: i64,
    pub slug: String,
    pub name: String,
    /// `en` or `bn`.
    pub lang: String,
    /// The topic's page.
    pub url: String,
}

/// Topics found, those whose name starts with the text first.
#[derive(Debug, Serialize, ToSchema)]
pub struct TopicPicks {
    pub topics: Vec<TopicPick>,
}

/// `?lang=&q=&limit=` of the search.
#[derive(Debug, Deserialize, IntoParams)]
pub struct PickQuery {
    /// Edition: `en` or `bn`; both when left out.
    #[param(pattern = "^(en|bn)$")]
    lang: Option<String>,
    /// Text found anywhere in the name or the slug, in either script; every topic when empty.
    q: Option<String>,
    /// 1 to 50, default 20.
    limit: Option<i64>,
}

/// A topic as the newsroom sees it.
#[derive(Debug, Serialize, ToSchema)]
pub struct NewsroomTopic {
    pub id: i64,
    pub lang: String,
    pub slug: String,
    pub name: String,
    pub description: String,
    /// The photo's image in the media library, if any.
    pub image_id: Option<i64>,
    /// Published stories with the topic.
    pub stories: i64,
    pub url: String,
}

fn json(row: TopicAdmin) -> NewsroomTopic {
    NewsroomTopic {
        url: topic_path(row.lang, &row.slug),
        id: row.id,
        lang: row.lang.code().to_owned(),
        stories: row.stories,
        image_id: row.image_id,
        description: row.description,
        slug: row.slug,
        name: row.name,
    }
}

/// Searches topics by name, for pickers: `q` is found anywhere in a topic's name or slug.
#[utoipa::path(get, path = "/api/v1/topics", params(PickQuery), tag = "articles",
    responses((status = 200, body = TopicPicks), (status = 400, body = ErrorBody)))]
pub async fn search(State(state): State<AppState>, Query(query): Query<PickQuery>) -> ApiResult<Json<TopicPicks>> {
    let lang = match query.lang.as_deref().filter(|l| !l.is_empty()) {
        None => None,
        Some(code) => Some(
            Lang::parse(code).ok_or_else(|| AppError::bad_request(format!("lang must be en or bn, not {code:?}")))?,
        ),
    };
    let limit = query.limit.unwrap_or(DEFAULT_PICKS);
    if !(1..=MAX_PICKS).contains(&limit) {
        return Err(AppError::bad_request(format!("limit must be between 1 and {MAX_PICKS}, not {limit}")).into());
    }
    let pattern = contains_pattern(query.q.as_deref().unwrap_or(""));
    let rows = db::search(&state.db, lang, pattern.as_deref(), limit, 0).await?;
    let topics = rows
        .into_iter()
        .map(|t| TopicPick {
            url: topic_path(t.lang, &t.slug),
            id: t.id,
            lang: t.lang.code().to_owned(),
            slug: t.slug,
            name: t.name,
        })
        .collect();
    Ok(Json(TopicPicks { topics }))
}

/// Creates a topic (`lang` and `name` required; the slug is made from the name unless given).
/// Reporters may create topics too. A slug the edition already uses is refused with 409.
#[utoipa::path(post, path = "/api/v1/newsroom/topics", tag = "newsroom", request_body = TopicInput,
    responses((status = 201, body = NewsroomTopic), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create(State(state): State<AppState>, staff: Staff, Json(input): Json<TopicInput>) -> ApiResult<Response> {
    let row = super::create(&state, &staff.for_api(), &input).await?;
    Ok((StatusCode::CREATED, Json(json(row))).into_response())
}

/// Changes a topic. A new `name` keeps the address; a new `slug` moves the topic and its feed,
/// and the old addresses answer 301. Editors and admins only.
#[utoipa::path(patch, path = "/api/v1/newsroom/topics/{id}", tag = "newsroom", params(("id" = i64, Path)),
    request_body = TopicInput,
    responses((status = 200, body = NewsroomTopic), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update(
    State(state): State<AppState>,
    staff: Staff,
    PathParams(id): PathParams<i64>,
    Json(input): Json<TopicInput>,
) -> ApiResult<Json<NewsroomTopic>> {
    Ok(Json(json(super::update(&state, &staff.for_api(), id, &input).await?)))
}

/// Merges a topic into another of the same edition: its stories move there, it is deleted, and
/// its page answers 301 to the other's. Answers with the topic merged into.
#[utoipa::path(post, path = "/api/v1/newsroom/topics/{id}/merge", tag = "newsroom", params(("id" = i64, Path)),
    request_body = MergeInput,
    responses((status = 200, body = NewsroomTopic), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn merge(
    State(state): State<AppState>,
    staff: Staff,
    PathParams(id): PathParams<i64>,
    Json(input): Json<MergeInput>,
) -> ApiResult<Json<NewsroomTopic>> {
    Ok(Json(json(super::merge(&state, &staff.for_api(), id, input.into).await?)))
}

/// Deletes a topic; its stories lose it.
#[utoipa::path(delete, path = "/api/v1/newsroom/topics/{id}", tag = "newsroom", params(("id" = i64, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn delete(
    State(state): State<AppState>,
    staff: Staff,
    PathParams(id): PathParams<i64>,
) -> ApiResult<StatusCode> {
    super::delete(&state, &staff.for_api(), id).await?;
    Ok(StatusCode::NO_CONTENT)
}
