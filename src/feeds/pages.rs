//! Handlers of the feeds (`/{lang}/feed.xml` and one per section, topic and author), the
//! sitemaps and robots.txt.

use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};

use super::db;
use super::model::{
    self, FEED_ITEMS, FeedDoc, FeedItem, NEWS_MAX, NEWS_WINDOW, NewsEntry, SITEMAP_CHUNK, SitemapEntry,
};
use crate::articles::db::{self as articles, SummaryRow};
use crate::articles::model::{article_path, byline_path, section_path, topic_path};
use crate::editions::Lang;
use crate::error::{AppError, Result};
use crate::state::AppState;
use crate::web::PathParams;

/// `GET /{lang}/feed.xml` — the edition's latest stories.
pub async fn edition_feed(State(state): State<AppState>, PathParams(lang): PathParams<Lang>) -> Result<Response> {
    let rows = articles::latest(&state.db, lang, None, FEED_ITEMS).await?;
    let site = state.site.get();
    let title = site.name(lang).to_owned();
    feed(&state, lang, title, format!("/{}/", lang.code()), lang.ui().home_description.to_owned(), rows).await
}

/// `GET /{lang}/category/{slug}/feed.xml` — one section.
pub async fn section_feed(
    State(state): State<AppState>,
    PathParams((lang, slug)): PathParams<(Lang, String)>,
) -> Result<Response> {
    let section = articles::section_by_slug(&state.db, lang, &slug)
        .await?
        .ok_or_else(|| AppError::not_found("There is no section at this address."))?;
    let rows = articles::in_section(&state.db, section.id, None, FEED_ITEMS).await?;
    let title = format!("{} | {}", section.name, state.site.get().name(lang));
    let about = format!("{} {}", lang.ui().stories_in, section.name);
    feed(&state, lang, title, section_path(lang, &section.slug), about, rows).await
}

/// `GET /{lang}/topic/{slug}/feed.xml` — one topic.
pub async fn topic_feed(
    State(state): State<AppState>,
    PathParams((lang, slug)): PathParams<(Lang, String)>,
) -> Result<Response> {
    let topic = articles::topic_by_slug(&state.db, lang, &slug)
        .await?
        .ok_or_else(|| AppError::not_found("There is no topic at this address."))?;
    let rows = articles::with_topic(&state.db, topic.id, None, FEED_ITEMS).await?;
    let title = format!("{} | {}", topic.name, state.site.get().name(lang));
    let about = format!("{}: {}", lang.ui().topic, topic.name);
    feed(&state, lang, title, topic_path(lang, &topic.slug), about, rows).await
}

/// `GET /{lang}/authors/{slug}/feed.xml` — one reporter's or desk's stories in an edition; the
/// feed of a byline merged into another answers 301 with the other's.
pub async fn byline_feed(
    State(state): State<AppState>,
    PathParams((lang, slug)): PathParams<(Lang, String)>,
) -> Result<Response> {
    let missing = || AppError::not_found("There is no author or desk at this address.");
    let byline = crate::bylines::db::by_slug(&state.db, &slug).await?.ok_or_else(missing)?;
    if let Some(into) = byline.merged_into {
        let target = crate::bylines::db::find(&state.db, into).await?.ok_or_else(missing)?;
        return Ok(crate::web::moved_permanently(&format!("{}/feed.xml", byline_path(lang, &target.slug))));
    }
    let rows = articles::by_byline(&state.db, byline.id, lang, None, FEED_ITEMS).await?;
    let name = if lang == Lang::Bn && !byline.name_bn.is_empty() { &byline.name_bn } else { &byline.name };
    let name = name.clone();
    let title = format!("{name} | {}", state.site.get().name(lang));
    feed(&state, lang, title, byline_path(lang, &byline.slug), name, rows).await
}

