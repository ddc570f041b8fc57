//! The front of the paper: editors choose the lead and top stories of home pages and section
//! fronts, put up breaking news, and the header carries today's date in both calendars.

use std::time::Duration;

use newsdesk::clock::Clock;
use newsdesk::editions::Lang;
use serde_json::json;

use crate::helpers::{Options, TestApp, TestDb};

crate::on_both_databases!(
    an_editor_makes_an_older_story_lead_the_bangla_home_page_above_newer_ones,
    a_curated_story_that_is_unpublished_leaves_the_front_at_once,
    a_stale_front_version_is_refused_and_changes_nothing,
    placements_of_unknown_unpublished_or_foreign_stories_name_the_bad_id,
    section_fronts_take_stories_of_their_own_section,
    reporters_and_moderators_may_not_touch_the_front,
    the_front_page_editor_works_with_plain_forms,
    a_breaking_banner_tops_every_page_of_its_edition_until_taken_down,
    a_breaking_banner_comes_down_by_itself_when_its_time_ends,
    bad_banners_are_refused_with_a_reason,
    cards_show_the_featured_photo_and_stories_without_one_stay_text,
    the_date_line_reads_both_calendars_and_turns_at_midnight,
    feeds_robots_and_structured_data_follow_what_crawlers_expect,
);

/// Publishes a Bangla sports story at `at`; returns its id.
async fn bangla_story(app: &TestApp, title: &str, at: i64) -> i64 {
    app.article().lang(Lang::Bn).title(title).published_at(at).insert().await
}

/// The ids of the articles a page's element links to, in order.
fn linked_ids(page: &crate::helpers::Page, selector: &str) -> Vec<i64> {
    page.attrs(selector, "href")
        .iter()
        .filter_map(|href| href.split('/').nth(3).and_then(|id| id.parse().ok()))
        .collect()
}

