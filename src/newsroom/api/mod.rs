//! The newsroom JSON API: articles (create, read, edit with a version check) and lists. The
//! workflow steps, revisions, comparison and restore are in [`workflow`], API tokens in
//! [`tokens`].

pub mod tokens;
pub mod workflow;

use axum::Json;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::actions;
use super::auth::Staff;
use super::db::{self, EditRow, ListFilter};
use super::model::Status;
use super::policy::{Action, Ownership, Role};
use crate::articles::model::article_path;
use crate::editions::{Lang, rfc3339};
use crate::error::{ApiResult, AppError, ErrorBody};
use crate::idempotency::IdempotencyKey;
use crate::state::AppState;
use crate::web::PathParams;

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
    /// The body in its stored form (HTML; see `body_html` of the input).
    pub body_html: String,
    /// Words in the body, and minutes to read it at 200 words a minute (at least one).
    pub words: usize,
    pub reading_minutes: usize,
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
    /// The last time an editor returned the story to its reporter, with the note.
    pub returned: Option<Returned>,
}

/// A story's latest return to its reporter.
#[derive(Debug, Serialize, ToSchema)]
pub struct Returned {
    pub note: String,
    /// Who returned it.
    pub by: Option<String>,
    pub at: String,
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
    let returned = db::latest_return(&state.db, row.id).await?.map(|r| Returned {
        note: r.note,
        by: r.author,
        at: rfc3339(r.saved_at, offset),
    });
    Ok(NewsroomArticle {
        returned,
        id: row.id,
        lang,
        url: format!("{}{}", state.config.base_url, article_path(lang, row.id, &row.slug)),
        status: row.status.as_str().into(),
        version: row.version,
        title: row.title,
        standfirst: row.standfirst,
        words: crate::body::text::word_count(&row.body),
        reading_minutes: crate::body::text::reading_minutes(crate::body::text::word_count(&row.body)),
        body_html: row.body.into_string(),
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
    /// The body as Markdown; an address of a YouTube, Vimeo, Facebook, X, Instagram or TikTok
    /// post alone on its line becomes an embed. Give `body` or `body_html`, not both.
    pub body: Option<String>,
    /// The body as HTML, kept to the stored form's elements (see the README): paragraphs,
    /// headings, bold, italic, links, lists, quotes (`<blockquote class="pullquote">` for a pull
    /// quote), rules, tables, `<figure data-media="ID" data-alt="…" data-credit="…"
    /// data-size="full"><figcaption>…</figcaption></figure>` for a library photo and
    /// `<figure data-embed="youtube" data-url="https://…"></figure>` for a post.
    pub body_html: Option<String>,
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
    byline: Option<String>,
    /// The same as `byline` (its earlier name).
    author: Option<String>,
    /// Text found in the headline, in any case (the translation picker searches with it).
    q: Option<String>,
}

/// A byline of a listed article.
#[derive(Debug, Serialize, ToSchema)]
pub struct ListByline {
    pub slug: String,
    pub name: String,
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
    /// Its desks and reporters, in order.
    pub byline: Vec<ListByline>,
    /// When it last changed, who changed it (absent for the scheduler) and how.
    pub updated_at: String,
    pub changed_by: Option<String>,
    /// `create`, `save`, `submit`, `publish`, `schedule`, `unpublish`, `correct`, `restore`…
    pub last_change: Option<String>,
    pub published_at: Option<String>,
    pub scheduled_at: Option<String>,
}

/// Articles by status, edition, section or byline, with their bylines and last change;
/// reporters see their own.
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
        byline: p.byline.or(p.author).filter(|b| !b.is_empty()),
        q: p.q,
    };
    let offset = state.config.utc_offset_minutes;
    let rows = db::list(&state.db, &filter, 200).await?;
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let mut bylines = db::bylines_of_many(&state.db, &ids).await?;
    Ok(Json(
        rows.into_iter()
            .map(|r| ListItem {
                id: r.id,
                lang: r.lang.code().into(),
                status: r.status.as_str().into(),
                version: r.version,
                title: r.title,
                section: r.section_slug,
                byline: bylines
                    .remove(&r.id)
                    .unwrap_or_default()
                    .into_iter()
                    .map(|(slug, name)| ListByline { slug, name })
                    .collect(),
                updated_at: rfc3339(r.updated_at, offset),
                changed_by: r.changed_by,
                last_change: r.last_action,
                published_at: r.published_at.map(|t| rfc3339(t, offset)),
                scheduled_at: r.scheduled_at.map(|t| rfc3339(t, offset)),
            })
            .collect(),
    ))
}
