//! Comment moderation: queues, decisions, reports, bans and the history.

use serde_json::json;

use crate::helpers::{Page, TestApp, TestDb};

crate::on_both_databases!(
    moderators_approve_held_comments_and_they_appear,
    moderators_hold_a_published_comment_until_they_decide_again,
    reported_comments_reach_the_queue_and_can_be_rejected,
    banned_readers_cannot_comment_until_the_ban_ends,
    moderation_refuses_bad_input_and_keeps_a_history,
);

const SEED: &str = "/en/news/1/russia-officially-recognises-afghanistans-taliban-govt";

async fn moderators_approve_held_comments_and_they_appear(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let reader = app.reader("Held Reader").await;
    assert_eq!(reader.submit(SEED, "/en/news/1/comments", &[("body", "this smells like a scam")]).await.status(), 303);
    let moderator = app.staff("moderator", "Mod One").await;
    let (status, queue) = moderator.get("/api/v1/newsroom/comments?queue=held").await;
    assert_eq!(status, 200);
    assert_eq!(queue.as_array().unwrap().len(), 1);
    let id = queue[0]["id"].as_i64().unwrap();
    assert_eq!(queue[0]["author"], "Held Reader");
    assert_eq!(app.page(SEED).await.text("#comments-heading"), "Comments (0)");
    let (status, decided) = moderator.post(&format!("/api/v1/newsroom/comments/{id}/approve"), json!({})).await;
    assert_eq!(status, 200);
    assert_eq!(decided["status"], "approved");
    let page = app.page(SEED).await;
    assert_eq!(page.text("#comments-heading"), "Comments (1)");
    assert!(page.text(&format!("#comment-{id} .comment-body")).contains("scam"));
    assert!(moderator.get("/api/v1/newsroom/comments?queue=held").await.1.as_array().unwrap().is_empty());
}

