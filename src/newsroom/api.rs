//! The newsroom JSON API: tokens, articles (create, read, edit with a version check), the
//! workflow steps, revisions and lists.

use std::net::SocketAddr;

use axum::Json;
use axum::extract::{ConnectInfo, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::actions;
use super::auth::Staff;
use super::db::{self, EditRow, ListFilter};
use super::model::{Status, Step};
use super::policy::{Action, Ownership, Role};
use crate::accounts::model::{Email, random_hex, sha256_hex, verify_password};
use crate::accounts::throttle::{self, LOGIN_PER_ACCOUNT, LOGIN_PER_ADDRESS};
use crate::articles::model::article_path;
use crate::editions::{Lang, rfc3339};
use crate::error::{ApiResult, AppError, ErrorBody};
use crate::idempotency::IdempotencyKey;
use crate::state::AppState;
use crate::web::{PathParams, client_ip};

/// `POST /api/v1/auth/token` body.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TokenRequest {
    pub email: String,
    pub password: String,
    /// A name to recognise the token by, such as "wire importer".
    pub name: Option<String>,
}

/// A new API token; it is shown only once.
#[derive(Debug, Serialize, ToSchema)]
pub struct TokenResponse {
    pub id: i64,
    pub token: String,
}

/// Trades email and password for a personal API token; throttled like the login form.
#[utoipa::path(post, path = "/api/v1/auth/token", tag = "newsroom", request_body = TokenRequest,
    responses((status = 201, body = TokenResponse), (status = 401, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn create_token(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Json(req): Json<TokenRequest>,
) -> ApiResult<Response> {
    let ip = client_ip(&headers, peer, &state.config.trusted_proxies);
    let typed = req.email.trim().to_lowercase();
    let buckets = [(format!("login:{ip}:{typed}"), LOGIN_PER_ACCOUNT), (format!("login-ip:{ip}"), LOGIN_PER_ADDRESS)];
    for (bucket, limit) in &buckets {
        if let Err(retry_after) = throttle::check(&state, bucket, *limit).await? {
            return Err(throttle::too_many(retry_after, "failed logins").into());
        }
    }
    let user = match Email::parse(&req.email) {
        Some(email) => crate::accounts::db::user_by_email(&state.db, &email).await?,
        None => None,
    };
    let hash = user.as_ref().map_or_else(|| state.dummy_hash.clone(), |u| u.password_hash.clone());
    let password = req.password;
    let matches = tokio::task::spawn_blocking(move || verify_password(&password, &hash)).await.unwrap_or(false);
    let Some(user) = user.filter(|_| matches) else {
        for (bucket, _) in &buckets {
            throttle::record(&state, bucket).await?;
        }
        return Err(AppError::Unauthorized("That email and password do not match an account.".into()).into());
    };
    if user.role == Role::Reader {
        return Err(AppError::Forbidden("API tokens are for newsroom staff.".into()).into());
    }
    let token = format!("nd_{}", random_hex(32));
    let name = req.name.unwrap_or_else(|| "API token".into()).chars().take(100).collect::<String>();
    let id = db::insert_token(&state.db, user.id, &sha256_hex(&token), &name, state.clock.now()).await?;
    Ok((StatusCode::CREATED, Json(TokenResponse { id, token })).into_response())
}

/// Revokes one of the caller's API tokens.
#[utoipa::path(delete, path = "/api/v1/auth/tokens/{id}", tag = "newsroom",
    params(("id" = i64, Path, description = "Token id")),
    responses((status = 204), (status = 404, body = ErrorBody)))]
pub async fn revoke_token(
    State(state): State<AppState>,
    staff: Staff,
    PathParams(id): PathParams<i64>,
) -> ApiResult<StatusCode> {
    let missing = || AppError::not_found("You have no live API token with this id.");
    if db::revoke_token(&state.db, staff.id, id, state.clock.now()).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(missing().into())
    }
}

/// An article as the newsroom sees it.
#[derive(Debug, Serialize, ToSchema)]
pub struct NewsroomArticle {
    pub id: i64,
    pub lang: Lang,
    /// `draft`, `review`, `scheduled`, `published` or `unpublished`.
    pub status: String,
    /// Send it back with every change; a stale one is refused with 409.
    pub version: i64,
    pub title: String,
    pub standfirst: String,
    /// Markdown.
    pub body: String,
    pub slug: String,
    pub section: String,
    pub byline: Vec<String>,
    pub topics: Vec<String>,
    pub seo_title: String,
    pub seo_description: String,
    pub published_at: Option<String>,
    pub scheduled_at: Option<String>,
    pub updated_at: String,
    pub correction: Option<Correction>,
    /// Every new comment is held for a moderator.
    pub premoderate: bool,
    /// Featured image from the media library.
    pub image_id: Option<i64>,
    /// The same story in the other edition.
    pub translation_id: Option<i64>,
    /// The public address (live only while published).
    pub url: String,
}

