//! Opinion polls: editors make them, readers vote once each (with and without JavaScript's
//! API), caps and closing times hold, and counts are the same wherever they are read.

use newsdesk::clock::Clock;
use serde_json::{Value, json};

use crate::helpers::{StaffClient, TestApp, TestDb, set_cookie};

crate::on_both_databases!(
    editors_create_change_and_delete_polls_and_a_stale_version_is_refused,
    bad_poll_input_is_refused_naming_the_field_and_stores_nothing,
    reporters_and_moderators_are_refused_every_poll_route,
    a_reader_without_javascript_chooses_on_the_home_page_confirms_and_sees_the_results,
    a_logged_in_reader_votes_once_through_the_api_with_the_pages_token,
    a_visitor_votes_once_per_cookie_and_one_address_at_most_the_cap,
    two_new_readers_behind_one_address_with_the_same_browser_both_count,
    crawlers_may_not_vote,
    votes_outside_the_open_time_change_nothing,
    a_flood_of_votes_from_one_client_is_refused_with_429,
    counts_are_the_same_when_read_from_a_second_node,
    the_bangla_edition_counts_in_bangla_digits,
    the_home_page_shows_the_newest_open_poll_and_a_vote_keeps_it_cached,
    an_article_shows_the_poll_tied_to_it,
);

const TOKEN: &str = "0123456789abcdef0123456789abcdef";

fn at(app: &TestApp, offset: i64) -> String {
    chrono::DateTime::from_timestamp(app.clock.now() + offset, 0).unwrap().to_rfc3339()
}

/// Makes a poll open now for a day; returns it.
async fn poll(app: &TestApp, editor: &StaffClient, lang: &str, question: &str, options: &[&str]) -> Value {
    let (status, body) = editor
        .post(
            "/api/v1/newsroom/polls",
            json!({"lang": lang, "question": question, "options": options, "closes_at": at(app, 86_400)}),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    body
}

/// A visitor's vote through the API, with the cookies and token a browser would send.
async fn visitor_vote(app: &TestApp, id: &Value, option: i64, visitor: u64) -> reqwest::Response {
    app.client
        .post(app.url(&format!("/api/v1/polls/{id}/votes")))
        .header("cookie", format!("nd_csrf={TOKEN}; nd_vid={visitor:016x}"))
        .header("x-csrf-token", TOKEN)
        .json(&json!({"option": option}))
        .send()
        .await
        .unwrap()
}

async fn total(app: &TestApp, id: &Value) -> i64 {
    app.json(&format!("/api/v1/polls/{id}")).await["total"].as_i64().unwrap()
}

async fn editors_create_change_and_delete_polls_and_a_stale_version_is_refused(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let editor = app.staff("editor", "Poll Editor").await;
    let admin = app.staff("admin", "Poll Admin").await;
    let created = poll(&app, &editor, "en", "Should the metro run all night?", &["Yes", "No"]).await;
    let id = &created["id"];
    assert_eq!(created["version"], 1);
    assert_eq!(created["status"], "open");
    assert_eq!(created["options"][1]["label"], "No");
    assert_eq!(created["total"], 0);

    let (status, list) = admin.get("/api/v1/newsroom/polls").await;
    assert_eq!(status, 200);
    assert!(list["polls"].as_array().unwrap().iter().any(|p| p["id"] == *id), "{list}");

    let path = format!("/api/v1/newsroom/polls/{id}");
    let (status, changed) = editor
        .patch(&path, json!({"version": 1, "question": "Should the metro run all night on weekends?", "options": ["Yes", "No", "Only on Fridays"]}))
        .await;
    assert_eq!(status, 200, "{changed}");
    assert_eq!(changed["version"], 2);
    assert_eq!(changed["options"].as_array().unwrap().len(), 3);
    let (status, refused) = admin.patch(&path, json!({"version": 1, "question": "Overwritten?"})).await;
    assert_eq!(status, 409, "{refused}");
    assert!(refused["error"]["message"].as_str().unwrap().contains("version 2"), "{refused}");
    let (_, shown) = admin.get(&path).await;
    assert_eq!(shown["question"], "Should the metro run all night on weekends?", "nothing was overwritten");
    let (status, _) = admin.patch(&path, json!({"question": "No version"})).await;
    assert_eq!(status, 422);

    // Once votes are counted, answers may be reworded but not removed.
    assert_eq!(visitor_vote(&app, id, 3, 1).await.status(), 201);
    let (status, body) = editor.patch(&path, json!({"version": 2, "options": ["Yes", "No"]})).await;
    assert_eq!(status, 422, "{body}");
    assert!(body["error"]["message"].as_str().unwrap().starts_with("options:"), "{body}");
    let (status, body) = editor.patch(&path, json!({"version": 2, "options": ["Yes", "No", "Fridays only"]})).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["options"][2]["votes"], 1, "the vote stays with its reworded answer");

    let (status, _) = editor.send(reqwest::Method::DELETE, &path, None).await;
    assert_eq!(status, 204);
    let (status, gone) = editor.get(&path).await;
    assert_eq!(status, 404);
    assert_eq!(gone["error"]["code"], "not_found");
    assert_eq!(app.get(&format!("/api/v1/polls/{id}")).await.status(), 404);
    let (status, _) = editor.send(reqwest::Method::DELETE, &path, None).await;
    assert_eq!(status, 404);
}

