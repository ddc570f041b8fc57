//! Scale-out: two `newsdesk serve` processes on one PostgreSQL database behind a round-robin
//! nginx, as an operator runs them. What one node does shows on the other within seconds, cached
//! pages included; sessions, login throttles, view counts and media are shared; a node that
//! loses its database says so with a 503 instead of hanging, and recovers when it is back.
//!
//! These tests run only on PostgreSQL (`NEWSDESK_TEST_DATABASE_URL`) and need `nginx` (Debian
//! `nginx-light`): with the database set and nginx missing they fail rather than skip.

mod clients;
mod cluster;
mod db_link;

use std::time::Duration;

use serde_json::Value;
use tokio::time::Instant;

use crate::helpers::{Page, set_cookie};
use clients::{Browser, Newsroom, READER_PASSWORD};
use cluster::{Cluster, path_of};

/// Generates one `#[tokio::test]` per listed `async fn(Cluster)`, on PostgreSQL only: nodes of
/// one site share a database server, which SQLite is not.
macro_rules! on_a_cluster {
    ($($name:ident),* $(,)?) => {
        mod postgres {
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $name() {
                match super::Cluster::start().await {
                    Some(cluster) => super::$name(cluster).await,
                    None => $crate::helpers::skip_postgres("multi-node run"),
                }
            })*
        }
    };
}

on_a_cluster!(
    a_story_published_edited_and_unpublished_on_one_node_reaches_the_other_within_two_seconds,
    a_comment_posted_on_one_node_shows_on_the_other_within_two_seconds,
    a_login_on_one_node_holds_on_the_other_until_logout,
    failed_logins_are_throttled_across_nodes,
    views_counted_on_both_nodes_add_up_exactly,
    media_uploaded_on_one_node_is_served_by_the_other,
    publishing_and_commenting_through_the_load_balancer_reach_every_node,
    a_node_that_loses_its_database_answers_503_and_recovers,
    a_front_and_a_breaking_banner_set_on_one_node_show_on_the_other_within_two_seconds,
    a_page_published_on_one_node_joins_the_footer_of_the_other_within_two_seconds,
);

/// How long a change made on one node may take to show on another.
const PROPAGATION: Duration = Duration::from_secs(2);
const POLL_EVERY: Duration = Duration::from_millis(100);
const SEED: &str = "/en/news/1/russia-officially-recognises-afghanistans-taliban-govt";

// ---------------------------------------------------------------------------------------------
// The checks

async fn a_story_published_edited_and_unpublished_on_one_node_reaches_the_other_within_two_seconds(cluster: Cluster) {
    let (a, b) = (&cluster.a, &cluster.b);
    let newsroom = Newsroom::login(&a.base).await;
    // Node B renders its home before the story exists, so a page cache would hold the old one.
    assert!(!cluster.page(&b.url("/en/")).await.html.contains("Padma bridge tolls"));

    let story = newsroom.publish("Padma bridge tolls top a billion taka", "Tolls passed a billion taka.").await;
    let id = story["id"].as_i64().unwrap();
    within(PROPAGATION, "node B's home lists the story published on node A", async || {
        let titles = cluster.titles_linking_to(&b.url("/en/"), id).await;
        seen(titles.iter().any(|t| t == "Padma bridge tolls top a billion taka"), titles)
    })
    .await;
    let path = path_of(story["url"].as_str().unwrap());
    within(PROPAGATION, "node B serves the article published on node A", async || {
        let (status, headline) = cluster.headline(&b.base, &path).await;
        seen(headline.as_deref() == Some("Padma bridge tolls top a billion taka"), (status, headline))
    })
    .await;

    let edited = newsroom.retitle(&story, "Padma bridge tolls top two billion taka").await;
    let path = path_of(edited["url"].as_str().unwrap());
    within(PROPAGATION, "node B's article page shows the headline edited on node A", async || {
        let (status, headline) = cluster.headline(&b.base, &path).await;
        seen(headline.as_deref() == Some("Padma bridge tolls top two billion taka"), (status, headline))
    })
    .await;
    within(PROPAGATION, "node B's home shows the headline edited on node A", async || {
        let titles = cluster.titles_linking_to(&b.url("/en/"), id).await;
        seen(titles.iter().all(|t| t == "Padma bridge tolls top two billion taka") && !titles.is_empty(), titles)
    })
    .await;

    newsroom.unpublish(&edited).await;
    within(PROPAGATION, "node B's article page answers 404 once node A unpublished it", async || {
        let (status, headline) = cluster.headline(&b.base, &path).await;
        seen(status == 404, (status, headline))
    })
    .await;
    within(PROPAGATION, "node B's home drops the story node A unpublished", async || {
        let titles = cluster.titles_linking_to(&b.url("/en/"), id).await;
        seen(titles.is_empty(), titles)
    })
    .await;
}

