//! The newsroom JSON API: tokens, articles (create, read, edit with a version check), the
//! workflow steps, revisions and lists.

use std::net::SocketAddr;

use axum::Json;
use axum::extract::{ConnectInfo, Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::auth::Staff;
use super::db::{self, Content, EditRow, ListFilter, StepData};
use super::model::{self, MAX_BODY, MAX_STANDFIRST, Status, Step, transition};
use super::policy::{Action, Ownership, Role};
use crate::accounts::model::{Email, random_hex, sha256_hex, verify_password};
use crate::accounts::throttle::{self, LOGIN_PER_ACCOUNT, LOGIN_PER_ADDRESS};
use crate::app::AppState;
use crate::articles::model::{Slug, article_path, render_markdown};
use crate::editions::{Lang, rfc3339};
use crate::error::{ApiResult, AppError, ErrorBody};
use crate::web::client_ip;

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
    let ip = client_ip(&headers, peer, state.config.trust_forwarded_for);
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
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    let missing = || AppError::not_found("You have no live API token with this id.");
    let id: i64 = id.parse().map_err(|_| missing())?;
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
    let lang = Lang::parse(&row.lang).unwrap_or(Lang::En);
    let byline = crate::articles::db::bylines_of(&state.db, row.id).await?.into_iter().map(|b| b.slug).collect();
    let topics = crate::articles::db::topics_of(&state.db, row.id).await?.into_iter().map(|t| t.slug).collect();
    Ok(NewsroomArticle {
        id: row.id,
        lang,
        url: format!("{}{}", state.config.base_url, article_path(lang, row.id, &row.slug)),
        status: row.status,
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
        correction: row
            .corrected_at
            .map(|at| Correction { note: row.correction_note.clone(), at: rfc3339(at, offset) }),
    })
}

/// What an editor sends to create or change an article; absent fields stay as they are.
#[derive(Debug, Deserialize, ToSchema)]
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
    /// The version the change is based on (required when changing).
    pub version: Option<i64>,
}

fn invalid(message: impl Into<String>) -> AppError {
    AppError::Unprocessable(message.into())
}

/// Checks the input against the article as it is (`None` when creating) and builds the content.
async fn content(
    state: &AppState,
    lang: Lang,
    input: &ArticleInput,
    current: Option<&EditRow>,
) -> Result<Content, AppError> {
    let title =
        model::title(input.title.as_deref().or(current.map(|c| c.title.as_str())).unwrap_or("")).map_err(invalid)?;
    let standfirst = model::bounded(
        "standfirst",
        input.standfirst.as_deref().or(current.map(|c| c.standfirst.as_str())).unwrap_or(""),
        MAX_STANDFIRST,
    )
    .map_err(invalid)?;
    let body_md =
        model::bounded("body", input.body.as_deref().or(current.map(|c| c.body_md.as_str())).unwrap_or(""), MAX_BODY)
            .map_err(invalid)?;
    let section = input
        .section
        .as_deref()
        .or(current.map(|c| c.section_slug.as_str()))
        .ok_or_else(|| invalid("Choose a section."))?;
    let section_id = db::section_id(&state.db, lang, section)
        .await?
        .ok_or_else(|| invalid(format!("There is no section {section:?} in the {} edition.", lang.code())))?;
    let byline_slugs = match (&input.byline, current) {
        (Some(b), _) => b.clone(),
        (None, Some(c)) => {
            crate::articles::db::bylines_of(&state.db, c.id).await?.into_iter().map(|b| b.slug).collect()
        }
        (None, None) => Vec::new(),
    };
    if byline_slugs.is_empty() {
        return Err(invalid("Give a byline: a desk or at least one reporter."));
    }
    let byline_ids = db::byline_ids(&state.db, &byline_slugs)
        .await?
        .map_err(|s| invalid(format!("There is no desk or reporter {s:?}.")))?;
    let topic_slugs = match (&input.topics, current) {
        (Some(t), _) => t.clone(),
        (None, Some(c)) => crate::articles::db::topics_of(&state.db, c.id).await?.into_iter().map(|t| t.slug).collect(),
        (None, None) => Vec::new(),
    };
    let topic_ids = db::topic_ids(&state.db, lang, &topic_slugs)
        .await?
        .map_err(|s| invalid(format!("There is no topic {s:?} in the {} edition.", lang.code())))?;
    let slug = match (&input.slug, current) {
        (Some(s), _) => Slug::from_title(s).as_str().to_owned(),
        // A published address stays stable when the headline is edited.
        (None, Some(c)) if input.title.is_none() || c.published_at.is_some() => c.slug.clone(),
        _ => Slug::from_title(&title).as_str().to_owned(),
    };
    Ok(Content {
        body_html: render_markdown(&body_md),
        seo_title: model::bounded(
            "SEO title",
            input.seo_title.as_deref().or(current.map(|c| c.seo_title.as_str())).unwrap_or(""),
            200,
        )
        .map_err(invalid)?,
        seo_description: model::bounded(
            "SEO description",
            input.seo_description.as_deref().or(current.map(|c| c.seo_description.as_str())).unwrap_or(""),
            400,
        )
        .map_err(invalid)?,
        title,
        standfirst,
        body_md,
        slug,
        section_id,
        byline_ids,
        topic_ids,
    })
}

