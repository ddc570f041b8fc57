//! Hand-offs in the newsroom: returning a story with a note, the desk's internal notes,
//! notifications in the newsroom and by mail through the durable queue.

use std::time::Duration;

use newsdesk::clock::Clock;
use newsdesk::comments::db::NewComment;
use newsdesk::comments::model::{CommentBody, Moderation};
use newsdesk::mail::queue::{self, MAX_ATTEMPTS};
use serde_json::json;

use crate::helpers::{Browser, Options, TestApp, TestDb};

crate::on_both_databases!(
    an_editor_returns_a_story_with_a_note_and_the_reporter_resubmits,
    the_return_and_the_notifications_work_from_the_newsroom_pages,
    the_reporter_hears_when_the_story_is_scheduled_published_and_corrected,
    internal_notes_are_for_the_desk_only,
    each_notification_is_mailed_once_and_not_to_those_who_turned_mail_off,
    a_failing_send_is_tried_again_with_growing_waits,
    moderators_hear_once_per_batch_when_comments_wait_too_long,
    each_person_is_told_in_the_language_they_chose_for_the_newsroom,
);

const PASSWORD: &str = "staff pass phrase";

/// A browser logged in as the staff member `name` (made by `app.staff`).
async fn logged_in(app: &TestApp, name: &str) -> Browser {
    let browser = app.browser();
    let email = format!("{}@staff.test", name.to_lowercase().replace(' ', "."));
    assert_eq!(browser.login(&email, PASSWORD).await.status(), 303, "{name} logs in");
    browser
}

/// Sends the queued mail that is due and waits until none is due or being sent (the node's own
/// sender may have taken some).
async fn settle_mail(app: &TestApp) {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    loop {
        let now = app.clock.now();
        queue::deliver_due(&app.state.db, &app.state.mailer, now).await.unwrap();
        let pending: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM mail_queue WHERE sent_at IS NULL AND attempts < $2 \
             AND (next_attempt_at <= $1 OR claimed_until > $1)",
        )
        .bind(now)
        .bind(MAX_ATTEMPTS)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
        if pending == 0 {
            return;
        }
        assert!(tokio::time::Instant::now() < deadline, "{pending} mails still pending");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// The outbox's mails as (to, subject, whole text).
fn outbox(app: &TestApp) -> Vec<(String, String, String)> {
    let dir = app.state.config.data_dir.join("outbox");
    let mut mails = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let text = std::fs::read_to_string(entry.path()).unwrap();
        let header = |name: &str| {
            text.lines().find_map(|l| l.strip_prefix(name)).map(|v| v.trim().to_owned()).unwrap_or_default()
        };
        mails.push((header("To:"), header("Subject:"), text.clone()));
    }
    mails
}

/// The mails to `address`.
fn mails_to(app: &TestApp, address: &str) -> Vec<(String, String)> {
    outbox(app).into_iter().filter(|(to, _, _)| to == address).map(|(_, subject, text)| (subject, text)).collect()
}

fn message(body: &serde_json::Value) -> String {
    body["error"]["message"].as_str().unwrap_or_default().to_owned()
}