async fn a_page_published_on_one_node_joins_the_footer_of_the_other_within_two_seconds(cluster: Cluster) {
    let (a, b) = (&cluster.a, &cluster.b);
    let newsroom = Newsroom::login(&a.base).await;
    let footer = async || cluster.page(&b.url("/en/")).await.texts(".footer-pages a");
    // Node B renders its home before the page exists, so a page cache would hold the old footer.
    assert!(!footer().await.contains(&"Advertise".to_owned()));
    let (status, page) = newsroom
        .send(
            reqwest::Method::POST,
            "/api/v1/newsroom/pages",
            serde_json::json!({"lang": "en", "title": "Advertise", "slug": "advertise", "body": "Rates on request."}),
        )
        .await;
    assert_eq!(status, 201, "{page}");
    let publish = format!("/api/v1/newsroom/pages/{}/publish", page["id"]);
    assert_eq!(newsroom.send(reqwest::Method::POST, &publish, serde_json::json!({})).await.0, 200);
    within(PROPAGATION, "node B's footer lists the page published on node A", async || {
        let links = footer().await;
        seen(links.contains(&"Advertise".to_owned()), links)
    })
    .await;
    let unpublish = format!("/api/v1/newsroom/pages/{}/unpublish", page["id"]);
    assert_eq!(newsroom.send(reqwest::Method::POST, &unpublish, serde_json::json!({})).await.0, 200);
    within(PROPAGATION, "node B's footer drops the page node A took down", async || {
        let links = footer().await;
        seen(!links.contains(&"Advertise".to_owned()), links)
    })
    .await;
    within(PROPAGATION, "node B answers 404 at the page's address", async || {
        let status = reqwest::get(b.url("/en/advertise")).await.map(|r| r.status().as_u16()).unwrap_or(0);
        seen(status == 404, status)
    })
    .await;
}

async fn a_comment_posted_on_one_node_shows_on_the_other_within_two_seconds(cluster: Cluster) {
    let (a, b) = (&cluster.a, &cluster.b);
    let reader = Browser::new();
    assert_eq!(reader.register(&a.base, "rahim@readers.test", "Rahim Uddin").await.status(), 303);
    // Node B renders the article before the comment exists.
    assert_eq!(cluster.page(&b.url(SEED)).await.text("#comments-heading"), "Comments (0)");

    let posted = reader
        .submit(&a.base, SEED, "/en/news/1/comments", &[("body", "Kabul's neighbours will follow."), ("website", "")])
        .await;
    assert_eq!(posted.status(), 303, "the comment is accepted on node A");
    let location = posted.headers()["location"].to_str().unwrap().to_owned();
    let comment = location.rsplit_once("#comment-").map(|(_, id)| id.to_owned()).expect("lands on the new comment");

    within(PROPAGATION, "node B's article page shows the comment posted on node A", async || {
        let page = cluster.page(&b.url(SEED)).await;
        let body = page.texts(&format!("#comment-{comment} .comment-body"));
        seen(body == ["Kabul's neighbours will follow."] && page.text("#comments-heading") == "Comments (1)", body)
    })
    .await;
}

