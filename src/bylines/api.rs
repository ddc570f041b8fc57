//! The JSON API of bylines: the public list (`GET /api/v1/bylines`, for anyone crediting or
//! linking to an author) and the newsroom's CRUD under `/api/v1/newsroom/bylines`.

use axum::Json;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::actions::{self, BylineInput};
use super::db::{self, BylineProfile};
use super::model::Credit;
use crate::articles::model::byline_path;
use crate::articles::pages::CardImage;
use crate::editions::{Lang, rfc3339};
use crate::error::{ApiResult, ErrorBody};
use crate::newsroom::auth::Staff;
use crate::newsroom::policy::{Action, Ownership};
use crate::state::AppState;
use crate::web::PathParams;

/// A byline as anyone may read it.
#[derive(Debug, Serialize, ToSchema)]
pub struct Byline {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub name_bn: String,
    pub kind: Credit,
    pub title: String,
    pub title_bn: String,
    /// The photo's address, if it has one.
    pub photo: Option<String>,
    /// The author page in the English edition.
    pub url: String,
    /// The author page in the Bangla edition.
    pub url_bn: String,
    /// Kept on old stories, offered for no new one.
    pub retired: bool,
}

/// A byline as the newsroom edits it.
#[derive(Debug, Serialize, ToSchema)]
pub struct NewsroomByline {
    #[serde(flatten)]
    pub public: Byline,
    /// The staff account it belongs to, for a staff byline.
    pub user_id: Option<i64>,
    pub bio: String,
    pub bio_bn: String,
    pub photo_id: Option<i64>,
    pub links: Vec<String>,
    pub joined_at: String,
    /// Published stories credited to it.
    pub stories: i64,
    /// Send it back with every change; a stale one is refused with 409.
    pub version: i64,
}

fn public_json(state: &AppState, b: &BylineProfile) -> Byline {
    let base = &state.config.base_url;
    Byline {
        id: b.id,
        slug: b.slug.clone(),
        name: b.name.clone(),
        name_bn: b.name_bn.clone(),
        kind: b.credit(),
        title: b.title.clone(),
        title_bn: b.title_bn.clone(),
        photo: CardImage::of(&b.photo).map(|p| format!("{base}{}", p.src)),
        url: format!("{base}{}", byline_path(Lang::En, &b.slug)),
        url_bn: format!("{base}{}", byline_path(Lang::Bn, &b.slug)),
        retired: b.retired_at.is_some(),
    }
}

fn newsroom_json(state: &AppState, b: &BylineProfile, stories: i64) -> NewsroomByline {
    NewsroomByline {
        public: public_json(state, b),
        user_id: b.user_id,
        bio: b.bio.clone(),
        bio_bn: b.bio_bn.clone(),
        photo_id: b.photo_id,
        links: b.links.lines().map(str::to_owned).collect(),
        joined_at: rfc3339(b.joined_at, state.config.utc_offset_minutes),
        stories,
        version: b.version,
    }
}

/// `?q=` of the lists.
#[derive(Debug, Default, Deserialize, IntoParams)]
pub struct BylineQuery {
    /// Part of a name, in either script, or of a slug.
    pub q: Option<String>,
    /// `true` lists retired bylines too.
    pub retired: Option<bool>,
}

/// Every desk, reporter, contributor and agency credited on the site, by name.
#[utoipa::path(get, path = "/api/v1/bylines", tag = "bylines", params(BylineQuery),
    responses((status = 200, body = [Byline])))]
pub async fn public(State(state): State<AppState>, Query(q): Query<BylineQuery>) -> ApiResult<Json<Vec<Byline>>> {
    let rows = db::list(&state.db, q.q.as_deref().unwrap_or(""), q.retired.unwrap_or(false)).await?;
    Ok(Json(rows.iter().map(|b| public_json(&state, b)).collect()))
}

/// Every byline with its profile and story count, for crediting and editing.
#[utoipa::path(get, path = "/api/v1/newsroom/bylines", tag = "newsroom", params(BylineQuery),
    responses((status = 200, body = [NewsroomByline]), (status = 403, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    staff: Staff,
    Query(q): Query<BylineQuery>,
) -> ApiResult<Json<Vec<NewsroomByline>>> {
    staff.authorize(Action::ListBylines, Ownership::NotApplicable)?;
    let rows = db::list(&state.db, q.q.as_deref().unwrap_or(""), q.retired.unwrap_or(true)).await?;
    let counts = db::story_counts(&state.db).await?;
    Ok(Json(rows.iter().map(|b| newsroom_json(&state, b, counts.get(&b.id).copied().unwrap_or(0))).collect()))
}

/// Creates a desk, guest contributor or wire agency byline (`kind` and `name` required).
#[utoipa::path(post, path = "/api/v1/newsroom/bylines", tag = "newsroom", request_body = BylineInput,
    responses((status = 201, body = NewsroomByline), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    staff: Staff,
    Json(input): Json<BylineInput>,
) -> ApiResult<Response> {
    let b = actions::create(&state, &staff.for_api(), &input).await?;
    Ok((StatusCode::CREATED, Json(newsroom_json(&state, &b, 0))).into_response())
}

/// One byline.
#[utoipa::path(get, path = "/api/v1/newsroom/bylines/{id}", tag = "newsroom", params(("id" = i64, Path)),
    responses((status = 200, body = NewsroomByline), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn show(
    State(state): State<AppState>,
    staff: Staff,
    PathParams(id): PathParams<i64>,
) -> ApiResult<Json<NewsroomByline>> {
    staff.authorize(Action::ListBylines, Ownership::NotApplicable)?;
    let b = actions::load(&state, id).await?;
    let stories = db::story_counts(&state.db).await?.get(&b.id).copied().unwrap_or(0);
    Ok(Json(newsroom_json(&state, &b, stories)))
}

/// Changes a byline's profile (its owner, or an editor); `version` is required. Editors may
/// also retire it or change its `kind`.
#[utoipa::path(patch, path = "/api/v1/newsroom/bylines/{id}", tag = "newsroom", params(("id" = i64, Path)),
    request_body = BylineInput,
    responses((status = 200, body = NewsroomByline), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn edit(
    State(state): State<AppState>,
    staff: Staff,
    PathParams(id): PathParams<i64>,
    Json(input): Json<BylineInput>,
) -> ApiResult<Json<NewsroomByline>> {
    let b = actions::edit(&state, &staff.for_api(), id, &input).await?;
    let stories = db::story_counts(&state.db).await?.get(&b.id).copied().unwrap_or(0);
    Ok(Json(newsroom_json(&state, &b, stories)))
}

/// Body of a merge.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MergeInput {
    /// The byline that stays.
    pub into: i64,
}

/// Merges this byline into another: its stories are credited to the other, and its author
/// pages answer 301 with the other's address. Answers with the byline that stays.
#[utoipa::path(post, path = "/api/v1/newsroom/bylines/{id}/merge", tag = "newsroom", params(("id" = i64, Path)),
    request_body = MergeInput,
    responses((status = 200, body = NewsroomByline), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn merge(
    State(state): State<AppState>,
    staff: Staff,
    PathParams(id): PathParams<i64>,
    Json(input): Json<MergeInput>,
) -> ApiResult<Json<NewsroomByline>> {
    let b = actions::merge(&state, &staff.for_api(), id, input.into).await?;
    let stories = db::story_counts(&state.db).await?.get(&b.id).copied().unwrap_or(0);
    Ok(Json(newsroom_json(&state, &b, stories)))
}