async fn bad_poll_input_is_refused_naming_the_field_and_stores_nothing(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let editor = app.staff("editor", "Strict Editor").await;
    let bangla_article: i64 = sqlx::query_scalar("SELECT id FROM articles WHERE lang = 'bn' ORDER BY id LIMIT 1")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    let closes = at(&app, 86_400);
    let cases = [
        (json!({"lang": "en", "question": "  ", "options": ["a", "b"], "closes_at": closes}), "question"),
        (json!({"lang": "en", "question": "q".repeat(301), "options": ["a", "b"], "closes_at": closes}), "question"),
        (json!({"lang": "en", "question": "Q?", "options": ["only one"], "closes_at": closes}), "options"),
        (
            json!({"lang": "en", "question": "Q?", "options": ["1", "2", "3", "4", "5", "6", "7"], "closes_at": closes}),
            "options",
        ),
        (
            json!({"lang": "en", "question": "Q?", "options": ["a", "b"], "opens_at": closes, "closes_at": at(&app, 3600)}),
            "closes_at",
        ),
        (json!({"lang": "en", "question": "Q?", "options": ["a", "b"], "closes_at": "next week"}), "closes_at"),
        (
            json!({"lang": "en", "question": "Q?", "options": ["a", "b"], "closes_at": closes, "article_id": 999_999}),
            "article_id",
        ),
        (
            json!({"lang": "en", "question": "Q?", "options": ["a", "b"], "closes_at": closes, "article_id": bangla_article}),
            "article_id",
        ),
        (json!({"lang": "fr", "question": "Q?", "options": ["a", "b"], "closes_at": closes}), "lang"),
    ];
    let before: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM polls").fetch_one(&app.state.db.pool).await.unwrap();
    for (input, field) in cases {
        let (status, body) = editor.post("/api/v1/newsroom/polls", input.clone()).await;
        assert_eq!(status, 422, "{input}: {body}");
        let message = body["error"]["message"].as_str().unwrap();
        assert!(message.starts_with(&format!("{field}:")), "{input}: {message}");
    }
    let after: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM polls").fetch_one(&app.state.db.pool).await.unwrap();
    assert_eq!(before, after);
    let (status, body) = editor.get("/api/v1/newsroom/polls/999999").await;
    assert_eq!((status, body["error"]["code"].as_str()), (404, Some("not_found")));
    assert_eq!(app.get("/en/polls/999999").await.status(), 404);
    assert!(app.get("/en/polls/999999").await.headers()["content-type"].to_str().unwrap().starts_with("text/html"));
}

