//! The page cache: stored pages with their compressed forms and entity tags, changes showing at
//! once, the per-reader comment box, the cache switched off, and `/metrics`.

use std::io::Read;

use reqwest::Method;
use serde_json::json;

use crate::helpers::{Options, Page, TestApp, TestDb};

crate::on_both_databases!(
    pages_come_with_an_entity_tag_and_a_current_copy_gets_304,
    brotli_and_gzip_forms_hold_the_same_page,
    a_publish_an_edit_and_a_takedown_show_at_once_on_cached_pages,
    a_comment_shows_at_once_on_the_cached_article,
    a_logged_in_reader_gets_the_shared_page_with_their_own_comment_box,
    a_logout_ends_the_personal_comment_box_at_once,
    settings_show_at_once_on_every_cached_page,
    views_are_counted_on_cached_pages,
    with_the_cache_off_every_request_renders_and_is_still_compressed,
    metrics_report_requests_the_cache_views_and_the_pool,
    behind_a_cdn_pages_may_be_kept_and_the_beacon_counts_views,
    every_page_under_an_edition_declares_how_it_is_cached,
    a_private_page_is_rendered_for_each_reader_and_never_kept,
);

const SEED: &str = "/en/news/1/russia-officially-recognises-afghanistans-taliban-govt";

async fn get_with(app: &TestApp, path: &str, headers: &[(&str, &str)]) -> reqwest::Response {
    let mut request = app.client.get(app.url(path));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    request.send().await.unwrap()
}

fn header(response: &reqwest::Response, name: &str) -> String {
    response.headers().get(name).map(|v| v.to_str().unwrap().to_owned()).unwrap_or_default()
}

async fn pages_come_with_an_entity_tag_and_a_current_copy_gets_304(db: TestDb) {
    let app = TestApp::spawn(db).await;
    for path in [SEED, "/en/", "/bn/", "/en/category/international", "/en/feed.xml", "/sitemap.xml"] {
        let first = app.get(path).await;
        assert_eq!(first.status(), 200, "{path}");
        let etag = header(&first, "etag");
        assert!(etag.starts_with('"') && etag.len() > 10, "{path}: {etag:?}");
        let body = first.text().await.unwrap();
        let again = app.get(path).await;
        assert_eq!(header(&again, "etag"), etag, "{path}: the same page keeps its tag");
        assert_eq!(again.text().await.unwrap(), body);

        let current = get_with(&app, path, &[("if-none-match", &etag)]).await;
        assert_eq!(current.status(), 304, "{path}");
        assert_eq!(header(&current, "etag"), etag);
        assert!(current.bytes().await.unwrap().is_empty());
        let stale = get_with(&app, path, &[("if-none-match", "\"something-else\"")]).await;
        assert_eq!(stale.status(), 200, "{path}: another tag gets the page");
    }
    let first_visit = app.get(SEED).await;
    assert!(header(&first_visit, "set-cookie").starts_with("nd_vid="));
    assert_eq!(header(&first_visit, "cache-control"), "private, no-cache", "a new visitor's cookie is theirs alone");
    let page = get_with(&app, SEED, &[("cookie", "nd_vid=00000000000000d1")]).await;
    assert!(page.headers().get("set-cookie").is_none());
    assert_eq!(header(&page, "cache-control"), "public, no-cache");
    assert_eq!(header(&page, "vary"), "accept-encoding");
    assert!(header(&page, "content-security-policy").contains("object-src 'none'"));
    assert_eq!(header(&page, "x-content-type-options"), "nosniff");
    let since = header(&page, "last-modified");
    assert_eq!(get_with(&app, SEED, &[("if-modified-since", &since)]).await.status(), 304);
}

