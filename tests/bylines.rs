//! Bylines: every writing account has its own, owners and editors keep profiles, reporters
//! credit themselves or a desk, editors retire and merge, and author pages show the profile.

use reqwest::multipart::{Form, Part};
use serde_json::json;

use crate::helpers::{TestApp, TestDb};

crate::on_both_databases!(
    every_writing_account_has_its_byline_from_the_start,
    owners_and_editors_keep_a_profile_and_others_cannot,
    the_author_page_shows_the_profile_in_each_edition,
    reporters_credit_themselves_or_a_desk_and_editors_anyone,
    retired_bylines_stay_on_their_stories_and_are_offered_for_no_new_one,
    merged_bylines_move_their_stories_and_their_pages_redirect,
    editors_add_desks_guests_and_agencies_and_bad_input_is_refused,
    the_byline_pages_edit_a_profile_with_the_form,
);

/// The byline of account `user_id`, through the public API.
async fn byline_of(app: &TestApp, user_id: i64) -> Option<i64> {
    sqlx::query_scalar("SELECT id FROM bylines WHERE user_id = $1")
        .bind(user_id)
        .fetch_optional(&app.state.db.pool)
        .await
        .unwrap()
}

async fn every_writing_account_has_its_byline_from_the_start(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let reporter = app.staff("reporter", "Karim Rahman").await;
    let editor = app.staff("editor", "Nadia Islam").await;
    let moderator = app.staff("moderator", "Quiet Moderator").await;
    assert!(byline_of(&app, reporter.id).await.is_some());
    assert!(byline_of(&app, editor.id).await.is_some());
    assert_eq!(byline_of(&app, moderator.id).await, None, "a moderator does not write");

    let public = app.json("/api/v1/bylines?q=karim").await;
    let karim = public.as_array().unwrap().iter().find(|b| b["name"] == "Karim Rahman").expect("listed");
    assert_eq!(karim["kind"], "staff");
    assert_eq!(karim["slug"], "karim-rahman");
    assert!(karim["url"].as_str().unwrap().ends_with("/en/authors/karim-rahman"));
    assert!(karim["url_bn"].as_str().unwrap().ends_with("/bn/authors/karim-rahman"));
    assert!(karim.get("user_id").is_none(), "the public list names no account");

    // A role change to one that writes gives the account its byline.
    let admin = app.staff("admin", "Byline Admin").await;
    let (status, _) =
        admin.patch(&format!("/api/v1/newsroom/staff/{}", moderator.id), json!({"role": "reporter"})).await;
    assert_eq!(status, 200);
    assert!(byline_of(&app, moderator.id).await.is_some());

    // So does accepting an invitation, and two people of one name get two addresses.
    let (status, invite) =
        admin.post("/api/v1/newsroom/invites", json!({"email": "karim2@example.com", "role": "reporter"})).await;
    assert_eq!(status, 201, "{invite}");
    let text = std::fs::read_dir(app.state.config.data_dir.join("outbox"))
        .unwrap()
        .flatten()
        .map(|e| std::fs::read_to_string(e.path()).unwrap())
        .find(|t| t.contains("karim2@example.com"))
        .expect("invitation mail");
    let link = text.split_whitespace().find(|w| w.contains("/invite?token=")).unwrap();
    let path = link.strip_prefix(&app.base).unwrap().to_owned();
    let browser = app.browser();
    let token = path.split("token=").nth(1).unwrap().to_owned();
    let answer = browser
        .submit(
            &path,
            "/invite",
            &[("token", &token), ("display_name", "Karim Rahman"), ("password", "river kite saffron")],
        )
        .await;
    assert_eq!(answer.status(), 303);
    let (slug,): (String,) = sqlx::query_as(
        "SELECT b.slug FROM bylines b JOIN users u ON u.id = b.user_id WHERE u.email = 'karim2@example.com'",
    )
    .fetch_one(&app.state.db.pool)
    .await
    .unwrap();
    assert_eq!(slug, "karim-rahman-2");
    // And a new story is credited to its writer when no byline is given.
    let (status, story) = reporter
        .post("/api/v1/newsroom/articles", json!({"lang": "en", "title": "Mine", "body": "x", "section": "sports"}))
        .await;
    assert_eq!(status, 201, "{story}");
    assert_eq!(story["byline"], json!(["karim-rahman"]));
}

