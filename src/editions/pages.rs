//! The edition home: lead story, latest stories, a block per section, Trending Views.

use askama::Template;
use axum::extract::{RawQuery, State};
use axum::response::{IntoResponse, Response};

use super::Lang;
use crate::articles::db::{in_section, latest};
use crate::articles::model::section_path;
use crate::articles::pages::StoryCard;
use crate::error::Result;
use crate::state::AppState;
use crate::web::{Chrome, PageMeta, PathParams, moved_permanently, render};

/// Stories under the lead in the "Latest" block.
const LATEST_LEN: i64 = 6;
/// Stories in each section block.
const BLOCK_LEN: i64 = 4;

/// A section's block on the home page.
struct SectionBlock {
    slug: String,
    name: String,
    path: String,
    stories: Vec<StoryCard>,
}

#[derive(Template)]
#[template(path = "editions/home.html")]
struct HomeTemplate {
    chrome: Chrome,
    meta: PageMeta,
    lead: Option<StoryCard>,
    /// The top stories editors placed under the lead.
    top: Vec<StoryCard>,
    latest: Vec<StoryCard>,
    blocks: Vec<SectionBlock>,
    /// The newest open poll of the edition.
    poll: Option<crate::polls::PollView>,
}

/// `GET /` — the default edition's home; its canonical URL is the edition's own.
pub async fn default_home(State(state): State<AppState>, RawQuery(query): RawQuery) -> Result<Response> {
    // An imported WordPress site's plain addresses (`/?p=12`) lead to where their posts now live.
    if let Some(query) = query.filter(|q| crate::redirects::model::query_form(q).is_some()) {
        return Ok(match crate::redirects::lookup_plain(&state.db, &query).await? {
            Some(location) => crate::web::stored_moved(&location),
            // Not kept under its own query: a made-up `/?p=…` costs a redirect, never a render.
            None => (axum::http::StatusCode::FOUND, [(axum::http::header::LOCATION, "/")]).into_response(),
        });
    }
    let lang = state.default_edition();
    home_page(&state, lang).await
}

/// `GET /{lang}/` — an edition's home.
pub async fn home(State(state): State<AppState>, PathParams(lang): PathParams<Lang>) -> Result<Response> {
    home_page(&state, lang).await
}

/// `GET /{lang}` — the same page lives at `/{lang}/`.
pub async fn home_without_slash(PathParams(lang): PathParams<Lang>) -> Result<Response> {
    Ok(moved_permanently(&format!("/{}/", lang.code())))
}

async fn home_page(state: &AppState, lang: Lang) -> Result<Response> {
    let offset = state.config.utc_offset_minutes;
    let card = |r| StoryCard::new(r, lang, offset);
    let front = crate::fronts::shown(state, lang, None).await?;
    let shown = front.ids();
    let newest = latest(&state.db, lang, None, LATEST_LEN + shown.len() as i64).await?;
    let latest_cards: Vec<StoryCard> =
        newest.into_iter().filter(|r| !shown.contains(&r.id)).take(LATEST_LEN as usize).map(card).collect();
    let lead = front.lead.map(|r| StoryCard { eager: true, ..card(r) });
    // The first top stories sit just under the lead: their photos load at once.
    let top = front.top.into_iter().enumerate().map(|(i, r)| StoryCard { eager: i < 2, ..card(r) }).collect();
    let mut blocks = Vec::new();
    for section in state.site.get().nav(lang) {
        let rows = in_section(&state.db, section.id, None, BLOCK_LEN).await?;
        if rows.is_empty() {
            continue;
        }
        blocks.push(SectionBlock {
            slug: section.slug.clone(),
            name: section.name.clone(),
            path: section_path(lang, &section.slug),
            stories: rows.into_iter().map(|r| StoryCard::new(r, lang, offset)).collect(),
        });
    }
    let poll = crate::polls::for_home(state, lang).await?;
    let chrome = Chrome::new(state, lang, None);
    let meta = PageMeta {
        title: chrome.site_name.clone(),
        description: lang.ui().home_description.to_owned(),
        canonical: format!("{}/{}/", state.config.base_url, lang.code()),
    };
    render(&HomeTemplate { chrome, meta, lead, top, latest: latest_cards, blocks, poll })
}
