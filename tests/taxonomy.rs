//! Sections and topics as the newsroom manages them, and the stored redirects that keep their old
//! addresses working: the API and its permissions, the newsroom's pages, and what readers see.

use newsdesk::clock::Clock;
use newsdesk::redirects::db::{Added, add};
use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{StaffClient, TestApp, TestDb, url_escape};

crate::on_both_databases!(
    editors_add_reorder_hide_and_rename_sections_and_readers_see_it_at_once,
    a_new_section_slug_answers_the_old_address_with_301_and_can_be_given_back,
    sections_refuse_bad_input_and_sections_with_stories,
    only_editors_and_admins_manage_sections,
    reporters_create_topics_and_editors_rename_describe_merge_and_delete_them,
    merging_moves_the_stories_and_redirects_the_old_topic,
    topics_refuse_bad_input,
    pickers_find_topics_by_any_part_of_their_name_in_either_script,
    stored_redirects_collapse_chains_never_loop_and_leave_other_404s_alone,
    the_sections_and_topics_pages_work_with_plain_forms,
);

/// The status and `Location` of a GET that is not followed.
async fn location(app: &TestApp, path: &str) -> (u16, String) {
    let response = app.get(path).await;
    let to = response.headers().get("location").map(|v| v.to_str().unwrap().to_owned()).unwrap_or_default();
    (response.status().as_u16(), to)
}

/// The names of an edition's navigation, as its home page shows them.
async fn nav(app: &TestApp, lang: &str) -> Vec<String> {
    let mut names = app.page(&format!("/{lang}/")).await.texts(".main-nav li a");
    names.remove(0); // Home
    names
}