async fn a_login_on_one_node_holds_on_the_other_until_logout(cluster: Cluster) {
    let (a, b) = (&cluster.a, &cluster.b);
    assert_eq!(Browser::new().register(&a.base, "sarah@readers.test", "Sarah Karim").await.status(), 303);
    // Node B renders the article for anonymous readers first, so a cached copy exists.
    assert!(cluster.page(&b.url(SEED)).await.texts("textarea").is_empty());

    let browser = Browser::new();
    let login = browser.login(&a.base, "sarah@readers.test", READER_PASSWORD).await;
    assert_eq!(login.status(), 303, "logged in on node A");
    let session = set_cookie(&login, "nd_session").expect("a session cookie");
    let session = session.split(';').next().unwrap().to_owned();

    // The same cookie, sent to node B by hand.
    let account = cluster.client.get(b.url("/account")).header("cookie", &session).send().await.unwrap();
    assert_eq!(account.status(), 200, "node B knows the session node A started");
    let article = cluster.client.get(b.url(SEED)).header("cookie", &session).send().await.unwrap();
    let article = Page::new(&article.text().await.unwrap());
    assert_eq!(article.texts("textarea[name=body]").len(), 1, "node B offers the comment form");
    assert_eq!(article.text(".comment-form .as strong"), "Sarah Karim");

    let logout = browser.submit(&a.base, "/account", "/logout", &[]).await;
    assert_eq!(logout.status(), 303, "logged out on node A");
    // At once, not eventually: node B lets the ended session do nothing.
    let account = cluster.client.get(b.url("/account")).header("cookie", &session).send().await.unwrap();
    assert_eq!(account.status(), 303, "node B refuses the session node A ended");
    assert!(account.headers()["location"].to_str().unwrap().starts_with("/login"));
    let csrf = "0123456789abcdef0123456789abcdef";
    let comment = cluster
        .client
        .post(b.url("/en/news/1/comments"))
        .header("cookie", format!("{session}; nd_csrf={csrf}"))
        .form(&[("body", "Posted after logging out."), ("csrf", csrf)])
        .send()
        .await
        .unwrap();
    assert_eq!(comment.status(), 403, "node B refuses a comment on the session node A ended");
    assert_eq!(cluster.comment_count().await, 0);
    // The comment box of its cached article page follows as fast as any other change.
    within(PROPAGATION, "node B's article page drops the comment form of the session node A ended", async || {
        let article = cluster.client.get(b.url(SEED)).header("cookie", &session).send().await.unwrap();
        let article = Page::new(&article.text().await.unwrap());
        seen(
            article.texts("textarea").is_empty() && article.texts(".login-note").len() == 1,
            article.texts(".comment-form .as"),
        )
    })
    .await;
}

async fn failed_logins_are_throttled_across_nodes(cluster: Cluster) {
    let nodes = [&cluster.a, &cluster.b];
    assert_eq!(Browser::new().register(&cluster.a.base, "anika@readers.test", "Anika").await.status(), 303);

    // Five failed logins for one account from one address, alternating nodes, lock it on both.
    let guesser = Browser::from_address("198.51.100.4");
    for attempt in 0..5 {
        let node = nodes[attempt % 2];
        let response = guesser.login(&node.base, "anika@readers.test", "wrong guess").await;
        assert_eq!(response.status(), 401, "failed login {} on node {}", attempt + 1, node.name);
    }
    for node in nodes {
        let response = guesser.login(&node.base, "anika@readers.test", READER_PASSWORD).await;
        assert_eq!(response.status(), 429, "node {} counts the other node's failures for the account", node.name);
        assert!(response.headers().contains_key("retry-after"));
    }

    // Twenty failed logins from one address, whatever the accounts, lock the address on both.
    let sprayer = Browser::from_address("198.51.100.20");
    for attempt in 0..20 {
        let node = nodes[attempt % 2];
        let response = sprayer.login(&node.base, &format!("guess{attempt}@readers.test"), "wrong guess").await;
        assert_eq!(response.status(), 401, "failed login {} on node {}", attempt + 1, node.name);
    }
    for node in nodes {
        let response = sprayer.login(&node.base, "anika@readers.test", READER_PASSWORD).await;
        assert_eq!(response.status(), 429, "node {} counts the other node's failures for the address", node.name);
    }
    // Another address is not locked out by either.
    let other = Browser::from_address("198.51.100.99");
    assert_eq!(other.login(&cluster.b.base, "anika@readers.test", READER_PASSWORD).await.status(), 303);
}

