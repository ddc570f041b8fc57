//! The JSON API of the site's pages: the newsroom's CRUD under `/api/v1/newsroom/pages` (with
//! the version check, publishing, revisions and the footer order) and the public
//! `GET /api/v1/pages/{lang}/{slug}`.

use axum::Json;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::actions::{self, PageInput};
use super::db::{self, PageRow};
use super::model::{lookup_form, page_path};
use crate::editions::{Lang, rfc3339};
use crate::error::{ApiResult, AppError, ErrorBody};
use crate::newsroom::actions::Comparison;
use crate::newsroom::api::workflow::{CompareParams, RestoreInput};
use crate::newsroom::auth::Staff;
use crate::newsroom::policy::{Action, Ownership};
use crate::state::AppState;
use crate::web::PathParams;

/// A page as the newsroom sees it.
#[derive(Debug, Serialize, ToSchema)]
pub struct NewsroomPage {
    pub id: i64,
    pub lang: Lang,
    /// `draft` or `published`.
    pub status: String,
    /// Send it back with every change; a stale one is refused with 409.
    pub version: i64,
    pub slug: String,
    pub title: String,
    /// Markdown.
    pub body: String,
    /// Place in the edition's footer, 1 first.
    pub position: i64,
    /// The same page in the other edition.
    pub translation_id: Option<i64>,
    pub updated_at: String,
    pub published_at: Option<String>,
    /// The public address (live only while published).
    pub url: String,
}

fn page_json(state: &AppState, row: PageRow) -> NewsroomPage {
    let offset = state.config.utc_offset_minutes;
    NewsroomPage {
        id: row.id,
        lang: row.lang,
        status: if row.is_published() { "published" } else { "draft" }.into(),
        version: row.version,
        url: format!("{}{}", state.config.base_url, page_path(row.lang, &row.slug)),
        slug: row.slug,
        title: row.title,
        body: row.body_md,
        position: row.position,
        translation_id: row.translation_id,
        updated_at: rfc3339(row.updated_at, offset),
        published_at: row.published_at.map(|t| rfc3339(t, offset)),
    }
}

/// Every page of both editions, each edition in footer order.
#[utoipa::path(get, path = "/api/v1/newsroom/pages", tag = "newsroom",
    responses((status = 200, body = [NewsroomPage]), (status = 403, body = ErrorBody)))]
pub async fn list(State(state): State<AppState>, staff: Staff) -> ApiResult<Json<Vec<NewsroomPage>>> {
    staff.authorize(Action::ManagePages, Ownership::NotApplicable)?;
    let rows = db::all(&state.db).await?;
    Ok(Json(rows.into_iter().map(|r| page_json(&state, r)).collect()))
}

