//! Bad input on pages: a clear 4xx page, never a 500.

use crate::helpers::{Page, TestApp, TestDb};

crate::on_both_databases!(
    nul_and_control_characters_are_dropped_from_what_people_type,
    unknown_addresses_get_a_helpful_404_page,
    ids_and_editions_that_do_not_parse_are_missing_pages_not_bad_requests,
    damaged_cursors_get_a_400_page_that_says_so,
    malformed_and_oversized_addresses_are_refused_cleanly,
    wrong_methods_get_a_405_page,
    every_kind_of_response_carries_the_security_headers,
);

async fn every_kind_of_response_carries_the_security_headers(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let seed = "/en/news/1/russia-officially-recognises-afghanistans-taliban-govt";
    let css = Page::new(&app.get("/").await.text().await.unwrap()).attrs("link[rel=stylesheet]", "href").remove(0);
    let mut answers = Vec::new();
    // A rendered page, the same page from the page cache, a 304, errors, JSON, XML, an asset,
    // a refused cross-site form post and an oversized address.
    for path in [seed, seed, "/no-such-page", "/api/v1/articles", "/api/v1/articles/999999", "/en/feed.xml", &css] {
        answers.push((format!("GET {path}"), app.get(path).await));
    }
    let etag = answers[1].1.headers()["etag"].clone();
    answers.push(("GET 304".into(), app.client.get(app.url(seed)).header("if-none-match", etag).send().await.unwrap()));
    answers.push((
        "POST /login from nowhere".into(),
        app.client.post(app.url("/login")).form(&[("email", "a@b.c")]).send().await.unwrap(),
    ));
    answers.push(("GET long".into(), app.get(&format!("/{}", "a".repeat(9000))).await));
    for (what, response) in &answers {
        let header =
            |name: &str| response.headers().get(name).map(|v| v.to_str().unwrap().to_owned()).unwrap_or_default();
        let csp = header("content-security-policy");
        for directive in ["object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "default-src 'self'"] {
            assert!(csp.contains(directive), "{what} ({}): CSP {csp:?} lacks {directive}", response.status());
        }
        assert_eq!(header("x-content-type-options"), "nosniff", "{what}");
        assert_eq!(header("referrer-policy"), "strict-origin-when-cross-origin", "{what}");
    }
    let statuses: Vec<u16> = answers.iter().map(|(_, r)| r.status().as_u16()).collect();
    assert_eq!(statuses, [200, 200, 404, 200, 404, 200, 200, 304, 403, 414]);
}

async fn error_page(app: &TestApp, path: &str, status: u16) -> Page {
    let response = app.get(path).await;
    assert_eq!(response.status(), status, "GET {path}");
    let ct = response.headers()["content-type"].to_str().unwrap().to_owned();
    assert!(ct.starts_with("text/html"), "GET {path}: {ct}");
    Page::new(&response.text().await.unwrap())
}

async fn unknown_addresses_get_a_helpful_404_page(db: TestDb) {
    let app = TestApp::spawn(db).await;
    for path in [
        "/no-such-page",
        "/en/news/abc/slug",
        "/en/news/999999/x",
        "/en/news/99999999999999999999999999/x",
        "/en/news/-3/x",
        "/xx/",
        "/fr/news/1/x",
        "/en/category/no-such-section",
        "/en/topic/no-such-topic",
        "/en/authors/nobody",
        "/en/category/",
        "/en/news/1/x/y",
    ] {
        let page = error_page(&app, path, 404).await;
        assert_eq!(page.text("h1"), "Page not found", "{path}");
        assert!(!page.text(".error-page .message").is_empty());
        assert_eq!(page.attr(".error-page a", "href"), "/en/");
    }
    let bn = error_page(&app, "/bn/category/no-such-section", 404).await;
    assert_eq!(bn.text("h1"), "পাতাটি পাওয়া যায়নি");
    assert!(bn.html.contains("<html lang=\"bn\">"));
}

