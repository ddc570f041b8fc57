//! Trending Views: counting, deduplication, bots, decay, the window and the periodic flush.

use std::time::Duration;

use newsdesk::clock::Clock;
use newsdesk::editions::Lang;

use crate::helpers::{Options, TestApp, TestDb};

crate::on_both_databases!(
    a_visitor_counts_once_per_article_per_half_hour,
    a_reader_without_cookies_is_known_by_address_and_browser,
    bots_and_prefetches_are_not_counted,
    recent_views_outrank_older_ones_as_they_decay,
    stories_older_than_seven_days_do_not_trend,
    new_views_reach_the_list_with_the_periodic_flush,
    the_trending_page_and_sidebar_show_the_list,
    one_client_minting_visitors_counts_at_most_its_address_cap,
);

async fn views_of(app: &TestApp, id: i64) -> i64 {
    sqlx::query_scalar("SELECT view_count FROM articles WHERE id = $1")
        .bind(id)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap()
}

async fn view(app: &TestApp, path: &str, visitor: &str) {
    let response = app.client.get(app.url(path)).header("cookie", format!("nd_vid={visitor}")).send().await.unwrap();
    assert_eq!(response.status(), 200);
}

async fn a_visitor_counts_once_per_article_per_half_hour(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let id = app.article().title("Flood waters recede in Sylhet").insert().await;
    let path = format!("/en/news/{id}/flood-waters-recede-in-sylhet");

    view(&app, &path, "00000000000000aa").await;
    view(&app, &path, "00000000000000aa").await;
    app.flush_views().await;
    assert_eq!(views_of(&app, id).await, 1);

    app.clock.advance(29 * 60);
    view(&app, &path, "00000000000000aa").await;
    view(&app, &path, "00000000000000bb").await;
    app.flush_views().await;
    assert_eq!(views_of(&app, id).await, 2, "the same visitor within 30 minutes counts once");

    app.clock.advance(2 * 60);
    view(&app, &path, "00000000000000aa").await;
    app.flush_views().await;
    assert_eq!(views_of(&app, id).await, 3, "after 30 minutes the visitor counts again");
}

async fn a_reader_without_cookies_is_known_by_address_and_browser(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let id = app.article().title("Metro opens new station").insert().await;
    let path = format!("/en/news/{id}/metro-opens-new-station");
    let first = app.get(&path).await;
    let cookie = first.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(cookie.starts_with("nd_vid="), "{cookie}");
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"), "{cookie}");
    // The client ignores the cookie; the same address and browser still count once.
    app.get(&path).await;
    // And when it sends the cookie back, it is the same visitor.
    let value = cookie.split(';').next().unwrap().to_owned();
    let again = app.client.get(app.url(&path)).header("cookie", value).send().await.unwrap();
    assert!(again.headers().get("set-cookie").is_none(), "a known visitor gets no new cookie");
    app.flush_views().await;
    assert_eq!(views_of(&app, id).await, 1);
}

async fn bots_and_prefetches_are_not_counted(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let id = app.article().title("Port traffic rises").insert().await;
    let url = app.url(&format!("/en/news/{id}/port-traffic-rises"));
    for ua in [
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "facebookexternalhit/1.1",
        "curl/8.5.0",
        "",
    ] {
        let response = app.client.get(&url).header("user-agent", ua).send().await.unwrap();
        assert_eq!(response.status(), 200, "{ua}");
    }
    let prefetch = app.client.get(&url).header("sec-purpose", "prefetch").send().await.unwrap();
    assert_eq!(prefetch.status(), 200);
    let head = app.client.head(&url).send().await.unwrap();
    assert_eq!(head.status(), 200);
    app.flush_views().await;
    assert_eq!(views_of(&app, id).await, 0);
}

async fn recent_views_outrank_older_ones_as_they_decay(db: TestDb) {
    let app = TestApp::spawn_with(db, Options { sample_content: false, ..Options::default() }).await;
    app.add_section(Lang::En, "sports", "Sports").await;
    app.add_desk("sports-desk", "Sports Desk").await;
    let old = app.article().title("Yesterday's big match").insert().await;
    let new = app.article().title("Today's small match").insert().await;
    for v in 0..10 {
        view(&app, &format!("/en/news/{old}/yesterdays-big-match"), &format!("{v:016x}")).await;
    }
    app.flush_views().await;
    let list = app.json("/api/v1/trending?lang=en").await;
    assert_eq!(list["articles"][0]["id"], old);

    // A day later 10 views weigh 10/16; two fresh views weigh 2.
    app.clock.advance(24 * 3600);
    for v in 0..2 {
        view(&app, &format!("/en/news/{new}/todays-small-match"), &format!("{:016x}", 100 + v)).await;
    }
    app.flush_views().await;
    let list = app.json("/api/v1/trending?lang=en").await;
    let ids: Vec<i64> = list["articles"].as_array().unwrap().iter().map(|a| a["id"].as_i64().unwrap()).collect();
    assert_eq!(ids, [new, old]);
    let old_score = list["articles"][1]["score"].as_f64().unwrap();
    assert!((old_score - 10.0 / 16.0).abs() < 1e-6, "{old_score}");
    assert_eq!(list["articles"][1]["views"], 10);
}

