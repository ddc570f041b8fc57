//! The public page of one of the site's own pages at `/{lang}/{slug}`: kept by the page cache,
//! linked to its translation as articles are.

use askama::Template;
use axum::extract::State;
use axum::response::Response;

use super::db::{self, PageRow};
use super::model::{description, lookup_form, page_path};
use crate::articles::article::TranslationLink;
use crate::editions::Lang;
use crate::error::{AppError, Result};
use crate::html::SafeHtml;
use crate::state::AppState;
use crate::web::{Chrome, PageMeta, PathParams, render};

#[derive(Template)]
#[template(path = "sitepages/page.html")]
struct PageTemplate {
    chrome: Chrome,
    meta: PageMeta,
    title: String,
    body_html: SafeHtml,
    translation: Option<TranslationLink>,
}

/// The page's translation, when it is published.
pub async fn published_translation(state: &AppState, row: &PageRow) -> Result<Option<PageRow>> {
    let Some(id) = row.translation_id else { return Ok(None) };
    Ok(db::find(&state.db, id).await?.filter(|t| t.is_published() && t.lang != row.lang))
}

/// `GET /{lang}/{slug}`: a published page; anything else at such an address is a 404.
pub async fn page(
    State(state): State<AppState>,
    PathParams((lang, slug)): PathParams<(Lang, String)>,
) -> Result<Response> {
    let row = db::published(&state.db, lang, &lookup_form(&slug))
        .await?
        .ok_or_else(|| AppError::not_found("There is no page at this address."))?;
    let translation = published_translation(&state, &row)
        .await?
        .map(|t| TranslationLink::new(&state, lang, page_path(t.lang, &t.slug), t.title));
    let chrome = Chrome::new(&state, lang, None);
    let meta = PageMeta {
        title: format!("{} | {}", row.title, chrome.site_name),
        description: Some(description(&row.body_md)).filter(|d| !d.is_empty()).unwrap_or_else(|| row.title.clone()),
        canonical: format!("{}{}", state.config.base_url, page_path(lang, &row.slug)),
    };
    render(&PageTemplate { chrome, meta, title: row.title, body_html: row.body_html, translation })
}
