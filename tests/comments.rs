//! Comments: posting, replies, escaping, limits, moderation holds, deletion, the API.

use crate::helpers::{Browser, Page, TestApp, TestDb};

crate::on_both_databases!(
    anonymous_readers_see_the_login_note_and_cannot_post,
    a_logged_in_reader_comments_and_lands_on_the_new_comment,
    markup_in_comments_is_shown_inert_and_links_are_nofollow,
    refused_comments_say_why_keep_the_text_and_store_nothing,
    new_accounts_are_rate_limited,
    the_same_text_twice_is_refused,
    held_comments_are_seen_by_their_author_only,
    readers_reply_one_level_deep,
    readers_delete_their_own_comments_but_not_others,
    cross_site_comment_posts_are_refused,
    the_api_lists_approved_comments_only,
    readers_post_through_the_api_with_the_same_checks_and_idempotency,
);

async fn readers_post_through_the_api_with_the_same_checks_and_idempotency(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let reader = app.reader("Api Reader").await;
    let csrf = reader.page("/account").await.attrs("input[name=csrf]", "value").remove(0);
    let post = |body: serde_json::Value, key: Option<&str>, token: Option<&str>| {
        let mut request = reader.client.post(reader.url("/api/v1/articles/1/comments")).json(&body);
        if let Some(token) = token {
            request = request.header("x-csrf-token", token);
        }
        if let Some(key) = key {
            request = request.header("idempotency-key", key);
        }
        request.send()
    };
    // A session needs the page's CSRF token; nobody at all gets 401.
    let refused = post(serde_json::json!({"body": "no token"}), None, None).await.unwrap();
    assert_eq!(refused.status(), 403);
    let stranger = app
        .client
        .post(app.url("/api/v1/articles/1/comments"))
        .json(&serde_json::json!({"body": "x"}))
        .send()
        .await
        .unwrap();
    assert_eq!(stranger.status(), 401);
    assert_eq!(comment_count(&app).await, 0);

    let first = post(serde_json::json!({"body": "Posted through the API"}), Some("c-1"), Some(&csrf)).await.unwrap();
    assert_eq!(first.status(), 201);
    let first: serde_json::Value = first.json().await.unwrap();
    assert_eq!(first["status"], "approved");
    // Sent again after a lost answer: the same comment, not a second one and not "too soon".
    let again = post(serde_json::json!({"body": "Posted through the API"}), Some("c-1"), Some(&csrf)).await.unwrap();
    assert_eq!(again.status(), 201);
    assert_eq!(again.headers()["idempotent-replayed"], "true");
    assert_eq!(again.json::<serde_json::Value>().await.unwrap()["id"], first["id"]);
    assert_eq!(comment_count(&app).await, 1);
    assert!(app.page(SEED).await.text(&format!("#comment-{}", first["id"])).contains("Posted through the API"));

    // The form's rules, as JSON errors: the pace, an empty body, a reply to nothing, no article.
    let soon = post(serde_json::json!({"body": "Too quick"}), Some("c-2"), Some(&csrf)).await.unwrap();
    assert_eq!(soon.status(), 429);
    assert!(soon.headers().contains_key("retry-after"));
    let soon: serde_json::Value = soon.json().await.unwrap();
    assert_eq!(soon["error"]["code"], "too_many_requests");
    assert!(soon["error"]["message"].as_str().unwrap().contains("Please wait"));
    app.clock.advance(60);
    for (body, status) in [
        (serde_json::json!({"body": "   "}), 422),
        (serde_json::json!({"body": "A reply", "parent_id": 999999}), 422),
        (serde_json::json!({"body": "x", "role": "admin"}), 422),
    ] {
        let answer = post(body.clone(), None, Some(&csrf)).await.unwrap();
        assert_eq!(answer.status(), status, "{body}");
    }
    let nowhere = reader
        .client
        .post(reader.url("/api/v1/articles/999999/comments"))
        .header("x-csrf-token", &csrf)
        .json(&serde_json::json!({"body": "x"}))
        .send()
        .await
        .unwrap();
    assert_eq!(nowhere.status(), 404);
    assert_eq!(comment_count(&app).await, 1);
}