async fn stories_older_than_seven_days_do_not_trend(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let now = app.clock.now();
    let id = app.article().title("An old scoop").published_at(now - 8 * 86_400).insert().await;
    for v in 0..15 {
        view(&app, &format!("/en/news/{id}/an-old-scoop"), &format!("{:016x}", 500 + v)).await;
    }
    app.flush_views().await;
    assert_eq!(views_of(&app, id).await, 15, "the views are counted");
    let list = app.json("/api/v1/trending?lang=en").await;
    assert!(list["articles"].as_array().unwrap().iter().all(|a| a["id"] != id), "but the story is too old to trend");
}

async fn new_views_reach_the_list_with_the_periodic_flush(db: TestDb) {
    let app =
        TestApp::spawn_with(db, Options { flush_interval: Duration::from_millis(200), ..Options::default() }).await;
    let id = app.article().title("A story everyone reads").insert().await;
    for v in 0..3000 {
        // Enough distinct readers to top the sample's seeded counts.
        if v % 500 == 0 {
            tokio::task::yield_now().await;
        }
        app.state.views.record(9_000 + v, v, id, app.clock.now());
    }
    view(&app, &format!("/en/news/{id}/a-story-everyone-reads"), "0000000000000001").await;
    // Waits for the background task; the deadline only bounds a failing run.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(15);
    loop {
        let list = app.json("/api/v1/trending?lang=en").await;
        // A flush may land between the recorded views and the page view; wait for both.
        if list["articles"][0]["id"] == id && list["articles"][0]["views"] == 3001 {
            break;
        }
        assert!(tokio::time::Instant::now() < deadline, "the view never reached the trending list");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn the_trending_page_and_sidebar_show_the_list(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let api = app.json("/api/v1/trending?lang=bn").await;
    let first_title = api["articles"][0]["title"].as_str().unwrap().to_owned();
    let page = app.page("/bn/trending-views").await;
    assert_eq!(page.text("h1"), "সর্বাধিক পঠিত");
    assert_eq!(page.texts(".stories .story h3")[0], first_title);
    let home = app.page("/bn/").await;
    assert_eq!(home.texts(".trending li a")[0], first_title);
}

async fn one_client_minting_visitors_counts_at_most_its_address_cap(db: TestDb) {
    use newsdesk::trending::model::PER_ADDRESS_CAP;
    // One client sends 60 visitor cookies, then 20 requests with no cookie and a new browser
    // name each: from one address, an article gains at most the cap in half an hour.
    let app = TestApp::spawn(db.clone()).await;
    let id = app.article().title("Budget passes in parliament").insert().await;
    let path = format!("/en/news/{id}/budget-passes-in-parliament");
    for i in 0..60 {
        view(&app, &path, &format!("{:016x}", 0xa000 + i)).await;
    }
    for i in 0..20 {
        let response = app.client.get(app.url(&path)).header("user-agent", format!("Mozilla/5.0 reader {i}")).send();
        assert_eq!(response.await.unwrap().status(), 200);
    }
    app.flush_views().await;
    assert_eq!(views_of(&app, id).await, i64::from(PER_ADDRESS_CAP));

    // The positive control: behind a trusted proxy, 30 readers it names are 30 views.
    let proxies = vec![newsdesk::config::ProxyRange::parse("127.0.0.0/8").unwrap()];
    let behind = TestApp::spawn_with(db, Options { trusted_proxies: proxies, ..Options::default() }).await;
    let id = behind.article().title("Budget passes in parliament").insert().await;
    let path = format!("/en/news/{id}/budget-passes-in-parliament");
    for i in 0..30 {
        let response = behind
            .client
            .get(behind.url(&path))
            .header("cookie", format!("nd_vid={:016x}", 0xb000 + i))
            .header("x-forwarded-for", format!("203.0.113.{}", 100 + i))
            .send();
        assert_eq!(response.await.unwrap().status(), 200);
    }
    behind.flush_views().await;
    assert_eq!(views_of(&behind, id).await, 30);
}