/// A public correction note.
#[derive(Debug, Serialize, ToSchema)]
pub struct Correction {
    pub note: String,
    pub at: String,
}

async fn article_json(state: &AppState, row: EditRow) -> Result<NewsroomArticle, AppError> {
    let offset = state.config.utc_offset_minutes;
    let lang = row.lang;
    let byline = crate::articles::db::bylines_of(&state.db, row.id).await?.into_iter().map(|b| b.slug).collect();
    let topics = crate::articles::db::topics_of(&state.db, row.id).await?.into_iter().map(|t| t.slug).collect();
    Ok(NewsroomArticle {
        id: row.id,
        lang,
        url: format!("{}{}", state.config.base_url, article_path(lang, row.id, &row.slug)),
        status: row.status.as_str().into(),
        version: row.version,
        title: row.title,
        standfirst: row.standfirst,
        body: row.body_md,
        slug: row.slug,
        section: row.section_slug,
        byline,
        topics,
        seo_title: row.seo_title,
        seo_description: row.seo_description,
        published_at: row.published_at.map(|t| rfc3339(t, offset)),
        scheduled_at: row.scheduled_at.map(|t| rfc3339(t, offset)),
        updated_at: rfc3339(row.updated_at, offset),
        premoderate: row.premoderate != 0,
        image_id: row.image_id,
        translation_id: row.translation_id,
        correction: row
            .corrected_at
            .map(|at| Correction { note: row.correction_note.clone(), at: rfc3339(at, offset) }),
    })
}

/// What an editor sends to create or change an article; absent fields stay as they are.
#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ArticleInput {
    /// `en` or `bn`; only when creating.
    pub lang: Option<String>,
    pub title: Option<String>,
    pub standfirst: Option<String>,
    /// Markdown.
    pub body: Option<String>,
    /// Section slug of the article's edition.
    pub section: Option<String>,
    /// Byline slugs: one desk, or one or more reporters.
    pub byline: Option<Vec<String>>,
    /// Topic slugs of the article's edition.
    pub topics: Option<Vec<String>>,
    /// Made from the headline when left out.
    pub slug: Option<String>,
    pub seo_title: Option<String>,
    pub seo_description: Option<String>,
    /// Hold every new comment on this article for a moderator.
    pub premoderate: Option<bool>,
    /// Featured image from the media library; 0 removes it.
    pub image_id: Option<i64>,
    /// The same story in the other edition (article id); 0 removes the link.
    pub translation_id: Option<i64>,
    /// The version the change is based on (required when changing).
    pub version: Option<i64>,
}

/// Creates a draft. With an `Idempotency-Key`, the same request sent again (after a lost
/// answer) returns the first draft, marked `Idempotent-Replayed: true`, instead of a second one.
#[utoipa::path(post, path = "/api/v1/newsroom/articles", tag = "newsroom", request_body = ArticleInput,
    params(("Idempotency-Key" = Option<String>, Header, description = "1 to 255 visible ASCII characters, such as a UUID; remembered for a day")),
    responses((status = 201, body = NewsroomArticle), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    staff: Staff,
    key: IdempotencyKey,
    Json(input): Json<ArticleInput>,
) -> ApiResult<Response> {
    let claim = key.claim("article", &input);
    let (row, created) = actions::create_article(&state, &staff, &input, claim.as_ref()).await?;
    let mut response = (StatusCode::CREATED, Json(article_json(&state, row).await?)).into_response();
    if created == actions::Created::Replayed {
        response.headers_mut().insert(crate::idempotency::REPLAYED, axum::http::HeaderValue::from_static("true"));
    }
    Ok(response)
}

/// One article, whatever its status.
#[utoipa::path(get, path = "/api/v1/newsroom/articles/{id}", tag = "newsroom", params(("id" = i64, Path)),
    responses((status = 200, body = NewsroomArticle), (status = 404, body = ErrorBody)))]
pub async fn show(
    State(state): State<AppState>,
    staff: Staff,
    PathParams(id): PathParams<i64>,
) -> ApiResult<Json<NewsroomArticle>> {
    let row = actions::load(&state, id).await?;
    staff.authorize(Action::ViewArticle, staff.ownership(row.created_by))?;
    Ok(Json(article_json(&state, row).await?))
}

/// Changes an article; `version` must be the one the change is based on.
#[utoipa::path(patch, path = "/api/v1/newsroom/articles/{id}", tag = "newsroom", params(("id" = i64, Path)), request_body = ArticleInput,
    responses((status = 200, body = NewsroomArticle), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn edit(
    State(state): State<AppState>,
    staff: Staff,
    PathParams(id): PathParams<i64>,
    Json(input): Json<ArticleInput>,
) -> ApiResult<Json<NewsroomArticle>> {
    let row = actions::edit_article(&state, &staff, id, &input).await?;
    Ok(Json(article_json(&state, row).await?))
}

/// Body of the workflow steps.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StepInput {
    /// The version the step is based on; when given, a stale one is refused with 409.
    pub version: Option<i64>,
    /// For `schedule`: when to publish, RFC 3339.
    pub at: Option<String>,
    /// For `correct`: the public correction note.
    pub note: Option<String>,
}