async fn views_counted_on_both_nodes_add_up_exactly(cluster: Cluster) {
    const VISITORS: usize = 20;
    let (a, b) = (&cluster.a, &cluster.b);
    let before = cluster.view_count(1).await;
    // A script renders the page on both nodes first, so that readers may be served from a
    // cache; scripts are never counted.
    for node in [a, b] {
        let response = cluster.client.get(node.url(SEED)).header("user-agent", "curl/8.5.0").send().await.unwrap();
        assert_eq!(response.status(), 200);
    }

    for visitor in 0..VISITORS {
        let node = if visitor % 2 == 0 { a } else { b };
        let response = cluster
            .client
            .get(node.url(SEED))
            .header("cookie", format!("nd_vid={:016x}", 0x5eed_0000 + visitor))
            .header("x-forwarded-for", format!("203.0.113.{}", visitor + 1))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "visitor {visitor} on node {}", node.name);
    }

    let expected = before + VISITORS as i64;
    within(Duration::from_secs(5), "both nodes' views reach the database", async || {
        let count = cluster.view_count(1).await;
        assert!(count <= expected, "{} views counted for {VISITORS} visitors", count - before);
        seen(count == expected, count - before)
    })
    .await;
    // One more flush interval: nothing is written twice.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(cluster.view_count(1).await - before, VISITORS as i64, "views stay counted once");
}

async fn media_uploaded_on_one_node_is_served_by_the_other(cluster: Cluster) {
    let (a, b) = (&cluster.a, &cluster.b);
    let newsroom = Newsroom::login(&a.base).await;
    let media = newsroom.upload(crate::media::png(1200, 800), "Officials meet in Kabul").await;
    let mut urls = vec![path_of(media["url"].as_str().unwrap())];
    urls.extend(media["renditions"].as_array().unwrap().iter().map(|r| path_of(r["url"].as_str().unwrap())));
    assert_eq!(urls.len(), 3, "the original and two renditions: {media}");

    for path in urls {
        let from_a = cluster.client.get(a.url(&path)).send().await.unwrap();
        assert_eq!(from_a.status(), 200, "node A serves {path}");
        let from_a = from_a.bytes().await.unwrap();
        let from_b = cluster.client.get(b.url(&path)).send().await.unwrap();
        assert_eq!(from_b.status(), 200, "node B serves {path}, uploaded on node A");
        assert!(from_b.bytes().await.unwrap() == from_a, "node B serves the same bytes as node A for {path}");
    }
}