async fn an_editor_returns_a_story_with_a_note_and_the_reporter_resubmits(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let reporter = app.staff("reporter", "Rumana Haque").await;
    let editor = app.staff("editor", "Return Editor").await;
    let other = app.staff("reporter", "Other Reporter").await;
    let id = reporter.draft("Floods reach Sylhet").await;
    let article = format!("/api/v1/newsroom/articles/{id}");

    // A draft cannot be returned: it is already the reporter's.
    let (status, body) = editor.post(&format!("{article}/return"), json!({"note": "Too early", "version": 1})).await;
    assert_eq!(status, 409, "{body}");
    let (status, _) = reporter.post(&format!("{article}/submit"), json!({"version": 1})).await;
    assert_eq!(status, 200);
    // Editors and admins hear about the submission; the reporter does not.
    let (_, told) = editor.get("/api/v1/newsroom/notifications").await;
    assert_eq!(told["unread"], 1, "{told}");
    assert_eq!(told["notifications"][0]["kind"], "submitted");
    assert_eq!(told["notifications"][0]["article_id"], id);
    assert!(
        told["notifications"][0]["text"].as_str().unwrap().contains("Rumana Haque submitted “Floods reach Sylhet”")
    );
    assert_eq!(reporter.get("/api/v1/newsroom/notifications").await.1["unread"], 0);

    // Bad returns change nothing.
    let (status, body) = editor.post(&format!("{article}/return"), json!({"note": "  ", "version": 2})).await;
    assert_eq!(status, 422, "{body}");
    assert!(message(&body).contains("note is required"), "{body}");
    let (status, _) = editor.post(&format!("{article}/return"), json!({"version": 2})).await;
    assert_eq!(status, 422);
    let (status, _) = editor.post(&format!("{article}/return"), json!({"note": "x".repeat(2001), "version": 2})).await;
    assert_eq!(status, 422);
    let (status, body) = editor.post(&format!("{article}/return"), json!({"note": "Stale", "version": 1})).await;
    assert_eq!(status, 409, "{body}");
    let (status, _) = editor.post("/api/v1/newsroom/articles/999999/return", json!({"note": "Who?"})).await;
    assert_eq!(status, 404);
    // Reporters do not return stories: not their own (403), not others' (404).
    let (status, _) = reporter.post(&format!("{article}/return"), json!({"note": "Mine", "version": 2})).await;
    assert_eq!(status, 403);
    let (status, _) = other.post(&format!("{article}/return"), json!({"note": "Theirs", "version": 2})).await;
    assert_eq!(status, 404);
    assert_eq!(reporter.get(&article).await.1["status"], "review");
    assert_eq!(reporter.get(&article).await.1["returned"], serde_json::Value::Null);

    let note = "The death toll needs a second source; add the district office's figure.";
    let (status, returned) = editor.post(&format!("{article}/return"), json!({"note": note, "version": 2})).await;
    assert_eq!(status, 200, "{returned}");
    assert_eq!(returned["status"], "draft");
    assert_eq!(returned["returned"]["note"], note);
    assert_eq!(returned["returned"]["by"], "Return Editor");

    // The reporter sees the note on the story and is told.
    let (_, seen) = reporter.get(&article).await;
    assert_eq!(seen["returned"]["note"], note);
    let (_, told) = reporter.get("/api/v1/newsroom/notifications").await;
    assert_eq!(told["unread"], 1, "{told}");
    let notification = &told["notifications"][0];
    assert_eq!(notification["kind"], "returned");
    assert!(notification["text"].as_str().unwrap().contains(note), "{notification}");
    assert!(notification["url"].as_str().unwrap().ends_with(&format!("/newsroom/articles/{id}")));
    // The step's revision keeps the note.
    let (_, revisions) = reporter.get(&format!("{article}/revisions")).await;
    assert_eq!(revisions[0]["action"], "return");

    // Marking read: someone else's id is refused and marks nothing; then the reporter's own.
    let theirs = editor.get("/api/v1/newsroom/notifications").await.1["notifications"][0]["id"].as_i64().unwrap();
    let mine = notification["id"].as_i64().unwrap();
    let (status, _) = reporter.post("/api/v1/newsroom/notifications/read", json!({"ids": [mine, theirs]})).await;
    assert_eq!(status, 404);
    assert_eq!(reporter.get("/api/v1/newsroom/notifications").await.1["unread"], 1);
    let (status, body) = reporter.post("/api/v1/newsroom/notifications/read", json!({})).await;
    assert_eq!(status, 422, "{body}");
    let (status, body) = reporter.post("/api/v1/newsroom/notifications/read", json!({"ids": [mine]})).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["unread"], 0);
    assert_eq!(reporter.get("/api/v1/newsroom/notifications").await.1["notifications"][0]["read"], true);

    // The reporter fixes it and submits again; the editors hear again.
    let (status, _) =
        reporter.patch(&article, json!({"version": 3, "body": "Twelve dead, the district office says."})).await;
    assert_eq!(status, 200);
    let (status, again) = reporter.post(&format!("{article}/submit"), json!({"version": 4})).await;
    assert_eq!(status, 200);
    assert_eq!(again["status"], "review");
    assert_eq!(editor.get("/api/v1/newsroom/notifications").await.1["unread"], 2);
    let (status, body) = editor.post("/api/v1/newsroom/notifications/read", json!({"all": true})).await;
    assert_eq!((status, body["unread"].as_i64()), (200, Some(0)));

    // Readers have no notifications.
    let reader = app.staff("reader", "Curious Reader").await;
    assert_eq!(reader.get("/api/v1/newsroom/notifications").await.0, 403);
}

