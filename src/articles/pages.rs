//! Reader pages that list stories: section fronts, topic pages and author or desk pages, and
//! what the pages of stories share (cards, links, times). The article page is [`super::article`].

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;

use super::db::{self, SummaryRow};
use super::model::{BylineKind, Cursor, article_path, byline_path, section_path, topic_path};
use crate::editions::{Lang, format_date, rfc3339};
use crate::error::{AppError, Result};
use crate::state::AppState;
use crate::web::{Chrome, PageMeta, PathParams};

/// Stories on one page of a list.
pub const PAGE_SIZE: i64 = 20;

/// A story in a list, ready for a template.
pub struct StoryCard {
    pub path: String,
    pub title: String,
    pub standfirst: String,
    pub section_name: String,
    pub section_path: String,
    pub date: String,
    pub iso: String,
}

impl StoryCard {
    /// A card for `row`, with dates in the edition's words.
    pub fn new(row: SummaryRow, lang: Lang, offset: i32) -> Self {
        Self {
            path: article_path(lang, row.id, &row.slug),
            section_path: section_path(lang, &row.section_slug),
            date: format_date(lang, row.published_at, offset),
            iso: rfc3339(row.published_at, offset),
            title: row.title,
            standfirst: row.standfirst,
            section_name: row.section_name,
        }
    }
}

/// A named link.
pub struct Link {
    pub name: String,
    pub path: String,
}

/// A time as `<time datetime>` and as text.
pub struct TimeView {
    pub iso: String,
    pub text: String,
}

/// The `?cursor=` of list pages.
#[derive(Debug, Deserialize)]
pub struct ListQuery {
    cursor: Option<String>,
}

impl ListQuery {
    /// The parsed cursor; a malformed one is the reader's (or a crawler's) mistake.
    pub fn cursor(&self) -> Result<Option<Cursor>> {
        match self.cursor.as_deref() {
            None | Some("") => Ok(None),
            Some(text) => Cursor::parse(text).map(Some).ok_or_else(|| {
                AppError::bad_request(
                    "This page link is damaged: its “cursor” is not one we made. Start again from the first page.",
                )
            }),
        }
    }
}

#[derive(Template)]
#[template(path = "articles/list.html")]
pub struct ListTemplate {
    pub chrome: Chrome,
    pub meta: PageMeta,
    pub kicker: String,
    pub heading: String,
    pub intro: String,
    pub stories: Vec<StoryCard>,
    pub older: Option<String>,
    pub paged: bool,
    pub first_page: String,
    /// This list's RSS feed.
    pub feed: String,
}

/// Renders one keyset page of stories: `rows` holds up to one more than a page, which tells
/// whether an older page exists.
fn list_page(
    state: &AppState,
    lang: Lang,
    active_section: Option<&str>,
    path: String,
    (kicker, heading, intro): (String, String, String),
    mut rows: Vec<SummaryRow>,
    paged: bool,
) -> Result<Response> {
    let offset = state.config.utc_offset_minutes;
    let older = if rows.len() as i64 > PAGE_SIZE {
        rows.truncate(PAGE_SIZE as usize);
        rows.last().map(|last| format!("{path}?cursor={}", Cursor::after(last.published_at, last.id)))
    } else {
        None
    };
    let chrome = Chrome::new(state, lang, active_section);
    let meta = PageMeta {
        title: format!("{heading} | {}", chrome.site_name),
        description: if intro.is_empty() { format!("{} {heading}", lang.ui().stories_in) } else { intro.clone() },
        canonical: format!("{}{}", state.config.base_url, path),
    };
    let stories = rows.into_iter().map(|r| StoryCard::new(r, lang, offset)).collect();
    let feed = format!("{path}/feed.xml");
    let page = ListTemplate { chrome, meta, kicker, heading, intro, stories, older, paged, first_page: path, feed };
    Ok(Html(page.render()?).into_response())
}

/// `GET /{lang}/category/{slug}` — a section front.
pub async fn section(
    State(state): State<AppState>,
    PathParams((lang, slug)): PathParams<(Lang, String)>,
    Query(query): Query<ListQuery>,
) -> Result<Response> {
    let cursor = query.cursor()?;
    let section = db::section_by_slug(&state.db, lang, &slug)
        .await?
        .ok_or_else(|| AppError::not_found("There is no section at this address."))?;
    let rows = db::in_section(&state.db, section.id, cursor, PAGE_SIZE + 1).await?;
    let words = (lang.ui().section.to_owned(), section.name.clone(), String::new());
    list_page(&state, lang, Some(&section.slug), section_path(lang, &section.slug), words, rows, cursor.is_some())
}

/// `GET /{lang}/topic/{slug}` — stories with one topic.
pub async fn topic(
    State(state): State<AppState>,
    PathParams((lang, slug)): PathParams<(Lang, String)>,
    Query(query): Query<ListQuery>,
) -> Result<Response> {
    let cursor = query.cursor()?;
    let topic = db::topic_by_slug(&state.db, lang, &slug)
        .await?
        .ok_or_else(|| AppError::not_found("There is no topic at this address."))?;
    let rows = db::with_topic(&state.db, topic.id, cursor, PAGE_SIZE + 1).await?;
    let words = (lang.ui().topic.to_owned(), topic.name.clone(), String::new());
    list_page(&state, lang, None, topic_path(lang, &topic.slug), words, rows, cursor.is_some())
}

/// `GET /{lang}/authors/{slug}` — a reporter's or desk's stories in one edition.
pub async fn byline(
    State(state): State<AppState>,
    PathParams((lang, slug)): PathParams<(Lang, String)>,
    Query(query): Query<ListQuery>,
) -> Result<Response> {
    let cursor = query.cursor()?;
    let byline = db::byline_by_slug(&state.db, &slug)
        .await?
        .ok_or_else(|| AppError::not_found("There is no author or desk at this address."))?;
    let rows = db::by_byline(&state.db, byline.id, lang, cursor, PAGE_SIZE + 1).await?;
    let kicker = if byline.kind == BylineKind::Desk { lang.ui().desk } else { lang.ui().reporter };
    let words = (kicker.to_owned(), byline.name_in(lang).to_owned(), byline.bio.clone());
    list_page(&state, lang, None, byline_path(lang, &byline.slug), words, rows, cursor.is_some())
}