async fn publishing_and_commenting_through_the_load_balancer_reach_every_node(cluster: Cluster) {
    let proxy = &cluster.proxy;
    // Both nodes render the home and the article before anything changes.
    cluster.on_every_node(&proxy.url("/en/")).await;
    cluster.on_every_node(&proxy.url(SEED)).await;

    let newsroom = Newsroom::login(&proxy.base).await;
    let story = newsroom.publish("Metro rail runs until midnight", "Trains run later from Sunday.").await;
    let id = story["id"].as_i64().unwrap();
    within(PROPAGATION, "every node behind the proxy lists the new story", async || {
        let pages = cluster.on_every_node(&proxy.url("/en/")).await;
        let missing: Vec<&str> = pages.iter().filter(|(_, p)| !links_to(p, id)).map(|(node, _)| *node).collect();
        seen(missing.is_empty(), format!("missing on node {missing:?}"))
    })
    .await;
    let path = path_of(story["url"].as_str().unwrap());
    within(PROPAGATION, "every node behind the proxy serves the new article", async || {
        let pages = cluster.on_every_node(&proxy.url(&path)).await;
        let headlines: Vec<(&str, Vec<String>)> =
            pages.iter().map(|(node, p)| (*node, p.texts("article.article h1"))).collect();
        seen(headlines.iter().all(|(_, h)| h == &["Metro rail runs until midnight"]), headlines)
    })
    .await;

    let reader = Browser::new();
    assert_eq!(reader.register(&proxy.base, "nadia@readers.test", "Nadia Islam").await.status(), 303);
    let posted = reader
        .submit(&proxy.base, SEED, "/en/news/1/comments", &[("body", "Seen from both nodes."), ("website", "")])
        .await;
    assert_eq!(posted.status(), 303, "the comment is accepted through the proxy");
    within(PROPAGATION, "every node behind the proxy shows the new comment", async || {
        let pages = cluster.on_every_node(&proxy.url(SEED)).await;
        let bodies: Vec<(&str, Vec<String>)> =
            pages.iter().map(|(node, p)| (*node, p.texts(".comment-body"))).collect();
        seen(bodies.iter().all(|(_, b)| b == &["Seen from both nodes."]), bodies)
    })
    .await;
}

async fn a_node_that_loses_its_database_answers_503_and_recovers(cluster: Cluster) {
    let topic = cluster.any_topic_path().await;
    let newsroom = Newsroom::login(&cluster.a.base).await;
    let (a, b) = (&cluster.a, &cluster.b);
    // Node B has rendered the home and the article; it has never rendered the topic page.
    assert_eq!(cluster.client.get(b.url("/en/")).send().await.unwrap().status(), 200);
    assert_eq!(cluster.client.get(b.url(SEED)).send().await.unwrap().status(), 200);

    cluster.b_database.cut().await;
    let cut_at = Instant::now();
    let deadline = cut_at + Duration::from_secs(5);
    // A page node B cannot have cached must say the database is away, quickly.
    let unavailable = loop {
        let answer = cluster.timed(&b.url(&topic)).await;
        if answer.status == 503 || Instant::now() >= deadline {
            break answer;
        }
        tokio::time::sleep(POLL_EVERY).await;
    };
    unavailable.assert_unavailable_page(&format!("node B's topic page {topic}, {:?} after the cut", cut_at.elapsed()));

    // A page it rendered before may be served from its cache, or refused the same way.
    let article = cluster.timed(&b.url(SEED)).await;
    match article.status {
        200 => assert_eq!(Page::new(&article.body).texts("article.article h1").len(), 1, "a cached article page"),
        _ => article.assert_unavailable_page("node B's article page without its database"),
    }
    let health = cluster.timed(&b.url("/healthz")).await;
    assert_eq!(health.status, 503, "node B's /healthz without its database: {}", health.body);
    let health: Value = serde_json::from_str(&health.body).unwrap();
    assert_eq!(health["status"], "degraded");

    // Node A goes on as before, and its newsroom works.
    for path in ["/healthz", "/en/", SEED, topic.as_str()] {
        assert_eq!(cluster.timed(&a.url(path)).await.status, 200, "node A's {path} while node B is cut off");
    }
    let during = newsroom.publish("Chittagong port clears a record backlog", "The port cleared its backlog.").await;

    cluster.b_database.restore().await;
    within(Duration::from_secs(10), "node B's /healthz recovers once its database is back", async || {
        let health = cluster.timed(&b.url("/healthz")).await;
        seen(health.status == 200 && health.body.contains("\"ok\""), (health.status, health.body))
    })
    .await;
    for path in [topic.as_str(), SEED] {
        let answer = cluster.timed(&b.url(path)).await;
        assert_eq!(answer.status, 200, "node B renders {path} again");
    }
    // Changes made while it was cut off are not lost on it, and it hears of new ones again.
    let during = during["id"].as_i64().unwrap();
    within(Duration::from_secs(10), "node B's home lists the story published while it was cut off", async || {
        let titles = cluster.titles_linking_to(&b.url("/en/"), during).await;
        seen(!titles.is_empty(), titles)
    })
    .await;
    let after = newsroom.publish("Dhaka air quality improves after rain", "The rain cleared the air.").await;
    let after = after["id"].as_i64().unwrap();
    within(PROPAGATION, "node B's home lists a story published after it reconnected", async || {
        let titles = cluster.titles_linking_to(&b.url("/en/"), after).await;
        seen(!titles.is_empty(), titles)
    })
    .await;
    assert_eq!(cluster.timed(&a.url("/healthz")).await.status, 200, "node A stayed healthy");
}

