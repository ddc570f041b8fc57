//! Feeds, sitemaps, robots.txt and rich links, checked with real parsers: feed-rs for RSS, a
//! strict XML parse with namespace and element checks for sitemaps, serde_json for JSON-LD.

use std::collections::BTreeSet;

use newsdesk::clock::Clock;
use serde_json::Value;

use crate::helpers::{TestApp, TestDb};
use crate::on_both_databases;

on_both_databases!(
    every_feed_parses_with_a_feed_parser,
    sitemaps_list_every_published_story_once_with_valid_entries,
    the_news_sitemap_holds_the_last_two_days_in_each_language,
    robots_txt_points_at_both_sitemaps,
    article_pages_carry_open_graph_json_ld_and_a_share_row,
    pages_announce_their_feeds,
    feed_bodies_use_absolute_links,
    control_characters_in_slugs_and_forged_cursors_get_4xx,
);

const SITEMAP_NS: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";
const NEWS_NS: &str = "http://www.google.com/schemas/sitemap-news/0.9";
const XHTML_NS: &str = "http://www.w3.org/1999/xhtml";

async fn fetch(app: &TestApp, path: &str, content_type: &str) -> String {
    let response = app.get(path).await;
    assert_eq!(response.status(), 200, "{path}");
    let got = response.headers()["content-type"].to_str().unwrap().to_owned();
    assert!(got.starts_with(content_type), "{path}: {got}");
    response.text().await.unwrap()
}

async fn every_feed_parses_with_a_feed_parser(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let feeds = [
        ("/en/feed.xml", "en"),
        ("/bn/feed.xml", "bn"),
        ("/en/category/international/feed.xml", "en"),
        ("/bn/topic/%E0%A6%A4%E0%A6%BE%E0%A6%B2%E0%A7%87%E0%A6%AC%E0%A6%BE%E0%A6%A8/feed.xml", "bn"),
        ("/en/authors/vb-desk/feed.xml", "en"),
        ("/bn/authors/vb-desk/feed.xml", "bn"),
    ];
    for (path, lang) in feeds {
        let xml = fetch(&app, path, "application/rss+xml").await;
        let feed = feed_rs::parser::parse(xml.as_bytes()).unwrap_or_else(|e| panic!("{path}: {e}"));
        assert_eq!(feed.feed_type, feed_rs::model::FeedType::RSS2, "{path}");
        assert_eq!(feed.language.as_deref(), Some(lang), "{path}");
        assert!(!feed.entries.is_empty(), "{path} has stories");
        let mut last = None;
        for entry in &feed.entries {
            let link = &entry.links[0].href;
            assert!(link.starts_with(&app.base) && link.is_ascii(), "{path}: absolute, percent-encoded link {link}");
            assert!(entry.title.as_ref().is_some_and(|t| !t.content.is_empty()));
            let published = entry.published.unwrap_or_else(|| panic!("{path}: every story has a date"));
            assert!(last.is_none_or(|l| l >= published), "{path}: newest first");
            last = Some(published);
            let body = entry.content.as_ref().and_then(|c| c.body.as_deref()).unwrap_or_default();
            assert!(body.contains("<p>"), "{path}: full text in content:encoded");
            assert!(!entry.authors.is_empty(), "{path}: dc:creator");
        }
        // The strict part: channel elements, RFC 2822 dates, the atom:link to itself.
        let doc = roxmltree::Document::parse(&xml).unwrap();
        let rss = doc.root_element();
        assert_eq!((rss.tag_name().name(), rss.attribute("version")), ("rss", Some("2.0")));
        let channel = rss.children().find(|n| n.has_tag_name("channel")).unwrap();
        for required in ["title", "link", "description"] {
            assert!(channel.children().any(|n| n.has_tag_name(required)), "{path}: channel/{required}");
        }
        let self_link = channel
            .children()
            .find(|n| n.has_tag_name(("http://www.w3.org/2005/Atom", "link")))
            .unwrap_or_else(|| panic!("{path}: atom:link"));
        assert_eq!(self_link.attribute("href"), Some(app.url(path).as_str()));
        for item in channel.children().filter(|n| n.has_tag_name("item")) {
            let date = item.children().find(|n| n.has_tag_name("pubDate")).and_then(|n| n.text()).unwrap();
            assert!(chrono::DateTime::parse_from_rfc2822(date).is_ok(), "{path}: {date}");
            let guid = item.children().find(|n| n.has_tag_name("guid")).unwrap();
            assert!(guid.text().unwrap().starts_with(&app.base), "{path}: guid is a permanent URL");
        }
    }
    let bn = feed_rs::parser::parse(fetch(&app, "/bn/feed.xml", "application/rss+xml").await.as_bytes()).unwrap();
    let titles: Vec<String> = bn.entries.iter().map(|e| e.title.clone().unwrap().content).collect();
    assert!(titles.iter().any(|t| t.contains("তালেবান")), "{titles:?}");
    for missing in
        ["/en/category/nope/feed.xml", "/en/topic/nope/feed.xml", "/en/authors/nope/feed.xml", "/fr/feed.xml"]
    {
        assert_eq!(app.get(missing).await.status(), 404, "{missing}");
    }
}

