//! Reader pages: the article, section fronts, topic pages and author or desk pages.

use std::sync::Arc;

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;

use super::db::{self, SummaryRow};
use super::model::{BylineKind, Cursor, article_path, byline_path, section_path, topic_path};
use super::readers::ArticleReaders;
use super::rich::{ArticleFacts, Credit, RichLinks, SharedImage, rich_links};
use crate::accounts::model::SessionUser;
use crate::cache::Personal;
use crate::comments::{CommentDraft, PageComments};
use crate::editions::{Lang, format_date, format_datetime, rfc3339};
use crate::error::{AppError, Result};
use crate::html::SafeHtml;
use crate::state::AppState;
use crate::web::{Chrome, PageMeta, PathParams, moved_permanently};

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

/// The other edition's version of the story.
pub struct TranslationLink {
    pub lang: &'static str,
    pub path: String,
    pub url: String,
    pub title: String,
    pub label: &'static str,
}

#[derive(Template)]
#[template(path = "articles/article.html")]
struct ArticleTemplate {
    rich: RichLinks,
    chrome: Chrome,
    meta: PageMeta,
    id: i64,
    title: String,
    standfirst: String,
    body_html: SafeHtml,
    bylines: Vec<Link>,
    section: Link,
    published: TimeView,
    updated: Option<TimeView>,
    topics: Vec<Link>,
    translation: Option<TranslationLink>,
    correction: Option<(TimeView, String)>,
    image: Option<FigureView>,
    /// The comments section, or [`COMMENTS_MARKER`] while the page is assembled.
    comments_html: SafeHtml,
    /// Behind a CDN: the view beacon's script and address.
    beacon: Option<(String, String)>,
}

/// Stands for the comments section in the rendered page; it cannot occur in escaped text or in
/// sanitised article bodies, which drop HTML comments.
const COMMENTS_MARKER: &str = "<!--newsdesk:comments-->";

/// A featured image with its renditions for `srcset`.
pub struct FigureView {
    pub src: String,
    pub srcset: String,
    pub width: i64,
    pub height: i64,
    pub alt: String,
    pub caption: String,
    pub credit: String,
}

/// `GET /{lang}/news/{id}` — no slug: send the reader to the canonical address.
pub async fn article_without_slug(
    State(state): State<AppState>,
    PathParams((_, id)): PathParams<(Lang, i64)>,
) -> Result<Response> {
    let article = find(&state, id).await?;
    Ok(moved_permanently(&article_path(article.lang, article.id, &article.slug)))
}

/// `GET /{lang}/news/{id}/{slug}` — the article page as an anonymous reader sees it. The page
/// cache counts the view and fills in the comments section for a logged-in reader.
pub async fn article(
    State(state): State<AppState>,
    PathParams((lang, id, slug)): PathParams<(Lang, i64, String)>,
) -> Result<Response> {
    let article = find(&state, id).await?;
    let canonical = article_path(article.lang, article.id, &article.slug);
    if article.lang != lang || article.slug != slug {
        return Ok(moved_permanently(&canonical));
    }
    render_article(&state, lang, article, None, "", &CommentDraft::default()).await
}