async fn the_return_and_the_notifications_work_from_the_newsroom_pages(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let reporter = app.staff("reporter", "Page Reporter").await;
    app.staff("editor", "Page Editor").await;
    let id = reporter.draft("Bridge opens in Padma").await;
    reporter.post(&format!("/api/v1/newsroom/articles/{id}/submit"), json!({})).await;
    let editor = logged_in(&app, "Page Editor").await;
    let path = format!("/newsroom/articles/{id}");

    // The editor's menu counts the submission; the page lists it with its link.
    let page = editor.page(&path).await;
    assert_eq!(page.text(".nr-header .nr-bell .count"), "1");
    let list = editor.page("/newsroom/notifications").await;
    assert_eq!(list.attrs(".nr-notifications li.unread a", "href"), vec![path.clone()]);
    // The return form is offered for a story in review; an empty note is refused on the page.
    assert!(page.attrs("form.nr-step", "action").contains(&format!("{path}/return")));
    let refused = editor.submit(&path, &format!("{path}/return"), &[("version", "2"), ("note", " ")]).await;
    assert_eq!(refused.status(), 422);
    let refused = crate::helpers::Page::new(&refused.text().await.unwrap());
    assert!(refused.text(".form-error").contains("note is required"));
    let note = "Add the minister's quote from the opening.";
    let done = editor.submit(&path, &format!("{path}/return"), &[("version", "2"), ("note", note)]).await;
    assert_eq!(done.status(), 303);
    assert_eq!(done.headers()["location"], format!("{path}?notice=return"));
    // A stale form is refused with the editor shown again.
    let stale = editor.submit(&path, &format!("{path}/return"), &[("version", "2"), ("note", note)]).await;
    assert_eq!(stale.status(), 409);

    // The reporter sees the note on the story, and the count in the menu.
    let reporter_browser = logged_in(&app, "Page Reporter").await;
    let story = reporter_browser.page(&path).await;
    let returned = story.text(".nr-returned");
    assert!(returned.contains("Returned by Page Editor on"), "{returned}");
    assert!(returned.contains(note), "{returned}");
    assert_eq!(story.text(".nr-bell .count"), "1");
    assert!(story.attrs("form.nr-step", "action").contains(&format!("{path}/submit")), "it can be submitted again");
    assert!(!story.attrs("form.nr-step", "action").contains(&format!("{path}/return")));
    // Marking one read from the list, then the menu shows no count.
    let list = reporter_browser.page("/newsroom/notifications").await;
    let ids = list.attrs(".nr-notifications form input[name=id]", "value");
    assert_eq!(ids.len(), 1);
    assert!(list.text(".nr-notifications li.unread a").contains(note));
    let read = reporter_browser
        .submit("/newsroom/notifications", "/newsroom/notifications/read", &[("id", ids[0].as_str())])
        .await;
    assert_eq!(read.status(), 303);
    let list = reporter_browser.page("/newsroom/notifications").await;
    assert!(list.texts(".nr-bell .count").is_empty());
    assert_eq!(list.texts(".nr-notifications li.read").len(), 1);
    // Bad forms: an unknown id, nothing chosen.
    let unknown =
        reporter_browser.submit("/newsroom/notifications", "/newsroom/notifications/read", &[("id", "999999")]).await;
    assert_eq!(unknown.status(), 404);
    let nothing = reporter_browser.submit("/newsroom/notifications", "/newsroom/notifications/read", &[]).await;
    assert_eq!(nothing.status(), 422);
    // Mark all read from the editor's list.
    let all = editor.submit("/newsroom/notifications", "/newsroom/notifications/read", &[("all", "1")]).await;
    assert_eq!(all.status(), 303);
    assert!(editor.page("/newsroom/notifications").await.texts(".nr-notifications li.unread").is_empty());
    // A moderator has the notifications page too.
    app.staff("moderator", "Page Moderator").await;
    let moderator = logged_in(&app, "Page Moderator").await;
    assert_eq!(moderator.get("/newsroom/notifications").await.status(), 200);
}