async fn reporters_and_moderators_are_refused_every_poll_route(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let editor = app.staff("editor", "Owner Editor").await;
    let id = poll(&app, &editor, "en", "Who may see this?", &["Editors", "Everyone"]).await["id"].clone();
    let table: Vec<_> = newsdesk::newsroom::route_table().into_iter().filter(|e| e.path.contains("/polls")).collect();
    assert_eq!(table.len(), 11, "five API operations and six pages");
    for role in ["reporter", "moderator"] {
        let name = format!("Curious {role}");
        let client = app.staff(role, &name).await;
        let browser = app.browser();
        let email = format!("{}@staff.test", name.to_lowercase().replace(' ', "."));
        assert_eq!(browser.login(&email, "staff pass phrase").await.status(), 303);
        let token = browser.page("/account").await.attrs("input[name=csrf]", "value").remove(0);
        for entry in &table {
            let path = entry.path.replace("{id}", &id.to_string());
            let status = if path.starts_with("/api/") {
                let body = (entry.method != reqwest::Method::GET && entry.method != reqwest::Method::DELETE).then(|| {
                    json!({"lang": "en", "question": "Mine?", "options": ["a", "b"], "closes_at": at(&app, 60), "version": 1})
                });
                client.send(entry.method.clone(), &path, body).await.0
            } else if entry.method == reqwest::Method::GET {
                browser.get(&path).await.status().as_u16()
            } else {
                let fields = [
                    ("csrf", token.as_str()),
                    ("version", "1"),
                    ("question", "Mine?"),
                    ("option1", "a"),
                    ("option2", "b"),
                ];
                browser.client.post(browser.url(&path)).form(&fields).send().await.unwrap().status().as_u16()
            };
            assert_eq!(status, 403, "{role} {} {path}", entry.method);
        }
    }
    let (_, after) = editor.get(&format!("/api/v1/newsroom/polls/{id}")).await;
    assert_eq!((after["version"].as_i64(), after["question"].as_str()), (Some(1), Some("Who may see this?")));
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM polls WHERE question = 'Mine?'")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    assert_eq!(count, 0);
}

async fn a_reader_without_javascript_chooses_on_the_home_page_confirms_and_sees_the_results(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let editor = app.staff("editor", "Form Editor").await;
    let id = poll(&app, &editor, "en", "Is the new bus lane working?", &["Yes", "No", "Too early to say"]).await["id"]
        .clone();
    let browser = app.browser();
    let home = browser.page("/en/").await;
    assert_eq!(home.text(".poll-question"), "Is the new bus lane working?");
    let form = format!("/en/polls/{id}");
    assert_eq!(home.attr(".poll-form", "action"), form);
    assert_eq!(home.attr(".poll-form", "method"), "get", "a kept page carries no reader's token");
    assert_eq!(home.attrs(".poll-form input[name=option]", "value"), ["1", "2", "3"]);

    // The form leads to the poll's page with the choice made; the reader confirms it there.
    let confirm = browser.page(&format!("{form}?option=2")).await;
    assert_eq!(confirm.attr(".poll-form input[checked]", "value"), "2");
    assert_eq!(confirm.attr(".poll-form", "method"), "post");
    let voted = browser.submit(&format!("{form}?option=2"), &form, &[("option", "2")]).await;
    assert_eq!(voted.status(), 303);
    let location = voted.headers()["location"].to_str().unwrap().to_owned();
    assert!(location.starts_with(&format!("{form}?voted=1")), "{location}");
    assert!(set_cookie(&voted, "nd_vid").is_some(), "a new visitor is given the cookie their vote is kept under");
    let results = browser.page(&location).await;
    assert_eq!(results.texts(".poll-count"), ["0 · 0%", "1 · 100%", "0 · 0%"]);
    assert_eq!(results.text(".poll-total"), "1 people have voted");
    assert!(results.text(".notice").contains("your vote is counted"));
    assert!(results.attrs(".poll-form", "action").is_empty(), "no second form for a reader who voted");

    // The same browser again: refused, nothing moves.
    // (The poll's page offers no form now: the token is taken from another page's.)
    let again = browser.submit("/login", &form, &[("option", "1")]).await;
    assert_eq!(again.status(), 409);
    assert_eq!(total(&app, &id).await, 1);
    // A form without the token is refused before it is read.
    let forged = browser.client.post(browser.url(&form)).form(&[("option", "1")]).send().await.unwrap();
    assert_eq!(forged.status(), 403);
    assert_eq!(total(&app, &id).await, 1);
}