/// The children of `node` in the sitemap namespace, checking that each is one the protocol
/// allows there.
fn children<'a>(node: roxmltree::Node<'a, 'a>, allowed: &[(&str, &str)]) -> Vec<roxmltree::Node<'a, 'a>> {
    let elements: Vec<_> = node.children().filter(|n| n.is_element()).collect();
    for e in &elements {
        let name = (e.tag_name().namespace().unwrap_or(""), e.tag_name().name());
        assert!(allowed.contains(&name), "<{}> not allowed in <{}>", name.1, node.tag_name().name());
    }
    elements
}

fn text_of<'a>(node: roxmltree::Node<'a, 'a>, name: (&str, &str)) -> Option<&'a str> {
    node.children().find(|n| n.has_tag_name(name)).and_then(|n| n.text())
}

async fn sitemaps_list_every_published_story_once_with_valid_entries(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let index_xml = fetch(&app, "/sitemap.xml", "application/xml").await;
    let index = roxmltree::Document::parse(&index_xml).unwrap();
    let root = index.root_element();
    assert!(root.has_tag_name((SITEMAP_NS, "sitemapindex")));
    let mut article_urls = Vec::new();
    for sitemap in children(root, &[(SITEMAP_NS, "sitemap")]) {
        children(sitemap, &[(SITEMAP_NS, "loc"), (SITEMAP_NS, "lastmod")]);
        let loc = text_of(sitemap, (SITEMAP_NS, "loc")).unwrap();
        if let Some(lastmod) = text_of(sitemap, (SITEMAP_NS, "lastmod")) {
            assert!(chrono::DateTime::parse_from_rfc3339(lastmod).is_ok(), "W3C datetime: {lastmod}");
        }
        let path = loc.strip_prefix(&app.base).expect("sitemap URLs are absolute on this site");
        let xml = fetch(&app, path, "application/xml").await;
        let doc = roxmltree::Document::parse(&xml).unwrap();
        let urlset = doc.root_element();
        assert!(urlset.has_tag_name((SITEMAP_NS, "urlset")));
        let urls = children(urlset, &[(SITEMAP_NS, "url")]);
        assert!(!urls.is_empty() && urls.len() <= 50_000, "{path}");
        for url in urls {
            children(url, &[(SITEMAP_NS, "loc"), (SITEMAP_NS, "lastmod"), (XHTML_NS, "link")]);
            let loc = text_of(url, (SITEMAP_NS, "loc")).unwrap();
            assert!(loc.starts_with(&app.base) && loc.is_ascii() && loc.len() < 2048, "{loc}");
            if path.starts_with("/sitemaps/articles-") {
                article_urls.push(loc.to_owned());
                let lastmod = text_of(url, (SITEMAP_NS, "lastmod")).expect("stories carry lastmod");
                assert!(chrono::DateTime::parse_from_rfc3339(lastmod).is_ok(), "{lastmod}");
            }
            for alternate in url.children().filter(|n| n.has_tag_name((XHTML_NS, "link"))) {
                assert_eq!(alternate.attribute("rel"), Some("alternate"));
                assert!(matches!(alternate.attribute("hreflang"), Some("en" | "bn")));
                assert!(alternate.attribute("href").unwrap().starts_with(&app.base));
            }
        }
    }
    // Exactly the published stories, each once, at their canonical (percent-encoded) address.
    let rows =
        sqlx::query_as::<_, (i64, String, String)>("SELECT id, lang, slug FROM articles WHERE status = 'published'")
            .fetch_all(&app.state.db.pool)
            .await
            .unwrap();
    let expected: BTreeSet<String> = rows
        .into_iter()
        .map(|(id, lang, slug)| {
            let lang = newsdesk::editions::Lang::parse(&lang).unwrap();
            app.url(&newsdesk::articles::model::article_path(lang, id, &slug))
        })
        .collect();
    assert_eq!(article_urls.len(), expected.len(), "no story listed twice");
    assert_eq!(article_urls.into_iter().collect::<BTreeSet<_>>(), expected);
    for missing in
        ["/sitemaps/articles-99.xml", "/sitemaps/articles-0.xml", "/sitemaps/articles-x.xml", "/sitemaps/other.xml"]
    {
        assert_eq!(app.get(missing).await.status(), 404, "{missing}");
    }
}