async fn the_reporter_hears_when_the_story_is_scheduled_published_and_corrected(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let reporter = app.staff("reporter", "Told Reporter").await;
    let editor = app.staff("editor", "Told Editor").await;
    let id = reporter.draft("Rain ends drought").await;
    let article = format!("/api/v1/newsroom/articles/{id}");
    let at = chrono::DateTime::from_timestamp(app.clock.now() + 3600, 0).unwrap().to_rfc3339();
    let (status, _) = editor.post(&format!("{article}/schedule"), json!({"at": at})).await;
    assert_eq!(status, 200);
    app.clock.advance(3601);
    assert_eq!(newsdesk::newsroom::publish_due(&app.state).await.unwrap(), 1);
    let (status, _) = editor.post(&format!("{article}/correct"), json!({"note": "The rainfall was 80 mm."})).await;
    assert_eq!(status, 200);
    let (_, told) = reporter.get("/api/v1/newsroom/notifications").await;
    let kinds: Vec<&str> =
        told["notifications"].as_array().unwrap().iter().map(|n| n["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["corrected", "published", "scheduled"], "{told}");
    let texts: Vec<&str> =
        told["notifications"].as_array().unwrap().iter().map(|n| n["text"].as_str().unwrap()).collect();
    assert!(texts[0].contains("80 mm"), "{texts:?}");
    assert!(texts[1].starts_with("The scheduler published"), "{texts:?}");
    assert!(texts[2].starts_with("Told Editor scheduled “Rain ends drought” to publish on"), "{texts:?}");
    // Nobody is told about what they did themselves.
    let own = editor.draft("Editor's own story").await;
    let (status, _) = editor.post(&format!("/api/v1/newsroom/articles/{own}/publish"), json!({})).await;
    assert_eq!(status, 200);
    assert_eq!(editor.get("/api/v1/newsroom/notifications").await.1["unread"], 0);
    // Unpublishing tells nobody.
    editor.post(&format!("{article}/unpublish"), json!({})).await;
    assert_eq!(reporter.get("/api/v1/newsroom/notifications").await.1["unread"], 3);
}

async fn internal_notes_are_for_the_desk_only(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let reporter = app.staff("reporter", "Notes Reporter").await;
    let other = app.staff("reporter", "Nosy Reporter").await;
    let editor = app.staff("editor", "Notes Editor").await;
    let moderator = app.staff("moderator", "Notes Moderator").await;
    let id = reporter.draft("Port strike ends").await;
    let notes = format!("/api/v1/newsroom/articles/{id}/notes");
    let secret = "Source asked not to be named: the union secretary.";

    let (status, note) = reporter.post(&notes, json!({"body": secret})).await;
    assert_eq!(status, 201, "{note}");
    assert_eq!(note["author"], "Notes Reporter");
    assert_eq!(note["body"], secret);
    // The editor adds one from the page.
    let page_editor = logged_in(&app, "Notes Editor").await;
    let path = format!("/newsroom/articles/{id}");
    let added =
        page_editor.submit(&path, &format!("{path}/notes"), &[("body", "Checked with the port authority.")]).await;
    assert_eq!(added.status(), 303);
    let page = page_editor.page(&path).await;
    let thread = page.texts(".nr-notes li");
    assert_eq!(thread.len(), 2, "{thread:?}");
    assert!(thread[0].contains(secret) && thread[0].contains("Notes Reporter"));
    assert!(thread[1].contains("Checked with the port authority."));
    let empty = page_editor.submit(&path, &format!("{path}/notes"), &[("body", "   ")]).await;
    assert_eq!(empty.status(), 422);

    let (status, listed) = editor.get(&notes).await;
    assert_eq!(status, 200);
    assert_eq!(listed.as_array().unwrap().len(), 2);
    // Not for another reporter (the story does not exist for them), nor moderators, nor strangers.
    assert_eq!(other.get(&notes).await.0, 404);
    assert_eq!(other.post(&notes, json!({"body": "Let me in"})).await.0, 404);
    assert_eq!(moderator.get(&notes).await.0, 403);
    assert_eq!(app.get(&notes).await.status(), 401);
    let nosy = logged_in(&app, "Nosy Reporter").await;
    let refused = nosy.client.post(nosy.url(&format!("{path}/notes"))).form(&[("body", "x")]).send().await.unwrap();
    assert!(refused.status() == 403 || refused.status() == 404, "{}", refused.status());
    // Bad input.
    assert_eq!(reporter.post(&notes, json!({"body": ""})).await.0, 422);
    assert_eq!(reporter.post(&notes, json!({"body": "n".repeat(2001)})).await.0, 422);
    assert_eq!(reporter.post(&notes, json!({"text": "wrong field"})).await.0, 422);
    assert_eq!(reporter.post("/api/v1/newsroom/articles/999999/notes", json!({"body": "x"})).await.0, 404);
    assert_eq!(editor.get(&notes).await.1.as_array().unwrap().len(), 2, "refused notes are not kept");

    // Published, the story shows no note to the public: page, API, feed, search.
    assert_eq!(editor.post(&format!("/api/v1/newsroom/articles/{id}/publish"), json!({})).await.0, 200);
    let public = app.get(&format!("/en/news/{id}/port-strike-ends")).await;
    assert_eq!(public.status(), 200);
    assert!(!public.text().await.unwrap().contains("union secretary"));
    for path in [format!("/api/v1/articles/{id}"), "/en/feed.xml".to_owned()] {
        let text = app.get(&path).await.text().await.unwrap();
        assert!(text.contains("Port strike ends"), "{path}");
        assert!(!text.contains("union secretary"), "{path}");
    }
    // Search finds the story by its text once indexed, never by its notes.
    let app = &app;
    let search = |q: &'static str| async move {
        let url = app.url(&format!("/api/v1/search?lang=en&q={q}"));
        let results: serde_json::Value = app.client.get(url).send().await.unwrap().json().await.unwrap();
        results["results"].as_array().unwrap().iter().any(|r| r["title"] == "Port strike ends")
    };
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while !search("port+strike").await {
        assert!(tokio::time::Instant::now() < deadline, "the story is never indexed");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(!search("union+secretary").await);
}

async fn each_notification_is_mailed_once_and_not_to_those_who_turned_mail_off(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let reporter = app.staff("reporter", "Mail Reporter").await;
    app.staff("editor", "Quiet Editor").await;
    let editor = app.staff("editor", "Mailed Editor").await;
    // The quiet editor turns mail off on the notifications page.
    let quiet = logged_in(&app, "Quiet Editor").await;
    assert!(quiet.page("/newsroom/notifications").await.text(".nr-email-switch").contains("also come by email"));
    let off = quiet.submit("/newsroom/notifications", "/newsroom/notifications/email", &[("email", "off")]).await;
    assert_eq!(off.status(), 303);
    assert!(quiet.page("/newsroom/notifications").await.text(".nr-email-switch").contains("not by email"));
    let bad = quiet.submit("/newsroom/notifications", "/newsroom/notifications/email", &[("email", "maybe")]).await;
    assert_eq!(bad.status(), 422);

    let id = reporter.draft("Metro rail extends to Kamalapur").await;
    assert_eq!(reporter.post(&format!("/api/v1/newsroom/articles/{id}/submit"), json!({})).await.0, 200);
    let note = "Add the fare table.";
    let (status, _) = editor.post(&format!("/api/v1/newsroom/articles/{id}/return"), json!({"note": note})).await;
    assert_eq!(status, 200);
    settle_mail(&app).await;

    let to_editor = mails_to(&app, "mailed.editor@staff.test");
    assert_eq!(to_editor.len(), 1, "{to_editor:?}");
    assert!(to_editor[0].0.contains("Submitted for review: Metro rail extends to Kamalapur"), "{}", to_editor[0].0);
    assert!(to_editor[0].1.contains(&format!("{}/newsroom/articles/{id}", app.base)));
    assert_eq!(mails_to(&app, &app.admin_email).len(), 1, "admins hear of submissions too");
    assert!(mails_to(&app, "quiet.editor@staff.test").is_empty(), "mail turned off");
    let to_reporter = mails_to(&app, "mail.reporter@staff.test");
    assert_eq!(to_reporter.len(), 1);
    assert!(to_reporter[0].1.contains(note));
    // The quiet editor is still told in the newsroom.
    let unread: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM notifications n JOIN users u ON u.id = n.user_id WHERE u.email = 'quiet.editor@staff.test'",
    )
    .fetch_one(&app.state.db.pool)
    .await
    .unwrap();
    assert_eq!(unread, 1);
    // Every queued mail went out once, and nothing is left.
    let (queued, sent): (i64, i64) =
        sqlx::query_as("SELECT COUNT(*), COUNT(sent_at) FROM mail_queue").fetch_one(&app.state.db.pool).await.unwrap();
    assert_eq!((queued, sent), (3, 3));
    assert_eq!(outbox(&app).len(), 3);
    // Sending again sends nothing twice.
    settle_mail(&app).await;
    assert_eq!(outbox(&app).len(), 3);
}

async fn a_failing_send_is_tried_again_with_growing_waits(db: TestDb) {
    // A port nothing listens on: every send fails.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap();
    let app =
        TestApp::spawn_with(db, Options { smtp_url: Some(format!("smtp://{closed}")), ..Options::default() }).await;
    let reporter = app.staff("reporter", "Retry Reporter").await;
    let id = reporter.draft("Ferry service resumes").await;
    // The request does not wait for the mail server.
    assert_eq!(reporter.post(&format!("/api/v1/newsroom/articles/{id}/submit"), json!({})).await.0, 200);
    let row = || async {
        let row: (i64, i64, Option<String>, Option<i64>) = sqlx::query_as(
            "SELECT attempts, next_attempt_at, last_error, sent_at FROM mail_queue WHERE to_address = $1",
        )
        .bind(&app.admin_email)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
        row
    };
    settle_mail(&app).await;
    let start = app.clock.now();
    let (attempts, next, error, sent) = row().await;
    assert_eq!((attempts, sent), (1, None));
    assert_eq!(next, start + 30, "the first wait is 30 s");
    assert!(error.as_deref().unwrap_or_default().contains("SMTP"), "{error:?}");
    // Not tried again before its time.
    settle_mail(&app).await;
    assert_eq!(row().await.0, 1);
    app.clock.advance(30);
    settle_mail(&app).await;
    let (attempts, next, _, _) = row().await;
    assert_eq!(attempts, 2);
    assert_eq!(next, start + 30 + 60, "the wait doubles");
    app.clock.advance(60);
    settle_mail(&app).await;
    assert_eq!(row().await.0, 3);
    // After the last try the row stays, unsent, with its error, and is not tried again.
    sqlx::query("UPDATE mail_queue SET attempts = $1 - 1")
        .bind(MAX_ATTEMPTS)
        .execute(&app.state.db.pool)
        .await
        .unwrap();
    app.clock.advance(3600);
    settle_mail(&app).await;
    app.clock.advance(7 * 3600);
    settle_mail(&app).await;
    let (attempts, _, error, sent) = row().await;
    assert_eq!((attempts, sent), (MAX_ATTEMPTS, None));
    assert!(error.is_some());
}

async fn moderators_hear_once_per_batch_when_comments_wait_too_long(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let moderator = app.staff("moderator", "Queue Moderator").await;
    let editor = app.staff("editor", "Queue Editor").await;
    let reader = app.reader("Waiting Commenter").await;
    drop(reader);
    let commenter: i64 = sqlx::query_scalar("SELECT id FROM users WHERE email = 'waiting.commenter@readers.test'")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    let hold = |text: &'static str| {
        let db = app.state.db.clone();
        let at = app.clock.now();
        async move {
            let body = CommentBody::parse(text).unwrap();
            let comment = NewComment {
                article_id: 1,
                user_id: commenter,
                parent_id: None,
                body: &body,
                moderation: Moderation::Held,
                at,
            };
            newsdesk::comments::db::insert(&db, comment, None).await.unwrap();
        }
    };
    let letterhead = newsdesk::notifications::letterhead(&app.state);
    let check = || async {
        newsdesk::notifications::db::alert_waiting_comments(&app.state.db, &letterhead, app.clock.now()).await.unwrap();
        moderator.get("/api/v1/newsroom/notifications").await.1["notifications"].as_array().unwrap().len()
    };
    hold("First waiting comment").await;
    hold("Second waiting comment").await;
    app.clock.advance(29 * 60);
    assert_eq!(check().await, 0, "not yet past the threshold");
    app.clock.advance(2 * 60);
    assert_eq!(check().await, 1);
    let (_, told) = moderator.get("/api/v1/newsroom/notifications").await;
    assert_eq!(told["notifications"][0]["kind"], "comments_waiting");
    assert!(told["notifications"][0]["text"].as_str().unwrap().starts_with("2 comments have waited"), "{told}");
    assert!(told["notifications"][0]["url"].as_str().unwrap().ends_with("/newsroom/comments?queue=held"));
    // Once per batch: later checks of the same waiting comments tell nobody again.
    app.clock.advance(60 * 60);
    assert_eq!(check().await, 1);
    // A comment held after the alert makes the next, once it too has waited.
    hold("A later comment").await;
    app.clock.advance(10 * 60);
    assert_eq!(check().await, 1);
    app.clock.advance(21 * 60);
    assert_eq!(check().await, 2);
    // Admins hear too; editors do not.
    let admins: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM notifications n JOIN users u ON u.id = n.user_id WHERE u.role = 'admin' AND n.kind = 'comments_waiting'",
    )
    .fetch_one(&app.state.db.pool)
    .await
    .unwrap();
    assert_eq!(admins, 2);
    assert_eq!(editor.get("/api/v1/newsroom/notifications").await.1["unread"], 0);
}

