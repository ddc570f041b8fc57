//! The article page: the story with its credits, image, topics, translation link, correction
//! and share links, and its comments section (the per-reader part the page cache fills in).

use std::ops::Range;
use std::sync::Arc;

use askama::Template;
use axum::extract::State;
use axum::response::{Html, IntoResponse, Response};

use super::db::{self, ArticleRow, BylineRow, TopicRow};
use super::model::{BylineKind, article_path, byline_path, section_path, topic_path};
use super::pages::{Link, TimeView};
use super::readers::ArticleReaders;
use super::rich::{ArticleFacts, Credit, RichLinks, SharedImage, rich_links};
use crate::accounts::model::SessionUser;
use crate::cache::Personal;
use crate::comments::{CommentDraft, PageComments};
use crate::editions::{Lang, format_datetime, rfc3339};
use crate::error::{AppError, Result};
use crate::html::SafeHtml;
use crate::media::db::MediaRow;
use crate::media::{rendition_path, url_path};
use crate::state::AppState;
use crate::web::{Chrome, PageMeta, PathParams, moved_permanently};

/// The other edition's version of the story.
pub struct TranslationLink {
    pub lang: &'static str,
    pub path: String,
    pub url: String,
    pub title: String,
    pub label: &'static str,
}

impl TranslationLink {
    /// The link, on a page of `lang`, to the other edition's version at `path`.
    pub fn new(state: &AppState, lang: Lang, path: String, title: String) -> Self {
        Self {
            lang: lang.other().code(),
            url: format!("{}{}", state.config.base_url, path),
            path,
            title,
            label: lang.other().ui().read_in_other_edition,
        }
    }
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
    /// The poll tied to the story.
    poll: Option<crate::polls::PollView>,
    /// When the story embeds a video: the script that starts its player on a click.
    embed_js: Option<String>,
}

/// Stands for the comments section in the rendered page; it cannot occur in escaped text or in
/// sanitised article bodies, which drop HTML comments.
const COMMENTS_MARKER: &str = "<!--newsdesk:comments-->";

/// A featured image with its renditions for `srcset`, as a body's photos are shown.
pub type FigureView = crate::body::render::Photo;

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
    article: ArticleRow,
    viewer: Option<&SessionUser>,
    csrf: &str,
    draft: &CommentDraft,
) -> Result<Response> {
    let canonical = article_path(lang, article.id, &article.slug);
    let offset = state.config.utc_offset_minutes;
    let (bylines, topics) = db::credits_and_topics(&state.db, article.id).await?;
    let media = match article.image_id {
        Some(id) => crate::media::db::find(&state.db, id).await?,
        None => None,
    };
    let comments = PageComments::load(&state.db, article.id, lang, canonical.clone(), offset).await?;
    let section = comments.render(viewer, csrf, draft)?;
    let poll = crate::polls::for_article(state, article.id).await?;
    let chrome = Chrome::new(state, lang, Some(&article.section_slug));
    let players = crate::body::embed::players_in(article.body_html.as_str());
    // The newsroom's SEO title and description, when it wrote them, are what search engines and
    // shared links show; the page itself keeps the headline and standfirst.
    let description = match (article.seo_description.trim(), article.standfirst.is_empty()) {
        (seo, _) if !seo.is_empty() => seo.to_owned(),
        (_, true) => first_words(&article.body),
        (_, false) => article.standfirst.clone(),
    };
    let meta = PageMeta {
        title: format!("{} | {}", search_title(&article), chrome.site_name),
        description,
        canonical: format!("{}{}", state.config.base_url, canonical),
    };
    let rich = rich(state, lang, &article, &chrome, &meta, (&bylines, &topics), media.as_ref());
    let page = ArticleTemplate {
        rich,
        meta,
        id: article.id,
        bylines: bylines
            .iter()
            .map(|b| Link { name: b.name_in(lang).to_owned(), path: byline_path(lang, &b.slug) })
            .collect(),
        section: Link { name: article.section_name.clone(), path: section_path(lang, &article.section_slug) },
        published: time(lang, article.published_at, offset),
        // Small fixes right after publication are not worth an "Updated" line.
        updated: (article.updated_at > article.published_at + 60).then(|| time(lang, article.updated_at, offset)),
        topics: topics.iter().map(|t| Link { name: t.name.clone(), path: topic_path(lang, &t.slug) }).collect(),
        translation: translation_link(state, lang, &article),
        image: media.as_ref().map(crate::media::photo),
        correction: article.corrected_at.map(|at| (time(lang, at, offset), article.correction_note.clone())),
        comments_html: SafeHtml::literal(COMMENTS_MARKER),
        beacon: (state.config.cdn_max_age > 0)
            .then(|| (state.assets.beacon_js_path().to_owned(), format!("/api/v1/articles/{}/views", article.id))),
        poll,
        embed_js: (!players.is_empty()).then(|| state.assets.embed_js_path().to_owned()),
        title: article.title,
        standfirst: article.standfirst,
        body_html: article.body_html,
        chrome,
    };
    let (mut response, hole) = with_comments(&page, &section)?;
    if !players.is_empty() {
        let origins: Vec<&str> = players.iter().filter_map(|p| p.player_origin()).collect();
        let csp = crate::web::content_security_policy_with_frames(&origins);
        if let Ok(value) = axum::http::HeaderValue::from_str(&csp) {
            response.headers_mut().insert(axum::http::header::CONTENT_SECURITY_POLICY, value);
        }
    }
    if viewer.is_none() {
        let readers = ArticleReaders { state: state.downgrade(), comments };
        let personal = Personal { hole, path: canonical, filler: Box::new(readers) };
        response.extensions_mut().insert(Arc::new(personal));
    }
    Ok(response)
}