async fn brotli_and_gzip_forms_hold_the_same_page(db: TestDb) {
    let app = TestApp::spawn(db).await;
    for path in [SEED, "/bn/"] {
        let plain = app.get(path).await.text().await.unwrap();
        let br = get_with(&app, path, &[("accept-encoding", "gzip, deflate, br")]).await;
        assert_eq!(header(&br, "content-encoding"), "br");
        assert!(header(&br, "etag").ends_with("-br\""), "each form has its own tag");
        let bytes = br.bytes().await.unwrap();
        assert!(bytes.len() * 3 < plain.len(), "brotli shrinks a page well: {} of {}", bytes.len(), plain.len());
        let mut unpacked = String::new();
        brotli::Decompressor::new(&bytes[..], 4096).read_to_string(&mut unpacked).unwrap();
        assert_eq!(unpacked, plain);

        let gz = get_with(&app, path, &[("accept-encoding", "gzip")]).await;
        assert_eq!(header(&gz, "content-encoding"), "gzip");
        let bytes = gz.bytes().await.unwrap();
        let mut unpacked = String::new();
        flate2::read::GzDecoder::new(&bytes[..]).read_to_string(&mut unpacked).unwrap();
        assert_eq!(unpacked, plain);

        let refused = get_with(&app, path, &[("accept-encoding", "br;q=0, gzip;q=0")]).await;
        assert_eq!(header(&refused, "content-encoding"), "");
        assert_eq!(refused.text().await.unwrap(), plain);
    }
}

