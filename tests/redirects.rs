//! The newsroom's list of redirects: editors add, find and remove the old addresses that answer
//! 301, on the page and through the API; loops and what is not a path are refused; other roles
//! are not let in.

use newsdesk::clock::Clock;
use newsdesk::redirects::db::add;
use reqwest::Method;
use serde_json::json;

use crate::helpers::{Browser, TestApp, TestDb};

crate::on_both_databases!(
    editors_add_find_and_remove_redirects_on_the_page,
    a_loop_and_a_path_that_is_not_one_are_refused_and_nothing_is_stored,
    reporters_and_moderators_may_not_see_or_change_the_redirects,
    the_api_adds_lists_a_page_at_a_time_and_deletes_redirects,
);

/// The status and `Location` of a GET that is not followed.
async fn location(app: &TestApp, path: &str) -> (u16, String) {
    let response = app.get(path).await;
    let to = response.headers().get("location").map(|v| v.to_str().unwrap().to_owned()).unwrap_or_default();
    (response.status().as_u16(), to)
}

/// A browser logged in as a new staff member with `role`.
async fn logged_in(app: &TestApp, role: &str, name: &str) -> Browser {
    app.staff(role, name).await;
    let browser = app.browser();
    let email = format!("{}@staff.test", name.to_lowercase().replace(' ', "."));
    assert_eq!(browser.login(&email, "staff pass phrase").await.status(), 303);
    browser
}

/// Where a 303 leads.
fn see_other(response: &reqwest::Response) -> String {
    assert_eq!(response.status(), 303);
    response.headers()["location"].to_str().unwrap().to_owned()
}

async fn stored(app: &TestApp) -> Vec<(String, String)> {
    sqlx::query_as("SELECT from_path, to_path FROM redirects ORDER BY from_path")
        .fetch_all(&app.state.db.pool)
        .await
        .unwrap()
}

async fn editors_add_find_and_remove_redirects_on_the_page(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let editor = logged_in(&app, "editor", "Redirect Editor").await;
    assert_eq!(app.get("/2024/05/old-story/").await.status(), 404);
    // One an import made, with nobody's name on it.
    let mut conn = app.state.db.pool.acquire().await.unwrap();
    add(&mut conn, "/?p=12", "/en/category/world", app.clock.now(), None).await.unwrap();
    drop(conn);

    let added = editor
        .submit(
            "/newsroom/redirects",
            "/newsroom/redirects",
            &[("from", "/2024/05/old-story/"), ("to", "/en/category/sports")],
        )
        .await;
    let back = see_other(&added);
    assert!(back.starts_with("/newsroom/redirects?"), "{back}");
    let page = editor.page(&back).await;
    assert_eq!(page.text(".notice"), "Redirect added: /2024/05/old-story/ now leads to /en/category/sports.");
    assert_eq!(location(&app, "/2024/05/old-story/").await, (301, "/en/category/sports".into()));

    // The list: every redirect with where it leads, when and by whom, linked to the site.
    assert!(page.html.contains("2 redirects in all."), "{}", page.html);
    assert_eq!(page.texts("tbody td:first-child"), ["/2024/05/old-story/", "/?p=12"]);
    assert_eq!(page.attrs("tbody td:first-child a", "href"), ["/2024/05/old-story/", "/?p=12"]);
    assert_eq!(page.attrs("tbody td:nth-child(2) a", "href"), ["/en/category/sports", "/en/category/world"]);
    assert_eq!(page.texts("tbody td:nth-child(4)"), ["Redirect Editor", "an import"]);
    assert!(!page.text("tbody tr:first-child time").is_empty());
    assert_eq!(page.attrs(".nr-header nav a[href='/newsroom/redirects']", "href").len(), 1, "in the menu");

    // Found by either path, in any case; a search that finds nothing says so.
    let found = editor.page("/newsroom/redirects?q=OLD-STORY").await;
    assert_eq!(found.texts("tbody td:first-child"), ["/2024/05/old-story/"]);
    let found = editor.page("/newsroom/redirects?q=category%2Fworld").await;
    assert_eq!(found.texts("tbody td:first-child"), ["/?p=12"]);
    let none = editor.page("/newsroom/redirects?q=100%25_").await;
    assert!(none.texts("tbody tr").is_empty());
    assert_eq!(none.text(".empty"), "No redirect's old or new address contains \"100%_\".");

    // Removed from its row, on the search it was found by: the old address is a 404 again.
    let removed = editor
        .submit(
            "/newsroom/redirects?q=old",
            "/newsroom/redirects/remove",
            &[("from", "/2024/05/old-story/"), ("q", "old")],
        )
        .await;
    let back = see_other(&removed);
    assert!(back.starts_with("/newsroom/redirects?q=old&"), "{back}");
    let page = editor.page(&back).await;
    assert_eq!(page.text(".notice"), "Redirect from /2024/05/old-story/ removed.");
    assert_eq!(app.get("/2024/05/old-story/").await.status(), 404);
    assert_eq!(stored(&app).await, [("/?p=12".to_owned(), "/en/category/world".to_owned())]);
    let gone = editor.submit("/newsroom/redirects", "/newsroom/redirects/remove", &[("from", "/2024/05/old-story/")]);
    assert_eq!(gone.await.status(), 404, "removed already");

    // Plain forms need their CSRF token.
    let forged = editor
        .client
        .post(editor.url("/newsroom/redirects"))
        .form(&[("from", "/forged"), ("to", "/en/")])
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 403);
    assert_eq!(stored(&app).await.len(), 1);

    // Fifty a page, the next page after the last old path shown.
    let mut conn = app.state.db.pool.acquire().await.unwrap();
    for n in 0..55 {
        add(&mut conn, &format!("/old/{n:02}"), "/en/", app.clock.now(), None).await.unwrap();
    }
    drop(conn);
    let first = editor.page("/newsroom/redirects?q=/old/").await;
    assert!(first.html.contains("56 redirects in all."));
    assert_eq!(first.texts("tbody tr").len(), 50);
    assert!(first.attrs(".pager a", "href").iter().all(|a| a.contains("after=")), "no first page offered on it");
    let next = first.attr("a[rel=next]", "href");
    assert_eq!(next, "/newsroom/redirects?q=/old/&after=/old/49");
    let second = editor.page(&next).await;
    assert_eq!(second.texts("tbody td:first-child"), ["/old/50", "/old/51", "/old/52", "/old/53", "/old/54"]);
    assert!(second.attrs("a[rel=next]", "href").is_empty());
    assert_eq!(second.attrs(".pager a", "href"), ["/newsroom/redirects?q=/old/"], "back to the first page");
}

