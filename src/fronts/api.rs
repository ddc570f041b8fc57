//! The fronts and breaking news in the JSON API: public reads, newsroom writes.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::model::{Banner, Placement};
use crate::articles::api::{ArticleJson, article_json};
use crate::articles::db::SectionRow;
use crate::editions::{Lang, rfc3339};
use crate::error::{ApiResult, AppError, ErrorBody};
use crate::newsroom::auth::Staff;
use crate::state::AppState;
use crate::web::PathParams;

/// A front as readers see it.
#[derive(Debug, Serialize, ToSchema)]
pub struct FrontJson {
    pub lang: Lang,
    /// The section's slug; absent for the edition's home page.
    pub section: Option<String>,
    /// The lead: the editors' choice, else the newest story.
    pub lead: Option<ArticleJson>,
    /// Whether editors chose the lead (false: it is the newest story).
    pub lead_chosen: bool,
    /// The top stories editors placed under the lead, in order (published ones only).
    pub top: Vec<ArticleJson>,
    /// Send it back with a change; a change made meanwhile by someone else gets a 409.
    pub version: i64,
}

/// Stories placed on a front.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FrontInput {
    /// The lead story's id; null to let the newest story lead.
    pub lead: Option<i64>,
    /// Up to 8 story ids under the lead, in order.
    #[serde(default)]
    pub top: Vec<i64>,
    /// The version this change was made on (`version` of the front as read).
    pub version: i64,
}

/// An edition's breaking-news banner.
#[derive(Debug, Serialize, ToSchema)]
pub struct BreakingJson {
    pub text: String,
    /// A path on this site, an http(s) address, or empty.
    pub url: String,
    /// RFC 3339; absent when it stays up until removed.
    pub until: Option<String>,
}

/// A banner to put up.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BreakingInput {
    /// One line, up to 200 characters.
    pub text: String,
    /// A path on this site (`/en/news/…`), an http(s) address, or empty.
    #[serde(default)]
    pub url: String,
    /// RFC 3339 (`2026-12-05T20:00:00+06:00`); absent or null keeps it up until removed.
    pub until: Option<String>,
}

async fn front_json(state: &AppState, lang: Lang, section: Option<&SectionRow>) -> Result<FrontJson, AppError> {
    let version = super::db::front(&state.db, lang, section.map_or(0, |s| s.id)).await?.version;
    let shown = super::shown(state, lang, section).await?;
    let lead = match shown.lead {
        Some(row) => Some(article_json(state, row).await?),
        None => None,
    };
    let mut top = Vec::with_capacity(shown.top.len());
    for row in shown.top {
        top.push(article_json(state, row).await?);
    }
    Ok(FrontJson { lang, section: section.map(|s| s.slug.clone()), lead, lead_chosen: shown.lead_chosen, top, version })
}

/// The front of an edition's home page.
#[utoipa::path(get, path = "/api/v1/fronts/{lang}", tag = "fronts",
    params(("lang" = String, Path, description = "Edition: en or bn")),
    responses((status = 200, body = FrontJson), (status = 404, body = ErrorBody)))]
pub async fn home_front(
    State(state): State<AppState>,
    PathParams(lang): PathParams<Lang>,
) -> ApiResult<Json<FrontJson>> {
    Ok(Json(front_json(&state, lang, None).await?))
}

/// The front of a section.
#[utoipa::path(get, path = "/api/v1/fronts/{lang}/{section}", tag = "fronts",
    params(("lang" = String, Path, description = "Edition: en or bn"), ("section" = String, Path, description = "Section slug")),
    responses((status = 200, body = FrontJson), (status = 404, body = ErrorBody)))]
pub async fn section_front(
    State(state): State<AppState>,
    PathParams((lang, slug)): PathParams<(Lang, String)>,
) -> ApiResult<Json<FrontJson>> {
    let section = super::section(&state, lang, &slug).await?;
    Ok(Json(front_json(&state, lang, Some(&section)).await?))
}

async fn place(
    state: &AppState,
    staff: &Staff,
    lang: Lang,
    section: Option<&SectionRow>,
    input: FrontInput,
) -> Result<FrontJson, AppError> {
    let placement = Placement::new(input.lead, input.top).map_err(|e| AppError::Unprocessable(e.to_string()))?;
    super::place(state, staff, (lang, Lang::En), section, placement, input.version).await?;
    front_json(state, lang, section).await
}