/// The page with the comments section in place of its marker, and where the section sits.
fn with_comments(page: &ArticleTemplate, section: &str) -> Result<(Response, Range<usize>)> {
    let html = page.render()?;
    let Some((head, tail)) = html.split_once(COMMENTS_MARKER) else {
        return Err(AppError::Internal(anyhow::anyhow!("the article template lost its comments section")));
    };
    let hole = head.len()..head.len() + section.len();
    Ok((Html([head, section, tail].concat()).into_response(), hole))
}

fn time(lang: Lang, at: i64, offset: i32) -> TimeView {
    TimeView { iso: rfc3339(at, offset), text: format_datetime(lang, at, offset) }
}

/// The link to the story in the other edition, if it has been translated.
fn translation_link(state: &AppState, lang: Lang, article: &ArticleRow) -> Option<TranslationLink> {
    article.translation().map(|t| TranslationLink::new(state, lang, article_path(t.lang, t.id, &t.slug), t.title))
}

/// The image link previews get: the largest rendition (1600 px wide at most), not the original.
fn shared_image(base: &str, m: &MediaRow) -> SharedImage {
    let (path, width) = match m.rendition_widths().into_iter().max() {
        Some(w) => (rendition_path(&m.path, w), w),
        None => (m.path.clone(), m.width),
    };
    SharedImage {
        url: format!("{base}{}", url_path(&path)),
        width,
        height: if m.width > 0 { m.height * width / m.width } else { m.height },
        alt: m.alt.clone(),
    }
}

/// Open Graph, Twitter card and JSON-LD of the page; a story without a photo is previewed with
/// the site's card.
fn rich(
    state: &AppState,
    lang: Lang,
    article: &ArticleRow,
    chrome: &Chrome,
    meta: &PageMeta,
    (bylines, topics): (&[BylineRow], &[TopicRow]),
    media: Option<&MediaRow>,
) -> RichLinks {
    let base = &state.config.base_url;
    let site = state.site.get();
    let logo = site.logo_path.clone().unwrap_or_else(|| state.assets.logo_png_path().to_owned());
    let card = || SharedImage {
        url: format!("{base}{}", state.assets.share_card_path()),
        width: 1200,
        height: 630,
        alt: site.name(lang).to_owned(),
    };
    rich_links(&ArticleFacts {
        lang,
        site_name: &chrome.site_name,
        url: &meta.canonical,
        title: search_title(article),
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
        image: media.map(|m| shared_image(base, m)).or_else(|| site.logo_path.is_none().then(card)),
        logo_url: &format!("{base}{logo}"),
        translated: article.translation().is_some(),
        offset_minutes: state.config.utc_offset_minutes,
    })
}

/// A published article by the id in its path; anything else is a missing page.
pub async fn find(state: &AppState, id: i64) -> Result<ArticleRow> {
    let missing = || AppError::not_found("There is no story at this address. It may have been moved or taken down.");
    db::find_published(&state.db, id).await?.ok_or_else(missing)
}

/// The title search engines and shared links show: the SEO title when there is one.
fn search_title(article: &ArticleRow) -> &str {
    match article.seo_title.trim() {
        "" => &article.title,
        seo => seo,
    }
}

fn first_words(body: &crate::body::Body) -> String {
    let text = crate::body::text::plain(body);
    text.lines().next().unwrap_or("").chars().take(200).collect()
}
