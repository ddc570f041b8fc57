//! The newsroom's section API under `/api/v1/newsroom/sections`: list, add, change (rename, new
//! slug, place, hidden) and delete.

use axum::Json;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

use super::SectionInput;
use super::db::{self, SectionAdmin};
use crate::articles::api::{LangParam, lang_param};
use crate::articles::model::section_path;
use crate::error::{ApiResult, ErrorBody};
use crate::newsroom::auth::Staff;
use crate::newsroom::policy::{Action, Ownership};
use crate::state::AppState;
use crate::web::PathParams;

/// A section as the newsroom sees it.
#[derive(Debug, Serialize, ToSchema)]
pub struct NewsroomSection {
    pub id: i64,
    pub lang: String,
    pub slug: String,
    pub name: String,
    /// Place in the edition's navigation, 1 for first.
    pub position: i64,
    /// Left out of the navigation and the home page.
    pub hidden: bool,
    /// Stories filed under it, whatever their status: only an empty section can be deleted.
    pub stories: i64,
    /// The section front's address.
    pub url: String,
}

/// The sections of an edition in navigation order.
#[derive(Debug, Serialize, ToSchema)]
pub struct NewsroomSectionList {
    pub sections: Vec<NewsroomSection>,
}

fn json(row: SectionAdmin) -> NewsroomSection {
    NewsroomSection {
        url: section_path(row.lang, &row.slug),
        id: row.id,
        lang: row.lang.code().to_owned(),
        position: row.position,
        hidden: row.hidden != 0,
        stories: row.stories,
        slug: row.slug,
        name: row.name,
    }
}

/// The sections of an edition (`lang`, default the site's), hidden ones included, in
/// navigation order.
#[utoipa::path(get, path = "/api/v1/newsroom/sections", tag = "newsroom", params(LangParam),
    responses((status = 200, body = NewsroomSectionList), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    staff: Staff,
    Query(params): Query<LangParam>,
) -> ApiResult<Json<NewsroomSectionList>> {
    staff.authorize(Action::ManageSections, Ownership::NotApplicable)?;
    let lang = lang_param(params.lang(), state.default_edition())?;
    let sections = db::list(&state.db, lang).await?.into_iter().map(json).collect();
    Ok(Json(NewsroomSectionList { sections }))
}

/// Adds a section to an edition (`lang` and `name` required; the slug is made from the name
/// unless given). A slug the edition already uses is refused with 409.
#[utoipa::path(post, path = "/api/v1/newsroom/sections", tag = "newsroom", request_body = SectionInput,
    responses((status = 201, body = NewsroomSection), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    staff: Staff,
    Json(input): Json<SectionInput>,
) -> ApiResult<Response> {
    let row = super::create(&state, &staff.for_api(), &input).await?;
    Ok((StatusCode::CREATED, Json(json(row))).into_response())
}

/// Changes a section. A new `name` keeps the address; a new `slug` moves the section and its
/// feed, and the old addresses answer 301. `position` moves it in the navigation; `hidden`
/// takes it out of the navigation and the home page.
#[utoipa::path(patch, path = "/api/v1/newsroom/sections/{id}", tag = "newsroom", params(("id" = i64, Path)),
    request_body = SectionInput,
    responses((status = 200, body = NewsroomSection), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update(
    State(state): State<AppState>,
    staff: Staff,
    PathParams(id): PathParams<i64>,
    Json(input): Json<SectionInput>,
) -> ApiResult<Json<NewsroomSection>> {
    Ok(Json(json(super::update(&state, &staff.for_api(), id, &input).await?)))
}

/// Deletes a section under which no story is filed; one with stories is refused with 409 (move
/// them, or hide the section).
#[utoipa::path(delete, path = "/api/v1/newsroom/sections/{id}", tag = "newsroom", params(("id" = i64, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody)))]
pub async fn delete(
    State(state): State<AppState>,
    staff: Staff,
    PathParams(id): PathParams<i64>,
) -> ApiResult<StatusCode> {
    super::delete(&state, &staff.for_api(), id).await?;
    Ok(StatusCode::NO_CONTENT)
}