/// Creates a draft page (`lang`, `title`, `slug` and `body` required).
#[utoipa::path(post, path = "/api/v1/newsroom/pages", tag = "newsroom", request_body = PageInput,
    responses((status = 201, body = NewsroomPage), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create(State(state): State<AppState>, staff: Staff, Json(input): Json<PageInput>) -> ApiResult<Response> {
    let row = actions::create(&state, &staff, &input).await?;
    Ok((StatusCode::CREATED, Json(page_json(&state, row))).into_response())
}

/// One page, published or not.
#[utoipa::path(get, path = "/api/v1/newsroom/pages/{id}", tag = "newsroom", params(("id" = i64, Path)),
    responses((status = 200, body = NewsroomPage), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn show(
    State(state): State<AppState>,
    staff: Staff,
    PathParams(id): PathParams<i64>,
) -> ApiResult<Json<NewsroomPage>> {
    staff.authorize(Action::ManagePages, Ownership::NotApplicable)?;
    Ok(Json(page_json(&state, actions::load(&state, id).await?)))
}

/// Changes a page; `version` must be the one the change is based on.
#[utoipa::path(patch, path = "/api/v1/newsroom/pages/{id}", tag = "newsroom", params(("id" = i64, Path)), request_body = PageInput,
    responses((status = 200, body = NewsroomPage), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn edit(
    State(state): State<AppState>,
    staff: Staff,
    PathParams(id): PathParams<i64>,
    Json(input): Json<PageInput>,
) -> ApiResult<Json<NewsroomPage>> {
    Ok(Json(page_json(&state, actions::edit(&state, &staff, id, &input).await?)))
}

/// Deletes a page and its revisions.
#[utoipa::path(delete, path = "/api/v1/newsroom/pages/{id}", tag = "newsroom", params(("id" = i64, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn delete(
    State(state): State<AppState>,
    staff: Staff,
    PathParams(id): PathParams<i64>,
) -> ApiResult<StatusCode> {
    actions::delete(&state, &staff, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Body of publish and unpublish.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VersionInput {
    /// The version the step is based on; when given, a stale one is refused with 409.
    pub version: Option<i64>,
}

/// Publishes a page: it answers at its address and joins its edition's footer at once.
#[utoipa::path(post, path = "/api/v1/newsroom/pages/{id}/publish", tag = "newsroom", params(("id" = i64, Path)),
    request_body(content = VersionInput, description = "optional"),
    responses((status = 200, body = NewsroomPage), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn publish(
    State(state): State<AppState>,
    staff: Staff,
    PathParams(id): PathParams<i64>,
    input: Option<Json<VersionInput>>,
) -> ApiResult<Json<NewsroomPage>> {
    let version = input.and_then(|Json(i)| i.version);
    Ok(Json(page_json(&state, actions::set_published(&state, &staff, id, version, true).await?)))
}

/// Takes a page down: its address answers 404 and it leaves the footer at once.
#[utoipa::path(post, path = "/api/v1/newsroom/pages/{id}/unpublish", tag = "newsroom", params(("id" = i64, Path)),
    request_body(content = VersionInput, description = "optional"),
    responses((status = 200, body = NewsroomPage), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn unpublish(
    State(state): State<AppState>,
    staff: Staff,
    PathParams(id): PathParams<i64>,
    input: Option<Json<VersionInput>>,
) -> ApiResult<Json<NewsroomPage>> {
    let version = input.and_then(|Json(i)| i.version);
    Ok(Json(page_json(&state, actions::set_published(&state, &staff, id, version, false).await?)))
}

/// A revision in the history.
#[derive(Debug, Serialize, ToSchema)]
pub struct PageRevision {
    pub version: i64,
    /// `create`, `edit`, `publish`, `unpublish`, `restore vN`.
    pub action: String,
    pub saved_at: String,
    pub by: Option<String>,
    pub title: String,
    pub slug: String,
    /// `draft` or `published` after this change.
    pub status: String,
}

/// Every revision of a page, newest first.
#[utoipa::path(get, path = "/api/v1/newsroom/pages/{id}/revisions", tag = "newsroom", params(("id" = i64, Path)),
    responses((status = 200, body = [PageRevision]), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn revisions(
    State(state): State<AppState>,
    staff: Staff,
    PathParams(id): PathParams<i64>,
) -> ApiResult<Json<Vec<PageRevision>>> {
    staff.authorize(Action::ManagePages, Ownership::NotApplicable)?;
    let row = actions::load(&state, id).await?;
    let offset = state.config.utc_offset_minutes;
    let list = db::revisions(&state.db, row.id)
        .await?
        .into_iter()
        .map(|r| PageRevision {
            version: r.version,
            action: r.action,
            saved_at: rfc3339(r.saved_at, offset),
            by: r.author,
            title: r.title,
            slug: r.slug,
            status: if r.published != 0 { "published" } else { "draft" }.into(),
        })
        .collect();
    Ok(Json(list))
}

/// The difference between two revisions of a page.
#[utoipa::path(get, path = "/api/v1/newsroom/pages/{id}/diff", tag = "newsroom", params(("id" = i64, Path), CompareParams),
    responses((status = 200, body = Comparison), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn diff(
    State(state): State<AppState>,
    staff: Staff,
    PathParams(id): PathParams<i64>,
    Query(p): Query<CompareParams>,
) -> ApiResult<Json<Comparison>> {
    Ok(Json(actions::compare(&state, &staff, id, p.from, p.to).await?))
}

/// Saves an earlier revision's text as the newest version.
#[utoipa::path(post, path = "/api/v1/newsroom/pages/{id}/restore", tag = "newsroom", params(("id" = i64, Path)), request_body = RestoreInput,
    responses((status = 200, body = NewsroomPage), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn restore(
    State(state): State<AppState>,
    staff: Staff,
    PathParams(id): PathParams<i64>,
    Json(input): Json<RestoreInput>,
) -> ApiResult<Json<NewsroomPage>> {
    Ok(Json(page_json(&state, actions::restore(&state, &staff, id, input.revision, input.version).await?)))
}

/// The footer order of an edition.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OrderInput {
    /// `en` or `bn`.
    pub lang: String,
    /// Page ids of that edition, first in the footer first; pages left out follow them.
    pub pages: Vec<i64>,
}

/// Sets the order of an edition's pages in its footer (admins).
#[utoipa::path(put, path = "/api/v1/newsroom/pages/order", tag = "newsroom", request_body = OrderInput,
    responses((status = 200, body = [NewsroomPage]), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn order(
    State(state): State<AppState>,
    staff: Staff,
    Json(input): Json<OrderInput>,
) -> ApiResult<Json<Vec<NewsroomPage>>> {
    let lang = Lang::parse(&input.lang)
        .ok_or_else(|| AppError::Unprocessable(format!("`lang` must be en or bn, not {:?}.", input.lang)))?;
    actions::set_order(&state, &staff, lang, &input.pages).await?;
    let rows = db::all(&state.db).await?;
    Ok(Json(rows.into_iter().filter(|r| r.lang == lang).map(|r| page_json(&state, r)).collect()))
}

/// A published page as readers get it.
#[derive(Debug, Serialize, ToSchema)]
pub struct PublicPage {
    pub lang: Lang,
    pub slug: String,
    pub title: String,
    /// Sanitised HTML.
    pub body_html: String,
    pub url: String,
    pub updated_at: String,
    /// The same page in the other edition, when it is published.
    pub translation: Option<PageLink>,
}

/// A link to a page.
#[derive(Debug, Serialize, ToSchema)]
pub struct PageLink {
    pub lang: Lang,
    pub title: String,
    pub url: String,
}

/// A published page of the site (editor's note, editorial policy…).
#[utoipa::path(get, path = "/api/v1/pages/{lang}/{slug}", tag = "pages", params(("lang" = String, Path), ("slug" = String, Path)),
    responses((status = 200, body = PublicPage), (status = 404, body = ErrorBody)))]
pub async fn public(
    State(state): State<AppState>,
    PathParams((lang, slug)): PathParams<(Lang, String)>,
) -> ApiResult<Json<PublicPage>> {
    let row = db::published(&state.db, lang, &lookup_form(&slug))
        .await?
        .ok_or_else(|| AppError::not_found("There is no page at this address."))?;
    let base = &state.config.base_url;
    let translation = super::pages::published_translation(&state, &row).await?.map(|t| PageLink {
        lang: t.lang,
        url: format!("{base}{}", page_path(t.lang, &t.slug)),
        title: t.title,
    });
    Ok(Json(PublicPage {
        lang,
        url: format!("{base}{}", page_path(lang, &row.slug)),
        slug: row.slug,
        title: row.title,
        body_html: row.body_html.into_string(),
        updated_at: rfc3339(row.updated_at, state.config.utc_offset_minutes),
        translation,
    }))
}