/// Polls `path` until `check` holds, for at most three seconds (the clock follows every second).
async fn eventually(app: &TestApp, path: &str, what: &str, check: impl Fn(&crate::helpers::Page) -> bool) {
    for _ in 0..30 {
        if check(&app.page(path).await) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{what}: not within 3 s; last seen:\n{}", app.page(path).await.html);
}

async fn an_editor_makes_an_older_story_lead_the_bangla_home_page_above_newer_ones(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let now = app.clock.now();
    let old = bangla_story(&app, "পুরোনো খবর যা এখন প্রধান", now - 86_400 * 3).await;
    let top = bangla_story(&app, "শীর্ষ খবর দ্বিতীয়", now - 86_400 * 2).await;
    let newest = bangla_story(&app, "একেবারে নতুন খবর", now - 30).await;
    let home = app.page("/bn/").await;
    assert_eq!(linked_ids(&home, ".lead h2 a"), [newest], "without a choice the newest story leads");

    let editor = app.staff("editor", "Front Editor").await;
    let (status, front) =
        editor.put("/api/v1/newsroom/fronts/bn", json!({"lead": old, "top": [top], "version": 0})).await;
    assert_eq!(status, 200, "{front}");
    assert_eq!(front["version"], 1);
    assert_eq!(front["lead"]["id"], old);
    assert_eq!(front["lead_chosen"], true);
    assert_eq!(front["top"][0]["id"], top);

    let home = app.page("/bn/").await;
    assert_eq!(linked_ids(&home, ".lead h2 a"), [old], "the editors' lead is on top of the home page");
    assert_eq!(linked_ids(&home, ".top-stories h3 a"), [top]);
    let latest = linked_ids(&home, ".latest h3 a");
    assert_eq!(latest.first(), Some(&newest), "the newest story follows in the latest block");
    assert!(!latest.contains(&old) && !latest.contains(&top), "placed stories are not repeated: {latest:?}");
    assert!(linked_ids(&app.page("/en/").await, ".lead h2 a") != [old], "the English home is its own front");

    let public = app.json("/api/v1/fronts/bn").await;
    assert_eq!(public["lead"]["id"], old);
    assert_eq!(public["lead"]["lang"], "bn");
    assert_eq!(public["version"], 1);
    let history: Vec<(String, i64)> =
        sqlx::query_as("SELECT detail, changed_by FROM front_changes WHERE lang = 'bn' AND section_id = 0")
            .fetch_all(&app.state.db.pool)
            .await
            .unwrap();
    let editor_id: i64 = sqlx::query_scalar("SELECT id FROM users WHERE display_name = 'Front Editor'")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    assert_eq!(history.len(), 1, "the change is recorded");
    assert_eq!(history[0].1, editor_id, "with who made it");
    assert!(history[0].0.contains(&old.to_string()));
}

async fn a_curated_story_that_is_unpublished_leaves_the_front_at_once(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let now = app.clock.now();
    let old = bangla_story(&app, "যে খবর নামিয়ে নেওয়া হবে", now - 86_400).await;
    let newest = bangla_story(&app, "সবচেয়ে নতুন খবর", now - 10).await;
    let editor = app.staff("editor", "Front Editor").await;
    let (status, _) = editor.put("/api/v1/newsroom/fronts/bn", json!({"lead": old, "top": [], "version": 0})).await;
    assert_eq!(status, 200);
    assert_eq!(linked_ids(&app.page("/bn/").await, ".lead h2 a"), [old]);

    let (_, article) = editor.get(&format!("/api/v1/newsroom/articles/{old}")).await;
    let (status, body) = editor
        .post(&format!("/api/v1/newsroom/articles/{old}/unpublish"), json!({"version": article["version"]}))
        .await;
    assert_eq!(status, 200, "{body}");
    let home = app.page("/bn/").await;
    assert_eq!(linked_ids(&home, ".lead h2 a"), [newest], "the empty lead falls back to the newest story");
    assert!(!home.html.contains(&format!("/bn/news/{old}/")), "the unpublished story is nowhere on the front");
    let public = app.json("/api/v1/fronts/bn").await;
    assert_eq!(public["lead"]["id"], newest);
    assert_eq!(public["lead_chosen"], false);
}

async fn a_stale_front_version_is_refused_and_changes_nothing(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let now = app.clock.now();
    let a = bangla_story(&app, "প্রথম সম্পাদকের পছন্দ", now - 500).await;
    let b = bangla_story(&app, "দ্বিতীয় সম্পাদকের পছন্দ", now - 400).await;
    let first = app.staff("editor", "First Editor").await;
    let second = app.staff("admin", "Second Editor").await;
    assert_eq!(first.put("/api/v1/newsroom/fronts/bn", json!({"lead": a, "version": 0})).await.0, 200);
    let (status, body) = second.put("/api/v1/newsroom/fronts/bn", json!({"lead": b, "version": 0})).await;
    assert_eq!(status, 409, "{body}");
    assert_eq!(body["error"]["code"], "conflict");
    assert!(body["error"]["message"].as_str().unwrap().contains("version 1"), "{body}");
    assert_eq!(app.json("/api/v1/fronts/bn").await["lead"]["id"], a, "the first editor's front stands");
    let (status, _) = second.put("/api/v1/newsroom/fronts/bn", json!({"lead": b, "version": 1})).await;
    assert_eq!(status, 200, "with the current version the change goes through");
    assert_eq!(app.json("/api/v1/fronts/bn").await["lead"]["id"], b);
}

async fn placements_of_unknown_unpublished_or_foreign_stories_name_the_bad_id(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let now = app.clock.now();
    let good = bangla_story(&app, "ঠিকঠাক খবর", now - 100).await;
    let english = app.article().title("An English story").insert().await;
    let editor = app.staff("editor", "Front Editor").await;
    let draft = editor.draft("Still a draft").await;
    assert_eq!(editor.put("/api/v1/newsroom/fronts/bn", json!({"lead": good, "version": 0})).await.0, 200);
    let cases = [
        (json!({"lead": 999_999, "top": [], "version": 1}), "999999", "no such story"),
        (json!({"lead": good, "top": [draft], "version": 1}), &*draft.to_string(), "not published"),
        (json!({"lead": english, "top": [], "version": 1}), &*english.to_string(), "other edition"),
        (json!({"lead": good, "top": [good], "version": 1}), &*good.to_string(), "twice"),
        (json!({"lead": null, "top": [1, 2, 3, 4, 5, 6, 7, 8, 9], "version": 1}), "8", "at most"),
    ];
    for (body, id, why) in cases {
        let (status, answer) = editor.put("/api/v1/newsroom/fronts/bn", body.clone()).await;
        assert_eq!(status, 422, "{body} → {answer}");
        let message = answer["error"]["message"].as_str().unwrap();
        assert!(message.contains(id) && message.contains(why), "{body}: {message}");
    }
    for bad in
        [json!({"lead": "seven", "version": 1}), json!({"lead": good}), json!({"lead": good, "version": 1, "x": 1})]
    {
        let (status, _) = editor.put("/api/v1/newsroom/fronts/bn", bad.clone()).await;
        assert!(status == 400 || status == 422, "{bad}: {status}");
    }
    let public = app.json("/api/v1/fronts/bn").await;
    assert_eq!((public["lead"]["id"].as_i64(), public["version"].as_i64()), (Some(good), Some(1)), "nothing changed");
    assert_eq!(app.get("/api/v1/fronts/fr").await.status(), 404);
    assert_eq!(editor.put("/api/v1/newsroom/fronts/bn/no-such-section", json!({"version": 0})).await.0, 404);
}

async fn section_fronts_take_stories_of_their_own_section(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let now = app.clock.now();
    let older = app.article().title("Older sports story to lead").published_at(now - 86_400 * 4).insert().await;
    let newer = app.article().title("Newest sports story").published_at(now - 5).insert().await;
    let politics = app.article().section("politics").title("A politics story").published_at(now - 50).insert().await;
    let editor = app.staff("editor", "Front Editor").await;
    let (status, body) = editor.put("/api/v1/newsroom/fronts/en/sports", json!({"lead": politics, "version": 0})).await;
    assert_eq!(status, 422);
    assert!(body["error"]["message"].as_str().unwrap().contains("another section"), "{body}");
    let (status, _) = editor.put("/api/v1/newsroom/fronts/en/sports", json!({"lead": older, "version": 0})).await;
    assert_eq!(status, 200);
    let page = app.page("/en/category/sports").await;
    assert_eq!(linked_ids(&page, ".lead h2 a"), [older]);
    let list = linked_ids(&page, "ul.stories h3 a");
    assert_eq!(list.first(), Some(&newer));
    assert!(!list.contains(&older), "the lead is not repeated in the list");
    assert_eq!(app.json("/api/v1/fronts/en/sports").await["lead"]["id"], older);
    assert_ne!(linked_ids(&app.page("/en/").await, ".lead h2 a"), [older], "the home page has its own front");
}

async fn reporters_and_moderators_may_not_touch_the_front(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let story = bangla_story(&app, "সংবাদ", app.clock.now() - 10).await;
    for role in ["reporter", "moderator", "reader"] {
        let caller = app.staff(role, &format!("Curious {role}")).await;
        let attempts = [
            caller.put("/api/v1/newsroom/fronts/bn", json!({"lead": story, "version": 0})).await,
            caller.put("/api/v1/newsroom/fronts/bn/sports", json!({"lead": story, "version": 0})).await,
            caller.put("/api/v1/newsroom/breaking/bn", json!({"text": "Not theirs"})).await,
            caller.delete("/api/v1/newsroom/breaking/bn").await,
        ];
        for (status, body) in attempts {
            assert_eq!(status, 403, "{role}: {body}");
        }
    }
    let front = app.json("/api/v1/fronts/bn").await;
    assert_eq!(front["version"], 0, "no front was set");
    assert_eq!(app.get("/api/v1/breaking/bn").await.status(), 204, "no banner went up");
    let reporter = app.browser();
    app.staff("reporter", "Page Reporter").await;
    assert_eq!(reporter.login("page.reporter@staff.test", "staff pass phrase").await.status(), 303);
    assert_eq!(reporter.get("/newsroom/fronts").await.status(), 403);
    assert_eq!(reporter.get("/newsroom/fronts/bn").await.status(), 403);
}

async fn the_front_page_editor_works_with_plain_forms(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let now = app.clock.now();
    // Minutes old, so that the index's follow of recent changes picks them up.
    let old = bangla_story(&app, "নদীভাঙনে ঘর হারাল শত পরিবার", now - 120).await;
    let other = bangla_story(&app, "বাজারে চালের দাম কমেছে", now - 60).await;
    app.state.search.sync_from_db(&app.state.db, app.clock.now()).await.unwrap();
    app.staff("editor", "Form Editor").await;
    let editor = app.browser();
    assert_eq!(editor.login("form.editor@staff.test", "staff pass phrase").await.status(), 303);

    let index = editor.page("/newsroom/fronts").await;
    assert!(index.attrs("a", "href").contains(&"/newsroom/fronts/bn".to_owned()));
    let found = editor.page("/newsroom/fronts/bn?q=নদীভাঙনে").await;
    let buttons = found.attrs("button[name=op]", "value");
    assert!(buttons.contains(&format!("lead:{old}")), "the search finds the story by a Bangla word: {buttons:?}");
    assert!(!buttons.contains(&format!("lead:{other}")), "and not the others: {buttons:?}");

    let response = editor
        .submit("/newsroom/fronts/bn", "/newsroom/fronts/bn", &[("version", "0"), ("op", &format!("lead:{old}"))])
        .await;
    assert_eq!(response.status(), 303);
    assert_eq!(linked_ids(&app.page("/bn/").await, ".lead h2 a"), [old]);
    let response = editor
        .submit(
            "/newsroom/fronts/bn",
            "/newsroom/fronts/bn",
            &[("version", "1"), ("lead", &old.to_string()), ("op", &format!("add:{other}"))],
        )
        .await;
    assert_eq!(response.status(), 303);
    let response = editor
        .submit(
            "/newsroom/fronts/bn",
            "/newsroom/fronts/bn",
            &[("version", "2"), ("lead", &old.to_string()), ("top1", &other.to_string()), ("op", "up:1")],
        )
        .await;
    assert_eq!(response.status(), 303);
    let home = app.page("/bn/").await;
    assert_eq!(linked_ids(&home, ".lead h2 a"), [other], "moving the first top story up makes it the lead");
    assert_eq!(linked_ids(&home, ".top-stories h3 a"), [old]);

    let page = editor.page("/newsroom/fronts/bn").await;
    assert!(page.text(".nr-history").contains("Form Editor"), "the change is listed with who made it");
    let stale =
        editor.submit("/newsroom/fronts/bn", "/newsroom/fronts/bn", &[("version", "1"), ("op", "remove:0")]).await;
    assert_eq!(stale.status(), 409);
    let text = stale.text().await.unwrap();
    assert!(text.contains("changed by someone else"), "the page says why");
    let bad = editor.submit("/newsroom/fronts/bn", "/newsroom/fronts/bn", &[("version", "3"), ("lead", "abc")]).await;
    assert_eq!(bad.status(), 422);
    assert_eq!(linked_ids(&app.page("/bn/").await, ".lead h2 a"), [other], "refused forms change nothing");
}

async fn a_breaking_banner_tops_every_page_of_its_edition_until_taken_down(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let story = bangla_story(&app, "সিলেটে ভূমিকম্প", app.clock.now() - 10).await;
    let article = app.json(&format!("/api/v1/articles/{story}")).await;
    let article_path = article["url"].as_str().unwrap().trim_start_matches(&app.base).to_owned();
    // Kept pages from before the banner must not hide it.
    for path in ["/bn/", &article_path, "/bn/category/sports", "/en/"] {
        assert!(app.page(path).await.texts(".breaking").is_empty());
    }
    let editor = app.staff("editor", "Breaking Editor").await;
    let (status, banner) = editor
        .put("/api/v1/newsroom/breaking/bn", json!({"text": "সিলেটে ৫.২ মাত্রার ভূমিকম্প", "url": article_path}))
        .await;
    assert_eq!(status, 200, "{banner}");
    for path in ["/bn/", &article_path, "/bn/category/sports", "/bn/trending-views", "/bn/search?q=x"] {
        let page = app.page(path).await;
        assert!(page.text(".breaking").contains("সিলেটে ৫.২ মাত্রার ভূমিকম্প"), "{path} shows the banner");
        assert_eq!(page.attrs(".breaking a", "href"), std::slice::from_ref(&article_path));
    }
    assert!(app.page("/en/").await.texts(".breaking").is_empty(), "the other edition has none");
    assert!(app.state.pages.get("/bn/").is_some(), "pages with the banner are still kept");
    let api = app.json("/api/v1/breaking/bn").await;
    assert_eq!(api["text"], "সিলেটে ৫.২ মাত্রার ভূমিকম্প");
    assert_eq!(app.get("/api/v1/breaking/en").await.status(), 204);

    let (status, _) = editor.delete("/api/v1/newsroom/breaking/bn").await;
    assert_eq!(status, 204);
    assert!(app.page("/bn/").await.texts(".breaking").is_empty(), "taken down at once");
    assert_eq!(app.get("/api/v1/breaking/bn").await.status(), 204);
    assert_eq!(editor.delete("/api/v1/newsroom/breaking/bn").await.0, 204, "taking down nothing is fine");
}

async fn a_breaking_banner_comes_down_by_itself_when_its_time_ends(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let editor = app.staff("editor", "Breaking Editor").await;
    let until = chrono::DateTime::from_timestamp(app.clock.now() + 600, 0).unwrap().to_rfc3339();
    let (status, body) =
        editor.put("/api/v1/newsroom/breaking/en", json!({"text": "Polls close at 4 pm", "until": until})).await;
    assert_eq!(status, 200, "{body}");
    assert!(app.page("/en/").await.text(".breaking").contains("Polls close at 4 pm"));
    assert!(app.state.pages.get("/en/").is_some(), "the page with the banner is kept");
    app.clock.advance(601);
    eventually(&app, "/en/", "the banner is gone once its time ended", |page| page.texts(".breaking").is_empty()).await;
    assert_eq!(app.get("/api/v1/breaking/en").await.status(), 204);
}

async fn bad_banners_are_refused_with_a_reason(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let editor = app.staff("editor", "Breaking Editor").await;
    let past = chrono::DateTime::from_timestamp(app.clock.now() - 60, 0).unwrap().to_rfc3339();
    let cases = [
        (json!({"text": "   "}), "needs text"),
        (json!({"text": "x".repeat(201)}), "201"),
        (json!({"text": "Click", "url": "javascript:alert(1)"}), "link"),
        (json!({"text": "Click", "url": "//evil.example/"}), "link"),
        (json!({"text": "Late", "until": past}), "passed"),
        (json!({"text": "Late", "until": "tomorrow"}), "until"),
    ];
    for (body, why) in cases {
        let (status, answer) = editor.put("/api/v1/newsroom/breaking/en", body.clone()).await;
        assert_eq!(status, 422, "{body}: {answer}");
        assert!(answer["error"]["message"].as_str().unwrap().contains(why), "{body}: {answer}");
    }
    assert_eq!(app.get("/api/v1/breaking/en").await.status(), 204, "nothing went up");
    assert_eq!(app.get("/api/v1/breaking/xx").await.status(), 404);

    app.staff("editor", "Form Breaking").await;
    let browser = app.browser();
    assert_eq!(browser.login("form.breaking@staff.test", "staff pass phrase").await.status(), 303);
    let refused =
        browser.submit("/newsroom/fronts", "/newsroom/breaking/en", &[("text", "Go"), ("url", "javascript:x")]).await;
    assert_eq!(refused.status(), 422);
    assert!(refused.text().await.unwrap().contains("link must be a path"));
    let ok = browser
        .submit("/newsroom/fronts", "/newsroom/breaking/en", &[("text", "Budget passed"), ("url", ""), ("until", "")])
        .await;
    assert_eq!(ok.status(), 303);
    assert!(app.page("/en/").await.text(".breaking").contains("Budget passed"));
    let removed = browser.submit("/newsroom/fronts", "/newsroom/breaking/en/remove", &[]).await;
    assert_eq!(removed.status(), 303);
    assert!(app.page("/en/").await.texts(".breaking").is_empty());
}

async fn cards_show_the_featured_photo_and_stories_without_one_stay_text(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let editor = app.staff("editor", "Photo Editor").await;
    let now = app.clock.now();
    let pictured = app.article().title("Floods reach the capital").published_at(now - 20).insert().await;
    let plain = app.article().title("A story without a photo").published_at(now - 10).insert().await;
    let (status, media) = crate::media::upload(
        &app,
        &editor.token,
        reqwest::multipart::Form::new()
            .part("file", reqwest::multipart::Part::bytes(crate::media::png(1200, 800)).file_name("flood.png"))
            .text("alt", "Water up to the doors of shops"),
    )
    .await;
    assert_eq!(status, 201, "{media}");
    let (_, article) = editor.get(&format!("/api/v1/newsroom/articles/{pictured}")).await;
    let (status, body) = editor
        .patch(
            &format!("/api/v1/newsroom/articles/{pictured}"),
            json!({"version": article["version"], "image_id": media["id"]}),
        )
        .await;
    assert_eq!(status, 200, "{body}");

    let section = app.page("/en/category/sports").await;
    let with_photo = linked_ids(&section, "li.story.with-image h3 a");
    assert!(!with_photo.contains(&plain), "a story without a photo is a text card");
    let at = with_photo.iter().position(|id| *id == pictured).expect("the story with a photo has it on its card");
    let img = |attr: &str| section.attrs("li.story.with-image img.thumb", attr)[at].clone();
    assert_eq!(img("alt"), "Water up to the doors of shops");
    assert_eq!((img("width"), img("height")), ("1200".into(), "800".into()));
    assert!(img("srcset").contains(" 480w"), "{}", img("srcset"));
    assert!(!img("sizes").is_empty());
    assert!(img("src").starts_with("/media/"));

    // As the lead of the home page, the photo is preloaded and not lazy.
    assert_eq!(editor.put("/api/v1/newsroom/fronts/en", json!({"lead": pictured, "version": 0})).await.0, 200);
    let home = app.page("/en/").await;
    let lead = ".lead img.lead-image";
    assert!(home.attrs(lead, "loading").is_empty(), "the lead's photo is not lazy");
    assert_eq!(home.attr(lead, "fetchpriority"), "high");
    assert_eq!(home.attr("link[rel=preload][as=image]", "imagesrcset"), home.attr(lead, "srcset"));
    let below = home.attrs(".latest img.thumb", "loading");
    assert!(below.iter().all(|l| l == "lazy"), "cards below the lead load lazily: {below:?}");
    let src = home.attr(lead, "src");
    assert_eq!(app.get(&src).await.status(), 200, "the rendition is served");
}

async fn the_date_line_reads_both_calendars_and_turns_at_midnight(db: TestDb) {
    // 23:59:30 on 5 December 2026 in Dhaka (UTC+6).
    let at = chrono::DateTime::parse_from_rfc3339("2026-12-05T23:59:30+06:00").unwrap().timestamp();
    let app = TestApp::spawn_with(db, Options { clock_at: Some(at), ..Options::default() }).await;
    let bn = app.page("/bn/").await;
    assert_eq!(bn.text(".date-line"), "শনিবার, ৫ ডিসেম্বর ২০২৬ · ২০ অগ্রহায়ণ ১৪৩৩");
    assert_eq!(bn.attr(".date-line time", "datetime"), "2026-12-05");
    assert_eq!(app.page("/en/").await.text(".date-line"), "Saturday, 5 December 2026");
    assert!(app.state.pages.get("/en/").is_some(), "the page with today's date is kept");
    app.clock.advance(60);
    eventually(&app, "/en/", "the kept English home shows the new day", |p| {
        p.text(".date-line") == "Sunday, 6 December 2026"
    })
    .await;
    eventually(&app, "/bn/", "the Bangla home too", |p| {
        p.text(".date-line") == "রবিবার, ৬ ডিসেম্বর ২০২৬ · ২১ অগ্রহায়ণ ১৪৩৩"
    })
    .await;
}

async fn feeds_robots_and_structured_data_follow_what_crawlers_expect(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let robots = app.get("/robots.txt").await.text().await.unwrap();
    assert!(!robots.contains("search"), "search pages may be fetched so that their noindex is seen:\n{robots}");
    assert!(app.page("/en/search?q=taliban").await.html.contains(r#"<meta name="robots" content="noindex, follow">"#));
    let feed = app.get("/en/feed.xml").await.text().await.unwrap();
    assert!(feed.contains(r#"<guid isPermaLink="false">"#), "the guid redirects, so it is not a permalink");
    let seed = app.sample_path("seed").await;
    let article = app.page(&seed).await;
    let ld: serde_json::Value = serde_json::from_str(&article.text("script[type='application/ld+json']")).unwrap();
    let logo = ld["publisher"]["logo"]["url"].as_str().unwrap().trim_start_matches(&app.base).to_owned();
    assert!(logo.ends_with(".png"), "{logo}");
    let png = app.get(&logo).await.bytes().await.unwrap();
    let size = image::load_from_memory(&png).unwrap();
    assert!(size.width() <= 600 && size.height() <= 60, "{}×{}", size.width(), size.height());
    let home = app.page("/en/").await;
    for nav in home.attrs("nav", "aria-label") {
        assert!(!nav.is_empty());
    }
    assert!(home.texts("nav.pager").is_empty(), "no empty pager");
    assert_eq!(app.page("/register").await.attr("#display_name", "type"), "text");
}