async fn owners_and_editors_keep_a_profile_and_others_cannot(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let owner = app.staff("reporter", "Owner Writer").await;
    let other = app.staff("reporter", "Other Writer").await;
    let editor = app.staff("editor", "Profile Editor").await;
    let id = byline_of(&app, owner.id).await.unwrap();
    let path = format!("/api/v1/newsroom/bylines/{id}");
    let (status, before) = owner.get(&path).await;
    assert_eq!(status, 200);
    assert_eq!(before["version"], 1);

    let change = json!({"version": 1, "name_bn": "ওনার রাইটার", "title": "Staff Correspondent",
        "title_bn": "নিজস্ব প্রতিবেদক", "bio": "Covers the courts.", "bio_bn": "আদালত বিষয়ক প্রতিবেদক।",
        "links": ["https://x.com/owner"]});
    let (status, body) = other.patch(&path, change.clone()).await;
    assert_eq!(status, 403, "{body}");
    let (status, body) = owner.patch(&path, json!({"version": 1, "retired": true})).await;
    assert_eq!(status, 403, "retiring is the editors': {body}");
    let (status, body) = owner.patch(&path, change.clone()).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["title_bn"], "নিজস্ব প্রতিবেদক");
    assert_eq!(body["links"], json!(["https://x.com/owner"]));
    assert_eq!(body["version"], 2);
    // A change based on the old version is refused and changes nothing.
    let (status, body) = editor.patch(&path, json!({"version": 1, "title": "Chief Reporter"})).await;
    assert_eq!(status, 409, "{body}");
    for (bad, says) in [
        (json!({"version": 2, "name": "  "}), "name is empty"),
        (json!({"version": 2, "links": ["javascript:alert(1)"]}), "not a web address"),
        (json!({"version": 2, "photo_id": 999_999}), "no image 999999"),
        (json!({"version": 2, "kind": "staff"}), "comes with its account"),
        (json!({"title": "No version"}), "version"),
    ] {
        let (status, body) = editor.patch(&path, bad.clone()).await;
        assert_eq!(status, 422, "{bad}: {body}");
        assert!(body["error"]["message"].as_str().unwrap().contains(says), "{bad}: {body}");
    }
    let (_, after) = owner.get(&path).await;
    assert_eq!(after["title"], "Staff Correspondent");
    assert_eq!(after["version"], 2);
    let (status, body) = editor.patch(&path, json!({"version": 2, "title": "Chief Reporter"})).await;
    assert_eq!(status, 200, "{body}");
    let moderator = app.staff("moderator", "Byline Moderator").await;
    assert_eq!(moderator.get(&path).await.0, 403);
    assert_eq!(app.get(&path).await.status(), 401);
    assert_eq!(owner.get("/api/v1/newsroom/bylines/999999").await.0, 404);
}

async fn upload_photo(app: &TestApp, token: &str) -> i64 {
    let form = Form::new()
        .part("file", Part::bytes(crate::media::png(600, 600)).file_name("portrait.png"))
        .text("alt", "Portrait of the reporter");
    let (status, media) = crate::media::upload(app, token, form).await;
    assert_eq!(status, 201, "{media}");
    media["id"].as_i64().unwrap()
}