/// A story published by `editor` with these topics; its id.
async fn published(editor: &StaffClient, lang: &str, section: &str, title: &str, topics: &[&str]) -> i64 {
    let (status, body) = editor
        .post(
            "/api/v1/newsroom/articles",
            json!({"lang": lang, "title": title, "body": "Text.", "section": section, "byline": ["vb-desk"],
                "topics": topics}),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let id = body["id"].as_i64().unwrap();
    let (status, body) = editor.post(&format!("/api/v1/newsroom/articles/{id}/publish"), json!({})).await;
    assert_eq!(status, 200, "{body}");
    id
}

/// A section of the English edition by slug, from the newsroom's list.
async fn section(editor: &StaffClient, lang: &str, slug: &str) -> Value {
    let (status, list) = editor.get(&format!("/api/v1/newsroom/sections?lang={lang}")).await;
    assert_eq!(status, 200, "{list}");
    list["sections"].as_array().unwrap().iter().find(|s| s["slug"] == slug).cloned().unwrap_or(Value::Null)
}

/// A topic's id by edition and slug.
async fn topic_id(app: &TestApp, lang: &str, slug: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM topics WHERE lang = $1 AND slug = $2")
        .bind(lang)
        .bind(slug)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap()
}

/// The search API's results for `q`, once the index has read the database as it is now.
async fn searched(app: &TestApp, lang: &str, q: &str) -> Value {
    app.state.search.sync_from_db(&app.state.db, app.clock.now()).await.unwrap();
    app.json(&format!("/api/v1/search?lang={lang}&q={}", url_escape(q))).await
}

async fn editors_add_reorder_hide_and_rename_sections_and_readers_see_it_at_once(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let editor = app.staff("editor", "Section Editor").await;
    let before = nav(&app, "en").await;
    assert_eq!(before[0], "Bangladesh");
    assert_eq!(before.len(), 8);

    let (status, added) = editor.post("/api/v1/newsroom/sections", json!({"lang": "en", "name": "Climate Desk"})).await;
    assert_eq!(status, 201, "{added}");
    assert_eq!(added["slug"], "climate-desk", "the address is made from the name");
    assert_eq!(added["position"], 9);
    assert_eq!(added["hidden"], false);
    assert_eq!(added["url"], "/en/category/climate-desk");
    let id = added["id"].as_i64().unwrap();
    assert_eq!(nav(&app, "en").await.last().unwrap(), "Climate Desk", "the kept home page shows it at once");
    assert_eq!(app.get("/en/category/climate-desk").await.status(), 200);
    assert!(!nav(&app, "bn").await.contains(&"Climate Desk".to_owned()), "the other edition is its own");

    let (status, moved) = editor.patch(&format!("/api/v1/newsroom/sections/{id}"), json!({"position": 1})).await;
    assert_eq!(status, 200, "{moved}");
    assert_eq!(moved["position"], 1);
    let now = nav(&app, "en").await;
    assert_eq!(now[..3], ["Climate Desk", "Bangladesh", "International"], "{now:?}");
    assert_eq!(section(&editor, "en", "bangladesh").await["position"], 2, "the others move down");

    let (status, hidden) = editor.patch(&format!("/api/v1/newsroom/sections/{id}"), json!({"hidden": true})).await;
    assert_eq!(status, 200, "{hidden}");
    assert_eq!(hidden["hidden"], true);
    assert_eq!(nav(&app, "en").await, before, "a hidden section leaves the navigation");
    assert_eq!(app.get("/en/category/climate-desk").await.status(), 200, "and keeps its address");
    let listed = app.json("/api/v1/sections?lang=en").await;
    let slugs: Vec<&str> = listed["sections"].as_array().unwrap().iter().map(|s| s["slug"].as_str().unwrap()).collect();
    assert!(!slugs.contains(&"climate-desk") && slugs.contains(&"sports"), "nor is it listed to readers: {slugs:?}");
    // A hidden section still takes stories, which are read at its address.
    published(&editor, "en", "climate-desk", "Heat records fall across the delta", &[]).await;
    let front = app.page("/en/category/climate-desk").await;
    assert!(front.html.contains("Heat records fall across the delta"));
    let home = app.page("/en/").await;
    assert!(home.attrs(".main-nav a", "href").iter().all(|h| h != "/en/category/climate-desk"));
    assert!(home.attrs(".block h2 a", "href").contains(&"/en/category/sports".to_owned()), "the control");
    let blocks = home.attrs(".block h2 a", "href");
    assert!(!blocks.contains(&"/en/category/climate-desk".to_owned()), "no block on the home page either");

    // A new name keeps the address, and every page, the feeds and search say it at once.
    let sports = section(&editor, "en", "sports").await;
    let article = published(&editor, "en", "sports", "Tigers sweep the series", &[]).await;
    let article_path = format!("/en/news/{article}/tigers-sweep-the-series");
    assert!(app.page(&article_path).await.texts(".crumbs a").contains(&"Sports".to_owned()));
    assert_eq!(searched(&app, "en", "sweep").await["results"][0]["section"]["name"], "Sports");
    let (status, renamed) =
        editor.patch(&format!("/api/v1/newsroom/sections/{}", sports["id"]), json!({"name": "Sport & Games"})).await;
    assert_eq!(status, 200, "{renamed}");
    assert_eq!(renamed["slug"], "sports", "the address stays");
    assert!(nav(&app, "en").await.contains(&"Sport & Games".to_owned()));
    assert!(app.page(&article_path).await.texts(".crumbs a").contains(&"Sport & Games".to_owned()));
    assert_eq!(app.page("/en/category/sports").await.text("h1"), "Sport & Games");
    let feed = app.get("/en/feed.xml").await.text().await.unwrap();
    assert!(feed.contains("Sport &amp; Games") && !feed.contains("<category>Sports</category>"), "{feed}");
    let found = searched(&app, "en", "sweep").await;
    assert_eq!(found["results"][0]["section"]["name"], "Sport & Games", "search reads the stories again: {found}");
    // Eight in the sample and the one added; the hidden one is not listed to readers.
    assert_eq!(app.json("/api/v1/sections?lang=en").await["sections"].as_array().unwrap().len(), 8);
}

async fn a_new_section_slug_answers_the_old_address_with_301_and_can_be_given_back(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let editor = app.staff("editor", "Slug Editor").await;
    let id = section(&editor, "en", "international").await["id"].as_i64().unwrap();
    assert_eq!(app.get("/en/category/international").await.status(), 200, "kept before the change");
    let (status, moved) = editor.patch(&format!("/api/v1/newsroom/sections/{id}"), json!({"slug": "world"})).await;
    assert_eq!(status, 200, "{moved}");
    assert_eq!(moved["url"], "/en/category/world");
    assert_eq!(location(&app, "/en/category/international").await, (301, "/en/category/world".into()));
    let cursor = newsdesk::articles::model::Cursor::after(app.clock.now(), 1);
    assert_eq!(
        location(&app, &format!("/en/category/international?cursor={cursor}")).await,
        (301, format!("/en/category/world?cursor={cursor}")),
        "paged addresses go to the same page"
    );
    assert_eq!(
        location(&app, "/en/category/international/feed.xml").await,
        (301, "/en/category/world/feed.xml".into())
    );
    let head = app.client.head(app.url("/en/category/international")).send().await.unwrap();
    assert_eq!(head.status(), 301);
    assert_eq!(app.get("/en/category/world").await.status(), 200);
    assert!(app.page("/en/").await.attrs(".main-nav a", "href").contains(&"/en/category/world".to_owned()));
    assert_eq!(app.get("/bn/category/international").await.status(), 200, "the other edition keeps its own");

    // Moving again leads both old addresses to the newest; giving the first one back serves it.
    let (status, _) = editor.patch(&format!("/api/v1/newsroom/sections/{id}"), json!({"slug": "global"})).await;
    assert_eq!(status, 200);
    assert_eq!(location(&app, "/en/category/international").await, (301, "/en/category/global".into()));
    assert_eq!(location(&app, "/en/category/world").await, (301, "/en/category/global".into()));
    let (status, _) = editor.patch(&format!("/api/v1/newsroom/sections/{id}"), json!({"slug": "international"})).await;
    assert_eq!(status, 200);
    assert_eq!(app.get("/en/category/international").await.status(), 200, "no loop: the address is a page again");
    assert_eq!(location(&app, "/en/category/global").await, (301, "/en/category/international".into()));
    assert_eq!(location(&app, "/en/category/world").await, (301, "/en/category/international".into()));
    let loops: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM redirects WHERE from_path = to_path")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    assert_eq!(loops, 0);
}

async fn sections_refuse_bad_input_and_sections_with_stories(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let editor = app.staff("editor", "Careful Editor").await;
    let count = || async {
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM sections").fetch_one(&app.state.db.pool).await.unwrap()
    };
    let sections = count().await;
    for (body, status, words) in [
        (json!({"lang": "en", "name": "  "}), 422, "name"),
        (json!({"lang": "en", "name": "x".repeat(81)}), 422, "80"),
        (json!({"lang": "fr", "name": "Monde"}), 422, "en or bn"),
        (json!({"name": "World"}), 422, "edition"),
        (json!({"lang": "en", "name": "Sports Two", "slug": "sports"}), 409, "\"sports\""),
        (json!({"lang": "en", "name": "Odd", "slug": "a b"}), 422, "slug"),
        (json!({"lang": "en", "name": "Odd", "slug": "a/b"}), 422, "slug"),
        (json!({"lang": "en", "name": "Odd", "colour": "red"}), 422, "colour"),
    ] {
        let (got, answer) = editor.post("/api/v1/newsroom/sections", body.clone()).await;
        assert_eq!(got, status, "{body}: {answer}");
        let message = answer["error"]["message"].as_str().unwrap_or("");
        assert!(message.contains(words), "{body}: {message}");
    }
    assert_eq!(count().await, sections, "nothing was stored");

    let sports = section(&editor, "en", "sports").await["id"].as_i64().unwrap();
    let (status, answer) =
        editor.patch(&format!("/api/v1/newsroom/sections/{sports}"), json!({"slug": "economy"})).await;
    assert_eq!(status, 409, "{answer}");
    let (status, _) = editor.patch(&format!("/api/v1/newsroom/sections/{sports}"), json!({"name": ""})).await;
    assert_eq!(status, 422);
    let (status, _) = editor.patch(&format!("/api/v1/newsroom/sections/{sports}"), json!({"lang": "bn"})).await;
    assert_eq!(status, 422, "a section stays in its edition");
    assert_eq!(section(&editor, "en", "sports").await["name"], "Sports", "nothing changed");
    for (method, body) in [(Method::PATCH, Some(json!({"name": "Ghost"}))), (Method::DELETE, None)] {
        let (status, answer) = editor.send(method, "/api/v1/newsroom/sections/999999", body).await;
        assert_eq!(status, 404, "{answer}");
        assert_eq!(answer["error"]["code"], "not_found");
    }
    let (status, _) = editor.send(Method::DELETE, "/api/v1/newsroom/sections/abc", None).await;
    assert_eq!(status, 404);

    let (status, answer) = editor.delete(&format!("/api/v1/newsroom/sections/{sports}")).await;
    assert_eq!(status, 409, "{answer}");
    let message = answer["error"]["message"].as_str().unwrap();
    assert!(message.contains("Sports") && message.contains("stories") && message.contains("hide"), "{message}");
    assert_eq!(app.get("/en/category/sports").await.status(), 200, "still there");

    let (_, empty) = editor.post("/api/v1/newsroom/sections", json!({"lang": "bn", "name": "জলবায়ু"})).await;
    let slug = empty["slug"].as_str().unwrap();
    assert!(!slug.is_empty() && !slug.is_ascii(), "a Bangla name makes a Bangla address: {empty}");
    assert_eq!(empty["url"], format!("/bn/category/{}", url_escape(slug)));
    let (status, _) = editor.delete(&format!("/api/v1/newsroom/sections/{}", empty["id"])).await;
    assert_eq!(status, 204);
    assert_eq!(app.get(empty["url"].as_str().unwrap()).await.status(), 404);
    assert!(!nav(&app, "bn").await.contains(&"জলবায়ু".to_owned()));
    let (status, _) = editor.delete(&format!("/api/v1/newsroom/sections/{}", empty["id"])).await;
    assert_eq!(status, 404);
    let (status, _) = editor.get("/api/v1/newsroom/sections?lang=xx").await;
    assert_eq!(status, 400);
}

async fn only_editors_and_admins_manage_sections(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let admin = app.staff("admin", "Section Admin").await;
    let sports = section(&admin, "en", "sports").await["id"].as_i64().unwrap();
    for role in ["reporter", "moderator", "reader"] {
        let caller = app.staff(role, &format!("Section {role}")).await;
        let (status, _) = caller.get("/api/v1/newsroom/sections?lang=en").await;
        assert_eq!(status, 403, "{role}");
        let (status, _) = caller.post("/api/v1/newsroom/sections", json!({"lang": "en", "name": "Mine"})).await;
        assert_eq!(status, 403, "{role}");
        let (status, _) = caller.patch(&format!("/api/v1/newsroom/sections/{sports}"), json!({"name": "Mine"})).await;
        assert_eq!(status, 403, "{role}");
        let (status, _) = caller.delete(&format!("/api/v1/newsroom/sections/{sports}")).await;
        assert_eq!(status, 403, "{role}");
    }
    assert!(section(&admin, "en", "mine").await.is_null());
    assert_eq!(section(&admin, "en", "sports").await["name"], "Sports");
    let (status, _) = admin.post("/api/v1/newsroom/sections", json!({"lang": "en", "name": "Admins Too"})).await;
    assert_eq!(status, 201);
    let anonymous = app.get("/api/v1/newsroom/sections").await;
    assert_eq!(anonymous.status(), 401);
}

async fn reporters_create_topics_and_editors_rename_describe_merge_and_delete_them(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let reporter = app.staff("reporter", "Topic Reporter").await;
    let editor = app.staff("editor", "Topic Editor").await;
    let moderator = app.staff("moderator", "Topic Moderator").await;

    let (status, created) =
        reporter.post("/api/v1/newsroom/topics", json!({"lang": "bn", "name": "পদ্মা সেতু রেল"})).await;
    assert_eq!(status, 201, "{created}");
    assert_eq!(created["slug"], "পদ্মা-সেতু-রেল");
    assert_eq!(created["lang"], "bn");
    let id = created["id"].as_i64().unwrap();
    assert_eq!(app.get(created["url"].as_str().unwrap()).await.status(), 200);
    // The reporter tags a story with it at once.
    let story = reporter
        .post(
            "/api/v1/newsroom/articles",
            json!({"lang": "bn", "title": "রেল চলল", "body": "লেখা", "section": "bangladesh", "byline": ["vb-desk"],
                "topics": ["পদ্মা-সেতু-রেল"]}),
        )
        .await;
    assert_eq!(story.0, 201, "{}", story.1);

    for (who, caller) in [("reporter", &reporter), ("moderator", &moderator)] {
        let (status, _) = caller.patch(&format!("/api/v1/newsroom/topics/{id}"), json!({"name": "Renamed"})).await;
        assert_eq!(status, 403, "{who} may not rename");
        let other = topic_id(&app, "bn", "ঢাকা").await;
        let (status, _) = caller.post(&format!("/api/v1/newsroom/topics/{id}/merge"), json!({"into": other})).await;
        assert_eq!(status, 403, "{who} may not merge");
        let (status, _) = caller.delete(&format!("/api/v1/newsroom/topics/{id}")).await;
        assert_eq!(status, 403, "{who} may not delete");
    }
    let (status, _) = moderator.post("/api/v1/newsroom/topics", json!({"lang": "en", "name": "Moderation"})).await;
    assert_eq!(status, 403, "moderators do not tag stories");
    assert_eq!(topic_id(&app, "bn", "পদ্মা-সেতু-রেল").await, id, "nothing changed");

    // An editor renames a topic in use: the address stays, pages and search say the new name.
    let floods = topic_id(&app, "en", "floods").await;
    let article = published(&editor, "en", "bangladesh", "Rivers rise in the north", &["floods"]).await;
    let path = format!("/en/news/{article}/rivers-rise-in-the-north");
    assert!(app.page(&path).await.html.contains(">Floods<"));
    assert_eq!(app.page("/en/topic/floods").await.text("h1"), "Floods");
    assert_eq!(searched(&app, "en", "deluge").await["total"], 0);
    let (status, photo) = crate::media::upload(
        &app,
        &editor.token,
        reqwest::multipart::Form::new()
            .part("file", reqwest::multipart::Part::bytes(crate::media::png(900, 600)).file_name("flood.png"))
            .text("alt", "A flooded road"),
    )
    .await;
    assert_eq!(status, 201, "{photo}");
    let (status, renamed) = editor
        .patch(
            &format!("/api/v1/newsroom/topics/{floods}"),
            json!({"name": "Deluge Watch", "description": "Rivers, rain and the people who live with them.",
                "image_id": photo["id"]}),
        )
        .await;
    assert_eq!(status, 200, "{renamed}");
    assert_eq!(renamed["slug"], "floods", "the address stays");
    assert_eq!(renamed["image_id"], photo["id"]);
    let page = app.page("/en/topic/floods").await;
    assert_eq!(page.text("h1"), "Deluge Watch");
    assert_eq!(page.text(".list-header .intro"), "Rivers, rain and the people who live with them.");
    assert_eq!(page.attr(".list-header img", "alt"), "A flooded road");
    assert!(app.page(&path).await.html.contains(">Deluge Watch<"), "the story names it at once");
    let found = searched(&app, "en", "deluge").await;
    assert_eq!(found["results"][0]["id"], article, "search reads the story again: {found}");

    // A new slug moves the page and its feed.
    let (status, moved) =
        editor.patch(&format!("/api/v1/newsroom/topics/{floods}"), json!({"slug": "deluge-watch"})).await;
    assert_eq!(status, 200, "{moved}");
    assert_eq!(location(&app, "/en/topic/floods").await, (301, "/en/topic/deluge-watch".into()));
    assert_eq!(location(&app, "/en/topic/floods/feed.xml").await, (301, "/en/topic/deluge-watch/feed.xml".into()));
    assert_eq!(app.page("/en/topic/deluge-watch").await.text("h1"), "Deluge Watch");
    // The photo and description can be taken off again.
    let (status, bare) =
        editor.patch(&format!("/api/v1/newsroom/topics/{floods}"), json!({"image_id": 0, "description": ""})).await;
    assert_eq!(status, 200, "{bare}");
    assert!(bare["image_id"].is_null());
    assert!(app.page("/en/topic/deluge-watch").await.attrs(".list-header img", "alt").is_empty());

    // Deleting takes it off its stories; the addresses that led to it answer 404.
    let (status, _) = editor.delete(&format!("/api/v1/newsroom/topics/{floods}")).await;
    assert_eq!(status, 204);
    assert_eq!(app.get("/en/topic/deluge-watch").await.status(), 404);
    assert_eq!(app.get("/en/topic/floods").await.status(), 404);
    let (_, shown) = editor.get(&format!("/api/v1/newsroom/articles/{article}")).await;
    assert_eq!(shown["topics"], json!([]));
    assert!(!app.page(&path).await.html.contains(">Deluge Watch<"));
}

async fn merging_moves_the_stories_and_redirects_the_old_topic(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let editor = app.staff("editor", "Merge Editor").await;
    let monsoon = topic_id(&app, "en", "monsoon").await;
    let floods = topic_id(&app, "en", "floods").await;
    let climate = topic_id(&app, "en", "climate").await;
    let both = published(&editor, "en", "bangladesh", "Monsoon floods the haor", &["monsoon", "floods"]).await;
    let only = published(&editor, "en", "bangladesh", "Monsoon arrives early", &["monsoon"]).await;
    assert!(app.page("/en/topic/monsoon").await.html.contains("Monsoon arrives early"));

    let (status, into) =
        editor.post(&format!("/api/v1/newsroom/topics/{monsoon}/merge"), json!({"into": floods})).await;
    assert_eq!(status, 200, "{into}");
    assert_eq!(into["slug"], "floods");
    for id in [both, only] {
        let (_, story) = editor.get(&format!("/api/v1/newsroom/articles/{id}")).await;
        assert_eq!(story["topics"], json!(["floods"]), "story {id} moved once, without a duplicate");
    }
    let page = app.page("/en/topic/floods").await;
    assert!(page.html.contains("Monsoon arrives early") && page.html.contains("Monsoon floods the haor"));
    assert_eq!(location(&app, "/en/topic/monsoon").await, (301, "/en/topic/floods".into()));
    assert_eq!(location(&app, "/en/topic/monsoon/feed.xml").await, (301, "/en/topic/floods/feed.xml".into()));
    let (status, _) = editor.patch(&format!("/api/v1/newsroom/topics/{monsoon}"), json!({"name": "Back"})).await;
    assert_eq!(status, 404, "the merged topic is gone");

    // A second merge leads the first old address to the final topic in one step.
    let (status, _) = editor.post(&format!("/api/v1/newsroom/topics/{floods}/merge"), json!({"into": climate})).await;
    assert_eq!(status, 200);
    assert_eq!(location(&app, "/en/topic/monsoon").await, (301, "/en/topic/climate".into()));
    assert_eq!(location(&app, "/en/topic/floods").await, (301, "/en/topic/climate".into()));
    let found = searched(&app, "en", "haor").await;
    assert_eq!(found["results"][0]["id"], both, "{found}");
    let (_, story) = editor.get(&format!("/api/v1/newsroom/articles/{only}")).await;
    assert_eq!(story["topics"], json!(["climate"]));
}

async fn topics_refuse_bad_input(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let editor = app.staff("editor", "Topic Checker").await;
    let count = || async {
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM topics").fetch_one(&app.state.db.pool).await.unwrap()
    };
    let topics = count().await;
    for (body, status, words) in [
        (json!({"lang": "en", "name": ""}), 422, "name"),
        (json!({"lang": "en", "name": "Cricket"}), 409, "\"cricket\""),
        (json!({"lang": "en", "name": "Nets", "slug": "cricket"}), 409, "already"),
        (json!({"lang": "xx", "name": "Nets"}), 422, "en or bn"),
        (json!({"lang": "en", "name": "Nets", "image_id": 987654}), 422, "987654"),
        (json!({"lang": "en", "name": "Nets", "description": "d".repeat(1001)}), 422, "1000"),
        (json!({"lang": "en", "name": "Nets", "slug": "--"}), 422, "hyphen"),
    ] {
        let (got, answer) = editor.post("/api/v1/newsroom/topics", body.clone()).await;
        assert_eq!(got, status, "{body}: {answer}");
        let message = answer["error"]["message"].as_str().unwrap_or("");
        assert!(message.contains(words), "{body}: {message}");
    }
    assert_eq!(count().await, topics, "nothing was stored");

    let cricket = topic_id(&app, "en", "cricket").await;
    let football = topic_id(&app, "en", "football").await;
    let bangla = topic_id(&app, "bn", "ক্রিকেট").await;
    let merge = |from: i64, into: Value| {
        let editor = &editor;
        async move { editor.post(&format!("/api/v1/newsroom/topics/{from}/merge"), json!({"into": into})).await }
    };
    let (status, answer) = merge(cricket, json!(cricket)).await;
    assert_eq!(status, 422, "{answer}");
    assert!(answer["error"]["message"].as_str().unwrap().contains("itself"));
    let (status, answer) = merge(cricket, json!(bangla)).await;
    assert_eq!(status, 422, "{answer}");
    assert!(answer["error"]["message"].as_str().unwrap().contains("edition"));
    let (status, _) = merge(cricket, json!(999999)).await;
    assert_eq!(status, 422, "an unknown topic to merge into");
    let (status, _) = merge(999999, json!(cricket)).await;
    assert_eq!(status, 404);
    let (status, _) = merge(cricket, json!("football")).await;
    assert_eq!(status, 422, "the API takes an id");
    let (status, _) = editor.patch(&format!("/api/v1/newsroom/topics/{cricket}"), json!({"slug": "football"})).await;
    assert_eq!(status, 409);
    let (status, _) = editor.patch("/api/v1/newsroom/topics/999999", json!({"name": "Ghost"})).await;
    assert_eq!(status, 404);
    let (status, _) = editor.delete("/api/v1/newsroom/topics/999999").await;
    assert_eq!(status, 404);
    assert_eq!(count().await, topics, "nothing was merged or deleted");
    assert_eq!(app.get("/en/topic/cricket").await.status(), 200);
    assert_eq!(app.get("/en/topic/football").await.status(), 200);
    let _ = football;
}

async fn pickers_find_topics_by_any_part_of_their_name_in_either_script(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let found = app.json("/api/v1/topics?lang=en&q=clim").await;
    let names: Vec<&str> = found["topics"].as_array().unwrap().iter().map(|t| t["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Climate", "Climate Finance"]);
    let first = &found["topics"][0];
    assert_eq!(first["slug"], "climate");
    assert_eq!(first["lang"], "en");
    assert_eq!(first["url"], "/en/topic/climate");
    assert_eq!(first["id"].as_i64().unwrap(), topic_id(&app, "en", "climate").await);

    // Anywhere in the name; names that start with the text first.
    let found = app.json("/api/v1/topics?lang=en&q=FINANCE").await;
    assert_eq!(found["topics"][0]["name"], "Climate Finance");
    let found = app.json("/api/v1/topics?lang=en&q=election").await;
    let names: Vec<&str> = found["topics"].as_array().unwrap().iter().map(|t| t["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Election", "Election Commission"]);
    let found = app.json(&format!("/api/v1/topics?lang=bn&q={}", url_escape("কমিশন"))).await;
    assert_eq!(found["topics"][0]["slug"], "নির্বাচন-কমিশন");
    assert_eq!(found["topics"][0]["url"], format!("/bn/topic/{}", url_escape("নির্বাচন-কমিশন")));
    // Both editions when none is named.
    let found = app.json(&format!("/api/v1/topics?q={}", url_escape("ক্রিকেট"))).await;
    assert_eq!(found["topics"].as_array().unwrap().len(), 1);
    assert_eq!(found["topics"][0]["lang"], "bn");
    // Wildcards are plain text; a limit bounds the list.
    assert_eq!(app.json("/api/v1/topics?q=%25").await["topics"], json!([]));
    assert_eq!(app.json("/api/v1/topics?q=_").await["topics"], json!([]));
    assert_eq!(app.json("/api/v1/topics?lang=bn").await["topics"].as_array().unwrap().len(), 20);
    assert_eq!(app.json("/api/v1/topics?lang=bn&limit=3").await["topics"].as_array().unwrap().len(), 3);
    for bad in ["/api/v1/topics?lang=fr", "/api/v1/topics?limit=0", "/api/v1/topics?limit=51", "/api/v1/topics?limit=x"]
    {
        assert_eq!(app.get(bad).await.status(), 400, "{bad}");
    }
}

async fn stored_redirects_collapse_chains_never_loop_and_leave_other_404s_alone(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let now = app.clock.now();
    let mut conn = app.state.db.pool.acquire().await.unwrap();
    let stored = |to: &str| Added::Stored { to: to.to_owned() };
    assert_eq!(add(&mut conn, "/old/a", "/old/b", now, None).await.unwrap(), stored("/old/b"));
    assert_eq!(add(&mut conn, "/old/b", "/old/c", now, None).await.unwrap(), stored("/old/c"));
    assert_eq!(add(&mut conn, "/old/x", "/old/a", now, None).await.unwrap(), stored("/old/c"), "A→B with B→C: A→C");
    assert_eq!(add(&mut conn, "/old/c", "/en/", now, None).await.unwrap(), stored("/en/"));
    assert_eq!(add(&mut conn, "/en/", "/old/a", now, None).await.unwrap(), Added::Loop);
    assert_eq!(add(&mut conn, "/old/z", "/old/z", now, None).await.unwrap(), Added::Loop);
    assert!(matches!(add(&mut conn, "old/q", "/en/", now, None).await.unwrap(), Added::Invalid(_)));
    assert!(matches!(add(&mut conn, "/q?x=1", "/en/", now, None).await.unwrap(), Added::Invalid(_)));
    // Encoded or not, a Bangla address is one address.
    let encoded = format!("/bn/{}", url_escape("পুরনো-খবর"));
    assert_eq!(add(&mut conn, &encoded, "/bn/", now, None).await.unwrap(), stored("/bn/"));
    drop(conn);
    let rows: Vec<(String, String)> = sqlx::query_as("SELECT from_path, to_path FROM redirects ORDER BY from_path")
        .fetch_all(&app.state.db.pool)
        .await
        .unwrap();
    let bangla = newsdesk::redirects::model::normalize("/bn/পুরনো-খবর").unwrap();
    let expected =
        [(bangla.as_str(), "/bn/"), ("/old/a", "/en/"), ("/old/b", "/en/"), ("/old/c", "/en/"), ("/old/x", "/en/")];
    let expected: Vec<(String, String)> = expected.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect();
    assert_eq!(rows, expected, "every chain ends in one step, and nothing leads to itself");

    assert_eq!(location(&app, "/old/x").await, (301, "/en/".into()));
    assert_eq!(location(&app, "/old/a?utm_source=x").await, (301, "/en/?utm_source=x".into()));
    assert_eq!(location(&app, &encoded).await, (301, "/bn/".into()));
    assert_eq!(location(&app, "/bn/পুরনো-খবর").await, (301, "/bn/".into()));
    let page = app.get("/old/nothing/here").await;
    assert_eq!(page.status(), 404, "an address with no redirect stays a 404");
    assert!(page.text().await.unwrap().contains("There is no page at this address"));
    assert_eq!(app.get("/old/nothing-here").await.status(), 404);
    assert_eq!(app.get("/en/topic/no-such-topic").await.status(), 404);
    // Only reading asks the redirects, and never the API.
    let post = app.client.post(app.url("/old/x")).send().await.unwrap();
    assert_ne!(post.status(), 301);
    let mut conn = app.state.db.pool.acquire().await.unwrap();
    add(&mut conn, "/api/v1/gone", "/en/", now, None).await.unwrap();
    drop(conn);
    assert_eq!(app.get("/api/v1/gone").await.status(), 404);
    // A page that exists is served, whatever the table says.
    let mut conn = app.state.db.pool.acquire().await.unwrap();
    add(&mut conn, "/en/category/sports", "/en/", now, None).await.unwrap();
    drop(conn);
    assert_eq!(app.get("/en/category/sports").await.status(), 200);
}

async fn the_sections_and_topics_pages_work_with_plain_forms(db: TestDb) {
    let app = TestApp::spawn(db).await;
    app.staff("editor", "Form Editor").await;
    app.staff("reporter", "Form Reporter").await;
    let editor = app.browser();
    assert_eq!(editor.login("form.editor@staff.test", "staff pass phrase").await.status(), 303);

    // Sections: add one, rename it in its row, refuse an empty name with the page and a message.
    let page = editor.page("/newsroom/sections?lang=bn").await;
    assert!(page.attrs("tbody input[name=name]", "value").contains(&"খেলা".to_owned()));
    let added = editor
        .submit(
            "/newsroom/sections?lang=bn",
            "/newsroom/sections",
            &[("lang", "bn"), ("name", "পরিবেশ"), ("slug", "environment")],
        )
        .await;
    assert_eq!(added.status(), 303);
    let id: i64 = sqlx::query_scalar("SELECT id FROM sections WHERE lang = 'bn' AND slug = 'environment'")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    let saved = editor
        .submit(
            "/newsroom/sections?lang=bn",
            &format!("/newsroom/sections/{id}"),
            &[("name", "পরিবেশ ও জলবায়ু"), ("slug", "environment"), ("position", "1")],
        )
        .await;
    assert_eq!(saved.status(), 303);
    assert_eq!(nav(&app, "bn").await[0], "পরিবেশ ও জলবায়ু");
    let refused = editor
        .submit("/newsroom/sections?lang=bn", &format!("/newsroom/sections/{id}"), &[("name", " "), ("position", "1")])
        .await;
    assert_eq!(refused.status(), 422);
    let body = refused.text().await.unwrap();
    assert!(body.contains("Give a name"), "{body}");
    let refused = editor
        .submit(
            "/newsroom/sections?lang=bn",
            &format!("/newsroom/sections/{id}"),
            &[("name", "x"), ("position", "first")],
        )
        .await;
    assert_eq!(refused.status(), 422);
    let sports: i64 = sqlx::query_scalar("SELECT id FROM sections WHERE lang = 'bn' AND slug = 'sports'")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    let refused =
        editor.submit("/newsroom/sections?lang=bn", &format!("/newsroom/sections/{sports}/delete"), &[]).await;
    assert_eq!(refused.status(), 409, "a section with stories stays");
    assert!(refused.text().await.unwrap().contains("hide the section"));
    let deleted = editor.submit("/newsroom/sections?lang=bn", &format!("/newsroom/sections/{id}/delete"), &[]).await;
    assert_eq!(deleted.status(), 303);
    assert_eq!(nav(&app, "bn").await[0], "বাংলাদেশ");
    let without_csrf = editor
        .client
        .post(editor.url("/newsroom/sections"))
        .form(&[("lang", "en"), ("name", "Forged")])
        .send()
        .await
        .unwrap();
    assert_eq!(without_csrf.status(), 403);

    // Topics: search and pages of 50; a reporter creates but sees no editing.
    let list = editor.page("/newsroom/topics?lang=en&q=clim").await;
    assert_eq!(list.texts("tbody td:first-child a"), ["Climate", "Climate Finance"]);
    let all = editor.page("/newsroom/topics?lang=bn").await;
    assert_eq!(all.texts("tbody tr").len(), 47);
    for n in 0..5 {
        let created = editor
            .submit("/newsroom/topics?lang=bn", "/newsroom/topics", &[("lang", "bn"), ("name", &format!("বিষয় {n}"))])
            .await;
        assert_eq!(created.status(), 303);
    }
    let first = editor.page("/newsroom/topics?lang=bn").await;
    assert_eq!(first.texts("tbody tr").len(), 50);
    assert_eq!(first.attrs("a[rel=next]", "href"), ["/newsroom/topics?lang=bn&page=2"]);
    let second = editor.page("/newsroom/topics?lang=bn&page=2").await;
    assert_eq!(second.texts("tbody tr").len(), 2);
    assert_eq!(editor.get("/newsroom/topics?lang=bn&page=zero").await.status(), 400);

    let reporter = app.browser();
    assert_eq!(reporter.login("form.reporter@staff.test", "staff pass phrase").await.status(), 303);
    let list = reporter.page("/newsroom/topics?lang=en").await;
    assert!(list.attrs("tbody a", "href").iter().all(|h| !h.starts_with("/newsroom/topics/")), "no edit links");
    let created = reporter
        .submit("/newsroom/topics?lang=en", "/newsroom/topics", &[("lang", "en"), ("name", "Padma Bridge")])
        .await;
    assert_eq!(created.status(), 303);
    let refused = reporter
        .submit("/newsroom/topics?lang=en", "/newsroom/topics", &[("lang", "en"), ("name", "Padma Bridge")])
        .await;
    assert_eq!(refused.status(), 409);
    assert!(refused.text().await.unwrap().contains("padma-bridge"));
    let padma = topic_id(&app, "en", "padma-bridge").await;
    assert_eq!(reporter.get(&format!("/newsroom/topics/{padma}")).await.status(), 403);
    assert_eq!(reporter.get("/newsroom/sections").await.status(), 403);

    // An editor renames, describes and merges by address.
    let path = format!("/newsroom/topics/{padma}");
    let saved = editor
        .submit(
            &path,
            &path,
            &[
                ("name", "Padma Multipurpose Bridge"),
                ("slug", "padma-bridge"),
                ("description", "The bridge."),
                ("image_id", ""),
            ],
        )
        .await;
    assert_eq!(saved.status(), 303);
    let topic = app.page("/en/topic/padma-bridge").await;
    assert_eq!(topic.text("h1"), "Padma Multipurpose Bridge");
    assert_eq!(topic.text(".list-header .intro"), "The bridge.");
    let refused = editor.submit(&path, &path, &[("name", "Padma"), ("image_id", "photo")]).await;
    assert_eq!(refused.status(), 422);
    let refused = editor.submit(&path, &format!("{path}/merge"), &[("into", "no-such-topic")]).await;
    assert_eq!(refused.status(), 422);
    assert!(refused.text().await.unwrap().contains("no-such-topic"));
    let merged = editor.submit(&path, &format!("{path}/merge"), &[("into", "transport")]).await;
    assert_eq!(merged.status(), 303);
    assert_eq!(location(&app, "/en/topic/padma-bridge").await, (301, "/en/topic/transport".into()));
}
