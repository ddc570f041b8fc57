//! The story editor's body and what stands around it: one stored body format (HTML given as
//! `body_html` or Markdown as `body`, sanitised by one allowlist), photos and embeds on the
//! public page, autosave, who else is editing, Bijoy conversion and preview links.

use reqwest::multipart::{Form, Part};
use serde_json::json;

use crate::helpers::{Page, StaffClient, TestApp, TestDb};
use crate::media::{png, upload};

crate::on_both_databases!(
    an_html_body_is_sanitised_stored_and_shown_with_its_photo_and_embed,
    a_markdown_body_becomes_the_stored_form_and_a_post_address_an_embed,
    bodies_that_cannot_be_stored_are_refused_and_change_nothing,
    hostile_html_never_reaches_the_page,
    stories_written_in_markdown_are_converted_and_render_as_before,
    revisions_compare_the_text_of_each_block,
    bijoy_text_is_converted_to_unicode,
    autosave_keeps_a_copy_apart_from_the_versions_and_the_editor_restores_it,
    two_people_in_one_story_see_each_other,
    a_preview_link_shows_the_draft_to_anyone_until_it_expires,
    pickers_search_the_library_and_the_other_editions_headlines,
);

/// Uploads a 1200×800 image with `alt`; returns its id.
async fn photo(app: &TestApp, staff: &StaffClient, alt: &str) -> i64 {
    let form = Form::new()
        .part("file", Part::bytes(png(1200, 800)).file_name("boat.png"))
        .text("alt", alt.to_owned())
        .text("caption", "The library's caption")
        .text("credit", "Library credit");
    let (status, body) = upload(app, &staff.token, form).await;
    assert_eq!(status, 201, "{body}");
    body["id"].as_i64().unwrap()
}

fn message(body: &serde_json::Value) -> String {
    body["error"]["message"].as_str().unwrap_or_default().to_owned()
}

/// Creates an English sports story with `body` (a JSON field and value) and publishes it;
/// returns its id and public path.
async fn published(editor: &StaffClient, title: &str, body: (&str, &str)) -> (i64, String) {
    let mut input = json!({"lang": "en", "title": title, "section": "sports", "byline": ["sports-desk"]});
    input[body.0] = json!(body.1);
    let (status, created) = editor.post("/api/v1/newsroom/articles", input).await;
    assert_eq!(status, 201, "{created}");
    let id = created["id"].as_i64().unwrap();
    let (status, done) = editor.post(&format!("/api/v1/newsroom/articles/{id}/publish"), json!({"version": 1})).await;
    assert_eq!(status, 200, "{done}");
    let url = done["url"].as_str().unwrap();
    (id, url[url.find("/en/").unwrap()..].to_owned())
}