async fn a_publish_an_edit_and_a_takedown_show_at_once_on_cached_pages(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let editor = app.staff("editor", "Cache Editor").await;
    let id = editor.draft("Cricket board names new captain").await;
    let list_pages = ["/en/", "/en/category/sports", "/en/authors/sports-desk"];
    for path in list_pages {
        assert!(!app.page(path).await.html.contains("Cricket board names new captain"), "{path}");
    }

    let (status, _) = editor.post(&format!("/api/v1/newsroom/articles/{id}/publish"), json!({})).await;
    assert_eq!(status, 200);
    for path in list_pages {
        assert!(app.page(path).await.html.contains("Cricket board names new captain"), "{path} shows the new story");
    }
    let article = format!("/en/news/{id}/cricket-board-names-new-captain");
    assert_eq!(app.page(&article).await.text("h1"), "Cricket board names new captain");

    let (_, current) = editor.get(&format!("/api/v1/newsroom/articles/{id}")).await;
    let (status, body) = editor
        .patch(
            &format!("/api/v1/newsroom/articles/{id}"),
            json!({"version": current["version"], "title": "Cricket board names a new captain"}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(app.page(&article).await.text("h1"), "Cricket board names a new captain");
    assert!(app.page("/en/").await.html.contains("Cricket board names a new captain"));

    let (status, _) = editor.post(&format!("/api/v1/newsroom/articles/{id}/unpublish"), json!({})).await;
    assert_eq!(status, 200);
    assert_eq!(app.get(&article).await.status(), 404, "a story taken down is gone from the cache");
    for path in list_pages {
        assert!(!app.page(path).await.html.contains("new captain"), "{path} lost the story");
    }
}

async fn a_comment_shows_at_once_on_the_cached_article(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let before = app.page(SEED).await;
    let reader = app.reader("Quick Reader").await;
    let response =
        reader.submit(SEED, "/en/news/1/comments", &[("body", "Fresh from the cache"), ("website", "")]).await;
    assert_eq!(response.status(), 303);
    let after = app.page(SEED).await;
    assert!(after.html.contains("Fresh from the cache"), "anonymous readers see the new comment");
    assert_ne!(before.text("#comments-heading"), after.text("#comments-heading"), "and the new count");
    assert!(reader.page(SEED).await.html.contains("Fresh from the cache"));
    // A shared link with tracking parameters is the same page, and follows the comments too.
    let shared = app.page(&format!("{SEED}?fbclid=IwAR0abc&utm_source=facebook")).await;
    assert!(shared.html.contains("Fresh from the cache"));
    app.clock.advance(31);
    let response = reader.submit(SEED, "/en/news/1/comments", &[("body", "Second thought"), ("website", "")]).await;
    assert_eq!(response.status(), 303);
    assert!(app.page(&format!("{SEED}?fbclid=IwAR0abc")).await.html.contains("Second thought"));
    // Another spelling of the address is rendered, but never kept where a comment cannot reach.
    let lower = SEED.replace("afghanistans", "%61fghanistans");
    assert!(app.page(&lower).await.html.contains("Second thought"));
    app.clock.advance(31);
    let response = reader.submit(SEED, "/en/news/1/comments", &[("body", "Third thought"), ("website", "")]).await;
    assert_eq!(response.status(), 303);
    assert!(app.page(&lower).await.html.contains("Third thought"));
}

async fn a_logged_in_reader_gets_the_shared_page_with_their_own_comment_box(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let anonymous = app.page(SEED).await;
    assert_eq!(anonymous.text(".login-note a"), "You need login first to leave a comment");

    let rahim = app.reader("Rahim Uddin").await;
    let karim = app.reader("Karim Hasan").await;
    for (reader, name) in [(&rahim, "Rahim Uddin"), (&karim, "Karim Hasan")] {
        let response = reader.get(SEED).await;
        assert_eq!(header(&response, "cache-control"), "private, no-cache");
        assert!(header(&response, "etag").is_empty(), "a personal page has no shared tag");
        let page = Page::new(&response.text().await.unwrap());
        assert_eq!(page.text(".comment-form .as strong"), name);
        assert!(page.texts(".login-note").is_empty());
        assert_eq!(page.text("h1"), anonymous.text("h1"), "the rest is the shared page");
        let token = page.attr(".comment-form input[name=csrf]", "value");
        assert_eq!(token.len(), 32, "the form carries the reader's CSRF token");
    }
    // A reply form from the cached page, and a held comment seen only by its author.
    let response = rahim.submit(SEED, "/en/news/1/comments", &[("body", "a scam offer"), ("website", "")]).await;
    assert_eq!(response.status(), 303);
    assert!(rahim.page(SEED).await.html.contains("a scam offer"), "the author sees their held comment");
    assert!(!karim.page(SEED).await.html.contains("a scam offer"), "another reader does not");
    assert!(!app.page(SEED).await.html.contains("a scam offer"), "nor does an anonymous one");
    let approved = app.page(SEED).await.attrs(".comment", "id");
    if let Some(first) = approved.first() {
        let id = first.trim_start_matches("comment-");
        let reply = karim.page(&format!("{SEED}?reply_to={id}")).await;
        assert_eq!(reply.attr(".comment-form input[name=parent_id]", "value"), id);
    }
}

async fn a_logout_ends_the_personal_comment_box_at_once(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let reader = app.reader("Leaving Reader").await;
    assert!(!reader.page(SEED).await.texts(".comment-form").is_empty());
    let token = reader.page("/account").await.attrs("input[name=csrf]", "value").remove(0);
    let response = reader.client.post(reader.url("/logout")).form(&[("csrf", token.as_str())]).send().await.unwrap();
    assert_eq!(response.status(), 303);
    assert!(!reader.is_logged_in().await);
    let page = reader.page(SEED).await;
    assert!(page.texts(".comment-form").is_empty(), "no comment form after logout");
    assert_eq!(page.text(".login-note a"), "You need login first to leave a comment");
}

async fn settings_show_at_once_on_every_cached_page(db: TestDb) {
    let app = TestApp::spawn(db).await;
    for path in ["/en/", SEED, "/bn/"] {
        assert!(!app.page(path).await.html.contains("Dhaka Views"));
    }
    let admin = app.staff("admin", "Cache Admin").await;
    let (status, _) =
        admin.send(Method::PUT, "/api/v1/newsroom/settings", Some(json!({"site_name": "Dhaka Views"}))).await;
    assert_eq!(status, 200);
    for path in ["/en/", SEED] {
        assert!(app.page(path).await.text("title").contains("Dhaka Views"), "{path}");
    }
}

async fn views_are_counted_on_cached_pages(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let id = app.article().title("Ferry service resumes").insert().await;
    let path = format!("/en/news/{id}/ferry-service-resumes");
    for n in 0..5 {
        let visitor = format!("{:016x}", 0xabc0 + n);
        let response = get_with(&app, &path, &[("cookie", &format!("nd_vid={visitor}"))]).await;
        assert_eq!(response.status(), 200);
    }
    app.flush_views().await;
    let views: i64 = sqlx::query_scalar("SELECT view_count FROM articles WHERE id = $1")
        .bind(id)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    assert_eq!(views, 5, "one miss and four hits, five visitors");
}

async fn with_the_cache_off_every_request_renders_and_is_still_compressed(db: TestDb) {
    let app = TestApp::spawn_with(db, Options { page_cache_bytes: 0, ..Options::default() }).await;
    assert!(!app.state.pages.enabled());
    let plain = app.get(SEED).await.text().await.unwrap();
    let gz = get_with(&app, SEED, &[("accept-encoding", "gzip, br")]).await;
    assert_eq!(header(&gz, "content-encoding"), "gzip");
    let bytes = gz.bytes().await.unwrap();
    let mut unpacked = String::new();
    flate2::read::GzDecoder::new(&bytes[..]).read_to_string(&mut unpacked).unwrap();
    assert_eq!(unpacked, plain);
    // Written behind the app's back, and still seen: nothing is kept.
    sqlx::query("UPDATE articles SET title = 'Retitled in the database' WHERE id = 1")
        .execute(&app.state.db.pool)
        .await
        .unwrap();
    assert_eq!(app.page(SEED).await.text("h1"), "Retitled in the database");
    assert_eq!(app.state.pages.entry_count(), 0);
}

async fn metrics_report_requests_the_cache_views_and_the_pool(db: TestDb) {
    let app = TestApp::spawn(db).await;
    for _ in 0..3 {
        assert_eq!(app.get(SEED).await.status(), 200);
    }
    assert_eq!(app.get("/no-such-page").await.status(), 404);
    app.flush_views().await;
    let response = app.get("/metrics").await;
    assert_eq!(response.status(), 200);
    assert!(header(&response, "content-type").starts_with("text/plain"));
    let text = response.text().await.unwrap();
    let value = |prefix: &str| -> f64 {
        text.lines()
            .find(|l| l.starts_with(prefix))
            .and_then(|l| l.rsplit(' ').next())
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| panic!("no {prefix} in\n{text}"))
    };
    // Each app has its own recorder: these are this test's requests and nothing else's.
    assert_eq!(value("http_requests_total{route=\"/{lang}/news/{id}/{slug}\",status=\"200\"}"), 3.0);
    assert_eq!(value("http_requests_total{route=\"unmatched\",status=\"404\"}"), 1.0, "errors are counted by status");
    assert_eq!(value("http_request_duration_seconds_bucket{route=\"/{lang}/news/{id}/{slug}\",le=\"+Inf\"}"), 3.0);
    let ratio = value("page_cache_hit_ratio ");
    assert!((ratio - 2.0 / 3.0).abs() < 1e-9, "one miss, then two hits: {ratio}");
    assert!(value("page_cache_bytes ") > 10_000.0);
    assert_eq!(value("page_cache_entries "), 1.0);
    assert_eq!(value("views_counted_total"), 1.0, "one reader, one view per half hour");
    assert_eq!(value("views_flushed_total"), 1.0);
    assert_eq!(value("views_buffered "), 0.0, "all written by the flush");
    assert!(value("db_pool_connections ") >= 1.0);
}

async fn behind_a_cdn_pages_may_be_kept_and_the_beacon_counts_views(db: TestDb) {
    let app = TestApp::spawn_with(db, Options { cdn_max_age: 300, ..Options::default() }).await;
    let views = async || -> i64 {
        app.flush_views().await;
        sqlx::query_scalar("SELECT view_count FROM articles WHERE id = 1").fetch_one(&app.state.db.pool).await.unwrap()
    };
    let before = views().await;
    let response = app.get(SEED).await;
    assert_eq!(header(&response, "cache-control"), "public, max-age=0, s-maxage=300, stale-while-revalidate=60");
    assert!(response.headers().get("set-cookie").is_none(), "a page a CDN keeps sets no cookie");
    let page = Page::new(&response.text().await.unwrap());
    let beacon = page.attr("script[data-beacon]", "data-beacon");
    assert_eq!(beacon, "/api/v1/articles/1/views");
    let script = page.attr("script[data-beacon]", "src");
    assert_eq!(app.get(&script).await.status(), 200);
    assert_eq!(views().await, before, "the page itself counts nothing: the CDN answers most readers");

    let send = async |visitor: &str, agent: &str| {
        app.client
            .post(app.url(&beacon))
            .header("cookie", format!("nd_vid={visitor}"))
            .header("user-agent", agent)
            .send()
            .await
            .unwrap()
    };
    let counted = send("00000000000000c1", crate::helpers::BROWSER_UA).await;
    assert_eq!(counted.status(), 204);
    assert_eq!(header(&counted, "cache-control"), "no-store");
    assert_eq!(send("00000000000000c1", crate::helpers::BROWSER_UA).await.status(), 204);
    assert_eq!(send("00000000000000c2", "Googlebot/2.1").await.status(), 204);
    assert_eq!(views().await, before + 1, "one visitor once; bots not at all");

    let missing = app.client.post(app.url("/api/v1/articles/999999/views")).send().await.unwrap();
    assert_eq!(missing.status(), 404);
    assert_eq!(missing.json::<serde_json::Value>().await.unwrap()["error"]["code"], "not_found");
    let nonsense = app.client.post(app.url("/api/v1/articles/x'or'1/views")).send().await.unwrap();
    assert_eq!(nonsense.status(), 404);
}

/// A route under `/{lang}` that readers can GET must say whether the cache keeps it: a new page
/// added with a plain `route()` fails here instead of being cached (or not) by accident.
async fn every_page_under_an_edition_declares_how_it_is_cached(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let routes = newsdesk::router::routes();
    let mut undeclared = Vec::new();
    for route in routes.declared() {
        if !route.path.starts_with("/{lang}") || route.caching.is_some() {
            continue;
        }
        let path = route.path.replace("{lang}", "en").replace("{id}", "1").replace("{slug}", "x");
        let status = app.get(&path).await.status();
        if status != 405 {
            undeclared.push(format!("{} (GET answers {status})", route.path));
        }
    }
    assert!(undeclared.is_empty(), "pages without a caching declaration: {undeclared:?}");
    let declared = routes.declared().iter().filter(|r| r.path.starts_with("/{lang}") && r.caching.is_some()).count();
    assert!(declared >= 10, "the edition pages are declared: {declared}");
}

async fn a_private_page_is_rendered_for_each_reader_and_never_kept(db: TestDb) {
    let app = TestApp::spawn(db).await;
    for _ in 0..2 {
        let response = app.get("/en/search?q=taliban").await;
        assert_eq!(response.status(), 200);
        assert!(response.headers().get("etag").is_none(), "a kept page carries an entity tag");
    }
    assert_eq!(app.state.pages.entry_count(), 0, "search results are declared private");
    assert_eq!(app.get(SEED).await.status(), 200);
    app.state.pages.weighted_size(); // brings the count up to date
    assert_eq!(app.state.pages.entry_count(), 1, "an article is declared public");
}