async fn the_author_page_shows_the_profile_in_each_edition(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let reporter = app.staff("reporter", "Shahana Parvin").await;
    let editor = app.staff("editor", "Author Editor").await;
    let id = byline_of(&app, reporter.id).await.unwrap();
    let photo = upload_photo(&app, &reporter.token).await;
    let (status, body) = reporter
        .patch(
            &format!("/api/v1/newsroom/bylines/{id}"),
            json!({"version": 1, "name_bn": "শাহানা পারভীন", "title": "Staff Correspondent", "title_bn": "নিজস্ব প্রতিবেদক",
                "bio": "Reports on <health> & schools.", "bio_bn": "স্বাস্থ্য ও শিক্ষা বিষয়ে লেখেন।", "photo_id": photo,
                "links": ["https://www.facebook.com/shahana"]}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let (status, story) = reporter
        .post(
            "/api/v1/newsroom/articles",
            json!({"lang": "en", "title": "Clinics open late", "body": "x", "section": "bangladesh", "byline": ["shahana-parvin"]}),
        )
        .await;
    assert_eq!(status, 201, "{story}");
    let story = story["id"].as_i64().unwrap();
    let (status, _) = editor.post(&format!("/api/v1/newsroom/articles/{story}/publish"), json!({})).await;
    assert_eq!(status, 200);

    let page = app.page("/en/authors/shahana-parvin").await;
    assert_eq!(page.text("h1"), "Shahana Parvin");
    assert_eq!(page.text(".author-title"), "Staff Correspondent");
    assert_eq!(page.text(".intro"), "Reports on <health> & schools.", "escaped, shown as typed");
    assert!(page.attr(".author-photo", "src").starts_with("/media/"));
    assert_eq!(page.attrs(".author-links a", "href"), ["https://www.facebook.com/shahana"]);
    assert_eq!(page.text(".author-links a"), "Facebook");
    assert!(page.texts(".story h3, .lead h2").contains(&"Clinics open late".to_owned()));
    let ld: serde_json::Value = serde_json::from_str(&page.text("script[type='application/ld+json']")).unwrap();
    assert_eq!(ld["@type"], "ProfilePage");
    assert_eq!(ld["mainEntity"]["@type"], "Person");
    assert_eq!(ld["mainEntity"]["name"], "Shahana Parvin");
    assert_eq!(ld["mainEntity"]["jobTitle"], "Staff Correspondent");
    assert_eq!(ld["mainEntity"]["sameAs"], json!(["https://www.facebook.com/shahana"]));
    assert!(ld["mainEntity"]["image"].as_str().unwrap().contains("/media/"));

    let bn = app.page("/bn/authors/shahana-parvin").await;
    assert_eq!(bn.text("h1"), "শাহানা পারভীন");
    assert_eq!(bn.text(".author-title"), "নিজস্ব প্রতিবেদক");
    assert_eq!(bn.text(".intro"), "স্বাস্থ্য ও শিক্ষা বিষয়ে লেখেন।");
    let feed = app.get("/en/authors/shahana-parvin/feed.xml").await;
    assert_eq!(feed.status(), 200);
    assert!(feed.text().await.unwrap().contains("Clinics open late"));

    // A guest byline made by an editor shows when it joined.
    let (status, guest) =
        editor.post("/api/v1/newsroom/bylines", json!({"kind": "guest", "name": "Visiting Writer"})).await;
    assert_eq!(status, 201, "{guest}");
    let page = app.page("/en/authors/visiting-writer").await;
    assert!(page.text(".author-joined").starts_with("Joined:"), "{}", page.text(".author-joined"));
    assert_eq!(page.text(".kicker"), "Contributor");
}

async fn reporters_credit_themselves_or_a_desk_and_editors_anyone(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let reporter = app.staff("reporter", "Credit Reporter").await;
    app.staff("reporter", "Co Author").await;
    let editor = app.staff("editor", "Credit Editor").await;
    let create = |byline: serde_json::Value| json!({"lang": "en", "title": "Credited", "body": "x", "section": "sports", "byline": byline});
    for allowed in [json!(["credit-reporter"]), json!(["credit-reporter", "co-author"]), json!(["sports-desk"])] {
        let (status, body) = reporter.post("/api/v1/newsroom/articles", create(allowed.clone())).await;
        assert_eq!(status, 201, "{allowed}: {body}");
        assert_eq!(body["byline"], allowed);
    }
    let count = || async {
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM articles").fetch_one(&app.state.db.pool).await.unwrap()
    };
    let before = count().await;
    let (status, body) = reporter.post("/api/v1/newsroom/articles", create(json!(["co-author"]))).await;
    assert_eq!(status, 403, "{body}");
    assert!(body["error"]["message"].as_str().unwrap().contains("Co Author alone is for an editor"), "{body}");
    assert_eq!(count().await, before, "nothing stored");
    let (status, body) = editor.post("/api/v1/newsroom/articles", create(json!(["co-author"]))).await;
    assert_eq!(status, 201, "{body}");
    let (status, body) = reporter.post("/api/v1/newsroom/articles", create(json!(["nobody-here"]))).await;
    assert_eq!(status, 422);
    assert!(body["error"]["message"].as_str().unwrap().contains("nobody-here"));
}

async fn retired_bylines_stay_on_their_stories_and_are_offered_for_no_new_one(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let editor = app.staff("editor", "Retiring Editor").await;
    let (_, desk) = editor.post("/api/v1/newsroom/bylines", json!({"kind": "desk", "name": "Old Desk"})).await;
    let desk_id = desk["id"].as_i64().unwrap();
    let (status, story) = editor
        .post(
            "/api/v1/newsroom/articles",
            json!({"lang": "en", "title": "Before", "body": "x", "section": "sports", "byline": ["old-desk"]}),
        )
        .await;
    assert_eq!(status, 201);
    let story = story["id"].as_i64().unwrap();
    let (status, body) =
        editor.patch(&format!("/api/v1/newsroom/bylines/{desk_id}"), json!({"version": 1, "retired": true})).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["retired"], true);
    // Saving the old story keeps its byline.
    let (status, body) = editor
        .patch(&format!("/api/v1/newsroom/articles/{story}"), json!({"version": 1, "title": "Before, edited"}))
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["byline"], json!(["old-desk"]));
    let (status, body) = editor
        .post(
            "/api/v1/newsroom/articles",
            json!({"lang": "en", "title": "After", "body": "x", "section": "sports", "byline": ["old-desk"]}),
        )
        .await;
    assert_eq!(status, 422, "{body}");
    assert!(body["error"]["message"].as_str().unwrap().contains("Old Desk is retired"));
    let public = app.json("/api/v1/bylines").await;
    assert!(!public.as_array().unwrap().iter().any(|b| b["slug"] == "old-desk"), "not offered");
    let browser = app.browser();
    browser.login("retiring.editor@staff.test", "staff pass phrase").await;
    let form = browser.page("/newsroom/articles/new").await;
    assert!(!form.attrs("input[name=byline]", "value").contains(&"old-desk".to_owned()));
    let form = browser.page(&format!("/newsroom/articles/{story}")).await;
    assert!(form.attrs("input[name=byline]", "value").contains(&"old-desk".to_owned()), "kept where it is ticked");
}