/// Sets the lead and top stories of an edition's home page.
#[utoipa::path(put, path = "/api/v1/newsroom/fronts/{lang}", tag = "newsroom", request_body = FrontInput,
    params(("lang" = String, Path, description = "Edition: en or bn")),
    responses((status = 200, body = FrontJson), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn put_home_front(
    State(state): State<AppState>,
    staff: Staff,
    PathParams(lang): PathParams<Lang>,
    Json(input): Json<FrontInput>,
) -> ApiResult<Json<FrontJson>> {
    Ok(Json(place(&state, &staff, lang, None, input).await?))
}

/// Sets the lead and top stories of a section front.
#[utoipa::path(put, path = "/api/v1/newsroom/fronts/{lang}/{section}", tag = "newsroom", request_body = FrontInput,
    params(("lang" = String, Path, description = "Edition: en or bn"), ("section" = String, Path, description = "Section slug")),
    responses((status = 200, body = FrontJson), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn put_section_front(
    State(state): State<AppState>,
    staff: Staff,
    PathParams((lang, slug)): PathParams<(Lang, String)>,
    Json(input): Json<FrontInput>,
) -> ApiResult<Json<FrontJson>> {
    staff.authorize(crate::newsroom::policy::Action::CurateFront, crate::newsroom::policy::Ownership::NotApplicable)?;
    let section = super::section(&state, lang, &slug).await?;
    Ok(Json(place(&state, &staff, lang, Some(&section), input).await?))
}

fn breaking_json(state: &AppState, banner: &Banner) -> BreakingJson {
    BreakingJson {
        text: banner.text.clone(),
        url: banner.url.clone(),
        until: banner.until.map(|t| rfc3339(t, state.config.utc_offset_minutes)),
    }
}

/// The breaking-news banner of an edition; 204 when there is none.
#[utoipa::path(get, path = "/api/v1/breaking/{lang}", tag = "fronts",
    params(("lang" = String, Path, description = "Edition: en or bn")),
    responses((status = 200, body = BreakingJson), (status = 204, description = "No banner is up"),
        (status = 404, body = ErrorBody)))]
pub async fn breaking(State(state): State<AppState>, PathParams(lang): PathParams<Lang>) -> ApiResult<Response> {
    let site = state.site.get();
    Ok(match site.breaking(lang, state.clock.now()) {
        Some(banner) => Json(breaking_json(&state, banner)).into_response(),
        None => StatusCode::NO_CONTENT.into_response(),
    })
}

/// Parses a banner's end time.
pub fn parse_until(text: Option<&str>) -> Result<Option<i64>, AppError> {
    match text.map(str::trim) {
        None | Some("") => Ok(None),
        Some(text) => chrono::DateTime::parse_from_rfc3339(text).map(|t| Some(t.timestamp())).map_err(|_| {
            AppError::Unprocessable(format!(
                "until must be a date and time such as 2026-12-05T20:00:00+06:00, not {text:?}."
            ))
        }),
    }
}

/// Puts up (or replaces) an edition's breaking-news banner.
#[utoipa::path(put, path = "/api/v1/newsroom/breaking/{lang}", tag = "newsroom", request_body = BreakingInput,
    params(("lang" = String, Path, description = "Edition: en or bn")),
    responses((status = 200, body = BreakingJson), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn put_breaking(
    State(state): State<AppState>,
    staff: Staff,
    PathParams(lang): PathParams<Lang>,
    Json(input): Json<BreakingInput>,
) -> ApiResult<Json<BreakingJson>> {
    staff.authorize(crate::newsroom::policy::Action::CurateFront, crate::newsroom::policy::Ownership::NotApplicable)?;
    let until = parse_until(input.until.as_deref())?;
    let banner = Banner::new(&input.text, &input.url, until, state.clock.now())
        .map_err(|e| AppError::Unprocessable(e.to_string()))?;
    super::put_up(&state, &staff, lang, &banner).await?;
    Ok(Json(breaking_json(&state, &banner)))
}

/// Takes an edition's banner down (also when none is up).
#[utoipa::path(delete, path = "/api/v1/newsroom/breaking/{lang}", tag = "newsroom",
    params(("lang" = String, Path, description = "Edition: en or bn")),
    responses((status = 204), (status = 403, body = ErrorBody)))]
pub async fn delete_breaking(
    State(state): State<AppState>,
    staff: Staff,
    PathParams(lang): PathParams<Lang>,
) -> ApiResult<StatusCode> {
    super::take_down(&state, &staff, lang).await?;
    Ok(StatusCode::NO_CONTENT)
}