async fn each_person_is_told_in_the_language_they_chose_for_the_newsroom(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let reporter = app.staff("reporter", "Bangla Reporter").await;
    let editor = app.staff("editor", "English Editor").await;
    // The reporter chooses Bangla on the account page; the editor keeps the site's English.
    let reporter_browser = logged_in(&app, "Bangla Reporter").await;
    let chosen = reporter_browser.submit("/account", "/account/newsroom-language", &[("lang", "bn")]).await;
    assert_eq!(chosen.status(), 303);

    let id = reporter.draft("Padma bridge tolls fall").await;
    assert_eq!(reporter.post(&format!("/api/v1/newsroom/articles/{id}/submit"), json!({})).await.0, 200);
    let note = "Add the toll table.";
    let (status, body) = editor.post(&format!("/api/v1/newsroom/articles/{id}/return"), json!({"note": note})).await;
    assert_eq!(status, 200, "{body}");
    settle_mail(&app).await;

    // The editor is told of the submission in English, in the newsroom and by mail.
    let (_, told) = editor.get("/api/v1/newsroom/notifications").await;
    assert_eq!(told["notifications"][0]["text"], "Bangla Reporter submitted “Padma bridge tolls fall” for review.");
    let to_editor = mails_to(&app, "english.editor@staff.test");
    assert_eq!(to_editor.len(), 1, "{to_editor:?}");
    assert!(to_editor[0].0.contains("Submitted for review: Padma bridge tolls fall"), "{}", to_editor[0].0);
    assert!(to_editor[0].1.contains("Open it in the newsroom:"), "{}", to_editor[0].1);

    // The reporter is told of the return in Bangla, in the newsroom and by mail.
    let returned = "English Editor “Padma bridge tolls fall” আপনার কাছে ফেরত পাঠিয়েছেন: Add the toll table.";
    let page = reporter_browser.page("/newsroom/notifications").await;
    assert!(page.text(".nr-notifications").contains(returned), "{}", page.text(".nr-notifications"));
    assert!(page.text(".nr-email-switch").contains("বিজ্ঞপ্তি ইমেইলেও আসে।"), "{}", page.text(".nr-email-switch"));
    let to_reporter = mails_to(&app, "bangla.reporter@staff.test");
    assert_eq!(to_reporter.len(), 1, "{to_reporter:?}");
    let (subject, mail) = &to_reporter[0];
    assert!(subject.contains("আপনার কাছে ফেরত: Padma bridge tolls fall"), "{subject}");
    assert!(mail.contains(returned), "{mail}");
    assert!(mail.contains(&format!("নিউজরুমে খুলুন: {}/newsroom/articles/{id}", app.base)), "{mail}");
    assert!(!mail.contains("Open it in the newsroom"), "{mail}");
}