async fn merged_bylines_move_their_stories_and_their_pages_redirect(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let editor = app.staff("editor", "Merging Editor").await;
    let reporter = app.staff("reporter", "Rafiq Ahmed").await;
    let (_, guest) =
        editor.post("/api/v1/newsroom/bylines", json!({"kind": "guest", "name": "Rafiq Ahmed Guest"})).await;
    let guest_id = guest["id"].as_i64().unwrap();
    let mine = byline_of(&app, reporter.id).await.unwrap();
    let editor_byline = byline_of(&app, editor.id).await.unwrap();
    let mut stories = Vec::new();
    for byline in [json!(["rafiq-ahmed-guest"]), json!(["rafiq-ahmed-guest", "rafiq-ahmed"])] {
        let (status, story) = editor
            .post(
                "/api/v1/newsroom/articles",
                json!({"lang": "en", "title": "Merged story", "body": "x", "section": "sports", "byline": byline}),
            )
            .await;
        assert_eq!(status, 201);
        let id = story["id"].as_i64().unwrap();
        editor.post(&format!("/api/v1/newsroom/articles/{id}/publish"), json!({})).await;
        stories.push(id);
    }
    let merge = format!("/api/v1/newsroom/bylines/{guest_id}/merge");
    assert_eq!(reporter.post(&merge, json!({"into": mine})).await.0, 403);
    let (status, body) = editor.post(&merge, json!({"into": guest_id})).await;
    assert_eq!(status, 422, "{body}");
    let (status, body) =
        editor.post(&format!("/api/v1/newsroom/bylines/{mine}/merge"), json!({"into": editor_byline})).await;
    assert_eq!(status, 422, "two people keep their own bylines: {body}");
    let (status, body) = editor.post(&merge, json!({"into": mine})).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["slug"], "rafiq-ahmed");
    assert_eq!(body["stories"], 2);
    for id in &stories {
        let (_, story) = editor.get(&format!("/api/v1/newsroom/articles/{id}")).await;
        assert_eq!(story["byline"], json!(["rafiq-ahmed"]), "credited once");
    }
    let old = app.get("/en/authors/rafiq-ahmed-guest").await;
    assert_eq!(old.status(), 301);
    assert_eq!(old.headers()["location"], "/en/authors/rafiq-ahmed");
    let feed = app.get("/bn/authors/rafiq-ahmed-guest/feed.xml").await;
    assert_eq!(feed.status(), 301);
    assert_eq!(feed.headers()["location"], "/bn/authors/rafiq-ahmed/feed.xml");
    assert_eq!(editor.get(&format!("/api/v1/newsroom/bylines/{guest_id}")).await.0, 404);
    // A story may still be sent with the old slug: it credits the byline that stayed.
    let (status, body) = editor
        .post(
            "/api/v1/newsroom/articles",
            json!({"lang": "en", "title": "Later", "body": "x", "section": "sports", "byline": ["rafiq-ahmed-guest"]}),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["byline"], json!(["rafiq-ahmed"]));
}

