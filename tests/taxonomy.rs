//! Sections and topics as the newsroom manages them, and the stored redirects that keep their old
//! addresses working: the API and its permissions, the newsroom's pages, and what readers see.

use newsdesk::clock::Clock;
use newsdesk::redirects::db::{Added, add};

use crate::helpers::{TestApp, TestDb, url_escape};

crate::on_both_databases!(stored_redirects_collapse_chains_never_loop_and_leave_other_404s_alone,);

/// The status and `Location` of a GET that is not followed.
async fn location(app: &TestApp, path: &str) -> (u16, String) {
    let response = app.get(path).await;
    let to = response.headers().get("location").map(|v| v.to_str().unwrap().to_owned()).unwrap_or_default();
    (response.status().as_u16(), to)
}

async fn stored_redirects_collapse_chains_never_loop_and_leave_other_404s_alone(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let now = app.clock.now();
    let mut conn = app.state.db.pool.acquire().await.unwrap();
    let stored = |to: &str| Added::Stored { to: to.to_owned() };
    assert_eq!(add(&mut conn, "/old/a", "/old/b", now, None).await.unwrap(), stored("/old/b"));
    assert_eq!(add(&mut conn, "/old/b", "/old/c", now, None).await.unwrap(), stored("/old/c"));
    assert_eq!(add(&mut conn, "/old/x", "/old/a", now, None).await.unwrap(), stored("/old/c"), "A→B with B→C: A→C");
    assert_eq!(add(&mut conn, "/old/c", "/en/", now, None).await.unwrap(), stored("/en/"));
    assert_eq!(add(&mut conn, "/en/", "/old/a", now, None).await.unwrap(), Added::Loop);
    assert_eq!(add(&mut conn, "/old/z", "/old/z", now, None).await.unwrap(), Added::Loop);
    assert!(matches!(add(&mut conn, "old/q", "/en/", now, None).await.unwrap(), Added::Invalid(_)));
    assert!(matches!(add(&mut conn, "/q?x=1", "/en/", now, None).await.unwrap(), Added::Invalid(_)));
    // Encoded or not, a Bangla address is one address.
    let encoded = format!("/bn/{}", url_escape("পুরনো-খবর"));
    assert_eq!(add(&mut conn, &encoded, "/bn/", now, None).await.unwrap(), stored("/bn/"));
    drop(conn);
    let rows: Vec<(String, String)> = sqlx::query_as("SELECT from_path, to_path FROM redirects ORDER BY from_path")
        .fetch_all(&app.state.db.pool)
        .await
        .unwrap();
    let bangla = newsdesk::redirects::model::normalize("/bn/পুরনো-খবর").unwrap();
    let expected =
        [(bangla.as_str(), "/bn/"), ("/old/a", "/en/"), ("/old/b", "/en/"), ("/old/c", "/en/"), ("/old/x", "/en/")];
    let expected: Vec<(String, String)> = expected.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect();
    assert_eq!(rows, expected, "every chain ends in one step, and nothing leads to itself");

    assert_eq!(location(&app, "/old/x").await, (301, "/en/".into()));
    assert_eq!(location(&app, "/old/a?utm_source=x").await, (301, "/en/?utm_source=x".into()));
    assert_eq!(location(&app, &encoded).await, (301, "/bn/".into()));
    assert_eq!(location(&app, "/bn/পুরনো-খবর").await, (301, "/bn/".into()));
    let page = app.get("/old/nothing/here").await;
    assert_eq!(page.status(), 404, "an address with no redirect stays a 404");
    assert!(page.text().await.unwrap().contains("There is no page at this address"));
    assert_eq!(app.get("/old/nothing-here").await.status(), 404);
    assert_eq!(app.get("/en/topic/no-such-topic").await.status(), 404);
    // Only reading asks the redirects, and never the API.
    let post = app.client.post(app.url("/old/x")).send().await.unwrap();
    assert_ne!(post.status(), 301);
    let mut conn = app.state.db.pool.acquire().await.unwrap();
    add(&mut conn, "/api/v1/gone", "/en/", now, None).await.unwrap();
    drop(conn);
    assert_eq!(app.get("/api/v1/gone").await.status(), 404);
    // A page that exists is served, whatever the table says.
    let mut conn = app.state.db.pool.acquire().await.unwrap();
    add(&mut conn, "/en/category/sports", "/en/", now, None).await.unwrap();
    drop(conn);
    assert_eq!(app.get("/en/category/sports").await.status(), 200);
}