async fn load(state: &AppState, id: &str) -> Result<EditRow, AppError> {
    let missing = || AppError::not_found("There is no article with this id.");
    let id: i64 = id.parse().map_err(|_| missing())?;
    db::find(&state.db, id).await?.ok_or_else(missing)
}

/// Creates a draft.
#[utoipa::path(post, path = "/api/v1/newsroom/articles", tag = "newsroom", request_body = ArticleInput,
    responses((status = 201, body = NewsroomArticle), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    staff: Staff,
    Json(input): Json<ArticleInput>,
) -> ApiResult<Response> {
    staff.authorize(Action::CreateArticle, Ownership::NotApplicable)?;
    let lang = input
        .lang
        .as_deref()
        .and_then(Lang::parse)
        .ok_or_else(|| invalid("Give the edition: lang must be en or bn."))?;
    let content = content(&state, lang, &input, None).await?;
    let id = db::create(&state.db, lang, &content, staff.id, state.clock.now()).await?;
    let row = load(&state, &id.to_string()).await?;
    Ok((StatusCode::CREATED, Json(article_json(&state, row).await?)).into_response())
}

/// One article, whatever its status.
#[utoipa::path(get, path = "/api/v1/newsroom/articles/{id}", tag = "newsroom", params(("id" = i64, Path)),
    responses((status = 200, body = NewsroomArticle), (status = 404, body = ErrorBody)))]
pub async fn show(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
) -> ApiResult<Json<NewsroomArticle>> {
    let row = load(&state, &id).await?;
    staff.authorize(Action::ViewArticle, staff.ownership(row.created_by))?;
    Ok(Json(article_json(&state, row).await?))
}