async fn editors_add_desks_guests_and_agencies_and_bad_input_is_refused(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let editor = app.staff("editor", "Desk Editor").await;
    let reporter = app.staff("reporter", "Desk Reporter").await;
    let (status, agency) = editor
        .post(
            "/api/v1/newsroom/bylines",
            json!({"kind": "agency", "name": "Bangladesh Sangbad Sangstha", "name_bn": "বাসস"}),
        )
        .await;
    assert_eq!(status, 201, "{agency}");
    assert_eq!(agency["kind"], "agency");
    // A reporter may credit an agency, as a desk.
    let (status, body) = reporter
        .post(
            "/api/v1/newsroom/articles",
            json!({"lang": "en", "title": "Wire", "body": "x", "section": "sports", "byline": [agency["slug"]]}),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let count = || async {
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM bylines").fetch_one(&app.state.db.pool).await.unwrap()
    };
    let before = count().await;
    assert_eq!(reporter.post("/api/v1/newsroom/bylines", json!({"kind": "desk", "name": "Mine"})).await.0, 403);
    for (bad, says) in [
        (json!({"name": "No Kind"}), "kind desk, guest or agency"),
        (json!({"kind": "staff", "name": "Sneaky"}), "comes with its account"),
        (json!({"kind": "wizard", "name": "Odd"}), "not a kind of byline"),
        (json!({"kind": "desk", "name": ""}), "name is empty"),
        (json!({"kind": "desk", "name": "x".repeat(121)}), "at most 120"),
    ] {
        let (status, body) = editor.post("/api/v1/newsroom/bylines", bad.clone()).await;
        assert_eq!(status, 422, "{bad}: {body}");
        assert!(body["error"]["message"].as_str().unwrap().contains(says), "{bad}: {body}");
    }
    let response = app
        .client
        .post(app.url("/api/v1/newsroom/bylines"))
        .bearer_auth(&editor.token)
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    assert_eq!(count().await, before, "nothing stored");
}

async fn the_byline_pages_edit_a_profile_with_the_form(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let reporter = app.staff("reporter", "Form Writer").await;
    let id = byline_of(&app, reporter.id).await.unwrap();
    let browser = app.browser();
    assert_eq!(browser.login("form.writer@staff.test", "staff pass phrase").await.status(), 303);
    let list = browser.page("/newsroom/bylines").await;
    assert!(list.attrs("a", "href").contains(&format!("/newsroom/bylines/{id}")));
    assert!(list.attrs("form[method=post]", "action").is_empty(), "reporters add no desks");
    let path = format!("/newsroom/bylines/{id}");
    let response = browser
        .submit(
            &path,
            &path,
            &[
                ("version", "1"),
                ("name", "Form Writer"),
                ("name_bn", "ফর্ম রাইটার"),
                ("title", "Reporter"),
                ("links", "not a link"),
            ],
        )
        .await;
    assert_eq!(response.status(), 422);
    let page = crate::helpers::Page::new(&response.text().await.unwrap());
    assert!(page.text(".form-error").contains("not a web address"));
    assert_eq!(page.attr("#name_bn", "value"), "ফর্ম রাইটার", "what was typed is kept");
    let response = browser
        .submit(
            &path,
            &path,
            &[("version", "1"), ("name", "Form Writer"), ("name_bn", "ফর্ম রাইটার"), ("title", "Reporter")],
        )
        .await;
    assert_eq!(response.status(), 303);
    let page = browser.page(&format!("{path}?notice=saved")).await;
    assert_eq!(page.attr("#title", "value"), "Reporter");
    // Another writer's byline can be read, not saved.
    let other = app.staff("reporter", "Other Form Writer").await;
    let other_id = byline_of(&app, other.id).await.unwrap();
    let other_path = format!("/newsroom/bylines/{other_id}");
    assert_eq!(browser.get(&other_path).await.status(), 200);
    let refused = browser.submit(&other_path, &other_path, &[("version", "1"), ("name", "Hijacked")]).await;
    assert_eq!(refused.status(), 403);
}