async fn an_html_body_is_sanitised_stored_and_shown_with_its_photo_and_embed(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let editor = app.staff("editor", "Body Editor").await;
    let image = photo(&app, &editor, "A ferry on the Padma").await;
    let html = format!(
        "<h2>On the river</h2><p>The <strong>ferry</strong> left at <em>dawn</em>.</p>\
         <figure data-media=\"{image}\" data-size=\"full\" data-credit=\"Photo: Rina\">\
         <figcaption>Passengers board at Mawa, for this story</figcaption></figure>\
         <figure data-embed=\"youtube\" data-url=\"https://www.youtube.com/watch?v=dQw4w9WgXcQ\"></figure>\
         <blockquote class=\"pullquote\"><p>We waited all night.</p></blockquote>\
         <table><tbody><tr><th>Route</th><th>Boats</th></tr><tr><td>Mawa</td><td>12</td></tr></tbody></table>"
    );
    let (id, path) = published(&editor, "Ferries resume on the Padma", ("body_html", &html)).await;

    // The API gives the body back in the stored form: the library's alt text filled in.
    let (_, stored) = editor.get(&format!("/api/v1/newsroom/articles/{id}")).await;
    let body = stored["body_html"].as_str().unwrap();
    assert!(body.contains(&format!("<figure data-media=\"{image}\" data-size=\"full\" data-alt=\"A ferry on the Padma\" data-credit=\"Photo: Rina\"><figcaption>Passengers board at Mawa, for this story</figcaption></figure>")), "{body}");
    assert!(
        body.contains(
            "<figure data-embed=\"youtube\" data-url=\"https://www.youtube.com/watch?v=dQw4w9WgXcQ\"></figure>"
        ),
        "{body}"
    );
    assert!(body.contains("<blockquote class=\"pullquote\">"), "{body}");
    // "On the river", "The ferry left at dawn.", "We waited all night.", and the table's four cells: 16.
    assert_eq!(stored["words"], 16, "{stored}");
    assert_eq!(stored["reading_minutes"], 1);

    let response = app.get(&path).await;
    assert_eq!(response.status(), 200);
    let csp = response.headers()["content-security-policy"].to_str().unwrap().to_owned();
    let page = Page::new(&response.text().await.unwrap());
    // The photo: a responsive, lazily loaded figure with this story's caption and credit.
    let img = ".article-body figure.story-photo img";
    assert_eq!(page.attr(img, "alt"), "A ferry on the Padma");
    assert_eq!(page.attr(img, "loading"), "lazy");
    assert_eq!(page.attr(img, "width"), "1200");
    assert_eq!(page.attr(img, "height"), "800");
    assert!(page.attr(img, "srcset").contains(" 480w"), "{}", page.attr(img, "srcset"));
    assert_eq!(
        page.text(".article-body figure.story-photo figcaption"),
        "Passengers board at Mawa, for this story Photo: Rina"
    );
    // The video: a facade linking to it, the player only named for the click; nothing is
    // loaded from YouTube with the page, and its CSP frames exactly the privacy-enhanced player.
    assert_eq!(page.attr(".embed-play", "href"), "https://www.youtube.com/watch?v=dQw4w9WgXcQ");
    assert_eq!(
        page.attr(".embed-play", "data-player"),
        "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"
    );
    assert!(page.texts("iframe").is_empty());
    for attr in ["src", "href"] {
        for value in page.attrs(&format!("script[{attr}], img[{attr}], link[{attr}], iframe[{attr}]"), attr) {
            assert!(
                value.starts_with('/') || value.starts_with(&app.url("/")),
                "a third-party request on load: {value}"
            );
        }
    }
    assert!(csp.ends_with("frame-src 'self' https://www.youtube-nocookie.com"), "{csp}");
    assert!(page.attrs("script[src]", "src").iter().any(|s| s.starts_with("/assets/embed.")));
    assert_eq!(page.texts(".article-body table th"), vec!["Route", "Boats"]);

    // The same page from the cache keeps its CSP; a page without an embed has none of it.
    let again = app.get(&path).await;
    assert_eq!(again.headers()["content-security-policy"].to_str().unwrap(), csp);
    let (_, plain) = published(&editor, "No video here", ("body", "Just words.")).await;
    let plain = app.get(&plain).await;
    let plain_csp = plain.headers()["content-security-policy"].to_str().unwrap().to_owned();
    assert!(!plain_csp.contains("frame-src") && !plain_csp.contains("youtube"), "{plain_csp}");
    assert!(!plain.text().await.unwrap().contains("/assets/embed."), "no embed script without an embed");
}