async fn a_logged_in_reader_votes_once_through_the_api_with_the_pages_token(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let editor = app.staff("editor", "Api Editor").await;
    let id = poll(&app, &editor, "en", "Tea or coffee?", &["Tea", "Coffee"]).await["id"].clone();
    let reader = app.reader("Api Voter").await;
    let url = reader.url(&format!("/api/v1/polls/{id}/votes"));
    let without = reader.client.post(&url).json(&json!({"option": 1})).send().await.unwrap();
    assert_eq!(without.status(), 403, "a session alone cannot vote: the page's token must come too");
    let shown = reader.get(&format!("/api/v1/polls/{id}")).await;
    let token = shown.headers()["x-csrf-token"].to_str().unwrap().to_owned();
    let vote =
        |option: i64| reader.client.post(&url).header("x-csrf-token", &token).json(&json!({"option": option})).send();
    let first = vote(1).await.unwrap();
    assert_eq!(first.status(), 201);
    let counted: Value = first.json().await.unwrap();
    assert_eq!((counted["total"].as_i64(), counted["options"][0]["votes"].as_i64()), (Some(1), Some(1)));
    assert_eq!(counted["options"][0]["percent"], 100);
    let second = vote(2).await.unwrap();
    assert_eq!(second.status(), 409);
    let refused: Value = second.json().await.unwrap();
    assert!(refused["error"]["message"].as_str().unwrap().contains("already voted"), "{refused}");
    assert_eq!(vote(7).await.unwrap().status(), 422, "an answer the poll does not have");
    // The account's vote holds from another browser of the same reader.
    let elsewhere = app.browser();
    assert_eq!(elsewhere.login("api.voter@readers.test", "lantern ferry monsoon").await.status(), 303);
    let page = elsewhere.page(&format!("/en/polls/{id}")).await;
    assert!(page.attrs(".poll-form", "action").is_empty());
    assert_eq!(total(&app, &id).await, 1);
    let stored: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM poll_votes").fetch_one(&app.state.db.pool).await.unwrap();
    assert_eq!(stored, 1, "written to the database at once");
}

async fn a_visitor_votes_once_per_cookie_and_one_address_at_most_the_cap(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let editor = app.staff("editor", "Cap Editor").await;
    let id = poll(&app, &editor, "en", "Rickshaw fares: too high?", &["Yes", "No"]).await["id"].clone();
    assert_eq!(visitor_vote(&app, &id, 1, 1).await.status(), 201);
    assert_eq!(visitor_vote(&app, &id, 2, 1).await.status(), 409, "the same cookie votes once");
    assert_eq!(total(&app, &id).await, 1);
    // A script minting cookies from one address: counted up to the cap, then not at all.
    let cap = newsdesk::polls::model::PER_ADDRESS_CAP;
    for visitor in 2..=cap as u64 {
        assert_eq!(visitor_vote(&app, &id, 1, visitor).await.status(), 201, "visitor {visitor}");
    }
    assert_eq!(total(&app, &id).await, cap);
    let stuffed = visitor_vote(&app, &id, 2, 1000).await;
    assert_eq!(stuffed.status(), 409);
    assert_eq!(total(&app, &id).await, cap, "beyond the cap no count moves");
    // A logged-in reader from the same address still counts: accounts are one each already.
    let reader = app.staff("reader", "Capped Reader").await;
    let (status, _) = reader.post(&format!("/api/v1/polls/{id}/votes"), json!({"option": 2})).await;
    assert_eq!(status, 201);
    assert_eq!(total(&app, &id).await, cap + 1);
    // And the address's window passes.
    app.clock.advance(newsdesk::polls::model::ADDRESS_WINDOW_SECS);
    assert_eq!(visitor_vote(&app, &id, 2, 1001).await.status(), 201);
    assert_eq!(total(&app, &id).await, cap + 2);
}

async fn two_new_readers_behind_one_address_with_the_same_browser_both_count(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let editor = app.staff("editor", "Carrier Editor").await;
    let id = poll(&app, &editor, "en", "Same phone, same network?", &["Yes", "No"]).await["id"].clone();
    let mut cookies = Vec::new();
    for _ in 0..2 {
        let response = app
            .client
            .post(app.url(&format!("/api/v1/polls/{id}/votes")))
            .header("cookie", format!("nd_csrf={TOKEN}"))
            .header("x-csrf-token", TOKEN)
            .json(&json!({"option": 1}))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 201);
        cookies.push(set_cookie(&response, "nd_vid").expect("a new visitor gets a visitor cookie"));
    }
    assert_ne!(cookies[0], cookies[1], "each new reader is their own voter");
    assert_eq!(total(&app, &id).await, 2);
}