const SEED: &str = "/en/news/1/russia-officially-recognises-afghanistans-taliban-govt";

async fn comment(browser: &Browser, text: &str) -> reqwest::Response {
    browser.submit(SEED, "/en/news/1/comments", &[("body", text), ("website", "")]).await
}

async fn comment_count(app: &TestApp) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM comments").fetch_one(&app.state.db.pool).await.unwrap()
}

async fn anonymous_readers_see_the_login_note_and_cannot_post(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let page = app.page(SEED).await;
    assert_eq!(page.text(".login-note a"), "You need login first to leave a comment");
    assert!(page.texts("textarea").is_empty());
    // Even with a valid CSRF pair, an anonymous post stores nothing.
    let token = "0123456789abcdef0123456789abcdef";
    let response = app
        .client
        .post(app.url("/en/news/1/comments"))
        .header("cookie", format!("nd_csrf={token}"))
        .form(&[("body", "hello"), ("csrf", token)])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    assert_eq!(comment_count(&app).await, 0);
    // The login link brings the reader back to the comments.
    let browser = app.browser();
    let login = page.attr(".login-note a", "href");
    app.reader("Rahim Uddin").await;
    let response = browser
        .submit(
            &login,
            "/login",
            &[
                ("email", "rahim.uddin@readers.test"),
                ("password", "lantern ferry monsoon"),
                ("next", &format!("{SEED}#comments")),
            ],
        )
        .await;
    assert_eq!(response.headers()["location"], format!("{SEED}#comments"));
}

async fn a_logged_in_reader_comments_and_lands_on_the_new_comment(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let reader = app.reader("Rahim Uddin").await;
    let page = reader.page(SEED).await;
    assert_eq!(page.texts("textarea[name=body]").len(), 1, "a form for a logged-in reader");
    assert!(page.texts(".login-note").is_empty());
    assert_eq!(page.text("#comments-heading"), "Comments (0)");

    let response = comment(&reader, "This was expected.\n\nThe question is who follows next.").await;
    assert_eq!(response.status(), 303);
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    let id: i64 = sqlx::query_scalar("SELECT id FROM comments").fetch_one(&app.state.db.pool).await.unwrap();
    assert_eq!(location, format!("{SEED}#comment-{id}"));

    let anonymous = app.page(SEED).await;
    assert_eq!(anonymous.text("#comments-heading"), "Comments (1)");
    assert_eq!(anonymous.text(&format!("#comment-{id} .who")), "Rahim Uddin");
    assert_eq!(
        anonymous.texts(&format!("#comment-{id} .comment-body p")),
        ["This was expected.", "The question is who follows next."]
    );
    // Bangla pages write the comment time in Bangla digits.
    let bn_reader = app.reader("Shirin").await;
    let bn_path = app.sample_path("bn-seed").await;
    let bn_id = bn_path.split('/').nth(3).unwrap().to_owned();
    let response =
        bn_reader.submit(&bn_path, &format!("/bn/news/{bn_id}/comments"), &[("body", "চমৎকার প্রতিবেদন।")]).await;
    assert_eq!(response.status(), 303);
    let bn = app.page(&bn_path).await;
    assert!(bn.text(".comment time").chars().any(|c| ('০'..='৯').contains(&c)));
    assert_eq!(bn.text("#comments-heading"), "মন্তব্য (১)", "the count in Bangla digits");
}

async fn markup_in_comments_is_shown_inert_and_links_are_nofollow(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let reader = app.reader("Mallory").await;
    app.clock.advance(2 * 86_400); // an established account: links are not held
    let payload =
        "<script>alert('x')</script> <img src=x onerror=alert(1)> \"quoted\" see https://example.org/story?a=1&b=2";
    assert_eq!(comment(&reader, payload).await.status(), 303);
    let page = app.page(SEED).await;
    assert!(page.texts(".comment-body script").is_empty());
    assert!(page.texts(".comment-body img").is_empty());
    assert!(page.attrs("[onerror]", "onerror").is_empty(), "no live event handler");
    assert!(page.text(".comment-body p").contains("<script>alert('x')</script>"), "shown as text");
    assert_eq!(page.attr(".comment-body a", "rel"), "nofollow ugc noopener");
    assert_eq!(page.attr(".comment-body a", "href"), "https://example.org/story?a=1&b=2");
}