async fn moderators_hold_a_published_comment_until_they_decide_again(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let reader = app.reader("Hasty Reader").await;
    assert_eq!(reader.submit(SEED, "/en/news/1/comments", &[("body", "A claim to check")]).await.status(), 303);
    let id: i64 = sqlx::query_scalar("SELECT id FROM comments").fetch_one(&app.state.db.pool).await.unwrap();
    assert_eq!(app.page(SEED).await.text("#comments-heading"), "Comments (1)");
    let moderator = app.staff("moderator", "Mod Hold").await;
    let browser = app.browser();
    assert_eq!(browser.login("mod.hold@staff.test", "staff pass phrase").await.status(), 303);
    let recent = browser.page("/newsroom/comments?queue=recent").await;
    assert_eq!(
        recent.attrs(&format!("#c{id} .nr-actions > form"), "action"),
        ["hold", "reject", "delete"].map(|d| format!("/newsroom/comments/{id}/{d}")),
        "a published comment can be held, not approved again"
    );
    let held = browser
        .submit("/newsroom/comments?queue=recent", &format!("/newsroom/comments/{id}/hold"), &[("queue", "recent")])
        .await;
    assert_eq!(held.status(), 303);
    // Off the public page at once; its author still sees it, marked as waiting.
    let public = app.page(SEED).await;
    assert_eq!(public.text("#comments-heading"), "Comments (0)");
    assert!(public.texts(".comment").is_empty());
    let own = reader.page(SEED).await;
    assert!(own.text(&format!("#comment-{id} .held")).contains("Awaiting moderation"), "{:?}", own.texts(".comment"));
    let (_, queue) = moderator.get("/api/v1/newsroom/comments?queue=held").await;
    assert_eq!(queue[0]["id"], id);
    let history = browser.page("/newsroom/comments").await.texts(".nr-revisions li");
    assert!(history.iter().any(|h| h.contains(&format!("Mod Hold held comment #{id}"))), "{history:?}");
    // Held twice is refused, and so is holding what is not published; neither is logged.
    let (status, refused) = moderator.post(&format!("/api/v1/newsroom/comments/{id}/hold"), json!({})).await;
    assert_eq!(
        (status, refused["error"]["message"].as_str()),
        (409, Some("This comment is already held.")),
        "{refused}"
    );
    // Approved again, through the API this time.
    let (status, decided) = moderator.post(&format!("/api/v1/newsroom/comments/{id}/approve"), json!({})).await;
    assert_eq!((status, decided["status"].as_str()), (200, Some("approved")));
    assert_eq!(app.page(SEED).await.text("#comments-heading"), "Comments (1)");
    // A reply from another reader stays on the page when the comment it answers is held back,
    // under a placeholder.
    let neighbour = app.reader("Neighbour Reply").await;
    let replied = neighbour
        .submit(SEED, "/en/news/1/comments", &[("body", "I checked: true"), ("parent_id", &id.to_string())])
        .await;
    assert_eq!(replied.status(), 303);
    assert_eq!(moderator.post(&format!("/api/v1/newsroom/comments/{id}/hold"), json!({})).await.0, 200);
    let public = app.page(SEED).await;
    assert_eq!(public.text(&format!("#comment-{id} .deleted")), "This comment is waiting for a moderator.");
    assert!(!public.text(&format!("#comment-{id}")).contains("A claim to check"));
    assert!(public.text(&format!("#comment-{id} .reply .comment-body")).contains("I checked: true"));
    assert_eq!(public.text("#comments-heading"), "Comments (1)");
    assert_eq!(moderator.post(&format!("/api/v1/newsroom/comments/{id}/reject"), json!({})).await.0, 200);
    let (status, refused) = moderator.post(&format!("/api/v1/newsroom/comments/{id}/hold"), json!({})).await;
    assert_eq!(
        (status, refused["error"]["message"].as_str()),
        (409, Some("A comment that is rejected cannot be held."))
    );
    assert_eq!(moderator.post(&format!("/api/v1/newsroom/comments/{id}/approve"), json!({})).await.0, 200);
    // A comment its author deleted cannot be held back into view.
    assert_eq!(reader.submit(SEED, &format!("/comments/{id}/delete"), &[]).await.status(), 303);
    assert_eq!(moderator.post(&format!("/api/v1/newsroom/comments/{id}/hold"), json!({})).await.0, 404);
}

async fn reported_comments_reach_the_queue_and_can_be_rejected(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let author = app.reader("Rude Reader").await;
    assert_eq!(author.submit(SEED, "/en/news/1/comments", &[("body", "Something rude")]).await.status(), 303);
    let id: i64 = sqlx::query_scalar("SELECT id FROM comments").fetch_one(&app.state.db.pool).await.unwrap();
    let neighbour = app.reader("Neighbour").await;
    let page = neighbour.page(SEED).await;
    assert_eq!(page.attrs(&format!("#comment-{id} form"), "action"), [format!("/comments/{id}/report")]);
    for _ in 0..2 {
        let reported = neighbour.submit(SEED, &format!("/comments/{id}/report"), &[]).await;
        assert_eq!(reported.status(), 303);
    }
    let moderator = app.staff("moderator", "Mod Two").await;
    let (_, queue) = moderator.get("/api/v1/newsroom/comments?queue=reported").await;
    assert_eq!(queue.as_array().unwrap().len(), 1);
    assert_eq!(queue[0]["open_reports"], 1, "one report per reader");

    // In the browser: the moderator rejects it from the queue page.
    let browser = app.browser();
    assert_eq!(browser.login("mod.two@staff.test", "staff pass phrase").await.status(), 303);
    let queue_page = browser.page("/newsroom/comments?queue=reported").await;
    assert!(queue_page.text(&format!("#c{id} .comment-body")).contains("Something rude"));
    let rejected = browser
        .submit(
            "/newsroom/comments?queue=reported",
            &format!("/newsroom/comments/{id}/reject"),
            &[("queue", "reported")],
        )
        .await;
    assert_eq!(rejected.status(), 303);
    assert!(app.page(SEED).await.texts(".comment").is_empty());
    assert!(moderator.get("/api/v1/newsroom/comments?queue=reported").await.1.as_array().unwrap().is_empty());
    // Readers and editors have no access to the queues.
    let editor = app.staff("editor", "Not A Mod").await;
    assert_eq!(editor.get("/api/v1/newsroom/comments").await.0, 403);
}