/// Renders an article page for a viewer, with the comment form holding `draft`.
pub async fn render_article(
    state: &AppState,
    lang: Lang,
    article: db::ArticleRow,
    viewer: Option<&SessionUser>,
    csrf: &str,
    draft: &CommentDraft,
) -> Result<Response> {
    let canonical = article_path(lang, article.id, &article.slug);
    let offset = state.config.utc_offset_minutes;
    let (bylines, topics) = db::credits_and_topics(&state.db, article.id).await?;
    let translation = article.translation();
    let media = match article.image_id {
        Some(id) => crate::media::db::find(&state.db, id).await?,
        None => None,
    };
    let image = media.as_ref().map(|m| {
        let mut sources: Vec<String> = m
            .rendition_widths()
            .into_iter()
            .map(|w| format!("{} {w}w", crate::media::url_path(&crate::media::rendition_path(&m.path, w))))
            .collect();
        sources.push(format!("{} {}w", crate::media::url_path(&m.path), m.width));
        let src = m.rendition_widths().into_iter().rfind(|w| *w <= 960).map_or_else(
            || crate::media::url_path(&m.path),
            |w| crate::media::url_path(&crate::media::rendition_path(&m.path, w)),
        );
        FigureView {
            src,
            srcset: sources.join(", "),
            width: m.width,
            height: m.height,
            alt: m.alt.clone(),
            caption: m.caption.clone(),
            credit: m.credit.clone(),
        }
    });
    // Link previews get the largest rendition (1600 px wide at most), not the original.
    let shared_image = media.as_ref().map(|m| {
        let (path, width) = match m.rendition_widths().into_iter().max() {
            Some(w) => (crate::media::rendition_path(&m.path, w), w),
            None => (m.path.clone(), m.width),
        };
        SharedImage {
            url: format!("{}{}", state.config.base_url, crate::media::url_path(&path)),
            width,
            height: if m.width > 0 { m.height * width / m.width } else { m.height },
            alt: m.alt.clone(),
        }
    });
    let comments = PageComments::load(&state.db, article.id, lang, canonical.clone(), offset).await?;
    let section = comments.render(viewer, csrf, draft)?;
    let chrome = Chrome::new(state, lang, Some(&article.section_slug));
    let meta = PageMeta {
        title: format!("{} | {}", article.title, chrome.site_name),
        description: if article.standfirst.is_empty() {
            first_words(&article.body_md)
        } else {
            article.standfirst.clone()
        },
        canonical: format!("{}{}", state.config.base_url, canonical),
    };
    let base = &state.config.base_url;
    let logo = state.site.get().logo_path.clone().unwrap_or_else(|| state.assets.logo_path().to_owned());
    let rich = rich_links(&ArticleFacts {
        lang,
        site_name: &chrome.site_name,
        url: &meta.canonical,
        title: &article.title,
        description: &meta.description,
        section: &article.section_name,
        topics: topics.iter().map(|t| t.name.clone()).collect(),
        credits: bylines
            .iter()
            .map(|b| Credit {
                name: b.name_in(lang).to_owned(),
                url: format!("{base}{}", byline_path(lang, &b.slug)),
                is_desk: b.kind == BylineKind::Desk,
            })
            .collect(),
        published_at: article.published_at,
        updated_at: article.updated_at,
        image: shared_image.or_else(|| {
            state.site.get().logo_path.is_none().then(|| SharedImage {
                url: format!("{base}{}", state.assets.share_card_path()),
                width: 1200,
                height: 630,
                alt: state.site.get().name(lang).to_owned(),
            })
        }),
        logo_url: &format!("{base}{logo}"),
        translated: translation.is_some(),
        offset_minutes: offset,
    });
    let page = ArticleTemplate {
        rich,
        meta,
        id: article.id,
        bylines: bylines
            .iter()
            .map(|b| Link { name: b.name_in(lang).to_owned(), path: byline_path(lang, &b.slug) })
            .collect(),
        section: Link { name: article.section_name.clone(), path: section_path(lang, &article.section_slug) },
        published: TimeView {
            iso: rfc3339(article.published_at, offset),
            text: format_datetime(lang, article.published_at, offset),
        },
        // Small fixes right after publication are not worth an "Updated" line.
        updated: (article.updated_at > article.published_at + 60).then(|| TimeView {
            iso: rfc3339(article.updated_at, offset),
            text: format_datetime(lang, article.updated_at, offset),
        }),
        topics: topics.iter().map(|t| Link { name: t.name.clone(), path: topic_path(lang, &t.slug) }).collect(),
        translation: translation.map(|t| {
            let tlang = t.lang;
            let path = article_path(tlang, t.id, &t.slug);
            TranslationLink {
                lang: tlang.code(),
                url: format!("{}{}", state.config.base_url, path),
                path,
                title: t.title,
                label: lang.other().ui().read_in_other_edition,
            }
        }),
        image,
        correction: article.corrected_at.map(|at| {
            (
                TimeView { iso: rfc3339(at, offset), text: format_datetime(lang, at, offset) },
                article.correction_note.clone(),
            )
        }),
        comments_html: SafeHtml::literal(COMMENTS_MARKER),
        beacon: (state.config.cdn_max_age > 0)
            .then(|| (state.assets.beacon_js_path().to_owned(), format!("/api/v1/articles/{}/views", article.id))),
        title: article.title,
        standfirst: article.standfirst,
        body_html: article.body_html,
        chrome,
    };
    let html = page.render()?;
    let Some((head, tail)) = html.split_once(COMMENTS_MARKER) else {
        return Err(AppError::Internal(anyhow::anyhow!("the article template lost its comments section")));
    };
    let start = head.len();
    let end = start + section.len();
    let mut response = Html([head, &section, tail].concat()).into_response();
    if viewer.is_none() {
        let readers = ArticleReaders { state: state.downgrade(), comments };
        let personal = Personal { hole: start..end, path: canonical, filler: Box::new(readers) };
        response.extensions_mut().insert(Arc::new(personal));
    }
    Ok(response)
}

/// A published article by the id in its path; anything else is a missing page.
pub async fn find(state: &AppState, id: i64) -> Result<db::ArticleRow> {
    let missing = || AppError::not_found("There is no story at this address. It may have been moved or taken down.");
    db::find_published(&state.db, id).await?.ok_or_else(missing)
}

fn first_words(markdown: &str) -> String {
    let text: String = markdown.lines().find(|l| !l.trim().is_empty()).unwrap_or("").chars().take(200).collect();
    text.trim_start_matches(['>', ' ', '#']).to_owned()
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
