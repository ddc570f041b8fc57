//! The newsroom in Bangla: a newsroom whose every person chose Bangla, filled with Bangla
//! content only, is walked page by page (every newsroom page of the permission table); any
//! Latin word or digit on a page is text nobody translated.

use newsdesk::clock::Clock;
use newsdesk::comments::db::NewComment;
use newsdesk::comments::model::{CommentBody, Moderation};
use reqwest::Method;
use reqwest::multipart::{Form, Part};
use serde_json::json;

use crate::helpers::{Options, Page, TestApp, TestDb};

crate::on_both_databases!(every_newsroom_page_speaks_bangla_to_those_who_chose_it);

/// The Latin words and digits of a page's visible text (text, placeholders, accessible names,
/// titles, alt text and button values), leaving out what is not words: addresses, paths, mail
/// addresses, and anything marked as another language with `lang`.
fn untranslated(html: &str) -> Vec<String> {
    let doc = scraper::Html::parse_document(html);
    let mut found = Vec::new();
    let mut check = |text: &str| {
        for word in text.split(|c: char| c.is_whitespace() || matches!(c, '(' | ')' | ',' | ';' | '“' | '”' | '"'))
        {
            let word = word.trim_matches(|c: char| c.is_ascii_punctuation() && c != '/' && c != '#');
            let latin = word.chars().any(|c| c.is_ascii_alphanumeric());
            let address = word.contains('@') || word.starts_with('/') || word.starts_with("http");
            if latin && !address {
                found.push(word.to_owned());
            }
        }
    };
    let skip = scraper::Selector::parse("script, style, head, textarea, code, [lang]:not(html)").unwrap();
    let skipped: std::collections::HashSet<_> =
        doc.select(&skip).flat_map(|e| e.descendants().map(|n| n.id())).collect();
    for node in doc.root_element().descendants() {
        if skipped.contains(&node.id()) {
            continue;
        }
        if let Some(text) = node.value().as_text() {
            check(text);
        }
        if let Some(element) = node.value().as_element() {
            for attr in ["placeholder", "aria-label", "title", "alt"] {
                if let Some(value) = element.attr(attr) {
                    check(value);
                }
            }
            if element.name() == "input" && matches!(element.attr("type"), Some("submit" | "button")) {
                check(element.attr("value").unwrap_or(""));
            }
        }
    }
    found.sort();
    found.dedup();
    found
}

#[test]
fn the_check_finds_latin_words_and_digits_and_passes_bangla() {
    let html = r#"<html lang="bn"><body><h1>প্রতিবেদন ১২</h1><p>Save 12</p>
        <a href="/x">/newsroom/bylines</a> <span lang="en">English</span> a@b.test
        <input placeholder="খুঁজুন"><button aria-label="Close">×</button><script>var x = 1;</script></body></html>"#;
    assert_eq!(untranslated(html), ["12", "Close", "Save"]);
}