async fn a_front_and_a_breaking_banner_set_on_one_node_show_on_the_other_within_two_seconds(cluster: Cluster) {
    let (a, b) = (&cluster.a, &cluster.b);
    let newsroom = Newsroom::login(&a.base).await;
    // Node B keeps its home page as it is before the change.
    let before = cluster.page(&b.url("/en/")).await;
    assert!(before.texts(".breaking").is_empty());
    let older = newsroom.publish("Older story the editors choose to lead", "Chosen.").await;
    newsroom.publish("A newer story that would lead on its own", "Newer.").await;
    let id = older["id"].as_i64().unwrap();
    let (status, body) =
        newsroom.put("/api/v1/newsroom/fronts/en", serde_json::json!({"lead": id, "version": 0})).await;
    assert_eq!(status, 200, "{body}");
    within(PROPAGATION, "node B's home leads with the story chosen on node A", async || {
        let page = cluster.page(&b.url("/en/")).await;
        let lead = page.attrs(".lead h2 a", "href");
        seen(lead.iter().any(|href| href.starts_with(&format!("/en/news/{id}/"))), lead)
    })
    .await;

    let (status, body) = newsroom
        .put("/api/v1/newsroom/breaking/en", serde_json::json!({"text": "Cyclone warning for the coast"}))
        .await;
    assert_eq!(status, 200, "{body}");
    within(PROPAGATION, "node B's pages show the banner put up on node A", async || {
        let page = cluster.page(&b.url("/en/")).await;
        seen(page.texts(".breaking").join(" ").contains("Cyclone warning"), page.texts(".breaking"))
    })
    .await;
    assert_eq!(newsroom.delete("/api/v1/newsroom/breaking/en").await, 204);
    within(PROPAGATION, "node B's pages drop the banner taken down on node A", async || {
        let page = cluster.page(&b.url("/en/")).await;
        seen(page.texts(".breaking").is_empty(), page.texts(".breaking"))
    })
    .await;
}

// ---------------------------------------------------------------------------------------------
// Polling

/// Runs `probe` every 100 ms until it succeeds; fails the test with what it saw last if it has
/// not succeeded after `limit`.
async fn within(limit: Duration, what: &str, mut probe: impl AsyncFnMut() -> Result<(), String>) {
    let deadline = Instant::now() + limit;
    loop {
        match probe().await {
            Ok(()) => return,
            Err(last) if Instant::now() >= deadline => panic!("{what}: not within {limit:?}; last seen: {last}"),
            Err(_) => tokio::time::sleep(POLL_EVERY).await,
        }
    }
}

/// A probe's verdict, with what it saw for the failure message.
fn seen(ok: bool, observed: impl std::fmt::Debug) -> Result<(), String> {
    if ok { Ok(()) } else { Err(format!("{observed:?}")) }
}

/// Whether a page links to article `id`.
fn links_to(page: &Page, id: i64) -> bool {
    !page.texts(&format!("a[href^='/en/news/{id}/']")).is_empty()
}