async fn feed(
    state: &AppState,
    lang: Lang,
    title: String,
    path: String,
    description: String,
    rows: Vec<SummaryRow>,
) -> Result<Response> {
    let base = &state.config.base_url;
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let bodies = db::bodies(&state.db, &ids).await?;
    let credits = db::credits(&state.db, &ids).await?;
    let items = rows
        .into_iter()
        .map(|row| FeedItem {
            url: format!("{base}{}", article_path(lang, row.id, &row.slug)),
            // Stays the same when the headline (and with it the slug) is edited, so that feed
            // readers do not show an edited story as new; it is not a permalink (it redirects).
            guid: format!("{base}/{}/news/{}", lang.code(), row.id),
            body_html: bodies
                .iter()
                .find(|b| b.id == row.id)
                .map(|b| crate::body::render::with_absolute_urls(&b.body_html, base))
                .unwrap_or_default(),
            creators: credits
                .iter()
                .filter(|c| c.article_id == row.id)
                .map(|c| if lang == Lang::Bn && !c.name_bn.is_empty() { c.name_bn.clone() } else { c.name.clone() })
                .collect(),
            title: row.title,
            summary: row.standfirst,
            section: row.section_name,
            published_at: row.published_at,
        })
        .collect();
    // RSS takes GIF, JPEG or PNG: an uploaded logo, else the PNG share card.
    let logo = state.site.get().logo_path.clone().unwrap_or_else(|| state.assets.share_card_path().to_owned());
    let feed_path = if path.ends_with('/') { format!("{path}feed.xml") } else { format!("{path}/feed.xml") };
    let doc = FeedDoc {
        title,
        link: format!("{base}{path}"),
        self_url: format!("{base}{feed_path}"),
        description,
        language: lang.code(),
        logo_url: format!("{base}{logo}"),
        site_name: state.site.get().name(lang).to_owned(),
        items,
    };
    Ok(xml("application/rss+xml; charset=utf-8", model::rss(doc, state.config.utc_offset_minutes).into_bytes()))
}

/// `GET /sitemap.xml` — the index: the section/topic/author pages, then one file per 50,000
/// story ids.
pub async fn sitemap_index(State(state): State<AppState>) -> Result<Response> {
    let base = &state.config.base_url;
    let chunks = db::chunks(&state.db, SITEMAP_CHUNK).await?;
    let newest = chunks.iter().map(|c| c.updated_at).max();
    let mut files = vec![(format!("{base}/sitemaps/pages.xml"), newest)];
    files.extend(chunks.iter().map(|c| (format!("{base}/sitemaps/articles-{}.xml", c.chunk + 1), Some(c.updated_at))));
    let body = model::sitemap_index(files, state.config.utc_offset_minutes).map_err(anyhow::Error::from)?;
    Ok(xml("application/xml; charset=utf-8", body))
}

/// `GET /sitemaps/pages.xml` — edition homes, sections, topics and authors.
pub async fn sitemap_pages(State(state): State<AppState>) -> Result<Response> {
    let base = &state.config.base_url;
    let mut entries = Vec::new();
    let homes: Vec<(String, String)> =
        [Lang::En, Lang::Bn].iter().map(|l| (l.code().to_owned(), format!("{base}/{}/", l.code()))).collect();
    for (_, url) in &homes {
        entries.push(SitemapEntry { url: url.clone(), updated_at: None, alternates: homes.clone() });
    }
    for lang in [Lang::En, Lang::Bn] {
        for section in articles::sections(&state.db, lang).await? {
            let url = format!("{base}{}", section_path(lang, &section.slug));
            entries.push(SitemapEntry { url, updated_at: None, alternates: Vec::new() });
        }
        for topic in super::db::topics(&state.db, lang).await? {
            let url = format!("{base}{}", topic_path(lang, &topic));
            entries.push(SitemapEntry { url, updated_at: None, alternates: Vec::new() });
        }
        for byline in super::db::bylines(&state.db, lang).await? {
            let url = format!("{base}{}", byline_path(lang, &byline));
            entries.push(SitemapEntry { url, updated_at: None, alternates: Vec::new() });
        }
    }
    entries.extend(site_pages(&state).await?);
    let body = model::url_set(entries, state.config.utc_offset_minutes).map_err(anyhow::Error::from)?;
    Ok(xml("application/xml; charset=utf-8", body))
}