/// Runs a workflow step on the article of the path; the handlers below say which.
async fn step(
    state: AppState,
    staff: Staff,
    id: i64,
    input: Option<Json<StepInput>>,
    step: Step,
    action: Action,
) -> ApiResult<Json<NewsroomArticle>> {
    let input = input.map(|Json(i)| i).unwrap_or_default();
    let row = actions::run_step(&state, &staff, id, input, step, action).await?;
    Ok(Json(article_json(&state, row).await?))
}

/// Sends a draft to the review queue.
#[utoipa::path(post, path = "/api/v1/newsroom/articles/{id}/submit", tag = "newsroom", params(("id" = i64, Path)),
    request_body(content = StepInput, description = "optional"),
    responses((status = 200, body = NewsroomArticle), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn submit(
    State(state): State<AppState>,
    staff: Staff,
    PathParams(id): PathParams<i64>,
    input: Option<Json<StepInput>>,
) -> ApiResult<Json<NewsroomArticle>> {
    step(state, staff, id, input, Step::Submit, Action::SubmitArticle).await
}

/// Publishes now.
#[utoipa::path(post, path = "/api/v1/newsroom/articles/{id}/publish", tag = "newsroom", params(("id" = i64, Path)),
    request_body(content = StepInput, description = "optional"),
    responses((status = 200, body = NewsroomArticle), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn publish(
    State(state): State<AppState>,
    staff: Staff,
    PathParams(id): PathParams<i64>,
    input: Option<Json<StepInput>>,
) -> ApiResult<Json<NewsroomArticle>> {
    step(state, staff, id, input, Step::Publish, Action::PublishArticle).await
}

/// Publishes at `at`.
#[utoipa::path(post, path = "/api/v1/newsroom/articles/{id}/schedule", tag = "newsroom", params(("id" = i64, Path)),
    request_body(content = StepInput, description = "optional"),
    responses((status = 200, body = NewsroomArticle), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn schedule(
    State(state): State<AppState>,
    staff: Staff,
    PathParams(id): PathParams<i64>,
    input: Option<Json<StepInput>>,
) -> ApiResult<Json<NewsroomArticle>> {
    step(state, staff, id, input, Step::Schedule, Action::ScheduleArticle).await
}

/// Takes the article off the site.
#[utoipa::path(post, path = "/api/v1/newsroom/articles/{id}/unpublish", tag = "newsroom", params(("id" = i64, Path)),
    request_body(content = StepInput, description = "optional"),
    responses((status = 200, body = NewsroomArticle), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn unpublish(
    State(state): State<AppState>,
    staff: Staff,
    PathParams(id): PathParams<i64>,
    input: Option<Json<StepInput>>,
) -> ApiResult<Json<NewsroomArticle>> {
    step(state, staff, id, input, Step::Unpublish, Action::UnpublishArticle).await
}

/// Adds a public correction note.
#[utoipa::path(post, path = "/api/v1/newsroom/articles/{id}/correct", tag = "newsroom", params(("id" = i64, Path)),
    request_body(content = StepInput, description = "optional"),
    responses((status = 200, body = NewsroomArticle), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn correct(
    State(state): State<AppState>,
    staff: Staff,
    PathParams(id): PathParams<i64>,
    input: Option<Json<StepInput>>,
) -> ApiResult<Json<NewsroomArticle>> {
    step(state, staff, id, input, Step::Correct, Action::CorrectArticle).await
}

/// A saved revision.
#[derive(Debug, Serialize, ToSchema)]
pub struct RevisionJson {
    pub version: i64,
    /// `create`, `edit`, `submit`, `publish`, `schedule`, `unpublish`, `correct`.
    pub action: String,
    pub saved_at: String,
    pub by: Option<String>,
    pub title: String,
    pub status: String,
}

/// Every revision of an article, newest first.
#[utoipa::path(get, path = "/api/v1/newsroom/articles/{id}/revisions", tag = "newsroom", params(("id" = i64, Path)),
    responses((status = 200, body = [RevisionJson]), (status = 404, body = ErrorBody)))]
pub async fn revisions(
    State(state): State<AppState>,
    staff: Staff,
    PathParams(id): PathParams<i64>,
) -> ApiResult<Json<Vec<RevisionJson>>> {
    let row = actions::load(&state, id).await?;
    staff.authorize(Action::ViewRevisions, staff.ownership(row.created_by))?;
    let offset = state.config.utc_offset_minutes;
    let list = db::revisions(&state.db, row.id)
        .await?
        .into_iter()
        .map(|r| RevisionJson {
            version: r.version,
            action: r.action,
            saved_at: rfc3339(r.saved_at, offset),
            by: r.author,
            title: r.title,
            status: r.status.as_str().into(),
        })
        .collect();
    Ok(Json(list))
}

/// Filters of the newsroom list.
#[derive(Debug, Deserialize, IntoParams)]
pub struct ListParams {
    /// `draft`, `review`, `scheduled`, `published` or `unpublished`.
    #[param(pattern = "^(draft|review|scheduled|published|unpublished)$")]
    status: Option<String>,
    /// `en` or `bn`.
    #[param(pattern = "^(en|bn)$")]
    lang: Option<String>,
    /// Section slug.
    section: Option<String>,
    /// `true`: only the caller's own articles.
    #[param(pattern = "^(true|false)$")]
    mine: Option<String>,
    /// Byline slug: only articles credited to this desk or reporter.
    author: Option<String>,
}

/// A row of the newsroom list.
#[derive(Debug, Serialize, ToSchema)]
pub struct ListItem {
    pub id: i64,
    pub lang: String,
    pub status: String,
    pub version: i64,
    pub title: String,
    pub section: String,
    pub updated_at: String,
    pub scheduled_at: Option<String>,
}

/// Articles by status, edition, section or author; reporters see their own.
#[utoipa::path(get, path = "/api/v1/newsroom/articles", tag = "newsroom", params(ListParams),
    responses((status = 200, body = [ListItem]), (status = 400, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    staff: Staff,
    Query(p): Query<ListParams>,
) -> ApiResult<Json<Vec<ListItem>>> {
    staff.authorize(Action::ListArticles, Ownership::NotApplicable)?;
    if let Some(s) = p.status.as_deref().filter(|s| Status::parse(s).is_none()) {
        return Err(AppError::bad_request(format!(
            "status must be draft, review, scheduled, published or unpublished, not {s:?}"
        ))
        .into());
    }
    if let Some(l) = p.lang.as_deref().filter(|l| Lang::parse(l).is_none()) {
        return Err(AppError::bad_request(format!("lang must be en or bn, not {l:?}")).into());
    }
    // A reporter's list holds their own articles: other drafts are not theirs to see.
    let mine = staff.role == Role::Reporter || p.mine.as_deref() == Some("true");
    let filter = ListFilter {
        status: p.status,
        lang: p.lang,
        section: p.section,
        created_by: mine.then_some(staff.id),
        byline: p.author,
    };
    let offset = state.config.utc_offset_minutes;
    let rows = db::list(&state.db, &filter, 200).await?;
    Ok(Json(
        rows.into_iter()
            .map(|r| ListItem {
                id: r.id,
                lang: r.lang.code().into(),
                status: r.status.as_str().into(),
                version: r.version,
                title: r.title,
                section: r.section_slug,
                updated_at: rfc3339(r.updated_at, offset),
                scheduled_at: r.scheduled_at.map(|t| rfc3339(t, offset)),
            })
            .collect(),
    ))
}

/// `?from=&to=` of a comparison.
#[derive(Debug, Deserialize, IntoParams)]
pub struct CompareParams {
    /// Older version (default: the one before `to`).
    from: Option<i64>,
    /// Newer version (default: the latest).
    to: Option<i64>,
}

/// The difference between two revisions of an article.
#[utoipa::path(get, path = "/api/v1/newsroom/articles/{id}/diff", tag = "newsroom", params(("id" = i64, Path), CompareParams),
    responses((status = 200, body = actions::Comparison), (status = 404, body = ErrorBody)))]
pub async fn diff(
    State(state): State<AppState>,
    staff: Staff,
    PathParams(id): PathParams<i64>,
    Query(p): Query<CompareParams>,
) -> ApiResult<Json<actions::Comparison>> {
    Ok(Json(actions::compare(&state, &staff, id, p.from, p.to).await?))
}

/// Body of a restore.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RestoreInput {
    /// The revision to bring back.
    pub revision: i64,
    /// The current version the restore is based on.
    pub version: i64,
}

/// Saves an earlier revision's text as the newest version.
#[utoipa::path(post, path = "/api/v1/newsroom/articles/{id}/restore", tag = "newsroom", params(("id" = i64, Path)), request_body = RestoreInput,
    responses((status = 200, body = NewsroomArticle), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn restore(
    State(state): State<AppState>,
    staff: Staff,
    PathParams(id): PathParams<i64>,
    Json(input): Json<RestoreInput>,
) -> ApiResult<Json<NewsroomArticle>> {
    let row = actions::restore(&state, &staff, id, input.revision, input.version).await?;
    Ok(Json(article_json(&state, row).await?))
}
