//! The editor's forms around the story (discarding an autosaved copy, making a preview link)
//! and the page a preview link shows.

use axum::Form;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::Response;
use serde::Deserialize;

use crate::accounts::model::sha256_hex;
use crate::comments::CommentDraft;
use crate::error::{AppError, Result};
use crate::newsroom::auth::StaffPage;
use crate::state::AppState;
use crate::web::{PathParams, see_other};

/// Which story's autosaved copy to drop.
#[derive(Debug, Deserialize)]
pub struct DiscardForm {
    #[serde(default)]
    article: i64,
}

/// `POST /newsroom/autosave/discard`: forgets the caller's unsaved copy and opens the story as
/// it was saved.
pub async fn discard(
    State(state): State<AppState>,
    StaffPage(staff): StaffPage,
    Form(form): Form<DiscardForm>,
) -> Result<Response> {
    let row = super::editable(&state, &staff, Some(form.article)).await?;
    super::db::discard(&state.db, staff.id, form.article.max(0)).await?;
    Ok(see_other(match row {
        Some(r) => format!("/newsroom/articles/{}?notice=discarded", r.id),
        None => "/newsroom/articles/new".to_owned(),
    }))
}

/// `POST /newsroom/articles/{id}/preview-link`: makes a link and shows it on the story.
pub async fn preview_link(
    State(state): State<AppState>,
    StaffPage(staff): StaffPage,
    PathParams(id): PathParams<i64>,
) -> Result<Response> {
    let (url, _) = super::preview_link(&state, &staff, id).await?;
    let token = url.rsplit('/').next().unwrap_or_default();
    Ok(see_other(format!("/newsroom/articles/{id}?notice=preview&link={token}#preview-link")))
}

/// `GET /preview/{token}`: the story as its public page will look, for whoever has the link
/// while it lasts: never kept by a cache, never indexed.
pub async fn show(State(state): State<AppState>, PathParams(token): PathParams<String>) -> Result<Response> {
    let gone = || AppError::not_found("This preview link is not valid or has expired. Ask the newsroom for a new one.");
    let valid = token.len() == 48 && token.bytes().all(|b| b.is_ascii_hexdigit());
    let id = match valid {
        true => super::db::previewed(&state.db, &sha256_hex(&token), state.clock.now()).await?.ok_or_else(gone)?,
        false => return Err(gone()),
    };
    // A story taken off the site is not shown through a link made before.
    let status = crate::newsroom::db::find(&state.db, id).await?.map(|r| r.status);
    if status.is_none_or(|s| s == crate::newsroom::model::Status::Unpublished) {
        return Err(gone());
    }
    let mut article = crate::articles::db::find_any(&state.db, id).await?.ok_or_else(gone)?;
    if article.published_at == 0 {
        // A draft is shown dated as it would be if published now.
        article.published_at = state.clock.now();
        article.updated_at = article.published_at;
    }
    let lang = article.lang;
    let mut response =
        crate::articles::article::render_article(&state, lang, article, None, "", &CommentDraft::default()).await?;
    response.extensions_mut().remove::<std::sync::Arc<crate::cache::Personal>>();
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert("x-robots-tag", HeaderValue::from_static("noindex, nofollow"));
    Ok(response)
}
