//! Feeds and sitemaps as documents built from plain data: RSS 2.0 with full text and summary,
//! sitemap index and URL sets, Google News sitemaps, robots.txt. No IO here.

use std::collections::BTreeMap;

use jiff::Zoned;
use jiff::tz::{Offset, TimeZone};
use rss::extension::atom::{AtomExtension, Link as AtomLink};
use rss::extension::dublincore::DublinCoreExtension;
use rss::{Category, Channel, Guid, Image, Item};
use sitemap_rs::news::{News, Publication};
use sitemap_rs::sitemap::Sitemap;
use sitemap_rs::sitemap_index::SitemapIndex;
use sitemap_rs::url::{Link, Url};
use sitemap_rs::url_set::UrlSet;

use crate::clock::Timestamp;
use crate::editions::model::local_time;

/// Stories in one feed: enough for a reader who checks twice a day.
pub const FEED_ITEMS: i64 = 30;
/// URLs per article sitemap file; the protocol allows 50,000.
pub const SITEMAP_CHUNK: i64 = 50_000;
/// Google News reads articles of the last two days, at most 1,000 per sitemap.
pub const NEWS_WINDOW: i64 = 2 * 86_400;
pub const NEWS_MAX: i64 = 1_000;

/// A feed before it is written.
pub struct FeedDoc {
    pub title: String,
    /// Absolute URL of the page the feed follows.
    pub link: String,
    /// Absolute URL of the feed itself.
    pub self_url: String,
    pub description: String,
    pub language: &'static str,
    pub logo_url: String,
    pub site_name: String,
    pub items: Vec<FeedItem>,
}

/// One story of a feed.
pub struct FeedItem {
    pub title: String,
    /// Canonical absolute URL.
    pub url: String,
    /// A permanent absolute URL (by id), unchanged when the headline is edited.
    pub guid: String,
    /// The standfirst: the summary feed readers show in lists.
    pub summary: String,
    /// The sanitised body: the full story.
    pub body_html: String,
    pub section: String,
    pub creators: Vec<String>,
    pub published_at: Timestamp,
}

/// RFC 2822 date, as RSS requires, in the newsroom's zone.
pub fn rfc2822(ts: Timestamp, offset_minutes: i32) -> String {
    local_time(ts, offset_minutes).to_rfc2822()
}

/// The feed as RSS 2.0 with `content:encoded` (full text), `dc:creator` and an `atom:link` to
/// itself.
pub fn rss(doc: FeedDoc, offset_minutes: i32) -> String {
    let last = doc.items.iter().map(|i| i.published_at).max();
    let items = doc
        .items
        .into_iter()
        .map(|item| Item {
            title: Some(item.title),
            link: Some(item.url),
            guid: Some(Guid { value: item.guid, permalink: false }),
            description: Some(item.summary),
            content: Some(item.body_html),
            categories: vec![Category { name: item.section, domain: None }],
            pub_date: Some(rfc2822(item.published_at, offset_minutes)),
            dublin_core_ext: Some(DublinCoreExtension { creators: item.creators, ..Default::default() }),
            ..Default::default()
        })
        .collect();
    let namespaces = BTreeMap::from([
        ("atom".to_owned(), "http://www.w3.org/2005/Atom".to_owned()),
        ("content".to_owned(), "http://purl.org/rss/1.0/modules/content/".to_owned()),
        ("dc".to_owned(), "http://purl.org/dc/elements/1.1/".to_owned()),
    ]);
    let channel = Channel {
        title: doc.title.clone(),
        link: doc.link.clone(),
        description: doc.description,
        language: Some(doc.language.to_owned()),
        last_build_date: last.map(|t| rfc2822(t, offset_minutes)),
        generator: Some("newsdesk".to_owned()),
        ttl: Some("15".to_owned()),
        image: Some(Image { url: doc.logo_url, title: doc.title, link: doc.link, ..Default::default() }),
        atom_ext: Some(AtomExtension {
            links: vec![AtomLink {
                href: doc.self_url,
                rel: "self".to_owned(),
                mime_type: Some("application/rss+xml".to_owned()),
                ..Default::default()
            }],
        }),
        copyright: Some(format!("© {}", doc.site_name)),
        items,
        namespaces,
        ..Default::default()
    };
    channel.to_string()
}