async fn a_markdown_body_becomes_the_stored_form_and_a_post_address_an_embed(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let editor = app.staff("editor", "Markdown Editor").await;
    let md = "Watch the launch:\n\nhttps://youtu.be/dQw4w9WgXcQ\n\nAnd the reaction:\n\n\
              https://x.com/viewsbd/status/1790000000000000000\n\n| a | b |\n|---|---|\n| 1 | 2 |";
    let (id, path) = published(&editor, "Markdown still works", ("body", md)).await;
    let (_, stored) = editor.get(&format!("/api/v1/newsroom/articles/{id}")).await;
    let body = stored["body_html"].as_str().unwrap();
    assert!(
        body.contains("<figure data-embed=\"youtube\" data-url=\"https://youtu.be/dQw4w9WgXcQ\"></figure>"),
        "{body}"
    );
    assert!(
        body.contains(
            "<figure data-embed=\"x\" data-url=\"https://x.com/viewsbd/status/1790000000000000000\"></figure>"
        ),
        "{body}"
    );
    assert!(body.contains("<table>"), "{body}");
    let page = app.page(&path).await;
    assert_eq!(page.text(".embed-card .embed-provider"), "A post on X");
    assert_eq!(page.attr(".embed-card a", "href"), "https://x.com/viewsbd/status/1790000000000000000");
}

async fn bodies_that_cannot_be_stored_are_refused_and_change_nothing(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let editor = app.staff("editor", "Refused Editor").await;
    let id = editor.draft("A story with a body").await;
    let article = format!("/api/v1/newsroom/articles/{id}");
    let before = editor.get(&article).await.1;

    let (status, body) = editor.patch(&article, json!({"version": 1, "body": "x", "body_html": "<p>x</p>"})).await;
    assert_eq!(status, 422, "{body}");
    assert!(message(&body).contains("not both"), "{body}");
    let missing = "<p>Hi</p><figure data-media=\"99999\"><figcaption>Gone</figcaption></figure>";
    let (status, body) = editor.patch(&article, json!({"version": 1, "body_html": missing})).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(message(&body), "Photo 1 of the story (image 99999) is not in the media library.");
    // An image the library holds without alt text (as an import may bring it) needs the story's.
    let image = photo(&app, &editor, "Temporary").await;
    sqlx::query("UPDATE media SET alt = '' WHERE id = $1").bind(image).execute(&app.state.db.pool).await.unwrap();
    let no_alt = format!("<figure data-media=\"{image}\"></figure>");
    let (status, body) = editor.patch(&article, json!({"version": 1, "body_html": no_alt})).await;
    assert_eq!(status, 422, "{body}");
    assert!(message(&body).contains("needs alt text"), "{body}");
    let with_alt = format!("<figure data-media=\"{image}\" data-alt=\"Told here\"></figure>");
    let (status, body) = editor.patch(&article, json!({"version": 1, "body_html": "x".repeat(200_001)})).await;
    assert_eq!(status, 422, "{body}");
    let (status, body) = editor.patch(&article, json!({"version": 1, "body_html": 42})).await;
    assert!((400..500).contains(&status), "{status} {body}");
    assert_eq!(editor.get(&article).await.1, before, "nothing of the refused saves was stored");
    let (status, body) = editor.patch(&article, json!({"version": 1, "body_html": with_alt})).await;
    assert_eq!(status, 200, "{body}");
}

