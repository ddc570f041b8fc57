//! The `/{lang}/trending-views` page.

use axum::extract::State;
use axum::response::Response;

use crate::articles::pages::{CardImage, ListTemplate, StoryCard};
use crate::editions::{Lang, format_date, rfc3339};
use crate::error::Result;
use crate::state::AppState;
use crate::web::{Chrome, PageMeta, PathParams, render};

/// `GET /{lang}/trending-views` — the most-read stories of the last seven days, by decayed
/// views. The list is short and ranked, so it has one page.
pub async fn trending_page(State(state): State<AppState>, PathParams(lang): PathParams<Lang>) -> Result<Response> {
    let offset = state.config.utc_offset_minutes;
    let list = state.trending.get(lang);
    // The list is kept in memory without photos; the page is kept too, so this runs once per change.
    let ids: Vec<i64> = list.iter().map(|t| t.id).collect();
    let photos = crate::articles::db::published_among(&state.db, lang, &ids).await?;
    let photo = |id: i64| photos.iter().find(|r| r.id == id).and_then(|r| CardImage::of(&r.image));
    let stories = list
        .iter()
        .enumerate()
        .map(|(i, t)| StoryCard {
            image: photo(t.id),
            eager: i < 2,
            path: t.path.clone(),
            title: t.title.clone(),
            standfirst: String::new(),
            section_name: t.section_name.clone(),
            section_path: t.section_path.clone(),
            date: format_date(lang, t.published_at, offset),
            iso: rfc3339(t.published_at, offset),
        })
        .collect();
    let ui = lang.ui();
    let path = format!("/{}/trending-views", lang.code());
    let chrome = Chrome::new(&state, lang, None);
    let meta = PageMeta {
        title: format!("{} | {}", ui.trending_views, chrome.site_name),
        description: ui.trending_description.to_owned(),
        canonical: format!("{}{}", state.config.base_url, path),
    };
    let page = ListTemplate {
        feed: chrome.feed.clone(),
        chrome,
        meta,
        kicker: String::new(),
        heading: ui.trending_views.to_owned(),
        intro: ui.trending_description.to_owned(),
        lead: None,
        top: Vec::new(),
        stories,
        older: None,
        paged: false,
        first_page: path,
        profile: None,
        photo: None,
    };
    render(&page)
}