async fn the_news_sitemap_holds_the_last_two_days_in_each_language(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let now = app.clock.now();
    let fresh = app.article().title("Fresh story for the news sitemap").published_at(now - 86_400).insert().await;
    let old = app.article().title("Old story beyond two days").published_at(now - 3 * 86_400).insert().await;
    let xml = fetch(&app, "/news-sitemap.xml", "application/xml").await;
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let urlset = doc.root_element();
    assert!(urlset.has_tag_name((SITEMAP_NS, "urlset")));
    let mut languages = BTreeSet::new();
    let mut locs = Vec::new();
    for url in children(urlset, &[(SITEMAP_NS, "url")]) {
        children(url, &[(SITEMAP_NS, "loc"), (NEWS_NS, "news")]);
        locs.push(text_of(url, (SITEMAP_NS, "loc")).unwrap().to_owned());
        let news = url.children().find(|n| n.has_tag_name((NEWS_NS, "news"))).expect("news:news");
        let parts = children(news, &[(NEWS_NS, "publication"), (NEWS_NS, "publication_date"), (NEWS_NS, "title")]);
        assert_eq!(parts.len(), 3);
        let publication = news.children().find(|n| n.has_tag_name((NEWS_NS, "publication"))).unwrap();
        assert!(!text_of(publication, (NEWS_NS, "name")).unwrap().is_empty());
        let language = text_of(publication, (NEWS_NS, "language")).unwrap();
        languages.insert(language.to_owned());
        let date = text_of(news, (NEWS_NS, "publication_date")).unwrap();
        let date = chrono::DateTime::parse_from_rfc3339(date).unwrap().timestamp();
        assert!(date >= now - 2 * 86_400 && date <= now, "within two days");
        assert!(!text_of(news, (NEWS_NS, "title")).unwrap().is_empty());
    }
    assert_eq!(languages, BTreeSet::from(["bn".to_owned(), "en".to_owned()]));
    assert!(locs.iter().any(|l| l.contains(&format!("/news/{fresh}/"))));
    assert!(!locs.iter().any(|l| l.contains(&format!("/news/{old}/"))), "older than two days is left out");
}

async fn robots_txt_points_at_both_sitemaps(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let robots = fetch(&app, "/robots.txt", "text/plain").await;
    let lines: Vec<&str> = robots.lines().collect();
    assert!(lines.contains(&format!("Sitemap: {}/sitemap.xml", app.base).as_str()));
    assert!(lines.contains(&format!("Sitemap: {}/news-sitemap.xml", app.base).as_str()));
    assert!(lines.contains(&"Disallow: /newsroom/"));
    assert!(lines.contains(&"User-agent: *"));
}

async fn article_pages_carry_open_graph_json_ld_and_a_share_row(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let path = app.sample_path("seed").await;
    let page = app.page(&path).await;
    let canonical = page.attr("link[rel=canonical]", "href");
    let og = |p: &str| page.attr(&format!("meta[property='{p}']"), "content");
    assert_eq!(og("og:type"), "article");
    assert_eq!(og("og:url"), canonical);
    assert_eq!(og("og:title"), page.text("h1"));
    assert_eq!(og("og:locale"), "en_US");
    assert_eq!(og("og:locale:alternate"), "bn_BD");
    assert!(og("og:image").starts_with(&app.base));
    assert!(chrono::DateTime::parse_from_rfc3339(&og("article:published_time")).is_ok());
    assert_eq!(og("article:section"), "International");
    // Without a photo the preview is the site's PNG card (link previews take no SVG).
    assert!(og("og:image").ends_with(".png"), "{}", og("og:image"));
    assert_eq!((og("og:image:width"), og("og:image:height")), ("1200".into(), "630".into()));
    assert_eq!(page.attr("meta[name='twitter:card']", "content"), "summary_large_image");
    let card = app.get(og("og:image").strip_prefix(&app.base).unwrap()).await;
    assert_eq!(card.headers()["content-type"], "image/png");
    let ld: Value = serde_json::from_str(&page.text("script[type='application/ld+json']")).unwrap();
    assert_eq!(ld["@context"], "https://schema.org");
    assert_eq!(ld["@type"], "NewsArticle");
    assert_eq!(ld["headline"], page.text("h1"));
    assert_eq!(ld["mainEntityOfPage"]["@id"], canonical);
    assert!(chrono::DateTime::parse_from_rfc3339(ld["datePublished"].as_str().unwrap()).is_ok());
    assert!(chrono::DateTime::parse_from_rfc3339(ld["dateModified"].as_str().unwrap()).is_ok());
    assert_eq!(ld["author"][0]["name"], "VB Desk");
    assert_eq!(ld["author"][0]["@type"], "Organization");
    assert_eq!(ld["publisher"]["@type"], "Organization");
    assert_eq!(ld["publisher"]["name"], "Views Bangladesh");
    assert!(ld["publisher"]["logo"]["url"].as_str().unwrap().starts_with(&app.base));
    assert!(ld["image"][0].as_str().unwrap().starts_with(&app.base));
    assert_eq!(ld["articleSection"], "International");
    assert_eq!(ld["inLanguage"], "en");
    assert_eq!(ld["isAccessibleForFree"], true);
    // hreflang alternates point both ways between the translations.
    let bn_url = page.attr("link[rel=alternate][hreflang=bn]", "href");
    assert_eq!(page.attr("link[rel=alternate][hreflang=en]", "href"), canonical);
    let bn = app.page(bn_url.strip_prefix(&app.base).unwrap()).await;
    assert_eq!(bn.attr("link[rel=alternate][hreflang=en]", "href"), canonical);
    let bn_ld: Value = serde_json::from_str(&bn.text("script[type='application/ld+json']")).unwrap();
    assert_eq!(bn_ld["inLanguage"], "bn");
    assert_eq!(bn_ld["publisher"]["name"], bn.attr("meta[property='og:site_name']", "content"));
    // The share row: plain links carrying the canonical URL, no script from anywhere else.
    let shares = page.attrs(".share a", "href");
    let encoded = newsdesk::web::encode_query(&canonical);
    for prefix in ["https://www.facebook.com/", "https://twitter.com/intent/tweet", "https://wa.me/", "mailto:"] {
        assert!(shares.iter().any(|s| s.starts_with(prefix) && s.contains(&encoded)), "{prefix} in {shares:?}");
    }
    assert!(page.attrs("script[src]", "src").iter().all(|s| s.starts_with('/')), "no third-party script");
    // Markup in a headline cannot escape the JSON-LD script.
    let id = app.article().title("Breaking </script><script>alert(1)</script> news").insert().await;
    let response = app.get(&format!("/en/news/{id}")).await;
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    let page = app.page(&location).await;
    assert!(!page.html.contains("<script>alert"), "escaped everywhere");
    let ld: Value = serde_json::from_str(&page.text("script[type='application/ld+json']")).unwrap();
    assert_eq!(ld["headline"], "Breaking </script><script>alert(1)</script> news");
}