async fn a_loop_and_a_path_that_is_not_one_are_refused_and_nothing_is_stored(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let browser = logged_in(&app, "editor", "Loop Editor").await;
    let added = browser.submit("/newsroom/redirects", "/newsroom/redirects", &[("from", "/a"), ("to", "/b")]).await;
    see_other(&added);

    let refused = browser.submit("/newsroom/redirects", "/newsroom/redirects", &[("from", "/b"), ("to", "/a")]).await;
    assert_eq!(refused.status(), 422);
    let page = crate::helpers::Page::new(&refused.text().await.unwrap());
    let message = page.text(".nr-form .form-error");
    assert!(message.starts_with("/a already leads to /b: a redirect from /b to /a would loop."), "{message}");
    assert_eq!(page.attr("#redirect-from", "value"), "/b", "what was typed stays");
    assert_eq!(page.attr("#redirect-to", "value"), "/a");
    let itself = browser.submit("/newsroom/redirects", "/newsroom/redirects", &[("from", "/c/"), ("to", "/c/")]).await;
    assert_eq!(itself.status(), 422);

    let refused =
        browser.submit("/newsroom/redirects", "/newsroom/redirects", &[("from", "no-slash"), ("to", "/en/")]).await;
    assert_eq!(refused.status(), 422);
    let page = crate::helpers::Page::new(&refused.text().await.unwrap());
    let message = page.text(".nr-form .form-error");
    assert!(message.contains("\"no-slash\" must start with “/”"), "{message}");
    assert_eq!(page.attr("#redirect-from", "value"), "no-slash");
    assert_eq!(stored(&app).await, [("/a".to_owned(), "/b".to_owned())], "nothing else was stored");

    // The API says the same, as JSON.
    let editor = app.staff("editor", "Loop Api Editor").await;
    let (status, body) = editor.post("/api/v1/newsroom/redirects", json!({"from": "/b", "to": "/a"})).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["error"]["code"], "unprocessable", "{body}");
    let message = body["error"]["message"].as_str().unwrap();
    assert!(message.starts_with("/a already leads to /b: a redirect from /b to /a would loop."), "{message}");
    for (from, to) in [("no-slash", "/en/"), ("/en/", "https://example.com/"), ("/x", ""), ("/x", "/?p=3")] {
        let (status, body) = editor.post("/api/v1/newsroom/redirects", json!({"from": from, "to": to})).await;
        assert_eq!(status, 422, "{from} → {to}: {body}");
        assert!(!body["error"]["message"].as_str().unwrap().is_empty());
    }
    let (status, body) = editor.post("/api/v1/newsroom/redirects", json!({"from": "/x", "to": "/y", "by": 1})).await;
    assert_eq!(status, 422, "unknown fields are refused: {body}");
    assert_eq!(stored(&app).await, [("/a".to_owned(), "/b".to_owned())], "nothing else was stored");
    assert_eq!(location(&app, "/a").await, (301, "/b".into()));
    assert_eq!(app.get("/b").await.status(), 404);
}