async fn refused_comments_say_why_keep_the_text_and_store_nothing(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let reader = app.reader("Tanvir Ahmed").await;
    let long = "ক".repeat(5001);
    for (fields, status, says) in [
        (vec![("body", "   ")], 422, "empty"),
        (vec![("body", long.as_str())], 422, "5000"),
        (vec![("body", "Buy now"), ("website", "http://spam.example")], 422, "program"),
        (vec![("body", "A reply to nothing"), ("parent_id", "999999")], 422, "no longer there"),
    ] {
        let response = reader.submit(SEED, "/en/news/1/comments", &fields).await;
        assert_eq!(response.status(), status, "{fields:?}");
        let page = Page::new(&response.text().await.unwrap());
        assert!(page.text(".form-error").contains(says), "{}", page.text(".form-error"));
        let typed = fields[0].1.trim();
        if !typed.is_empty() {
            assert_eq!(
                page.text("textarea[name=body]"),
                typed.split_whitespace().collect::<Vec<_>>().join(" "),
                "the text is kept"
            );
        }
    }
    assert_eq!(comment_count(&app).await, 0);
}

async fn new_accounts_are_rate_limited(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let reader = app.reader("Fast Typer").await;
    assert_eq!(comment(&reader, "first").await.status(), 303);
    let response = comment(&reader, "second, too soon").await;
    assert_eq!(response.status(), 429);
    assert!(response.headers().contains_key("retry-after"));
    let page = Page::new(&response.text().await.unwrap());
    assert!(page.text(".form-error").contains("seconds"));
    assert_eq!(page.text("textarea[name=body]"), "second, too soon");
    for i in 0..9 {
        app.clock.advance(31);
        assert_eq!(comment(&reader, &format!("comment number {i}")).await.status(), 303, "comment {i}");
    }
    app.clock.advance(31);
    let eleventh = comment(&reader, "the eleventh of the first day").await;
    assert_eq!(eleventh.status(), 429);
    assert!(eleventh.text().await.unwrap().contains("first day"));
    assert_eq!(comment_count(&app).await, 10);
    app.clock.advance(86_400);
    assert_eq!(comment(&reader, "a new day").await.status(), 303);
}

async fn the_same_text_twice_is_refused(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let reader = app.reader("Echo").await;
    assert_eq!(comment(&reader, "Great piece").await.status(), 303);
    app.clock.advance(60);
    let again = comment(&reader, "great   PIECE").await;
    assert_eq!(again.status(), 422);
    assert!(again.text().await.unwrap().contains("same comment"));
    app.clock.advance(601);
    assert_eq!(comment(&reader, "Great piece").await.status(), 303);
}

async fn held_comments_are_seen_by_their_author_only(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let author = app.reader("Linky").await;
    assert_eq!(comment(&author, "see http://a.example and http://b.example and http://c.example").await.status(), 303);
    app.clock.advance(31);
    assert_eq!(comment(&author, "this is a SCAM, trust me").await.status(), 303);
    let statuses: Vec<String> =
        sqlx::query_scalar("SELECT status FROM comments ORDER BY id").fetch_all(&app.state.db.pool).await.unwrap();
    assert_eq!(statuses, ["held", "held"]);

    let own = author.page(SEED).await;
    let notes = own.texts(".comment .held");
    assert_eq!(notes.len(), 2);
    assert!(notes.iter().all(|n| n.starts_with("Awaiting moderation")), "{notes:?}");
    assert_eq!(own.text("#comments-heading"), "Comments (0)", "held comments are not counted");

    let other = app.reader("Bystander").await;
    for page in [app.page(SEED).await, other.page(SEED).await] {
        assert!(page.texts(".comment").is_empty());
        assert_eq!(page.text("#comments-heading"), "Comments (0)");
    }
    let api = app.json("/api/v1/articles/1/comments").await;
    assert_eq!(api["count"], 0);
}