async fn hostile_html_never_reaches_the_page(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let editor = app.staff("editor", "Hostile Editor").await;
    let hostile = "<p onclick=\"steal()\" style=\"x\">Hello<script>alert(1)</script></p>\
        <img src=x onerror=alert(2)><a href=\"javascript:alert(3)\">click</a>\
        <a href=\" JaVaScRiPt:alert(4)\">spaced</a><iframe src=\"https://evil.example/\"></iframe>\
        <svg onload=alert(5)></svg><style>body{display:none}</style><object data=\"x\"></object>\
        <figure data-embed=\"youtube\" data-url=\"https://youtu.be/dQw4w9WgXcQ\"><figure data-embed=\"x\" \
        data-url=\"https://x.com/a/status/1\"></figure><iframe src=\"https://evil.example/inner\"></iframe></figure>\
        <figure data-embed=\"youtube\" data-url=\"javascript:alert(6)\"></figure>\
        <figure data-media=\"1 onerror=alert(7)\"></figure><form action=\"/x\"><input name=a></form>\
        <p><a href=\"https://ok.example/\" onmouseover=\"alert(8)\">fine</a></p>";
    let (id, path) = published(&editor, "Hostile body", ("body_html", hostile)).await;
    let (_, stored) = editor.get(&format!("/api/v1/newsroom/articles/{id}")).await;
    let body = stored["body_html"].as_str().unwrap().to_lowercase();
    for bad in [
        "script",
        "onerror",
        "onclick",
        "onload",
        "onmouseover",
        "javascript",
        "iframe",
        "svg",
        "style",
        "object",
        "<form",
        "<input",
        "evil.example",
        "data-media",
    ] {
        assert!(!body.contains(bad), "{bad} stored: {body}");
    }
    assert_eq!(body.matches("data-embed").count(), 1, "one embed, nothing nested: {body}");
    let html = app.get(&path).await.text().await.unwrap().to_lowercase();
    let article = &html[html.find("class=\"article-body\"").unwrap()
        ..html.find("class=\"topics\"").or(html.find("</article>")).unwrap()];
    for bad in ["<script>alert", "onerror", "onclick", "javascript:", "<iframe", "evil.example"] {
        assert!(!article.contains(bad), "{bad} on the page");
    }
    assert!(article.contains("<a href=\"https://ok.example/\" rel=\"noopener\">fine</a>"), "{article}");
}

async fn stories_written_in_markdown_are_converted_and_render_as_before(db: TestDb) {
    let app = TestApp::spawn(db).await;
    // Every sample story was stored from its Markdown and shows it as it always rendered.
    let rows: Vec<(i64, String)> = sqlx::query_as("SELECT id, body_html FROM articles WHERE sample_key IS NOT NULL")
        .fetch_all(&app.state.db.pool)
        .await
        .unwrap();
    assert!(rows.len() > 10);
    // A story saved before this version: Markdown only, its HTML as the Markdown renderer made it.
    let md = "A *legacy* story with a [link](https://example.com \"t\") and ![a photo](/media/old.jpg).\n\n> Quoted.\n\n- one\n- two";
    let old_html = newsdesk::html::markdown(md).into_string();
    let id = app.article().title("Written long ago").body("placeholder").insert().await;
    sqlx::query("UPDATE articles SET body = '', body_md = $2, body_html = $3 WHERE id = $1")
        .bind(id)
        .bind(md)
        .bind(&old_html)
        .execute(&app.state.db.pool)
        .await
        .unwrap();
    sqlx::query("UPDATE article_revisions SET body = '', body_md = $2 WHERE article_id = $1")
        .bind(id)
        .bind(md)
        .execute(&app.state.db.pool)
        .await
        .unwrap();
    let revisions: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM article_revisions WHERE article_id = $1")
        .bind(id)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    let converted = newsdesk::newsroom::db::convert_legacy_bodies(&app.state.db).await.unwrap();
    assert_eq!(converted as i64, 1 + revisions, "the story and its revisions");
    assert_eq!(newsdesk::newsroom::db::convert_legacy_bodies(&app.state.db).await.unwrap(), 0, "once");
    let row = newsdesk::newsroom::db::find(&app.state.db, id).await.unwrap().unwrap();
    let rendered = newsdesk::body::render::render(&row.body, row.lang, &|_| None).html.into_string();
    assert_eq!(rendered, old_html, "the stored form renders exactly as the Markdown did");
    for (id, html) in rows {
        let row = newsdesk::newsroom::db::find(&app.state.db, id).await.unwrap().unwrap();
        let again = newsdesk::body::render::render(&row.body, row.lang, &|_| None).html.into_string();
        assert_eq!(again, html, "sample story {id}");
    }
}