async fn banned_readers_cannot_comment_until_the_ban_ends(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let reader = app.reader("Troll").await;
    let user_id: i64 = sqlx::query_scalar("SELECT id FROM users WHERE email = 'troll@readers.test'")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    let moderator = app.staff("moderator", "Mod Three").await;
    let (status, ban) = moderator
        .post("/api/v1/newsroom/bans", json!({"user_id": user_id, "days": 2, "reason": "Repeated insults"}))
        .await;
    assert_eq!(status, 201, "{ban}");
    let refused = reader.submit(SEED, "/en/news/1/comments", &[("body", "let me in")]).await;
    assert_eq!(refused.status(), 403);
    let page = Page::new(&refused.text().await.unwrap());
    assert!(page.text(".form-error").contains("Repeated insults"));
    assert_eq!(page.text("textarea[name=body]"), "let me in");
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM comments").fetch_one(&app.state.db.pool).await.unwrap();
    assert_eq!(count, 0);
    app.clock.advance(2 * 86_400 + 1);
    assert_eq!(reader.submit(SEED, "/en/news/1/comments", &[("body", "I am back")]).await.status(), 303);
    // A ban for good.
    let (status, _) = moderator.post("/api/v1/newsroom/bans", json!({"user_id": user_id, "reason": "Again"})).await;
    assert_eq!(status, 201);
    app.clock.advance(3650 * 86_400);
    // The session has long expired: the reader logs in again, and is still banned.
    assert_eq!(reader.login("troll@readers.test", "lantern ferry monsoon").await.status(), 303);
    let refused = reader.submit(SEED, "/en/news/1/comments", &[("body", "years later")]).await;
    assert_eq!(refused.status(), 403);
    assert!(refused.text().await.unwrap().contains("for good"));
}

async fn moderation_refuses_bad_input_and_keeps_a_history(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let moderator = app.staff("moderator", "Mod Four").await;
    assert_eq!(moderator.get("/api/v1/newsroom/comments?queue=everything").await.0, 400);
    assert_eq!(moderator.post("/api/v1/newsroom/comments/999999/approve", json!({})).await.0, 404);
    assert_eq!(moderator.post("/api/v1/newsroom/comments/abc/approve", json!({})).await.0, 404);
    for body in [
        json!({"user_id": 1, "reason": "  "}),
        json!({"user_id": 1, "reason": "x", "days": 0}),
        json!({"user_id": 1, "reason": "x", "days": 99999}),
    ] {
        assert_eq!(moderator.post("/api/v1/newsroom/bans", body.clone()).await.0, 422, "{body}");
    }
    assert_eq!(moderator.post("/api/v1/newsroom/bans", json!({"user_id": 999999, "reason": "x"})).await.0, 404);
    let reader = app.reader("Logged").await;
    assert_eq!(reader.submit(SEED, "/en/news/1/comments", &[("body", "fine words")]).await.status(), 303);
    let id: i64 = sqlx::query_scalar("SELECT id FROM comments").fetch_one(&app.state.db.pool).await.unwrap();
    moderator.post(&format!("/api/v1/newsroom/comments/{id}/delete"), json!({"reason": "off topic"})).await;
    let browser = app.browser();
    assert_eq!(browser.login("mod.four@staff.test", "staff pass phrase").await.status(), 303);
    let history = browser.page("/newsroom/comments").await.texts(".nr-revisions li");
    assert!(history.iter().any(|h| h.contains("Mod Four deleted comment") && h.contains("off topic")), "{history:?}");
}