async fn crawlers_may_not_vote(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let editor = app.staff("editor", "Bot Editor").await;
    let id = poll(&app, &editor, "en", "Are bots readers?", &["No", "Never"]).await["id"].clone();
    for agent in ["Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", "curl/8.5.0", ""] {
        let response = app
            .client
            .post(app.url(&format!("/api/v1/polls/{id}/votes")))
            .header("user-agent", agent)
            .header("cookie", format!("nd_csrf={TOKEN}; nd_vid=00000000000000b0"))
            .header("x-csrf-token", TOKEN)
            .json(&json!({"option": 1}))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 403, "{agent:?}");
    }
    assert_eq!(total(&app, &id).await, 0);
}

async fn votes_outside_the_open_time_change_nothing(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let editor = app.staff("editor", "Clock Editor").await;
    let (status, later) = editor
        .post(
            "/api/v1/newsroom/polls",
            json!({"lang": "en", "question": "Tomorrow's poll?", "options": ["a", "b"], "opens_at": at(&app, 3600), "closes_at": at(&app, 7200)}),
        )
        .await;
    assert_eq!(status, 201);
    assert_eq!(later["status"], "upcoming");
    let upcoming = &later["id"];
    assert_eq!(app.get(&format!("/api/v1/polls/{upcoming}")).await.status(), 404, "not shown before it opens");
    assert_eq!(visitor_vote(&app, upcoming, 1, 5).await.status(), 404);

    let id = poll(&app, &editor, "en", "Closing soon?", &["Yes", "No"]).await["id"].clone();
    assert_eq!(visitor_vote(&app, &id, 1, 6).await.status(), 201);
    app.clock.advance(86_400);
    let late = visitor_vote(&app, &id, 1, 7).await;
    assert_eq!(late.status(), 409);
    let shown = app.json(&format!("/api/v1/polls/{id}")).await;
    assert_eq!((shown["status"].as_str(), shown["total"].as_i64()), (Some("closed"), Some(1)));
    let page = app.page(&format!("/en/polls/{id}")).await;
    assert!(page.attrs(".poll-form", "action").is_empty(), "a closed poll offers no form");
    assert_eq!(page.text(".poll-total"), "1 people have voted");

    // Closed early by an editor: the next vote is refused.
    let early = poll(&app, &editor, "en", "Closed early?", &["Yes", "No"]).await;
    app.clock.advance(60);
    let (status, closed) = editor
        .patch(&format!("/api/v1/newsroom/polls/{}", early["id"]), json!({"version": 1, "closes_at": at(&app, 0)}))
        .await;
    assert_eq!(status, 200, "{closed}");
    assert_eq!(visitor_vote(&app, &early["id"], 1, 8).await.status(), 409);
    assert_eq!(total(&app, &early["id"]).await, 0);
}

async fn a_flood_of_votes_from_one_client_is_refused_with_429(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let editor = app.staff("editor", "Flood Editor").await;
    let id = poll(&app, &editor, "en", "Flooded?", &["Yes", "No"]).await["id"].clone();
    let limit = newsdesk::polls::vote::FLOOD.max as u64;
    let mut statuses = Vec::new();
    for visitor in 0..limit {
        statuses.push(visitor_vote(&app, &id, 1, 5000 + visitor).await.status().as_u16());
    }
    assert!(statuses.iter().all(|s| *s == 201 || *s == 409), "{statuses:?}");
    let flooded = visitor_vote(&app, &id, 1, 9999).await;
    assert_eq!(flooded.status(), 429);
    assert!(flooded.headers().contains_key("retry-after"));
    assert_eq!(total(&app, &id).await, newsdesk::polls::model::PER_ADDRESS_CAP);
}