/// The site's published pages, each with its published translation as an alternate.
async fn site_pages(state: &AppState) -> Result<Vec<SitemapEntry>> {
    use crate::sitepages::model::page_path;
    let base = &state.config.base_url;
    let published: Vec<_> =
        crate::sitepages::db::all(&state.db).await?.into_iter().filter(|p| p.is_published()).collect();
    let url = |p: &crate::sitepages::db::PageRow| format!("{base}{}", page_path(p.lang, &p.slug));
    Ok(published
        .iter()
        .map(|p| {
            let translation = published.iter().find(|t| Some(t.id) == p.translation_id && t.lang != p.lang);
            let alternates = translation
                .map(|t| vec![(p.lang.code().to_owned(), url(p)), (t.lang.code().to_owned(), url(t))])
                .unwrap_or_default();
            SitemapEntry { url: url(p), updated_at: Some(p.updated_at), alternates }
        })
        .collect())
}

/// `GET /sitemaps/articles-{n}.xml` — the stories with ids in file `n`'s range, each with its
/// translation as an alternate.
pub async fn sitemap_articles(State(state): State<AppState>, PathParams(file): PathParams<String>) -> Result<Response> {
    let missing = || AppError::not_found("There is no sitemap at this address.");
    let n: i64 = file
        .strip_prefix("articles-")
        .and_then(|f| f.strip_suffix(".xml"))
        .and_then(|n| n.parse().ok())
        .filter(|n| (1..=i64::MAX / SITEMAP_CHUNK).contains(n))
        .ok_or_else(missing)?;
    let rows = db::urls_between(&state.db, (n - 1) * SITEMAP_CHUNK + 1, n * SITEMAP_CHUNK).await?;
    if rows.is_empty() {
        return Err(missing());
    }
    let base = &state.config.base_url;
    let entries = rows
        .into_iter()
        .map(|row| {
            let lang = row.lang;
            let url = format!("{base}{}", article_path(lang, row.id, &row.slug));
            let mut alternates = Vec::new();
            if let (Some(id), Some(other), Some(slug)) =
                (row.translation_id, row.translation_lang, &row.translation_slug)
            {
                alternates.push((lang.code().to_owned(), url.clone()));
                alternates.push((other.code().to_owned(), format!("{base}{}", article_path(other, id, slug))));
            }
            SitemapEntry { url, updated_at: Some(row.updated_at.max(row.published_at)), alternates }
        })
        .collect();
    let body = model::url_set(entries, state.config.utc_offset_minutes).map_err(anyhow::Error::from)?;
    Ok(xml("application/xml; charset=utf-8", body))
}

/// `GET /news-sitemap.xml` — Google News: the stories of the last two days, each with its
/// edition's language.
pub async fn news_sitemap(State(state): State<AppState>) -> Result<Response> {
    let base = &state.config.base_url;
    let rows = db::published_since(&state.db, state.clock.now() - NEWS_WINDOW, NEWS_MAX).await?;
    let site = state.site.get();
    let entries = rows
        .into_iter()
        .map(|row| {
            let lang = row.lang;
            NewsEntry {
                publication: site.name(lang).to_owned(),
                url: format!("{base}{}", article_path(lang, row.id, &row.slug)),
                title: row.title,
                language: lang.code().to_owned(),
                published_at: row.published_at,
            }
        })
        .collect();
    let body = model::news_sitemap(entries, state.config.utc_offset_minutes).map_err(anyhow::Error::from)?;
    Ok(xml("application/xml; charset=utf-8", body))
}

/// `GET /robots.txt`.
pub async fn robots(State(state): State<AppState>) -> Response {
    ([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], model::robots(&state.config.base_url)).into_response()
}

/// The body with site-relative links and images made absolute, as feed readers need: the
/// sanitiser writes every attribute in double quotes.
fn xml(content_type: &'static str, body: Vec<u8>) -> Response {
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    // Feed readers and crawlers poll: a few minutes of caching spares the database.
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=300"));
    response
}