async fn revisions_compare_the_text_of_each_block(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let editor = app.staff("editor", "Diff Editor").await;
    let id = editor.draft("Blocks compared").await;
    let article = format!("/api/v1/newsroom/articles/{id}");
    let html = "<h2>New heading</h2><p>First <strong>paragraph</strong>.</p><ul><li><p>an item</p></li></ul>";
    let (status, _) = editor.patch(&article, json!({"version": 1, "body_html": html})).await;
    assert_eq!(status, 200);
    let (status, diff) = editor.get(&format!("{article}/diff?from=1&to=2")).await;
    assert_eq!(status, 200, "{diff}");
    let lines: Vec<String> = diff["body"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| format!("{}{}", l["tag"].as_str().unwrap_or(""), l["text"].as_str().unwrap_or("")))
        .collect();
    let joined = lines.join("\n");
    assert!(joined.contains("## New heading"), "{joined}");
    assert!(joined.contains("• an item"), "{joined}");
    assert!(!joined.contains('<'), "no markup in a diff: {joined}");
}

async fn bijoy_text_is_converted_to_unicode(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let reporter = app.staff("reporter", "Bijoy Reporter").await;
    let reader = app.staff("reader", "Bijoy Reader").await;
    let words = [
        ("Avwg evsjvq Mvb MvB", "আমি বাংলায় গান গাই"),
        ("evsjv‡`k", "বাংলাদেশ"),
        ("wk¶v", "শিক্ষা"),
        ("ÿgZv", "ক্ষমতা"),
        ("Kg©", "কর্ম"),
        ("2024", "২০২৪"),
    ];
    for (bijoy, unicode) in words {
        let (status, body) = reporter.post("/api/v1/newsroom/convert/bijoy", json!({"text": bijoy})).await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["text"], unicode, "{bijoy}");
    }
    let (status, _) = reader.post("/api/v1/newsroom/convert/bijoy", json!({"text": "Avwg"})).await;
    assert_eq!(status, 403);
    let (status, body) = reporter.post("/api/v1/newsroom/convert/bijoy", json!({"words": "Avwg"})).await;
    assert!((400..500).contains(&status), "{status} {body}");
    let (status, body) = reporter.post("/api/v1/newsroom/convert/bijoy", json!({"text": "K".repeat(200_001)})).await;
    assert_eq!(status, 422, "{body}");
}