async fn every_newsroom_page_speaks_bangla_to_those_who_chose_it(db: TestDb) {
    let app = TestApp::spawn_with(db, Options { sample_content: false, ..Options::default() }).await;
    let pool = &app.state.db.pool;
    let admin = app.staff("admin", "Walk Admin").await;
    let editor = app.staff("editor", "Walk Editor").await;
    let reporter = app.staff("reporter", "Walk Reporter").await;
    app.staff("moderator", "Walk Moderator").await;

    // Everyone's name in Bangla, and Bangla chosen by everyone, before anything is written.
    let names = ["আলম", "নাদিয়া", "করিম", "রুমা", "প্রধান", "সাকিব"];
    let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM users ORDER BY id").fetch_all(pool).await.unwrap();
    for (n, id) in ids.iter().enumerate() {
        let name = format!("{} {}", names[n % names.len()], newsdesk::editions::bangla_digits(&n.to_string()));
        sqlx::query("UPDATE users SET display_name = $2, newsroom_lang = 'bn' WHERE id = $1")
            .bind(id)
            .bind(&name)
            .execute(pool)
            .await
            .unwrap();
        sqlx::query("UPDATE bylines SET name = $2, name_bn = $2 WHERE user_id = $1")
            .bind(id)
            .bind(&name)
            .execute(pool)
            .await
            .unwrap();
    }
    let (status, body) = admin.put("/api/v1/newsroom/settings", json!({"site_name_bn": "খবরের পাতা"})).await;
    assert_eq!(status, 200, "{body}");

    // A Bangla newsroom: sections, topics, stories, a byline profile, a photo, a poll, a page.
    let (status, body) =
        admin.post("/api/v1/newsroom/sections", json!({"lang": "bn", "name": "খেলা", "slug": "khela"})).await;
    assert_eq!(status, 201, "{body}");
    let (status, body) = reporter.post("/api/v1/newsroom/topics", json!({"lang": "bn", "name": "ক্রিকেট"})).await;
    assert_eq!(status, 201, "{body}");
    let topic = body["id"].as_i64().unwrap();
    let topic_slug = body["slug"].as_str().unwrap().to_owned();
    let form =
        Form::new().part("file", Part::bytes(crate::media::png(800, 600)).file_name("a.png")).text("alt", "মাঠে খেলোয়াড়");
    let (status, media) = crate::media::upload(&app, &reporter.token, form).await;
    assert_eq!(status, 201, "{media}");
    let story = |title: &str| {
        json!({"lang": "bn", "title": title, "standfirst": "সংক্ষেপে।", "body": "প্রথম অনুচ্ছেদ।", "section": "khela",
            "topics": [topic_slug], "image_id": media["id"]})
    };
    let (status, published) = reporter.post("/api/v1/newsroom/articles", story("টাইগারদের জয়")).await;
    assert_eq!(status, 201, "{published}");
    let published = published["id"].as_i64().unwrap();
    assert_eq!(editor.post(&format!("/api/v1/newsroom/articles/{published}/publish"), json!({})).await.0, 200);
    let (status, draft) = reporter.post("/api/v1/newsroom/articles", story("বৃষ্টিতে খেলা বন্ধ")).await;
    assert_eq!(status, 201, "{draft}");
    let draft = draft["id"].as_i64().unwrap();
    assert_eq!(reporter.post(&format!("/api/v1/newsroom/articles/{draft}/submit"), json!({})).await.0, 200);
    let (status, body) =
        editor.post(&format!("/api/v1/newsroom/articles/{draft}/return"), json!({"note": "সূত্র যোগ করুন।"})).await;
    assert_eq!(status, 200, "{body}");
    let (status, body) =
        editor.post(&format!("/api/v1/newsroom/articles/{draft}/notes"), json!({"body": "ছবি বদলাতে হবে।"})).await;
    assert_eq!(status, 201, "{body}");
    let (status, poll) = editor
        .post(
            "/api/v1/newsroom/polls",
            json!({"lang": "bn", "question": "কে জিতবে?", "options": ["বাংলাদেশ", "ভারত"],
                "closes_at": chrono::DateTime::from_timestamp(app.clock.now() + 86_400, 0).unwrap().to_rfc3339()}),
        )
        .await;
    assert_eq!(status, 201, "{poll}");
    let (status, page) = editor
        .post(
            "/api/v1/newsroom/pages",
            json!({"lang": "bn", "title": "সম্পাদকের কথা", "slug": "sompadok", "body": "লেখা।"}),
        )
        .await;
    assert_eq!(status, 201, "{page}");
    // Redirects: one an editor made, one an import made.
    let (status, body) =
        editor.post("/api/v1/newsroom/redirects", json!({"from": "/purono/khela", "to": "/bn/category/khela"})).await;
    assert_eq!(status, 201, "{body}");
    let mut conn = pool.acquire().await.unwrap();
    newsdesk::redirects::db::add(&mut conn, "/?p=12", "/bn/", app.clock.now(), None).await.unwrap();
    drop(conn);
    let body = CommentBody::parse("চমৎকার খেলা").unwrap();
    let reader: i64 = sqlx::query_scalar(
        "INSERT INTO users (email, display_name, password_hash, role, created_at) VALUES ('pathok@readers.test', 'পাঠক', 'x', 'reader', 0) RETURNING id",
    )
    .fetch_one(pool)
    .await
    .unwrap();
    let comment = NewComment {
        article_id: published,
        user_id: reader,
        parent_id: None,
        body: &body,
        moderation: Moderation::Held,
        at: 0,
    };
    newsdesk::comments::db::insert(&app.state.db, comment, None).await.unwrap();
    assert_eq!(
        admin.post("/api/v1/newsroom/invites", json!({"email": "notun@example.com", "role": "reporter"})).await.0,
        201
    );
    let byline: i64 = sqlx::query_scalar("SELECT id FROM bylines WHERE user_id = $1")
        .bind(reporter.id)
        .fetch_one(pool)
        .await
        .unwrap();

    let ids = |path: &str| -> String {
        let id = if path.starts_with("/newsroom/articles/") {
            draft
        } else if path.starts_with("/newsroom/bylines/") {
            byline
        } else if path.starts_with("/newsroom/polls/") {
            poll["id"].as_i64().unwrap()
        } else if path.starts_with("/newsroom/pages/") {
            page["id"].as_i64().unwrap()
        } else {
            topic
        };
        path.replace("{id}", &id.to_string()).replace("{lang}", "bn").replace("{section}", "khela")
    };
    let mut pages: Vec<String> = newsdesk::newsroom::route_table()
        .into_iter()
        .filter(|e| e.method == Method::GET && e.path.starts_with("/newsroom"))
        .map(|e| ids(&e.path))
        .collect();
    pages.extend(["/newsroom?status=review".into(), format!("/newsroom/articles/{published}")]);
    let mut problems = Vec::new();
    let app = &app;
    let walk = |who: &'static str, email: String| async move {
        let browser = app.browser();
        assert_eq!(browser.login(&email, "staff pass phrase").await.status(), 303, "{who}");
        browser
    };
    let admin_browser = walk("admin", "walk.admin@staff.test".into()).await;
    for path in &pages {
        let response = admin_browser.get(path).await;
        assert_eq!(response.status(), 200, "{path}");
        let html = response.text().await.unwrap();
        assert!(Page::new(&html).attr("html", "lang") == "bn", "{path} says it is Bangla");
        let words = untranslated(&html);
        if !words.is_empty() {
            problems.push(format!("{path}: {words:?}"));
        }
    }
    // What the other roles meet: their own pages, and a refusal that says what they can do.
    let reporter_browser = walk("reporter", "walk.reporter@staff.test".into()).await;
    let moderator_browser = walk("moderator", "walk.moderator@staff.test".into()).await;
    for (who, browser, path, status) in [
        ("reporter", &reporter_browser, "/newsroom".to_owned(), 200),
        ("reporter", &reporter_browser, format!("/newsroom/articles/{draft}"), 200),
        ("reporter", &reporter_browser, "/newsroom/notifications".to_owned(), 200),
        ("reporter", &reporter_browser, "/newsroom/staff".to_owned(), 403),
        ("moderator", &moderator_browser, "/newsroom/comments".to_owned(), 200),
        ("moderator", &moderator_browser, "/newsroom/polls".to_owned(), 403),
    ] {
        let response = browser.get(&path).await;
        assert_eq!(response.status(), status, "{who} {path}");
        let html = response.text().await.unwrap();
        // A refusal is an error page of the site; its message is the newsroom's.
        let html = if status == 403 { format!("<p>{}</p>", Page::new(&html).text(".message")) } else { html };
        let words = untranslated(&html);
        if !words.is_empty() {
            problems.push(format!("{who} {path}: {words:?}"));
        }
    }
    assert!(problems.is_empty(), "untranslated newsroom text:\n{}", problems.join("\n"));
}