async fn reporters_and_moderators_may_not_see_or_change_the_redirects(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let mut conn = app.state.db.pool.acquire().await.unwrap();
    add(&mut conn, "/kept", "/en/", app.clock.now(), None).await.unwrap();
    drop(conn);
    for role in ["reporter", "moderator"] {
        let name = format!("Refused {role}");
        let browser = logged_in(&app, role, &name).await;
        let page = browser.get("/newsroom/redirects").await;
        assert_eq!(page.status(), 403, "{role}");
        assert!(page.text().await.unwrap().contains("does not include the redirects of old addresses"), "{role}");
        let landing = newsdesk::newsroom::policy::landing(newsdesk::newsroom::policy::Role::parse(role).unwrap());
        let own = browser.page(landing.unwrap()).await;
        assert!(own.attrs(".nr-header nav a[href='/newsroom/redirects']", "href").is_empty(), "{role}: not offered");
        let token = browser.page("/account").await.attrs("input[name=csrf]", "value").remove(0);
        for (path, fields) in [
            ("/newsroom/redirects", vec![("from", "/sneaky"), ("to", "/en/")]),
            ("/newsroom/redirects/remove", vec![("from", "/kept")]),
        ] {
            let mut fields = fields;
            fields.push(("csrf", &token));
            let response = browser.client.post(browser.url(path)).form(&fields).send().await.unwrap();
            assert_eq!(response.status(), 403, "{role} {path}");
        }

        let api = app.staff(role, &format!("Refused api {role}")).await;
        for (method, path, body) in [
            (Method::GET, "/api/v1/newsroom/redirects", None),
            (Method::POST, "/api/v1/newsroom/redirects", Some(json!({"from": "/sneaky", "to": "/en/"}))),
            (Method::DELETE, "/api/v1/newsroom/redirects?from=/kept", None),
        ] {
            let (status, answer) = api.send(method.clone(), path, body).await;
            assert_eq!(status, 403, "{role} {method} {path}: {answer}");
            assert_eq!(answer["error"]["code"], "forbidden");
        }
    }
    assert_eq!(stored(&app).await, [("/kept".to_owned(), "/en/".to_owned())], "nothing changed");
}

async fn the_api_adds_lists_a_page_at_a_time_and_deletes_redirects(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let editor = app.staff("editor", "Api Editor").await;
    let admin = app.staff("admin", "Api Admin").await;
    let (status, body) = editor.post("/api/v1/newsroom/redirects", json!({"from": "/old/c", "to": "/en/"})).await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["from"], "/old/c");
    assert_eq!(body["to"], "/en/");
    assert_eq!(body["created_by"], "Api Editor");
    assert!(body["created_at"].as_str().unwrap().contains('T'), "{body}");
    // A new address that is itself redirected: the final one is stored, and said.
    let (status, body) = admin.post("/api/v1/newsroom/redirects", json!({"from": "/old/a", "to": "/old/c"})).await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["to"], "/en/", "{body}");
    let (status, body) = admin.post("/api/v1/newsroom/redirects", json!({"from": "/old/b/", "to": "/bn/"})).await;
    assert_eq!(status, 201, "{body}");
    // An address where a page lives may have one too: it is asked only when no page answers.
    let (status, body) =
        admin.post("/api/v1/newsroom/redirects", json!({"from": "/en/category/sports", "to": "/en/"})).await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(app.get("/en/category/sports").await.status(), 200);

    // Three under /old/, two a page: the cursor leads on to the third, and then no further.
    let (status, first) = editor.get("/api/v1/newsroom/redirects?q=%2Fold%2F&limit=2").await;
    assert_eq!(status, 200, "{first}");
    let froms = |page: &serde_json::Value| -> Vec<String> {
        page["redirects"].as_array().unwrap().iter().map(|r| r["from"].as_str().unwrap().to_owned()).collect()
    };
    assert_eq!(froms(&first), ["/old/a", "/old/b/"]);
    assert_eq!(first["redirects"][0]["created_by"], "Api Admin");
    assert_eq!(first["next"], "/old/b/");
    let next = crate::helpers::url_escape(first["next"].as_str().unwrap());
    let (status, second) = editor.get(&format!("/api/v1/newsroom/redirects?q=%2Fold%2F&limit=2&after={next}")).await;
    assert_eq!(status, 200, "{second}");
    assert_eq!(froms(&second), ["/old/c"]);
    assert!(second["next"].is_null(), "{second}");
    let (_, all) = editor.get("/api/v1/newsroom/redirects").await;
    assert_eq!(froms(&all), ["/en/category/sports", "/old/a", "/old/b/", "/old/c"]);
    for bad in ["limit=0", "limit=201", "limit=x"] {
        assert_eq!(editor.get(&format!("/api/v1/newsroom/redirects?{bad}")).await.0, 400, "{bad}");
    }

    assert_eq!(location(&app, "/old/b/").await, (301, "/bn/".into()));
    let (status, body) = editor.delete("/api/v1/newsroom/redirects?from=/old/b/").await;
    assert_eq!(status, 204, "{body}");
    assert_eq!(app.get("/old/b/").await.status(), 404);
    let (status, body) = editor.delete("/api/v1/newsroom/redirects?from=/old/b/").await;
    assert_eq!(status, 404, "{body}");
    assert_eq!(body["error"]["code"], "not_found");
    assert_eq!(body["error"]["message"], "There is no redirect from /old/b/.");
    let (status, body) = editor.delete("/api/v1/newsroom/redirects?from=/never/there").await;
    assert_eq!(status, 404, "{body}");
    let (_, all) = editor.get("/api/v1/newsroom/redirects?q=old").await;
    assert_eq!(froms(&all), ["/old/a", "/old/c"]);
}
