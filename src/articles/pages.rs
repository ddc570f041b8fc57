//! Reader pages that list stories: section fronts, topic pages and author or desk pages, and
//! what the pages of stories share (cards, links, times). The article page is [`super::article`].

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;

use super::db::{self, CardImageRow, SummaryRow};
use super::model::{Cursor, article_path, byline_path, section_path, topic_path};
use crate::bylines::model::{Credit, link_label};
use crate::editions::{Lang, format_date, rfc3339};
use crate::error::{AppError, Result};
use crate::media::{rendition_path, url_path};
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
    /// The featured photo; a story without one is a text card.
    pub image: Option<CardImage>,
    /// Whether the photo loads at once (the first cards of a page) rather than when scrolled to.
    pub eager: bool,
}

/// A story's photo on a card: a small rendition, the larger ones in `srcset` for wide and
/// sharp screens, and its size so that the page does not shift while it loads.
pub struct CardImage {
    pub src: String,
    pub srcset: String,
    pub width: i64,
    pub height: i64,
    pub alt: String,
}

/// The rendition a card shows by default: small enough for a phone's thumbnail.
const CARD_WIDTH: i64 = 480;

impl CardImage {
    /// The card photo of a story's featured image, if it has one.
    pub fn of(row: &CardImageRow) -> Option<Self> {
        let path = row.image_path.as_deref()?;
        let (width, height) = (row.image_width?, row.image_height?);
        let widths: Vec<i64> =
            row.image_renditions.as_deref().unwrap_or("").split(',').filter_map(|w| w.parse().ok()).collect();
        let mut sources: Vec<(i64, String)> = widths.iter().map(|&w| (w, url_path(&rendition_path(path, w)))).collect();
        sources.push((width, url_path(path)));
        let src = sources.iter().find(|(w, _)| *w >= CARD_WIDTH).or(sources.last()).map(|(_, s)| s.clone())?;
        let srcset = sources.iter().map(|(w, s)| format!("{s} {w}w")).collect::<Vec<_>>().join(", ");
        Some(Self { src, srcset, width, height, alt: row.image_alt.clone().unwrap_or_default() })
    }
}