/// Changes an article; `version` must be the one the change is based on.
#[utoipa::path(patch, path = "/api/v1/newsroom/articles/{id}", tag = "newsroom", params(("id" = i64, Path)), request_body = ArticleInput,
    responses((status = 200, body = NewsroomArticle), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn edit(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    Json(input): Json<ArticleInput>,
) -> ApiResult<Json<NewsroomArticle>> {
    let row = load(&state, &id).await?;
    staff.authorize(Action::EditArticle, staff.ownership(row.created_by))?;
    if staff.role == Role::Reporter && row.status != "draft" {
        return Err(
            AppError::Forbidden("This article has been submitted; only editors can change it now.".into()).into()
        );
    }
    if input.lang.as_deref().is_some_and(|l| l != row.lang) {
        return Err(invalid("An article cannot move to the other edition; create its translation instead.").into());
    }
    let version = input.version.ok_or_else(|| invalid("Send the `version` your change is based on."))?;
    check_version(&state, &row, version).await?;
    let lang = Lang::parse(&row.lang).unwrap_or(Lang::En);
    let content = content(&state, lang, &input, Some(&row)).await?;
    if db::save(&state.db, row.id, version, &content, staff.id, state.clock.now()).await?.is_none() {
        let fresh = load(&state, &id).await?;
        check_version(&state, &fresh, version).await?;
    }
    after_public_change(&state, &row.status).await;
    Ok(Json(article_json(&state, load(&state, &id).await?).await?))
}

async fn check_version(state: &AppState, row: &EditRow, version: i64) -> Result<(), AppError> {
    if row.version == version {
        return Ok(());
    }
    let last = db::revisions(&state.db, row.id).await?.into_iter().next();
    let by = last.and_then(|r| r.author).unwrap_or_else(|| "someone".into());
    Err(AppError::Conflict(format!(
        "This article changed since you opened it: you have version {version}, it is now at version {} (last saved by {by}). \
         Reload it, and apply your change again.",
        row.version
    )))
}

/// Public pages listing the article must show the change now; today they render live, and the
/// trending lists are reloaded.
async fn after_public_change(state: &AppState, status_before: &str) {
    if (status_before == "published" || status_before == "scheduled")
        && let Err(err) = state.trending.reload(&state.db, state.clock.now()).await
    {
        tracing::warn!(error = %err, "could not reload trending lists");
    }
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

/// Runs one workflow step.
async fn step(
    state: AppState,
    staff: Staff,
    id: String,
    input: Option<StepInput>,
    step: Step,
    action: Action,
) -> ApiResult<Json<NewsroomArticle>> {
    let input = input.unwrap_or_default();
    let row = load(&state, &id).await?;
    staff.authorize(action, staff.ownership(row.created_by))?;
    let version = input.version.unwrap_or(row.version);
    check_version(&state, &row, version).await?;
    let from = Status::parse(&row.status).unwrap_or(Status::Draft);
    let to = transition(from, step).map_err(AppError::Conflict)?;
    let now = state.clock.now();
    let mut data = StepData::default();
    if step == Step::Schedule {
        let at = input
            .at
            .as_deref()
            .ok_or_else(|| invalid("Give the time to publish as `at`, e.g. 2026-12-01T08:00:00+06:00."))?;
        let at = chrono::DateTime::parse_from_rfc3339(at)
            .map_err(|_| invalid(format!("`at` is not an RFC 3339 time: {at:?}")))?
            .timestamp();
        data.scheduled_at = Some(model::schedule_time(at, now).map_err(invalid)?);
    }
    if step == Step::Correct {
        let note = input
            .note
            .as_deref()
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .ok_or_else(|| invalid("Give the correction as `note`."))?;
        data.correction_note = Some(model::bounded("correction note", note, 2000).map_err(invalid)?);
    }
    if db::set_status(&state.db, row.id, version, from, to, &data, step.as_str(), Some(staff.id), now).await?.is_none()
    {
        let fresh = load(&state, &id).await?;
        check_version(&state, &fresh, version).await?;
        return Err(AppError::Conflict("The article changed while this step ran; reload and try again.".into()).into());
    }
    if let Err(err) = state.trending.reload(&state.db, now).await {
        tracing::warn!(error = %err, "could not reload trending lists");
    }
    Ok(Json(article_json(&state, load(&state, &id).await?).await?))
}

macro_rules! step_handler {
    ($name:ident, $step:expr, $action:expr, $path:literal, $doc:literal) => {
        #[doc = $doc]
        #[utoipa::path(post, path = $path, tag = "newsroom", params(("id" = i64, Path)), request_body(content = StepInput, description = "optional"),
            responses((status = 200, body = NewsroomArticle), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
        pub async fn $name(State(state): State<AppState>, staff: Staff, Path(id): Path<String>, input: Option<Json<StepInput>>) -> ApiResult<Json<NewsroomArticle>> {
            step(state, staff, id, input.map(|Json(i)| i), $step, $action).await
        }
    };
}

step_handler!(
    submit,
    Step::Submit,
    Action::SubmitArticle,
    "/api/v1/newsroom/articles/{id}/submit",
    "Sends a draft to the review queue."
);
step_handler!(
    publish,
    Step::Publish,
    Action::PublishArticle,
    "/api/v1/newsroom/articles/{id}/publish",
    "Publishes now."
);
step_handler!(
    schedule,
    Step::Schedule,
    Action::ScheduleArticle,
    "/api/v1/newsroom/articles/{id}/schedule",
    "Publishes at `at`."
);
step_handler!(
    unpublish,
    Step::Unpublish,
    Action::UnpublishArticle,
    "/api/v1/newsroom/articles/{id}/unpublish",
    "Takes the article off the site."
);
step_handler!(
    correct,
    Step::Correct,
    Action::CorrectArticle,
    "/api/v1/newsroom/articles/{id}/correct",
    "Adds a public correction note."
);

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
    Path(id): Path<String>,
) -> ApiResult<Json<Vec<RevisionJson>>> {
    let row = load(&state, &id).await?;
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
            status: r.status,
        })
        .collect();
    Ok(Json(list))
}

/// Filters of the newsroom list.
#[derive(Debug, Deserialize, IntoParams)]
pub struct ListParams {
    /// `draft`, `review`, `scheduled`, `published` or `unpublished`.
    status: Option<String>,
    /// `en` or `bn`.
    lang: Option<String>,
    /// Section slug.
    section: Option<String>,
    /// `true`: only the caller's own articles.
    mine: Option<String>,
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
    let filter =
        ListFilter { status: p.status, lang: p.lang, section: p.section, created_by: mine.then_some(staff.id) };
    let offset = state.config.utc_offset_minutes;
    let rows = db::list(&state.db, &filter, 200).await?;
    Ok(Json(
        rows.into_iter()
            .map(|r| ListItem {
                id: r.id,
                lang: r.lang,
                status: r.status,
                version: r.version,
                title: r.title,
                section: r.section_slug,
                updated_at: rfc3339(r.updated_at, offset),
                scheduled_at: r.scheduled_at.map(|t| rfc3339(t, offset)),
            })
            .collect(),
    ))
}