/// A moment as sitemaps write it (W3C datetime), in the newsroom's zone.
pub fn zoned(ts: Timestamp, offset_minutes: i32) -> Option<Zoned> {
    let offset = Offset::from_seconds(offset_minutes * 60).unwrap_or(Offset::UTC);
    Some(jiff::Timestamp::from_second(ts).ok()?.to_zoned(TimeZone::fixed(offset)))
}

/// An entry of a URL set, with its alternates in the other edition.
pub struct SitemapEntry {
    pub url: String,
    pub updated_at: Option<Timestamp>,
    /// (hreflang, absolute URL) of the same page in each language, itself included.
    pub alternates: Vec<(String, String)>,
}

/// A `<urlset>` of pages. Entries that the protocol refuses (URLs of 2,048 bytes or more) are
/// left out rather than failing the whole file.
pub fn url_set(entries: Vec<SitemapEntry>, offset_minutes: i32) -> std::io::Result<Vec<u8>> {
    let urls = entries
        .into_iter()
        .filter_map(|e| {
            let links = e.alternates.into_iter().map(|(lang, href)| Link::new(lang, href)).collect();
            let lastmod = e.updated_at.and_then(|t| zoned(t, offset_minutes));
            Url::new(e.url, links, lastmod, None, None, None, None, None).ok()
        })
        .take(SITEMAP_CHUNK as usize)
        .collect();
    write_url_set(urls)
}

/// A story in the Google News sitemap.
pub struct NewsEntry {
    /// The site's name in the story's edition.
    pub publication: String,
    pub url: String,
    pub title: String,
    /// ISO 639 code of the edition: `en` or `bn`.
    pub language: String,
    pub published_at: Timestamp,
}

/// The Google News sitemap of the given stories.
pub fn news_sitemap(entries: Vec<NewsEntry>, offset_minutes: i32) -> std::io::Result<Vec<u8>> {
    let urls = entries
        .into_iter()
        .filter_map(|e| {
            let publication = Publication::new(e.publication, e.language);
            let news = News::new(publication, zoned(e.published_at, offset_minutes)?, e.title);
            Url::new(e.url, Vec::new(), None, None, None, None, None, Some(news)).ok()
        })
        .collect();
    write_url_set(urls)
}

fn write_url_set(urls: Vec<Url>) -> std::io::Result<Vec<u8>> {
    let set = UrlSet::new(urls).map_err(|e| std::io::Error::other(e.to_string()))?;
    let mut xml = Vec::new();
    set.write(&mut xml)?;
    Ok(xml)
}

/// The sitemap index: (absolute URL, last change) of each file.
pub fn sitemap_index(files: Vec<(String, Option<Timestamp>)>, offset_minutes: i32) -> std::io::Result<Vec<u8>> {
    let sitemaps =
        files.into_iter().map(|(url, at)| Sitemap::new(url, at.and_then(|t| zoned(t, offset_minutes)))).collect();
    let index = SitemapIndex::new(sitemaps).map_err(|e| std::io::Error::other(e.to_string()))?;
    let mut xml = Vec::new();
    index.write(&mut xml)?;
    Ok(xml)
}

/// robots.txt: everything public may be crawled; the newsroom, accounts and the API are not for
/// crawlers. Search result pages may be fetched, so that crawlers see their `noindex` and leave
/// them out of results (a disallowed page can still be listed from links alone). Both sitemaps are named.
pub fn robots(base_url: &str) -> String {
    format!(
        "User-agent: *\n\
         Disallow: /newsroom/\n\
         Disallow: /account\n\
         Disallow: /login\n\
         Disallow: /register\n\
         Disallow: /password/\n\
         Disallow: /api/\n\
         Allow: /\n\
         \n\
         Sitemap: {base_url}/sitemap.xml\n\
         Sitemap: {base_url}/news-sitemap.xml\n"
    )
}