impl StoryCard {
    /// A card for `row`, with dates in the edition's words.
    pub fn new(row: SummaryRow, lang: Lang, offset: i32) -> Self {
        Self {
            image: CardImage::of(&row.image),
            eager: false,
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
    /// A section front's lead and top stories (first page only).
    pub lead: Option<StoryCard>,
    pub top: Vec<StoryCard>,
    pub stories: Vec<StoryCard>,
    pub older: Option<String>,
    pub paged: bool,
    pub first_page: String,
    /// This list's RSS feed.
    pub feed: String,
    /// An author page's profile.
    pub profile: Option<AuthorProfile>,
    /// A photo of what the list is about (a topic's), under its heading.
    pub photo: Option<CardImage>,
}

/// What an author page shows above the stories: photo, title, bio, when they joined, links,
/// and the `ProfilePage` JSON-LD that tells search engines who this is.
pub struct AuthorProfile {
    pub photo: Option<CardImage>,
    pub title: String,
    pub joined: Option<TimeView>,
    pub links: Vec<Link>,
    pub json_ld: crate::html::SafeHtml,
}

/// One keyset page of stories, ready to render: `rows` holds up to one more than a page, which
/// tells whether an older page exists, and `paged` says whether it is a later page. A section
/// front's first page is headed by its lead and top stories (`front`), left out of the list.
fn list_page(
    state: &AppState,
    lang: Lang,
    active_section: Option<&str>,
    path: String,
    words: (String, String, String),
    rows: (Vec<SummaryRow>, bool),
    front: Option<crate::fronts::Shown>,
) -> Result<Response> {
    let page = list_template(state, lang, active_section, path, words, rows, front);
    Ok(Html(page.render()?).into_response())
}

/// The template [`list_page`] renders.
fn list_template(
    state: &AppState,
    lang: Lang,
    active_section: Option<&str>,
    path: String,
    (kicker, heading, intro): (String, String, String),
    (mut rows, paged): (Vec<SummaryRow>, bool),
    front: Option<crate::fronts::Shown>,
) -> ListTemplate {
    let offset = state.config.utc_offset_minutes;
    let front = front.unwrap_or_default();
    let shown = front.ids();
    rows.retain(|r| !shown.contains(&r.id));
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
    let card = |r| StoryCard::new(r, lang, offset);
    let lead = front.lead.map(|r| StoryCard { eager: true, ..card(r) });
    let top = front.top.into_iter().enumerate().map(|(i, r)| StoryCard { eager: i < 2, ..card(r) }).collect();
    // Without a lead, the first cards of the list are the ones in view.
    let first_eager = if lead.is_none() { 2 } else { 0 };
    let stories = rows.into_iter().enumerate().map(|(i, r)| StoryCard { eager: i < first_eager, ..card(r) }).collect();
    let feed = format!("{path}/feed.xml");
    ListTemplate {
        chrome,
        meta,
        kicker,
        heading,
        intro,
        lead,
        top,
        stories,
        older,
        paged,
        first_page: path,
        feed,
        profile: None,
        photo: None,
    }
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
    // The editors' lead and top stories head the first page, and its list leaves them out: it
    // reads as many more stories as they take, so that the list still holds a page.
    let front = match cursor {
        None => Some(crate::fronts::shown(&state, lang, Some(&section)).await?),
        Some(_) => None,
    };
    let extra = front.as_ref().map_or(0, |f| f.ids().len() as i64);
    let rows = db::in_section(&state.db, section.id, cursor, PAGE_SIZE + 1 + extra).await?;
    let words = (lang.ui().section.to_owned(), section.name.clone(), String::new());
    let path = section_path(lang, &section.slug);
    list_page(&state, lang, Some(&section.slug), path, words, (rows, cursor.is_some()), front)
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
    // What the newsroom wrote about the topic, and its photo, head its page.
    let about = crate::topics::db::about(&state.db, topic.id).await?.unwrap_or_default();
    let words = (lang.ui().topic.to_owned(), topic.name.clone(), about.description);
    let path = topic_path(lang, &topic.slug);
    let page = list_template(&state, lang, None, path, words, (rows, cursor.is_some()), None);
    let page = ListTemplate { photo: CardImage::of(&about.image), ..page };
    Ok(Html(page.render()?).into_response())
}

/// `GET /{lang}/authors/{slug}` — a reporter's or desk's profile and stories in one edition;
/// a byline merged into another answers 301 with the other's page.
pub async fn byline(
    State(state): State<AppState>,
    PathParams((lang, slug)): PathParams<(Lang, String)>,
    Query(query): Query<ListQuery>,
) -> Result<Response> {
    let cursor = query.cursor()?;
    let missing = || AppError::not_found("There is no author or desk at this address.");
    let byline = crate::bylines::db::by_slug(&state.db, &slug).await?.ok_or_else(missing)?;
    if let Some(into) = byline.merged_into {
        let target = crate::bylines::db::find(&state.db, into).await?.ok_or_else(missing)?;
        return Ok(crate::web::moved_permanently(&byline_path(lang, &target.slug)));
    }
    let rows = db::by_byline(&state.db, byline.id, lang, cursor, PAGE_SIZE + 1).await?;
    let ui = lang.ui();
    let kicker = match byline.credit() {
        Credit::Desk => ui.desk,
        Credit::Agency => ui.agency,
        Credit::Guest => ui.contributor,
        Credit::Staff => ui.reporter,
    };
    let (name, bio) = match lang {
        Lang::Bn => (&byline.name_bn, &byline.bio_bn),
        Lang::En => (&byline.name, &byline.bio),
    };
    let name = if name.is_empty() { byline.name.clone() } else { name.clone() };
    let words = (kicker.to_owned(), name, bio.clone());
    let path = byline_path(lang, &byline.slug);
    let mut page = list_template(&state, lang, None, path, words, (rows, cursor.is_some()), None);
    page.profile = Some(author_profile(&state, lang, &byline, &page));
    Ok(Html(page.render()?).into_response())
}

/// The profile block of an author page.
fn author_profile(
    state: &AppState,
    lang: Lang,
    b: &crate::bylines::db::BylineProfile,
    page: &ListTemplate,
) -> AuthorProfile {
    let offset = state.config.utc_offset_minutes;
    let title = match lang {
        Lang::Bn if !b.title_bn.is_empty() => b.title_bn.clone(),
        _ => b.title.clone(),
    };
    let photo = CardImage::of(&b.photo);
    let links: Vec<Link> = b.links.lines().map(|l| Link { name: link_label(l), path: l.to_owned() }).collect();
    let base = &state.config.base_url;
    let organisation = b.credit().is_organisation();
    let mut entity = serde_json::json!({
        "@type": if organisation { "Organization" } else { "Person" },
        "name": page.heading,
        "url": page.meta.canonical,
    });
    if !title.is_empty() && !organisation {
        entity["jobTitle"] = title.clone().into();
    }
    if !page.intro.is_empty() {
        entity["description"] = page.intro.clone().into();
    }
    if let Some(p) = &photo {
        entity["image"] = format!("{base}{}", p.src).into();
    }
    if !links.is_empty() {
        entity["sameAs"] = links.iter().map(|l| l.path.clone()).collect::<Vec<_>>().into();
    }
    let ld = serde_json::json!({
        "@context": "https://schema.org",
        "@type": "ProfilePage",
        "url": page.meta.canonical,
        "mainEntity": entity,
    });
    AuthorProfile {
        photo,
        title,
        joined: (b.joined_at > 0)
            .then(|| TimeView { iso: rfc3339(b.joined_at, offset), text: format_date(lang, b.joined_at, offset) }),
        links,
        json_ld: crate::html::script_json(&ld.to_string()),
    }
}