async fn ids_and_editions_that_do_not_parse_are_missing_pages_not_bad_requests(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let admin = app.staff("admin", "Path Admin").await;
    let browser = app.browser();
    assert_eq!(browser.login("path.admin@staff.test", "staff pass phrase").await.status(), 303);

    // Pages: the site's 404 page, saying what is wrong with the address.
    for (path, says) in [
        ("/newsroom/articles/abc", "\"abc\" is not an id"),
        ("/newsroom/articles/99999999999999999999999/diff", "is not an id"),
        ("/xx/trending-views", "no edition \"xx\""),
        ("/fr/feed.xml", "no edition \"fr\""),
        ("/fr/category/sports", "en (English) and bn (Bangla)"),
    ] {
        let response = browser.get(path).await;
        assert_eq!(response.status(), 404, "GET {path}");
        assert!(response.headers()["content-type"].to_str().unwrap().starts_with("text/html"), "GET {path}");
        let page = Page::new(&response.text().await.unwrap());
        assert_eq!(page.text("h1"), "Page not found", "{path}");
        assert!(page.text(".error-page .message").contains(says), "{path}: {}", page.text(".error-page .message"));
    }
    let response = browser.submit("/account", "/newsroom/comments/1.5/approve", &[]).await;
    assert_eq!(response.status(), 404, "a decision on comment 1.5");

    // The API: a JSON `not_found` with the same explanation.
    let token = app.client.delete(app.url("/api/v1/auth/tokens/first")).bearer_auth(&admin.token).send().await.unwrap();
    for (what, response) in [
        (
            "GET /api/v1/newsroom/articles/abc",
            app.client.get(app.url("/api/v1/newsroom/articles/abc")).bearer_auth(&admin.token).send().await.unwrap(),
        ),
        ("DELETE /api/v1/auth/tokens/first", token),
        (
            "POST /api/v1/articles/x'or'1/views",
            app.client.post(app.url("/api/v1/articles/x'or'1/views")).send().await.unwrap(),
        ),
        ("GET /api/v1/articles/1e3/comments", app.get("/api/v1/articles/1e3/comments").await),
    ] {
        assert_eq!(response.status(), 404, "{what}");
        let body: serde_json::Value = response.json().await.expect("a JSON error");
        assert_eq!(body["error"]["code"], "not_found", "{what}");
        assert!(body["error"]["message"].as_str().unwrap().contains("is not an id"), "{what}: {body}");
    }
}

async fn damaged_cursors_get_a_400_page_that_says_so(db: TestDb) {
    let app = TestApp::spawn(db).await;
    for path in [
        "/en/category/sports?cursor=abc",
        "/en/topic/taliban?cursor=1-",
        "/en/authors/vb-desk?cursor=%E0%A6%95-1",
        "/en/category/sports?cursor=99999999999999999999999-1",
    ] {
        let page = error_page(&app, path, 400).await;
        assert!(page.text(".error-page .message").contains("cursor"), "{path}: {}", page.text(".error-page .message"));
    }
    // An empty cursor is the first page.
    assert_eq!(app.get("/en/category/sports?cursor=").await.status(), 200);
}

async fn malformed_and_oversized_addresses_are_refused_cleanly(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let page = error_page(&app, &format!("/en/category/{}", "a".repeat(3000)), 414).await;
    assert!(page.text(".error-page .message").contains("2048"));
    // Percent-escapes that are not UTF-8.
    let response = app.get("/en/category/%FF%FE").await;
    assert!(response.status().is_client_error(), "{}", response.status());
    assert!(response.headers()["content-type"].to_str().unwrap().starts_with("text/html"));
    let response = app.get("/en/news/1/%C3%28").await;
    assert!(response.status().is_client_error());
    // A Bangla slug typed without percent-encoding is fine.
    let response = app.get("/bn/topic/তালেবান").await;
    assert!(response.status() == 200 || response.status() == 404);
    // The site still works afterwards.
    assert_eq!(app.get("/en/").await.status(), 200);
}

async fn wrong_methods_get_a_405_page(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let token = "0123456789abcdef0123456789abcdef";
    let response = app
        .client
        .post(app.url("/en/"))
        .header("cookie", format!("nd_csrf={token}"))
        .form(&[("csrf", token)])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 405);
    assert!(response.headers().contains_key("allow"));
    assert!(response.headers()["content-type"].to_str().unwrap().starts_with("text/html"));
}

async fn nul_and_control_characters_are_dropped_from_what_people_type(db: TestDb) {
    // PostgreSQL refuses NUL in text: a comment or story carrying one answered 500 before.
    let app = TestApp::spawn(db).await;
    let editor = app.staff("editor", "Nul Editor").await;
    let client = reqwest::Client::new();
    let created = client
        .post(app.url("/api/v1/newsroom/articles"))
        .bearer_auth(&editor.token)
        .json(&serde_json::json!({
            "lang": "en", "title": "Nul\u{0} in\u{7} the\nheadline", "body": "First\u{0} line\r\n\tindented\u{1b}[31m",
            "standfirst": "A\u{0}B", "section": "sports", "byline": ["sports-desk"]
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201);
    let created: serde_json::Value = created.json().await.unwrap();
    assert_eq!(created["title"], "Nul in the headline");
    let stored: (String, String) = sqlx::query_as("SELECT title, body FROM articles WHERE id = $1")
        .bind(created["id"].as_i64().unwrap())
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    assert_eq!(stored, ("Nul in the headline".to_owned(), "<p>First line\nindented[31m</p>\n".to_owned()));

    let reader = app.reader("Nul Reader").await;
    let seed = "/en/news/1/russia-officially-recognises-afghanistans-taliban-govt";
    let posted = reader
        .submit(seed, "/en/news/1/comments", &[("body", "Good\u{0} point\u{8}, well made"), ("website", "")])
        .await;
    assert_eq!(posted.status(), 303);
    let body: String = sqlx::query_scalar("SELECT body FROM comments ORDER BY id DESC LIMIT 1")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    assert_eq!(body, "Good point, well made");
}
