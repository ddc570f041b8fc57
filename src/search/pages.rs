//! `GET /{lang}/search`: the reader's search page. Works without JavaScript: a plain GET form,
//! results with highlighted words, filters, and a link to the next page.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;

use super::SearchParams;
use crate::articles::model::{article_path, section_path};
use crate::articles::pages::CardImage;
use crate::editions::{Lang, format_date, format_number, rfc3339};
use crate::error::Result;
use crate::state::AppState;
use crate::web::{Chrome, PageMeta, PathParams, encode_query, render};

/// Results on one page.
const PAGE_SIZE: usize = 15;

/// A result as the page shows it.
pub struct HitCard {
    pub path: String,
    /// Escaped by the index's snippet writer, with `<mark>` around matched words.
    pub title_html: crate::html::SafeHtml,
    pub snippet_html: crate::html::SafeHtml,
    pub section_name: String,
    pub section_path: String,
    pub date: String,
    pub iso: String,
    /// The story's featured photo, if it has one.
    pub image: Option<CardImage>,
    pub eager: bool,
}

/// A choice in the section filter.
pub struct SectionOption {
    pub slug: String,
    pub name: String,
    pub selected: bool,
}

#[derive(Template)]
#[template(path = "search/results.html")]
pub struct SearchTemplate {
    pub chrome: Chrome,
    pub meta: PageMeta,
    pub action: String,
    pub q: String,
    pub from: String,
    pub to: String,
    pub newest: bool,
    pub filtered: bool,
    pub sections: Vec<SectionOption>,
    pub hits: Vec<HitCard>,
    pub total: String,
    pub next: Option<String>,
}

/// `GET /{lang}/search?q=&section=&from=&to=&sort=&cursor=`.
pub async fn search(
    State(state): State<AppState>,
    PathParams(lang): PathParams<Lang>,
    Query(params): Query<SearchParams>,
) -> Result<Response> {
    let query = params.resolve(&state, lang, PAGE_SIZE).await?;
    let action = format!("/{}/search", lang.code());
    let q = query.text.clone();
    let newest = query.sort == super::model::Sort::Newest;
    let section = params.section.clone().unwrap_or_default();
    let found = if q.is_empty() { Default::default() } else { super::run(&state, query).await? };
    let offset = state.config.utc_offset_minutes;
    let next = found.next.map(|cursor| {
        let mut link = format!("{action}?q={}", encode_query(&q));
        for (name, value) in [("section", &section), ("from", &params.from.clone().unwrap_or_default())] {
            if !value.is_empty() {
                link.push_str(&format!("&{name}={}", encode_query(value)));
            }
        }
        if let Some(to) = params.to.as_deref().filter(|t| !t.is_empty()) {
            link.push_str(&format!("&to={}", encode_query(to)));
        }
        if newest {
            link.push_str("&sort=newest");
        }
        link.push_str(&format!("&cursor={}", encode_query(&cursor.to_string())));
        link
    });
    let ids: Vec<i64> = found.hits.iter().map(|h| h.id).collect();
    let photos = crate::articles::db::published_among(&state.db, lang, &ids).await?;
    let photo = |id: i64| photos.iter().find(|r| r.id == id).and_then(|r| CardImage::of(&r.image));
    let hits = found
        .hits
        .into_iter()
        .enumerate()
        .map(|(i, h)| HitCard { image: photo(h.id), eager: i < 2, ..card(h, lang, offset) })
        .collect();
    let sections = state
        .site
        .get()
        .sections(lang)
        .iter()
        .map(|s| SectionOption { slug: s.slug.clone(), name: s.name.clone(), selected: s.slug == section })
        .collect();
    let chrome = Chrome::new(&state, lang, None);
    let ui = lang.ui();
    let meta = PageMeta {
        title: if q.is_empty() {
            format!("{} | {}", ui.search, chrome.site_name)
        } else {
            format!("{q} – {} | {}", ui.search, chrome.site_name)
        },
        description: ui.search_label.to_owned(),
        canonical: format!("{}{action}", state.config.base_url),
    };
    let from = params.from.clone().unwrap_or_default();
    let to = params.to.clone().unwrap_or_default();
    let filtered = !section.is_empty() || !from.is_empty() || !to.is_empty() || newest;
    render(&SearchTemplate {
        chrome,
        meta,
        action,
        q,
        from,
        to,
        newest,
        filtered,
        sections,
        hits,
        total: found_text(lang, found.total),
        next,
    })
}

/// "12 stories found" / "১২টি খবর পাওয়া গেছে".
fn found_text(lang: Lang, total: usize) -> String {
    let n = format_number(lang, total as i64);
    match lang {
        Lang::En if total == 1 => "1 story found".to_owned(),
        Lang::En => format!("{n} {}", lang.ui().search_found),
        Lang::Bn => format!("{n}{}", lang.ui().search_found),
    }
}

fn card(hit: super::index::Hit, lang: Lang, offset: i32) -> HitCard {
    HitCard {
        path: article_path(lang, hit.id, &hit.slug),
        title_html: hit.title_html,
        snippet_html: hit.snippet_html,
        section_path: section_path(lang, &hit.section_slug),
        section_name: hit.section_name,
        date: format_date(lang, hit.published_at, offset),
        iso: rfc3339(hit.published_at, offset),
        image: None,
        eager: false,
    }
}