async fn pages_announce_their_feeds(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let home = app.page("/bn/").await;
    assert_eq!(home.attr("link[rel=alternate][type='application/rss+xml']", "href"), "/bn/feed.xml");
    let section = app.page("/en/category/international").await;
    let feeds = section.attrs("link[rel=alternate][type='application/rss+xml']", "href");
    assert_eq!(feeds, ["/en/feed.xml", "/en/category/international/feed.xml"]);
    assert_eq!(section.attr(".feed-link a", "href"), "/en/category/international/feed.xml");
}

async fn feed_bodies_use_absolute_links(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let mut builder = app.article().title("Stadium reopens after repairs");
    builder = builder.body("See [the fixtures](/en/category/sports) and ![the stand](/media/stand.jpg).");
    let id = builder.insert().await;
    let xml = fetch(&app, "/en/category/sports/feed.xml", "application/rss+xml").await;
    let feed = feed_rs::parser::parse(xml.as_bytes()).unwrap();
    let entry = feed.entries.iter().find(|e| e.links[0].href.contains(&format!("/news/{id}/"))).expect("the new story");
    let body = entry.content.as_ref().and_then(|c| c.body.clone()).unwrap();
    let html = scraper::Html::parse_fragment(&body);
    let links: Vec<String> = html
        .select(&scraper::Selector::parse("a[href], img[src]").unwrap())
        .map(|e| e.value().attr("href").or(e.value().attr("src")).unwrap().to_owned())
        .collect();
    assert_eq!(links, [app.url("/en/category/sports"), app.url("/media/stand.jpg")]);
}

async fn control_characters_in_slugs_and_forged_cursors_get_4xx(db: TestDb) {
    let app = TestApp::spawn(db).await;
    for path in [
        "/en/category/%00",
        "/en/topic/a%00b",
        "/en/authors/%01",
        "/en/category/%00/feed.xml",
        "/en/topic/%00/feed.xml",
        "/en/authors/%00/feed.xml",
    ] {
        assert_eq!(app.get(path).await.status(), 404, "{path}");
    }
    for path in [
        "/api/v1/search?q=x&section=%00",
        "/en/search?q=x&section=%00",
        "/api/v1/search?q=x&cursor=r.3ff0000000000000.1.-9223372036854775808",
        "/api/v1/articles?section=%00",
    ] {
        let status = app.get(path).await.status();
        assert!(status == 400 || status == 404, "{path}: {status}");
    }
    // A cursor with an absurd ranking time is accepted only within range, and never panics.
    let response = app.get("/api/v1/search?q=taliban&cursor=r.3ff0000000000000.1.9223372036854775807").await;
    assert_eq!(response.status(), 200);
}