async fn counts_are_the_same_when_read_from_a_second_node(db: TestDb) {
    let first = TestApp::spawn(db).await;
    let second = first.another_node().await;
    let editor = first.staff("editor", "Node Editor").await;
    let id = poll(&first, &editor, "en", "One count everywhere?", &["Yes", "No"]).await["id"].clone();
    assert_eq!(visitor_vote(&first, &id, 1, 11).await.status(), 201);
    assert_eq!(visitor_vote(&second, &id, 2, 12).await.status(), 201);
    assert_eq!(
        visitor_vote(&second, &id, 2, 11).await.status(),
        409,
        "a cookie that voted on one node is known on the other"
    );
    let on_first = first.json(&format!("/api/v1/polls/{id}")).await;
    let on_second = second.json(&format!("/api/v1/polls/{id}")).await;
    assert_eq!(on_first["options"], on_second["options"]);
    assert_eq!((on_first["total"].as_i64(), on_second["total"].as_i64()), (Some(2), Some(2)));
    assert_eq!(
        first.page(&format!("/en/polls/{id}")).await.texts(".poll-count"),
        second.page(&format!("/en/polls/{id}")).await.texts(".poll-count")
    );
}

async fn the_bangla_edition_counts_in_bangla_digits(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let editor = app.staff("editor", "Bangla Editor").await;
    let id = poll(&app, &editor, "bn", "আপনি কি মেট্রোরেলে যাতায়াত করেন?", &["হ্যাঁ", "না"]).await["id"].clone();
    for visitor in 21..33 {
        assert_eq!(visitor_vote(&app, &id, 1, visitor).await.status(), 201);
    }
    let page = app.page(&format!("/bn/polls/{id}")).await;
    assert_eq!(page.text(".poll-total"), "১২ জন মত দিয়েছেন");
    assert_eq!(page.texts(".poll-count"), ["১২ · ১০০%", "০ · ০%"]);
    assert_eq!(app.get(&format!("/en/polls/{id}")).await.status(), 404, "a poll of the other edition");
    let home = app.page("/bn/").await;
    assert_eq!(home.text(".poll-question"), "আপনি কি মেট্রোরেলে যাতায়াত করেন?");
    assert_eq!(home.text(".poll-form button"), "ভোট দিন");
}

async fn the_home_page_shows_the_newest_open_poll_and_a_vote_keeps_it_cached(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let editor = app.staff("editor", "Home Editor").await;
    let sample = app.page("/en/").await;
    assert!(!sample.text(".poll-question").is_empty(), "the sample content has a poll on the home page");
    let id = poll(&app, &editor, "en", "Newest question?", &["Yes", "No"]).await["id"].clone();
    let home = app.get("/en/").await;
    let etag = home.headers()["etag"].to_str().unwrap().to_owned();
    let html = home.text().await.unwrap();
    assert!(html.contains("Newest question?"), "a new poll shows at once");
    assert_eq!(visitor_vote(&app, &id, 1, 77).await.status(), 201);
    let after = app.get("/en/").await;
    assert_eq!(after.headers()["etag"].to_str().unwrap(), etag, "a vote leaves the kept page alone");
    assert!(app.get("/en/").await.headers().get("set-cookie").is_none());

    let (status, _) = editor
        .patch(&format!("/api/v1/newsroom/polls/{id}"), json!({"version": 1, "question": "Newest question, reworded?"}))
        .await;
    assert_eq!(status, 200);
    assert!(app.page("/en/").await.html.contains("Newest question, reworded?"), "a change shows at once");
    let (status, _) = editor.send(reqwest::Method::DELETE, &format!("/api/v1/newsroom/polls/{id}"), None).await;
    assert_eq!(status, 204);
    assert!(!app.page("/en/").await.html.contains("Newest question"), "a deleted poll leaves at once");
}

async fn an_article_shows_the_poll_tied_to_it(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let editor = app.staff("editor", "Story Editor").await;
    let (status, body) = editor
        .post(
            "/api/v1/newsroom/polls",
            json!({"lang": "en", "question": "Should Kabul be recognised?", "options": ["Yes", "No"], "closes_at": at(&app, 86_400), "article_id": 1}),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let article = app.sample_path("seed").await;
    let page = app.page(&article).await;
    assert_eq!(page.text(".poll-question"), "Should Kabul be recognised?");
    assert_eq!(page.attr(".poll-form", "action"), format!("/en/polls/{}", body["id"]));
}