async fn readers_reply_one_level_deep(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let first = app.reader("Sarah K").await;
    assert_eq!(comment(&first, "Recognition is one thing.").await.status(), 303);
    let parent: i64 = sqlx::query_scalar("SELECT id FROM comments").fetch_one(&app.state.db.pool).await.unwrap();
    let second = app.reader("M Hossain").await;
    let reply_page = format!("{SEED}?reply_to={parent}");
    let form = second.page(&reply_page).await;
    assert!(form.text(".replying").contains("Sarah K"));
    assert_eq!(form.attr("input[name=parent_id]", "value"), parent.to_string());
    let response = second
        .submit(&reply_page, "/en/news/1/comments", &[("body", "Agreed."), ("parent_id", &parent.to_string())])
        .await;
    assert_eq!(response.status(), 303);
    let reply: i64 = sqlx::query_scalar("SELECT id FROM comments WHERE parent_id IS NOT NULL")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    let page = app.page(SEED).await;
    assert_eq!(page.text(&format!("#comment-{parent} > #comment-{reply} .who")), "M Hossain");
    assert_eq!(page.text("#comments-heading"), "Comments (2)");
    // A reply to a reply is refused: threads are one level deep.
    app.clock.advance(31);
    let nested =
        first.submit(SEED, "/en/news/1/comments", &[("body", "Deeper"), ("parent_id", &reply.to_string())]).await;
    assert_eq!(nested.status(), 422);
}

async fn readers_delete_their_own_comments_but_not_others(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let author = app.reader("Owner").await;
    assert_eq!(comment(&author, "I will regret this").await.status(), 303);
    let id: i64 = sqlx::query_scalar("SELECT id FROM comments").fetch_one(&app.state.db.pool).await.unwrap();
    let stranger = app.reader("Stranger").await;
    let refused = stranger.submit(SEED, &format!("/comments/{id}/delete"), &[]).await;
    assert_eq!(refused.status(), 403);
    assert_eq!(app.page(SEED).await.text("#comments-heading"), "Comments (1)");
    let page = author.page(SEED).await;
    assert_eq!(page.attrs(&format!("#comment-{id} form"), "action"), [format!("/comments/{id}/delete")]);
    let done = author.submit(SEED, &format!("/comments/{id}/delete"), &[]).await;
    assert_eq!(done.status(), 303);
    let page = app.page(SEED).await;
    assert_eq!(page.text("#comments-heading"), "Comments (0)");
    assert!(page.texts(".comment").is_empty());
    assert_eq!(stranger.submit(SEED, "/comments/999999/delete", &[]).await.status(), 404);
}

async fn cross_site_comment_posts_are_refused(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let reader = app.reader("Victim").await;
    let page = reader.page(SEED).await;
    let token = page.attrs("input[name=csrf]", "value").into_iter().next().unwrap();
    let forged = reader
        .client
        .post(reader.url("/en/news/1/comments"))
        .header("origin", "https://evil.example")
        .form(&[("body", "forged"), ("csrf", &token)])
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 403);
    let tokenless =
        reader.client.post(reader.url("/en/news/1/comments")).form(&[("body", "forged")]).send().await.unwrap();
    assert_eq!(tokenless.status(), 403);
    assert_eq!(comment_count(&app).await, 0);
}

async fn the_api_lists_approved_comments_only(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let reader = app.reader("Api Reader").await;
    assert_eq!(comment(&reader, "Visible comment <b>bold</b>").await.status(), 303);
    app.clock.advance(31);
    assert_eq!(comment(&reader, "a scam to hold").await.status(), 303);
    let list = app.json("/api/v1/articles/1/comments").await;
    assert_eq!(list["count"], 1);
    assert_eq!(list["comments"][0]["author"], "Api Reader");
    assert_eq!(list["comments"][0]["body"], "Visible comment <b>bold</b>");
    assert_eq!(list["comments"][0]["body_html"], "<p>Visible comment &lt;b&gt;bold&lt;/b&gt;</p>");
    assert_eq!(app.get("/api/v1/articles/999999/comments").await.status(), 404);
}