async fn autosave_keeps_a_copy_apart_from_the_versions_and_the_editor_restores_it(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let reporter = app.staff("reporter", "Autosave Reporter").await;
    let other = app.staff("reporter", "Other Autosaver").await;
    let id = reporter.draft("Saved headline").await;
    let article = format!("/api/v1/newsroom/articles/{id}");
    let copy = json!({"article": id, "title": "Typed headline", "standfirst": "Typed standfirst",
        "body_html": "<p>Typed <b>text</b><script>x()</script></p>"});
    let (status, saved) = reporter.post("/api/v1/newsroom/autosave", copy.clone()).await;
    assert_eq!(status, 200, "{saved}");
    assert!(saved["saved_at"].as_str().unwrap().contains('T'));
    assert_eq!(saved["editing"], json!([]));
    // The story itself is untouched: same version, same text, no new revision.
    let (_, story) = reporter.get(&article).await;
    assert_eq!(story["version"], 1);
    assert_eq!(story["title"], "Saved headline");
    assert_eq!(reporter.get(&format!("{article}/revisions")).await.1.as_array().unwrap().len(), 1);
    // Another reporter's story is not theirs to autosave; nor is a story that does not exist.
    let (status, _) = other.post("/api/v1/newsroom/autosave", copy.clone()).await;
    assert_eq!(status, 404);
    let (status, _) = reporter
        .post("/api/v1/newsroom/autosave", json!({"article": 999999, "title": "", "standfirst": "", "body_html": ""}))
        .await;
    assert_eq!(status, 404);
    let (status, _) = reporter
        .post(
            "/api/v1/newsroom/autosave",
            json!({"article": id, "title": "x".repeat(301), "standfirst": "", "body_html": ""}),
        )
        .await;
    assert_eq!(status, 422);

    // Opening the editor again brings the copy back, sanitised, and says from when.
    let browser = app.browser();
    assert_eq!(browser.login("autosave.reporter@staff.test", "staff pass phrase").await.status(), 303);
    let page = browser.page(&format!("/newsroom/articles/{id}")).await;
    assert!(page.text(".nr-restored").starts_with("Restored unsaved changes from"), "{}", page.text(".nr-restored"));
    assert_eq!(page.attr("#title", "value"), "Typed headline");
    assert_eq!(page.text("#body"), "<p>Typed <b>text</b></p>");
    // Discarding it shows the story as saved.
    let response = browser
        .submit(&format!("/newsroom/articles/{id}"), "/newsroom/autosave/discard", &[("article", &id.to_string())])
        .await;
    assert_eq!(response.status(), 303);
    let page = browser.page(&format!("/newsroom/articles/{id}")).await;
    assert!(page.texts(".nr-restored").is_empty());
    assert_eq!(page.attr("#title", "value"), "Saved headline");

    // A copy typed on a version someone has since saved over is not brought back over their save.
    let editor = app.staff("editor", "Autosave Editor").await;
    let (status, _) = editor.patch(&article, json!({"version": 1, "title": "The editor's headline"})).await;
    assert_eq!(status, 200);
    app.clock.advance(1);
    let mut stale = copy.clone();
    stale["version"] = json!(1);
    let (status, _) = reporter.post("/api/v1/newsroom/autosave", stale).await;
    assert_eq!(status, 200);
    let page = browser.page(&format!("/newsroom/articles/{id}")).await;
    assert!(page.text(".nr-restored").contains("typed on an earlier version"), "{}", page.text(".nr-restored"));
    assert_eq!(page.attr("#title", "value"), "The editor's headline");

    // A story not yet created: its copy comes back on the new-story form, and saving clears it.
    let (status, _) = reporter
        .post(
            "/api/v1/newsroom/autosave",
            json!({"article": null, "title": "Half-written", "standfirst": "", "body_html": "<p>Half</p>"}),
        )
        .await;
    assert_eq!(status, 200);
    let page = browser.page("/newsroom/articles/new").await;
    assert_eq!(page.attr("#title", "value"), "Half-written");
    let response = browser
        .submit(
            "/newsroom/articles/new",
            "/newsroom/articles",
            &[
                ("section", "en:sports"),
                ("title", "Half-written"),
                ("body_html", "<p>Half</p>"),
                ("byline", "autosave-reporter"),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
    let page = browser.page("/newsroom/articles/new").await;
    assert_eq!(page.attr("#title", "value"), "", "the copy went with the save");
}

async fn two_people_in_one_story_see_each_other(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let reporter = app.staff("reporter", "Karim Rahman").await;
    let editor = app.staff("editor", "Nadia Editor").await;
    let id = reporter.draft("Edited together").await;
    assert_eq!(reporter.post("/api/v1/newsroom/presence", json!({"article": id})).await.1["editing"], json!([]));
    let (status, seen) = editor.post("/api/v1/newsroom/presence", json!({"article": id})).await;
    assert_eq!(status, 200, "{seen}");
    assert_eq!(seen["editing"], json!(["Karim Rahman"]));
    let copy = json!({"article": id, "title": "t", "standfirst": "", "body_html": ""});
    assert_eq!(reporter.post("/api/v1/newsroom/autosave", copy).await.1["editing"], json!(["Nadia Editor"]));
    // Gone quiet for longer than the page's heartbeat: no longer editing.
    app.clock.advance(30);
    assert_eq!(reporter.post("/api/v1/newsroom/presence", json!({"article": id})).await.1["editing"], json!([]));
    let stranger = app.staff("reporter", "Stranger Reporter").await;
    assert_eq!(stranger.post("/api/v1/newsroom/presence", json!({"article": id})).await.0, 404);
}

async fn a_preview_link_shows_the_draft_to_anyone_until_it_expires(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let reporter = app.staff("reporter", "Preview Reporter").await;
    let other = app.staff("reporter", "Preview Stranger").await;
    let id = reporter.draft("A draft to preview").await;
    let (status, _) = other.post(&format!("/api/v1/newsroom/articles/{id}/preview-link"), json!({})).await;
    assert_eq!(status, 404, "not someone else's draft");
    let (status, link) = reporter.post(&format!("/api/v1/newsroom/articles/{id}/preview-link"), json!({})).await;
    assert_eq!(status, 201, "{link}");
    let url = link["url"].as_str().unwrap();
    let path = &url[url.find("/preview/").unwrap()..];

    let response = app.get(path).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["cache-control"], "no-store");
    assert_eq!(response.headers()["x-robots-tag"], "noindex, nofollow");
    let page = Page::new(&response.text().await.unwrap());
    assert_eq!(page.text("h1"), "A draft to preview");
    assert!(page.text(".article-body").contains("First paragraph."));
    // Only through the link: the draft has no public page, and a wrong token finds nothing.
    assert_eq!(app.get(&format!("/en/news/{id}")).await.status(), 404);
    let wrong = format!("/preview/{}", "0".repeat(48));
    assert_eq!(app.get(&wrong).await.status(), 404);
    assert_eq!(app.get("/preview/not-a-token").await.status(), 404);
    // A story taken off the site is not shown through the links made before.
    let editor = app.staff("editor", "Preview Editor").await;
    let (status, _) = reporter.post(&format!("/api/v1/newsroom/articles/{id}/submit"), json!({"version": 1})).await;
    assert_eq!(status, 200);
    let (status, _) = editor.post(&format!("/api/v1/newsroom/articles/{id}/publish"), json!({"version": 2})).await;
    assert_eq!(status, 200);
    assert_eq!(app.get(path).await.status(), 200);
    let (status, _) = editor.post(&format!("/api/v1/newsroom/articles/{id}/unpublish"), json!({"version": 3})).await;
    assert_eq!(status, 200);
    assert_eq!(app.get(path).await.status(), 404);
    app.clock.advance(7 * 86_400 + 1);
    let expired = app.get(path).await;
    assert_eq!(expired.status(), 404);
    assert!(expired.text().await.unwrap().contains("expired"));
}

async fn pickers_search_the_library_and_the_other_editions_headlines(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let editor = app.staff("editor", "Picker Editor").await;
    let boat = photo(&app, &editor, "A boat at Sadarghat").await;
    let bus = photo(&app, &editor, "A bus in Gulistan").await;
    let (_, found) = editor.get("/api/v1/newsroom/media?q=sadarGHAT").await;
    assert_eq!(found.as_array().unwrap().iter().map(|m| m["id"].as_i64().unwrap()).collect::<Vec<_>>(), vec![boat]);
    let (_, found) = editor.get(&format!("/api/v1/newsroom/media?ids={bus},{boat},99999")).await;
    assert_eq!(found.as_array().unwrap().len(), 2);
    let (status, _) = editor.get("/api/v1/newsroom/media?ids=1,x").await;
    assert_eq!(status, 400);
    let (_, found) = editor.get("/api/v1/newsroom/media?q=100%25").await;
    assert_eq!(found.as_array().unwrap().len(), 0, "% is a character, not a wildcard");
    editor.draft("Ferries resume on the Padma").await;
    let (_, list) = editor.get("/api/v1/newsroom/articles?lang=en&q=padma").await;
    let titles: Vec<&str> = list.as_array().unwrap().iter().map(|a| a["title"].as_str().unwrap()).collect();
    assert_eq!(titles, vec!["Ferries resume on the Padma"]);
}
