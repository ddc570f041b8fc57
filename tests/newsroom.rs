//! The newsroom API: roles per object, the workflow, scheduling, versions, revisions, tokens.

use newsdesk::clock::Clock;
use newsdesk::comments::db::NewComment;
use newsdesk::comments::model::{CommentBody, Moderation};
use newsdesk::editions::Lang;
use newsdesk::newsroom::policy::{Decision, Ownership, Role, decide};
use reqwest::Method;
use serde_json::json;

use crate::helpers::{TestApp, TestDb};

crate::on_both_databases!(
    a_reporter_drafts_and_submits_and_an_editor_publishes,
    every_route_of_the_permission_table_answers_as_the_table_says,
    strangers_and_readers_cannot_use_the_newsroom,
    the_second_of_two_conflicting_saves_is_refused,
    scheduled_articles_publish_themselves_when_due,
    every_save_is_a_revision,
    corrections_show_on_the_public_article,
    unpublished_articles_leave_every_public_list,
    bad_input_is_refused_and_stores_nothing,
    tokens_can_be_revoked_and_sessions_need_the_csrf_header,
    staff_create_and_revoke_tokens_on_the_account_page,
    the_newsroom_pages_write_preview_submit_and_refuse_stale_saves,
    revisions_can_be_compared_and_restored,
    admins_change_site_settings_and_pre_moderation_without_a_restart,
    admins_invite_staff_change_roles_and_disable_accounts,
    editors_link_translations_between_editions,
    the_newsroom_menu_offers_each_role_only_what_it_may_open,
    a_stale_save_and_a_step_speak_bangla_to_an_editor_who_chose_it,
    the_seo_title_and_description_are_what_search_and_shared_links_show,
    a_missing_bangla_topic_is_named_as_it_was_typed,
);

async fn the_newsroom_menu_offers_each_role_only_what_it_may_open(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let expected = [
        (
            "reporter",
            "Menu Reporter",
            vec!["/newsroom", "/newsroom/articles/new", "/newsroom/bylines", "/newsroom/topics", "/newsroom/media"],
        ),
        (
            "editor",
            "Menu Editor",
            vec![
                "/newsroom",
                "/newsroom/articles/new",
                "/newsroom/bylines",
                "/newsroom/fronts",
                "/newsroom/sections",
                "/newsroom/topics",
                "/newsroom/redirects",
                "/newsroom/media",
                "/newsroom/polls",
                "/newsroom/pages",
            ],
        ),
        ("moderator", "Menu Moderator", vec!["/newsroom/comments", "/newsroom/readers"]),
        (
            "admin",
            "Menu Admin",
            vec![
                "/newsroom",
                "/newsroom/articles/new",
                "/newsroom/bylines",
                "/newsroom/fronts",
                "/newsroom/sections",
                "/newsroom/topics",
                "/newsroom/redirects",
                "/newsroom/media",
                "/newsroom/polls",
                "/newsroom/pages",
                "/newsroom/comments",
                "/newsroom/readers",
                "/newsroom/staff",
                "/newsroom/settings",
            ],
        ),
    ];
    for (role, name, paths) in expected {
        app.staff(role, name).await;
        let browser = app.browser();
        let email = format!("{}@staff.test", name.to_lowercase().replace(' ', "."));
        assert_eq!(browser.login(&email, "staff pass phrase").await.status(), 303);
        let start = paths[0];
        let page = browser.page(start).await;
        assert_eq!(page.attrs(".nr-brand", "href"), [start], "{role}: the newsroom's name leads to a page it may open");
        let menu = page.attrs(".nr-header nav a", "href");
        let mut wanted: Vec<String> = paths.iter().map(|p| p.to_string()).collect();
        wanted.extend(["/newsroom/notifications", "/", "/account", "/account#newsroom-language"].map(str::to_string));
        assert_eq!(menu, wanted, "{role}");
        // Every page offered opens.
        for path in paths {
            assert_eq!(browser.get(path).await.status(), 200, "{role} {path}");
        }
    }
}

async fn a_reporter_drafts_and_submits_and_an_editor_publishes(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let reporter = app.staff("reporter", "Farhana Akter").await;
    let editor = app.staff("editor", "Desk Editor").await;
    let id = reporter.draft("Tigers clinch series in Colombo").await;
    let (_, article) = reporter.get(&format!("/api/v1/newsroom/articles/{id}")).await;
    assert_eq!(article["status"], "draft");
    assert_eq!(article["version"], 1);
    assert_eq!(article["slug"], "tigers-clinch-series-in-colombo");
    assert_eq!(
        app.get(&format!("/en/news/{id}/tigers-clinch-series-in-colombo")).await.status(),
        404,
        "drafts are not public"
    );

    let (status, _) = reporter.post(&format!("/api/v1/newsroom/articles/{id}/publish"), json!({})).await;
    assert_eq!(status, 403, "reporters cannot publish");
    let (status, submitted) =
        reporter.post(&format!("/api/v1/newsroom/articles/{id}/submit"), json!({"version": 1})).await;
    assert_eq!(status, 200);
    assert_eq!(submitted["status"], "review");
    let (status, queue) = editor.get("/api/v1/newsroom/articles?status=review").await;
    assert_eq!(status, 200);
    assert!(queue.as_array().unwrap().iter().any(|a| a["id"] == id));
    let (_, by_desk) = editor.get("/api/v1/newsroom/articles?author=sports-desk&lang=en&section=sports").await;
    assert!(by_desk.as_array().unwrap().iter().any(|a| a["id"] == id));
    let (_, by_other) = editor.get("/api/v1/newsroom/articles?author=vb-desk").await;
    assert!(by_other.as_array().unwrap().iter().all(|a| a["id"] != id));

    let (status, published) = editor.post(&format!("/api/v1/newsroom/articles/{id}/publish"), json!({})).await;
    assert_eq!(status, 200);
    assert_eq!(published["status"], "published");
    let page = app.page(&format!("/en/news/{id}/tigers-clinch-series-in-colombo")).await;
    assert_eq!(page.text("h1"), "Tigers clinch series in Colombo");
    assert!(
        app.page("/en/category/sports")
            .await
            .texts(".lead h2, .story h3")
            .contains(&"Tigers clinch series in Colombo".to_owned())
    );
    assert_eq!(app.page("/en/").await.text(".lead h2"), "Tigers clinch series in Colombo");
}

/// The request that exercises one route of the table on article `id` at `version`.
fn request_for(
    path: &str,
    method: &Method,
    id: i64,
    version: i64,
    now: i64,
) -> (Method, String, Option<serde_json::Value>) {
    let path = path.replace("{id}", &id.to_string()).replace("{lang}", "en").replace("{section}", "sports");
    let body = match (method.as_str(), path.rsplit('/').next().unwrap_or("")) {
        ("PUT", _) if path.contains("/fronts/") => Some(json!({"lead": null, "top": [], "version": 0})),
        ("PUT", _) if path.contains("/breaking/") => Some(json!({"text": "Walked", "url": ""})),
        ("POST", "articles") => {
            Some(json!({"lang": "en", "title": "Walked", "body": "x", "section": "sports", "byline": ["sports-desk"]}))
        }
        ("POST", "pages") => {
            Some(json!({"lang": "en", "title": "Walked", "slug": format!("walked-{id}"), "body": "x"}))
        }
        ("PUT", "order") => Some(json!({"lang": "en", "pages": [id]})),
        ("PATCH", _) if path.contains("/staff/") => Some(json!({"role": "reporter"})),
        ("PATCH", _) if path.contains("/bylines/") => Some(json!({"version": 1, "title": "Walked"})),
        ("POST", "bylines") => Some(json!({"kind": "guest", "name": "Walked Guest"})),
        ("POST", "merge") if path.contains("/bylines/") => Some(json!({"into": 1})),
        ("POST", "staff") => {
            Some(json!({"name": "Walked Colleague", "email": "walked.colleague@example.com", "role": "reporter"}))
        }
        ("PATCH", _) if path.contains("/polls/") => Some(json!({"version": version, "question": "Walked?"})),
        ("POST", "sections") => Some(json!({"lang": "en", "name": format!("Walked section {id}")})),
        ("PATCH", _) if path.contains("/sections/") => Some(json!({"name": format!("Walked section {id} again")})),
        ("POST", "topics") => Some(json!({"lang": "en", "name": format!("Walked topic {id}")})),
        ("PATCH", _) if path.contains("/topics/") => Some(json!({"name": format!("Walked topic {id} again")})),
        // `version` carries the id of the topic merged into.
        ("POST", "merge") => Some(json!({"into": version})),
        ("POST", "polls") => Some(json!({"lang": "en", "question": "Walked?", "options": ["a", "b"],
            "closes_at": chrono::DateTime::from_timestamp(now + 86_400, 0).unwrap().to_rfc3339()})),
        ("PATCH", _) => Some(json!({"version": version, "title": "Walked and edited"})),
        ("POST", "invites") => Some(json!({"email": "walk.invite@example.com", "role": "reporter"})),
        ("POST", "schedule") => Some(
            json!({"version": version, "at": chrono::DateTime::from_timestamp(now + 3600, 0).unwrap().to_rfc3339()}),
        ),
        ("POST", "correct") => Some(json!({"version": version, "note": "A name was misspelt."})),
        ("POST", "return") => Some(json!({"version": version, "note": "Walked back."})),
        ("POST", "notes") => Some(json!({"body": "Walked note."})),
        ("POST", "autosave") => {
            Some(json!({"article": id, "title": "Walked", "standfirst": "", "body_html": "<p>w</p>"}))
        }
        ("POST", "presence") => Some(json!({"article": id})),
        ("POST", "bijoy") => Some(json!({"text": "Avwg"})),
        ("POST", "read") => Some(json!({"all": true})),
        ("POST", "bans") => Some(json!({"user_id": version, "reason": "Spam", "days": 1})),
        ("POST", "approve" | "hold" | "reject" | "delete") => Some(json!({"reason": "walk"})),
        ("POST", "restore") => Some(json!({"revision": 1, "version": version})),
        ("PUT", "settings") => Some(json!({"premoderation": false})),
        // `id` names a walked redirect (`/walked/{id}`).
        ("POST", "redirects") => Some(json!({"from": format!("/walked/new-{id}"), "to": "/en/"})),
        ("POST", _) => Some(json!({"version": version})),
        _ => None,
    };
    let path = if method == Method::DELETE && path.ends_with("/redirects") {
        format!("{path}?from=/walked/{id}")
    } else {
        path
    };
    (method.clone(), path, body)
}

/// The form that exercises one newsroom page route on article `id` at `version`.
fn form_for(path: &str, method: &Method, id: i64, now: i64) -> (Method, String, Vec<(&'static str, String)>) {
    let path = path.replace("{id}", &id.to_string()).replace("{lang}", "en").replace("{section}", "sports");
    let at = chrono::DateTime::from_timestamp(now + 2 * 86_400, 0).unwrap().format("%Y-%m-%dT%H:%M").to_string();
    let fields = match (method.as_str(), path.rsplit('/').next().unwrap_or("")) {
        ("GET", _) => vec![],
        ("POST", _) if path.starts_with("/newsroom/fronts/") => vec![("version", "0".into()), ("op", "".into())],
        ("POST", _) if path.starts_with("/newsroom/breaking/") => vec![("text", "Walked".into())],
        ("POST", "articles") => vec![
            ("section", "en:sports".into()),
            ("title", "Walked".into()),
            ("body", "x".into()),
            ("byline", "sports-desk".into()),
        ],
        ("POST", "preview") => vec![("body", "*hi*".into())],
        ("POST", "bylines") => vec![("kind", "guest".into()), ("name", "Walked Guest".into())],
        ("POST", "merge") if path.contains("/bylines/") => vec![("into", "1".into())],
        ("POST", _) if path.starts_with("/newsroom/bylines/") => {
            vec![("version", "1".into()), ("name", "Walked Byline".into())]
        }
        ("POST", "pages") => vec![
            ("lang", "en".into()),
            ("title", "Walked".into()),
            ("slug", format!("walked-form-{id}")),
            ("body", "x".into()),
        ],
        ("POST", "order") => vec![("lang", "en".into()), ("position-{id}", "1".into())],
        ("POST", "approve" | "hold" | "reject" | "delete") => vec![("queue", "held".into())],
        ("POST", "sections") => vec![("lang", "en".into()), ("name", format!("Walked form section {id}"))],
        ("POST", _) if path.starts_with("/newsroom/sections/") => {
            vec![("name", "Walked form section".into()), ("position", "1".into())]
        }
        ("POST", "topics") => vec![("lang", "en".into()), ("name", format!("Walked form topic {id}"))],
        ("POST", "merge") => vec![("into", "russia".into())],
        ("POST", _) if path.starts_with("/newsroom/topics/") => {
            vec![("name", "Walked form topic".into()), ("description", "Walked.".into())]
        }
        ("POST", "restore") => vec![("revision", "1".into()), ("version", "1".into())],
        ("POST", "redirects") => vec![("from", format!("/walked/form-{id}")), ("to", "/en/".into())],
        ("POST", "remove") if path.starts_with("/newsroom/redirects") => vec![("from", format!("/walked/{id}"))],
        ("POST", "invites") => vec![("email", "walk.invite@example.com".into()), ("role", "reporter".into())],
        ("POST", "colleagues") => vec![
            ("name", "Walked Form Colleague".into()),
            ("email", "walked.form.colleague@example.com".into()),
            ("role", "editor".into()),
        ],
        ("POST", "ban") => vec![("reason", "Spam".into()), ("days", "1".into())],
        ("POST", _) if path.contains("/staff/") => vec![("role", "reporter".into())],
        ("POST", _) if path.starts_with("/newsroom/polls") => vec![
            ("version", "1".into()),
            ("lang", "en".into()),
            ("question", "Walked?".into()),
            ("option1", "a".into()),
            ("option2", "b".into()),
            ("closes_at", at),
        ],
        ("POST", "settings") => vec![
            ("site_name", "Views Bangladesh".into()),
            ("site_name_bn", "ভিউজ বাংলাদেশ".into()),
            ("default_edition", "en".into()),
            ("accent", "".into()),
            ("logo_media_id", "0".into()),
        ],
        ("POST", "bans") => vec![("user_id", id.to_string()), ("reason", "Spam".into()), ("days", "1".into())],
        ("POST", "schedule") => vec![("version", "1".into()), ("at", at)],
        ("POST", "correct") => vec![("version", "1".into()), ("note", "A name was misspelt.".into())],
        ("POST", "return") => vec![("version", "1".into()), ("note", "Walked back.".into())],
        ("POST", "notes") => vec![("body", "Walked note.".into())],
        ("POST", "discard") => vec![("article", id.to_string())],
        ("POST", "read") => vec![("all", "1".into())],
        ("POST", "email") => vec![("email", "off".into())],
        ("POST", "submit" | "publish" | "unpublish") => vec![("version", "1".into())],
        _ => vec![
            ("version", "1".into()),
            ("section", "sports".into()),
            ("title", "Walked and edited".into()),
            ("body", "y".into()),
            ("byline", "sports-desk".into()),
        ],
    };
    (method.clone(), path, fields)
}

/// A fresh draft of the site's pages, for the walk.
async fn walked_page(app: &TestApp) -> i64 {
    use newsdesk::sitepages::db::{Content, create};
    static WALKED: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = WALKED.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let content = Content {
        slug: format!("walk-{n}"),
        title: "Walked page".into(),
        body_md: "x".into(),
        body_html: newsdesk::html::markdown("x"),
    };
    create(&app.state.db, newsdesk::editions::Lang::En, &content, None, app.clock.now()).await.unwrap()
}

/// A fresh guest byline, for the walk.
async fn walked_guest(app: &TestApp) -> i64 {
    use newsdesk::bylines::db::{NewByline, create};
    use newsdesk::bylines::model::{Credit, Profile};
    static WALKED: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = WALKED.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let profile = Profile { name: format!("Walked Guest {n}"), ..Profile::default() };
    let new = NewByline { credit: Credit::Guest, profile: &profile, photo_id: None, user_id: None, joined_at: 0 };
    create(&app.state.db, &new).await.unwrap().unwrap()
}

/// A fresh section (or topic) of the English edition, for the walk.
async fn walked_taxonomy(app: &TestApp, section: bool) -> i64 {
    static WALKED: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = WALKED.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let table = if section { "sections" } else { "topics" };
    sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
        "INSERT INTO {table} (lang, slug, name) VALUES ('en', $1, $2) RETURNING id"
    )))
    .bind(format!("walk-{n}"))
    .bind(format!("Walk {n}"))
    .fetch_one(&app.state.db.pool)
    .await
    .unwrap()
}

/// A fresh redirect from `/walked/{n}`, for the walk; its `n`.
async fn walked_redirect(app: &TestApp) -> i64 {
    static WALKED: std::sync::atomic::AtomicI64 = std::sync::atomic::AtomicI64::new(0);
    let n = WALKED.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let mut conn = app.state.db.pool.acquire().await.unwrap();
    newsdesk::redirects::db::add(&mut conn, &format!("/walked/{n}"), "/en/", app.clock.now(), None).await.unwrap();
    n
}

async fn every_route_of_the_permission_table_answers_as_the_table_says(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let owner = app.staff("reporter", "Owner Reporter").await;
    let mut callers = Vec::new();
    let mut browsers = std::collections::HashMap::new();
    for role in Role::ALL {
        let name = format!("Walker {}", role.as_str());
        callers.push((role, app.staff(role.as_str(), &name).await));
        let browser = app.browser();
        let email = format!("{}@staff.test", name.to_lowercase().replace(' ', "."));
        assert_eq!(browser.login(&email, "staff pass phrase").await.status(), 303);
        browsers.insert(role, browser);
    }
    app.reader("Walk Commenter").await;
    let commenter: i64 = sqlx::query_scalar("SELECT id FROM users WHERE email = 'walk.commenter@readers.test'")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    let merge_target: i64 = sqlx::query_scalar("SELECT id FROM topics WHERE lang = 'en' AND slug = 'russia'")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    let table = newsdesk::newsroom::route_table();
    assert!(table.len() >= 30);
    for entry in table {
        let about_comments = entry.path.contains("/comments") || entry.path.contains("/bans");
        let about_people = ["/staff", "/invites", "/colleagues", "/readers"].iter().any(|p| entry.path.contains(p));
        let about_front = entry.path.contains("/fronts") || entry.path.contains("/breaking");
        let about_polls = entry.path.contains("/polls");
        // The site's pages belong to nobody: a fresh page each time.
        let about_pages = entry.path.contains("/pages");
        // A byline is the caller's own, or a fresh guest's.
        let about_bylines = entry.path.contains("/bylines");
        // Sections and topics too: a fresh one of the English edition each time.
        let about_sections = entry.path.contains("/sections");
        let about_topics = entry.path.contains("/topics");
        // Redirects act on a fresh one each time.
        let about_redirects = entry.path.contains("/redirects");
        for (role, caller) in &callers {
            let ownerships: &[Ownership] = if entry.path.contains("{id}")
                && !about_comments
                && !about_people
                && !about_pages
                && !about_sections
                && !about_topics
            {
                if *role == Role::Reporter { &[Ownership::Own, Ownership::Other] } else { &[Ownership::Other] }
            } else {
                &[Ownership::NotApplicable]
            };
            for &ownership in ownerships {
                let author = if ownership == Ownership::Own { caller } else { &owner };
                let id = if about_bylines && ownership == Ownership::Own {
                    sqlx::query_scalar("SELECT id FROM bylines WHERE user_id = $1")
                        .bind(caller.id)
                        .fetch_one(&app.state.db.pool)
                        .await
                        .unwrap()
                } else if about_bylines {
                    walked_guest(&app).await
                } else if about_pages {
                    walked_page(&app).await
                } else if about_sections || about_topics {
                    walked_taxonomy(&app, about_sections).await
                } else if about_redirects {
                    walked_redirect(&app).await
                } else if entry.path.contains("/invites/{id}") {
                    // Invitation routes act on a fresh invitation.
                    static INVITES: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
                    let hash = format!("walk-invite-{}", INVITES.fetch_add(1, std::sync::atomic::Ordering::Relaxed));
                    sqlx::query(
                        "INSERT INTO staff_invites (token_hash, email, role, invited_by, created_at, expires_at) \
                         VALUES ($1, 'walk.invitee@example.com', 'reporter', $2, $3, $4)",
                    )
                    .bind(&hash)
                    .bind(owner.id)
                    .bind(app.clock.now())
                    .bind(app.clock.now() + 86_400)
                    .execute(&app.state.db.pool)
                    .await
                    .unwrap();
                    sqlx::query_scalar("SELECT id FROM staff_invites WHERE token_hash = $1")
                        .bind(&hash)
                        .fetch_one(&app.state.db.pool)
                        .await
                        .unwrap()
                } else if about_people {
                    commenter
                } else if about_polls {
                    // Poll routes act on a fresh poll, open for a day.
                    let draft = newsdesk::polls::model::PollDraft::parse(
                        "Walk?",
                        &["a".to_owned(), "b".to_owned()],
                        app.clock.now(),
                        app.clock.now() + 86_400,
                    )
                    .unwrap();
                    let poll = newsdesk::polls::db::NewPoll { lang: Lang::En, draft: &draft, article_id: None };
                    newsdesk::polls::db::insert(&app.state.db, &poll, None, app.clock.now()).await.unwrap()
                } else if about_comments {
                    // Comment routes act on a fresh comment (held, or published to be held back); bans
                    // on the commenter.
                    let moderation =
                        if entry.path.ends_with("/hold") { Moderation::Approved } else { Moderation::Held };
                    let body = CommentBody::parse("walk").unwrap();
                    let comment = NewComment {
                        article_id: 1,
                        user_id: commenter,
                        parent_id: None,
                        body: &body,
                        moderation,
                        at: 0,
                    };
                    let comment = newsdesk::comments::db::insert(&app.state.db, comment, None).await.unwrap();
                    if entry.path.contains("/bans") { commenter } else { comment }
                } else {
                    author.draft("Permission walk").await
                };
                let snapshot = || async {
                    if about_front {
                        let row: (i64, i64) = sqlx::query_as(
                            "SELECT (SELECT COUNT(*) FROM front_changes), (SELECT COUNT(*) FROM breaking_news)",
                        )
                        .fetch_one(&app.state.db.pool)
                        .await
                        .unwrap();
                        json!([row.0, row.1])
                    } else if about_polls {
                        let row: (i64, i64, i64) = sqlx::query_as(
                            "SELECT (SELECT COUNT(*) FROM polls), COALESCE((SELECT version FROM polls WHERE id = $1), 0), \
                             COALESCE((SELECT closes_at FROM polls WHERE id = $1), 0)",
                        )
                        .bind(id)
                        .fetch_one(&app.state.db.pool)
                        .await
                        .unwrap();
                        json!([row.0, row.1, row.2])
                    } else if about_bylines {
                        let row: (i64, i64, i64) = sqlx::query_as(
                            "SELECT (SELECT COUNT(*) FROM bylines), COALESCE((SELECT version FROM bylines WHERE id = $1), 0), \
                             (SELECT COUNT(*) FROM bylines WHERE merged_into IS NOT NULL)",
                        )
                        .bind(id)
                        .fetch_one(&app.state.db.pool)
                        .await
                        .unwrap();
                        json!([row.0, row.1, row.2])
                    } else if about_pages {
                        let row: Option<(i64, i64, i64)> =
                            sqlx::query_as("SELECT version, published, position FROM site_pages WHERE id = $1")
                                .bind(id)
                                .fetch_optional(&app.state.db.pool)
                                .await
                                .unwrap();
                        json!(row)
                    } else if about_sections || about_topics {
                        let table = if about_sections { "sections" } else { "topics" };
                        let row: (i64, Option<String>, Option<String>) = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                            "SELECT (SELECT COUNT(*) FROM {table}), (SELECT name FROM {table} WHERE id = $1), \
                             (SELECT slug FROM {table} WHERE id = $1)"
                        )))
                        .bind(id)
                        .fetch_one(&app.state.db.pool)
                        .await
                        .unwrap();
                        json!([row.0, row.1, row.2])
                    } else if about_redirects {
                        let row: (i64, i64) = sqlx::query_as(
                            "SELECT (SELECT COUNT(*) FROM redirects), \
                             (SELECT COUNT(*) FROM redirects WHERE from_path = $1)",
                        )
                        .bind(format!("/walked/{id}"))
                        .fetch_one(&app.state.db.pool)
                        .await
                        .unwrap();
                        json!([row.0, row.1])
                    } else if about_people {
                        let row: (String, i64, Option<i64>, i64, String) = sqlx::query_as(
                            "SELECT (SELECT role FROM users WHERE id = $1), (SELECT COUNT(*) FROM users), \
                             (SELECT banned_until FROM users WHERE id = $1), \
                             (SELECT COUNT(*) FROM staff_invites WHERE revoked_at IS NULL), \
                             COALESCE((SELECT MAX(token_hash) FROM staff_invites), '')",
                        )
                        .bind(commenter)
                        .fetch_one(&app.state.db.pool)
                        .await
                        .unwrap();
                        json!([row.0, row.1, row.2, row.3, row.4])
                    } else if about_comments {
                        let row: (String, Option<i64>) = sqlx::query_as(
                            "SELECT COALESCE((SELECT status FROM comments WHERE id = $1), ''), (SELECT banned_until FROM users WHERE id = $2)",
                        )
                        .bind(id)
                        .bind(commenter)
                        .fetch_one(&app.state.db.pool)
                        .await
                        .unwrap();
                        json!([row.0, row.1])
                    } else {
                        // Internal notes and the mail switch are not in the article's JSON.
                        let handoffs: (i64, i64) = sqlx::query_as(
                            "SELECT (SELECT COUNT(*) FROM article_notes), (SELECT COUNT(*) FROM users WHERE notify_email = 1)",
                        )
                        .fetch_one(&app.state.db.pool)
                        .await
                        .unwrap();
                        json!([owner.get(&format!("/api/v1/newsroom/articles/{id}")).await.1, handoffs.0, handoffs.1])
                    }
                };
                let before = snapshot().await;
                let upload = entry.method == Method::POST && entry.path.ends_with("/media");
                let picture = || {
                    reqwest::multipart::Form::new()
                        .part(
                            "file",
                            reqwest::multipart::Part::bytes(crate::media::png(600, 400)).file_name("walk.png"),
                        )
                        .text("alt", "Walk")
                };
                let mut moved_to = None;
                let (method, path, status, answer) = if upload && entry.path.starts_with("/api/") {
                    let response = app
                        .client
                        .post(app.url(&entry.path))
                        .bearer_auth(&caller.token)
                        .multipart(picture())
                        .send()
                        .await
                        .unwrap();
                    (Method::POST, entry.path.to_owned(), response.status().as_u16(), String::new())
                } else if upload {
                    let browser = &browsers[role];
                    let token = browser.page("/account").await.attrs("input[name=csrf]", "value").remove(0);
                    let path = format!("{}?csrf={token}", entry.path);
                    let response = browser.client.post(browser.url(&path)).multipart(picture()).send().await.unwrap();
                    (Method::POST, path, response.status().as_u16(), String::new())
                } else if entry.path.starts_with("/api/") {
                    let version = if entry.path.contains("/bans") {
                        commenter
                    } else if entry.path.ends_with("merge") {
                        merge_target
                    } else {
                        1
                    };
                    let (method, path, body) = request_for(&entry.path, &entry.method, id, version, app.clock.now());
                    let (status, answer) = caller.send(method.clone(), &path, body).await;
                    (method, path, status, answer.to_string())
                } else {
                    let browser = &browsers[role];
                    let (method, path, mut fields) = form_for(&entry.path, &entry.method, id, app.clock.now());
                    let response = if method == Method::GET {
                        let response = browser.get(&path).await;
                        moved_to = response.headers().get("location").map(|l| l.to_str().unwrap().to_owned());
                        response
                    } else {
                        let token = browser.page("/account").await.attrs("input[name=csrf]", "value").remove(0);
                        fields.push(("csrf", token));
                        browser.client.post(browser.url(&path)).form(&fields).send().await.unwrap()
                    };
                    let status = response.status().as_u16();
                    (method, path, status, String::new())
                };
                let expected = decide(*role, entry.action, ownership);
                let what = format!("{role:?} {ownership:?} {method} {path}: {status} {answer}");
                match expected {
                    Decision::Allow => assert!((200..400).contains(&status) || status == 409, "{what}"),
                    // The newsroom's front door sends a role on to its own work instead.
                    Decision::Forbidden if entry.path == "/newsroom" && status == 303 => {
                        assert_eq!(moved_to.as_deref(), newsdesk::newsroom::policy::landing(*role), "{what}")
                    }
                    Decision::Forbidden => assert_eq!(status, 403, "{what}"),
                    Decision::Hidden => assert_eq!(status, 404, "{what}"),
                }
                if expected != Decision::Allow {
                    assert_eq!(before, snapshot().await, "a refused request changes nothing: {what}");
                }
            }
        }
    }
}

async fn strangers_and_readers_cannot_use_the_newsroom(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let anonymous = app.get("/api/v1/newsroom/articles").await;
    assert_eq!(anonymous.status(), 401);
    let body: serde_json::Value = anonymous.json().await.unwrap();
    assert_eq!(body["error"]["code"], "unauthorized");
    let bogus =
        app.client.get(app.url("/api/v1/newsroom/articles")).bearer_auth("nd_not_a_token").send().await.unwrap();
    assert_eq!(bogus.status(), 401);
    let reader = app.staff("reader", "Plain Reader").await;
    let (status, _) = reader.get("/api/v1/newsroom/articles").await;
    assert_eq!(status, 403);
    let (status, _) = reader
        .post(
            "/api/v1/newsroom/articles",
            json!({"lang": "en", "title": "x", "body": "x", "section": "sports", "byline": ["sports-desk"]}),
        )
        .await;
    assert_eq!(status, 403);
}

async fn the_second_of_two_conflicting_saves_is_refused(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let first = app.staff("editor", "First Editor").await;
    let second = app.staff("editor", "Second Editor").await;
    let id = first.draft("Budget passes").await;
    let (status, saved) = first
        .patch(&format!("/api/v1/newsroom/articles/{id}"), json!({"version": 1, "body": "First editor's text."}))
        .await;
    assert_eq!(status, 200);
    assert_eq!(saved["version"], 2);
    let (status, refused) = second
        .patch(&format!("/api/v1/newsroom/articles/{id}"), json!({"version": 1, "body": "Second editor's text."}))
        .await;
    assert_eq!(status, 409);
    let message = refused["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("version 1") && message.contains("version 2") && message.contains("First Editor"),
        "{message}"
    );
    let (_, now) = first.get(&format!("/api/v1/newsroom/articles/{id}")).await;
    assert_eq!(now["body_html"], "<p>First editor's text.</p>\n", "nothing was overwritten");
    let (status, _) = second.patch(&format!("/api/v1/newsroom/articles/{id}"), json!({"body": "No version"})).await;
    assert_eq!(status, 422);
}

async fn scheduled_articles_publish_themselves_when_due(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let editor = app.staff("editor", "Night Editor").await;
    let id = editor.draft("Polls open at eight").await;
    let at = chrono::DateTime::from_timestamp(app.clock.now() + 3600, 0).unwrap().to_rfc3339();
    let (status, scheduled) = editor.post(&format!("/api/v1/newsroom/articles/{id}/schedule"), json!({"at": at})).await;
    assert_eq!(status, 200, "{scheduled}");
    assert_eq!(scheduled["status"], "scheduled");
    assert_eq!(newsdesk::newsroom::publish_due(&app.state).await.unwrap(), 0);
    assert_eq!(app.get(&format!("/en/news/{id}/polls-open-at-eight")).await.status(), 404);
    app.clock.advance(3601);
    assert_eq!(newsdesk::newsroom::publish_due(&app.state).await.unwrap(), 1);
    assert_eq!(newsdesk::newsroom::publish_due(&app.state).await.unwrap(), 0, "published once");
    assert_eq!(app.get(&format!("/en/news/{id}/polls-open-at-eight")).await.status(), 200);
    let (_, article) = editor.get(&format!("/api/v1/newsroom/articles/{id}")).await;
    assert_eq!(article["status"], "published");
    let (status, _) =
        editor.post(&format!("/api/v1/newsroom/articles/{id}/schedule"), json!({"at": "2001-01-01T00:00:00Z"})).await;
    assert_eq!(status, 409, "a published article is not scheduled again");
    let other = editor.draft("Past schedule").await;
    let (status, body) = editor
        .post(&format!("/api/v1/newsroom/articles/{other}/schedule"), json!({"at": "2001-01-01T00:00:00Z"}))
        .await;
    assert_eq!(status, 422);
    assert!(body["error"]["message"].as_str().unwrap().contains("future"));
}

async fn every_save_is_a_revision(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let reporter = app.staff("reporter", "Rev Reporter").await;
    let editor = app.staff("editor", "Rev Editor").await;
    let id = reporter.draft("Draft headline").await;
    reporter.patch(&format!("/api/v1/newsroom/articles/{id}"), json!({"version": 1, "title": "Better headline"})).await;
    reporter.post(&format!("/api/v1/newsroom/articles/{id}/submit"), json!({})).await;
    editor.post(&format!("/api/v1/newsroom/articles/{id}/publish"), json!({})).await;
    let (status, revisions) = editor.get(&format!("/api/v1/newsroom/articles/{id}/revisions")).await;
    assert_eq!(status, 200);
    let actions: Vec<&str> = revisions.as_array().unwrap().iter().map(|r| r["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["publish", "submit", "edit", "create"]);
    let versions: Vec<i64> = revisions.as_array().unwrap().iter().map(|r| r["version"].as_i64().unwrap()).collect();
    assert_eq!(versions, [4, 3, 2, 1]);
    assert_eq!(revisions[3]["title"], "Draft headline");
    assert_eq!(revisions[2]["by"], "Rev Reporter");
    assert_eq!(revisions[0]["by"], "Rev Editor");
}

async fn corrections_show_on_the_public_article(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let editor = app.staff("editor", "Corrections Editor").await;
    let (status, _) = editor
        .post("/api/v1/newsroom/articles/1/correct", json!({"note": "An earlier version misnamed the ambassador."}))
        .await;
    assert_eq!(status, 200);
    let page = app.page("/en/news/1/russia-officially-recognises-afghanistans-taliban-govt").await;
    assert!(page.text(".correction").contains("An earlier version misnamed the ambassador."));
    assert!(!page.attr(".correction time", "datetime").is_empty());
    let (status, _) = editor.post("/api/v1/newsroom/articles/1/correct", json!({"note": "  "})).await;
    assert_eq!(status, 422);
}

async fn unpublished_articles_leave_every_public_list(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let editor = app.staff("editor", "Takedown Editor").await;
    let (status, _) = editor.post("/api/v1/newsroom/articles/1/unpublish", json!({})).await;
    assert_eq!(status, 200);
    assert_eq!(app.get("/en/news/1/russia-officially-recognises-afghanistans-taliban-govt").await.status(), 404);
    assert!(
        !app.page("/en/topic/taliban")
            .await
            .texts(".story h3")
            .contains(&"Russia officially recognises Afghanistan’s Taliban govt".to_owned())
    );
    assert!(
        !app.page("/en/authors/vb-desk")
            .await
            .texts(".story h3")
            .contains(&"Russia officially recognises Afghanistan’s Taliban govt".to_owned())
    );
    let trending = app.json("/api/v1/trending?lang=en").await;
    assert!(trending["articles"].as_array().unwrap().iter().all(|a| a["id"] != 1));
    assert_eq!(app.get("/api/v1/articles/1").await.status(), 404);
    // Publishing again brings it back at its original time.
    let (status, back) = editor.post("/api/v1/newsroom/articles/1/publish", json!({})).await;
    assert_eq!(status, 200);
    assert!(back["published_at"].as_str().is_some());
    assert!(
        app.page("/en/topic/taliban")
            .await
            .texts(".story h3")
            .contains(&"Russia officially recognises Afghanistan’s Taliban govt".to_owned())
    );
}

async fn bad_input_is_refused_and_stores_nothing(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let editor = app.staff("editor", "Careful Editor").await;
    let count = || async {
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM articles").fetch_one(&app.state.db.pool).await.unwrap()
    };
    let before = count().await;
    let base = json!({"lang": "en", "title": "Fine", "body": "x", "section": "sports", "byline": ["sports-desk"]});
    let with = |key: &str, value: serde_json::Value| {
        let mut b = base.clone();
        b[key] = value;
        b
    };
    for (body, status, says) in [
        (with("lang", json!("fr")), 422, "lang"),
        (with("title", json!("   ")), 422, "headline"),
        (with("title", json!("x".repeat(301))), 422, "300"),
        (with("section", json!("nowhere")), 422, "section"),
        (with("byline", json!([])), 422, "byline"),
        (with("byline", json!(["nobody"])), 422, "nobody"),
        (with("topics", json!(["no-such-topic"])), 422, "topic"),
        (with("surprise", json!(1)), 422, "surprise"),
        (with("title", json!(42)), 422, "title"),
    ] {
        let (got, answer) = editor.post("/api/v1/newsroom/articles", body.clone()).await;
        assert_eq!(got, status, "{body}: {answer}");
        let message = answer["error"]["message"].as_str().unwrap_or("");
        assert!(message.contains(says), "{body}: {message}");
    }
    let broken = app
        .client
        .post(app.url("/api/v1/newsroom/articles"))
        .bearer_auth(&editor.token)
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(broken.status(), 400);
    assert_eq!(count().await, before);
    for path in ["/api/v1/newsroom/articles/999999", "/api/v1/newsroom/articles/abc"] {
        assert_eq!(editor.get(path).await.0, 404, "{path}");
    }
    assert_eq!(editor.get("/api/v1/newsroom/articles?status=lost").await.0, 400);
}

async fn tokens_can_be_revoked_and_sessions_need_the_csrf_header(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let editor = app.staff("editor", "Token Editor").await;
    let wrong = app
        .client
        .post(app.url("/api/v1/auth/token"))
        .json(&json!({"email": "token.editor@staff.test", "password": "nope"}))
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 401);
    let (status, list) = editor.get("/api/v1/newsroom/articles").await;
    assert_eq!(status, 200, "{list}");
    let token_id: i64 = sqlx::query_scalar("SELECT id FROM api_tokens WHERE user_id = $1")
        .bind(editor.id)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    let (status, _) = editor.send(Method::DELETE, &format!("/api/v1/auth/tokens/{token_id}"), None).await;
    assert_eq!(status, 204);
    assert_eq!(editor.get("/api/v1/newsroom/articles").await.0, 401);

    // With a session instead of a token, a write needs the CSRF token in a header.
    let browser = app.browser();
    assert_eq!(browser.login("token.editor@staff.test", "staff pass phrase").await.status(), 303);
    let new =
        json!({"lang": "en", "title": "Via session", "body": "x", "section": "sports", "byline": ["sports-desk"]});
    let without = browser.client.post(browser.url("/api/v1/newsroom/articles")).json(&new).send().await.unwrap();
    assert_eq!(without.status(), 403);
    let token = browser.page("/account").await.attrs("input[name=csrf]", "value").remove(0);
    let with = browser
        .client
        .post(browser.url("/api/v1/newsroom/articles"))
        .header("x-csrf-token", &token)
        .json(&new)
        .send()
        .await
        .unwrap();
    assert_eq!(with.status(), 201);
}

async fn staff_create_and_revoke_tokens_on_the_account_page(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let editor = app.staff("editor", "Page Editor").await;
    let browser = app.browser();
    assert_eq!(browser.login("page.editor@staff.test", "staff pass phrase").await.status(), 303);
    let created = browser.submit("/account", "/account/tokens", &[("name", "wire importer")]).await;
    assert_eq!(created.status(), 200);
    let page = crate::helpers::Page::new(&created.text().await.unwrap());
    let token = page.text("code.token");
    assert!(token.starts_with("nd_"));
    let api = app.client.get(app.url("/api/v1/newsroom/articles")).bearer_auth(&token).send().await.unwrap();
    assert_eq!(api.status(), 200);
    let id: i64 = sqlx::query_scalar("SELECT id FROM api_tokens WHERE name = 'wire importer'")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    let revoked = browser.submit("/account", &format!("/account/tokens/{id}/revoke"), &[]).await;
    assert_eq!(revoked.status(), 200);
    let api = app.client.get(app.url("/api/v1/newsroom/articles")).bearer_auth(&token).send().await.unwrap();
    assert_eq!(api.status(), 401);
    // Another staff member cannot revoke it, and readers get no tokens.
    let (_, _) = editor.get("/api/v1/newsroom/articles").await;
    let reader = app.reader("No Tokens").await;
    assert!(reader.page("/account").await.texts(".tokens").is_empty());
    assert_eq!(reader.submit("/account", "/account/tokens", &[("name", "x")]).await.status(), 403);
}

async fn the_newsroom_pages_write_preview_submit_and_refuse_stale_saves(db: TestDb) {
    let app = TestApp::spawn(db).await;
    app.staff("reporter", "Page Reporter").await;
    app.staff("editor", "Page Desk").await;
    let reporter = app.browser();
    assert_eq!(reporter.login("page.reporter@staff.test", "staff pass phrase").await.status(), 303);
    let form = reporter.page("/newsroom/articles/new").await;
    assert!(form.attrs("#section option", "value").contains(&"bn:sports".to_owned()));
    let created = reporter
        .submit(
            "/newsroom/articles/new",
            "/newsroom/articles",
            &[
                ("section", "en:sports"),
                ("title", "Shanto hits a hundred"),
                ("body", "A **great** knock."),
                ("byline", "sports-desk"),
            ],
        )
        .await;
    assert_eq!(created.status(), 303);
    let location = created.headers()["location"].to_str().unwrap().to_owned();
    let editor_path = location.split('?').next().unwrap().to_owned();
    let page = reporter.page(&location).await;
    assert_eq!(page.text(".notice"), "Draft created.");
    assert_eq!(page.attr("#title", "value"), "Shanto hits a hundred");
    assert_eq!(page.text("#preview strong"), "great", "the preview is the rendered Markdown");
    let buttons = page.texts(".nr-step button");
    assert!(buttons.contains(&"Submit for review".to_owned()));
    assert!(!buttons.contains(&"Publish now".to_owned()), "reporters see no publish button");

    // Preview renders without saving.
    let preview = reporter
        .submit(
            &editor_path,
            &editor_path,
            &[
                ("version", "1"),
                ("section", "sports"),
                ("title", "Shanto hits a hundred"),
                ("body", "Now _in italics_"),
                ("byline", "sports-desk"),
                ("preview", "1"),
            ],
        )
        .await;
    assert_eq!(preview.status(), 200);
    assert_eq!(crate::helpers::Page::new(&preview.text().await.unwrap()).text("#preview em"), "in italics");
    let id: i64 = editor_path.rsplit('/').next().unwrap().parse().unwrap();
    let version: i64 = sqlx::query_scalar("SELECT version FROM articles WHERE id = $1")
        .bind(id)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    assert_eq!(version, 1);

    // An editor saves first; the reporter's save based on version 1 is refused, text kept.
    let desk = app.browser();
    assert_eq!(desk.login("page.desk@staff.test", "staff pass phrase").await.status(), 303);
    let saved = desk
        .submit(
            &editor_path,
            &editor_path,
            &[
                ("version", "1"),
                ("section", "sports"),
                ("title", "Shanto hits a century"),
                ("body", "Edited."),
                ("byline", "sports-desk"),
            ],
        )
        .await;
    assert_eq!(saved.status(), 303);
    let stale = reporter
        .submit(
            &editor_path,
            &editor_path,
            &[
                ("version", "1"),
                ("section", "sports"),
                ("title", "My late change"),
                ("body", "Mine."),
                ("byline", "sports-desk"),
            ],
        )
        .await;
    assert_eq!(stale.status(), 409);
    let page = crate::helpers::Page::new(&stale.text().await.unwrap());
    assert!(page.text(".form-error").contains("Page Desk"));
    assert_eq!(page.attr("#title", "value"), "My late change", "the typed text is kept");
    assert_eq!(
        page.attr("form.nr-form input[name=version]", "value"),
        "1",
        "still based on version 1, so a resave is refused too"
    );

    let submitted = reporter.submit(&editor_path, &format!("{editor_path}/submit"), &[("version", "2")]).await;
    assert_eq!(submitted.status(), 303);
    let list = desk.page("/newsroom?status=review").await;
    assert!(list.texts(".nr-table a").contains(&"Shanto hits a century".to_owned()));
    // Readers are turned away from the newsroom, anonymous visitors sent to log in.
    assert_eq!(app.reader("Curious Reader").await.get("/newsroom").await.status(), 403);
    assert!(app.get("/newsroom").await.headers()["location"].to_str().unwrap().starts_with("/login?next=/newsroom"));
}

async fn revisions_can_be_compared_and_restored(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let editor = app.staff("editor", "History Editor").await;
    let id = editor.draft("Floods recede").await;
    let (status, _) = editor
        .patch(
            &format!("/api/v1/newsroom/articles/{id}"),
            json!({"version": 1, "title": "Floods recede in Sylhet", "body": "First paragraph.\n\nA new second."}),
        )
        .await;
    assert_eq!(status, 200);
    let (status, diff) = editor.get(&format!("/api/v1/newsroom/articles/{id}/diff?from=1&to=2")).await;
    assert_eq!(status, 200);
    assert_eq!(diff["title_from"], "Floods recede");
    assert_eq!(diff["title_to"], "Floods recede in Sylhet");
    let lines: Vec<(String, String)> = diff["body"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| (l["tag"].as_str().unwrap().into(), l["text"].as_str().unwrap().into()))
        .collect();
    assert!(lines.contains(&("delete".into(), "Second.".into())), "{lines:?}");
    assert!(lines.contains(&("insert".into(), "A new second.".into())), "{lines:?}");
    assert!(lines.contains(&("equal".into(), "First paragraph.".into())));

    let (status, _) =
        editor.post(&format!("/api/v1/newsroom/articles/{id}/restore"), json!({"revision": 1, "version": 1})).await;
    assert_eq!(status, 409, "a restore based on an old version is refused");
    let (status, restored) =
        editor.post(&format!("/api/v1/newsroom/articles/{id}/restore"), json!({"revision": 1, "version": 2})).await;
    assert_eq!(status, 200);
    assert_eq!(restored["title"], "Floods recede");
    assert_eq!(restored["body_html"].as_str().unwrap().trim_end(), "<p>First paragraph.</p>\n<p>Second.</p>");
    assert_eq!(restored["version"], 3);
    let (_, revisions) = editor.get(&format!("/api/v1/newsroom/articles/{id}/revisions")).await;
    assert_eq!(revisions[0]["action"], "restore v1");
    assert_eq!(
        editor.post(&format!("/api/v1/newsroom/articles/{id}/restore"), json!({"revision": 99, "version": 3})).await.0,
        404
    );
    assert_eq!(editor.get(&format!("/api/v1/newsroom/articles/{id}/diff?from=1&to=99")).await.0, 404);

    let browser = app.browser();
    assert_eq!(browser.login("history.editor@staff.test", "staff pass phrase").await.status(), 303);
    let page = browser.page(&format!("/newsroom/articles/{id}/diff?from=2&to=3")).await;
    assert!(page.texts(".diff-delete").iter().any(|t| t.contains("A new second.")));
    let editor_page = browser.page(&format!("/newsroom/articles/{id}")).await;
    assert!(
        editor_page.attrs(".nr-revisions a", "href").contains(&format!("/newsroom/articles/{id}/diff?from=1&to=3"))
    );
}

async fn admins_change_site_settings_and_pre_moderation_without_a_restart(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let admin = app.staff("admin", "Site Admin").await;
    let (status, settings) =
        admin.send(Method::PUT, "/api/v1/newsroom/settings", Some(json!({"site_name": "Dhaka Views"}))).await;
    assert_eq!(status, 200, "{settings}");
    assert_eq!(settings["site_name"], "Dhaka Views");
    assert_eq!(settings["site_name_bn"], "ভিউজ বাংলাদেশ");
    assert!(app.page("/en/").await.text("title").contains("Dhaka Views"));
    assert_eq!(admin.send(Method::PUT, "/api/v1/newsroom/settings", Some(json!({"site_name": " "}))).await.0, 422);
    assert_eq!(admin.send(Method::PUT, "/api/v1/newsroom/settings", Some(json!({"accent": "red"}))).await.0, 422);
    assert_eq!(
        admin.send(Method::PUT, "/api/v1/newsroom/settings", Some(json!({"default_edition": "fr"}))).await.0,
        422
    );
    assert_eq!(admin.send(Method::PUT, "/api/v1/newsroom/settings", Some(json!({"logo_media_id": 999}))).await.0, 422);
    // The front door and the accent colour change at once.
    let (status, _) = admin
        .send(Method::PUT, "/api/v1/newsroom/settings", Some(json!({"default_edition": "bn", "accent": "#0B6E4F"})))
        .await;
    assert_eq!(status, 200);
    let root = app.page("/").await;
    assert!(root.html.contains("<html lang=\"bn\">"));
    let theme = root
        .attrs("link[rel=stylesheet]", "href")
        .into_iter()
        .find(|h| h.starts_with("/theme.css"))
        .expect("a theme stylesheet");
    assert_eq!(app.get(&theme).await.text().await.unwrap(), ":root{--red:#0b6e4f}\n");
    assert_eq!(app.get("/theme.css?c=zzzzzz").await.status(), 404);
    let editor = app.staff("editor", "Not Admin").await;
    assert_eq!(
        editor.send(Method::PUT, "/api/v1/newsroom/settings", Some(json!({"premoderation": true}))).await.0,
        403
    );

    // Site-wide pre-moderation holds every new comment.
    let (status, _) = admin.send(Method::PUT, "/api/v1/newsroom/settings", Some(json!({"premoderation": true}))).await;
    assert_eq!(status, 200);
    let reader = app.reader("Polite Reader").await;
    let seed = "/en/news/1/russia-officially-recognises-afghanistans-taliban-govt";
    assert_eq!(
        reader.submit(seed, "/en/news/1/comments", &[("body", "A perfectly polite remark")]).await.status(),
        303
    );
    let status: String = sqlx::query_scalar("SELECT status FROM comments").fetch_one(&app.state.db.pool).await.unwrap();
    assert_eq!(status, "held");

    // Or for one article only.
    admin.send(Method::PUT, "/api/v1/newsroom/settings", Some(json!({"premoderation": false}))).await;
    let (_, article) = admin.get("/api/v1/newsroom/articles/1").await;
    let (status, saved) =
        admin.patch("/api/v1/newsroom/articles/1", json!({"version": article["version"], "premoderate": true})).await;
    assert_eq!(status, 200);
    assert_eq!(saved["premoderate"], true);
    app.clock.advance(31);
    assert_eq!(reader.submit(seed, "/en/news/1/comments", &[("body", "Another polite remark")]).await.status(), 303);
    let held: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM comments WHERE status = 'held'")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    assert_eq!(held, 2);
}

async fn admins_invite_staff_change_roles_and_disable_accounts(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let admin = app.staff("admin", "Chief Admin").await;
    let (status, sent) =
        admin.post("/api/v1/newsroom/invites", json!({"email": "New.Reporter@example.com", "role": "reporter"})).await;
    assert_eq!(status, 201, "{sent}");
    assert_eq!(
        admin.post("/api/v1/newsroom/invites", json!({"email": "x@example.com", "role": "reader"})).await.0,
        422
    );
    assert_eq!(admin.post("/api/v1/newsroom/invites", json!({"email": "nope", "role": "editor"})).await.0, 422);
    // The invitation arrives in the outbox with a single-use link.
    let dir = app.state.config.data_dir.join("outbox");
    let text = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| std::fs::read_to_string(e.path()).unwrap())
        .find(|t| t.contains("/invite?token="))
        .expect("invitation mail");
    let link = text.split_whitespace().find(|w| w.contains("/invite?token=")).unwrap();
    let path = link.strip_prefix(&app.base).unwrap().to_owned();
    let token = path.split("token=").nth(1).unwrap().to_owned();
    let browser = app.browser();
    assert!(browser.page(&path).await.html.contains("new.reporter@example.com"));
    let weak = browser
        .submit(&path, "/invite", &[("token", &token), ("display_name", "Nadia Rahman"), ("password", "12345678")])
        .await;
    assert_eq!(weak.status(), 422);
    let joined = browser
        .submit(
            &path,
            "/invite",
            &[("token", &token), ("display_name", "Nadia Rahman"), ("password", "river kite saffron")],
        )
        .await;
    assert_eq!(joined.status(), 303);
    assert_eq!(joined.headers()["location"], "/newsroom");
    assert_eq!(browser.get("/newsroom").await.status(), 200, "the new reporter is in the newsroom");
    assert_eq!(app.browser().get(&path).await.status(), 400, "the link works once");

    let (_, accounts) = admin.get("/api/v1/newsroom/staff").await;
    let reporter = accounts.as_array().unwrap().iter().find(|a| a["email"] == "new.reporter@example.com").unwrap();
    assert_eq!(reporter["role"], "reporter");
    let id = reporter["id"].as_i64().unwrap();
    let (status, changed) = admin.patch(&format!("/api/v1/newsroom/staff/{id}"), json!({"role": "editor"})).await;
    assert_eq!(status, 200);
    assert_eq!(changed["role"], "editor");
    let (status, _) = admin.patch(&format!("/api/v1/newsroom/staff/{id}"), json!({"disabled": true})).await;
    assert_eq!(status, 200);
    assert_eq!(browser.get("/newsroom").await.status(), 303, "disabling ends the session at once");
    assert_eq!(
        admin.patch(&format!("/api/v1/newsroom/staff/{}", admin.id), json!({"role": "reader"})).await.0,
        422,
        "no self-demotion"
    );
    assert_eq!(admin.patch("/api/v1/newsroom/staff/999999", json!({"role": "editor"})).await.0, 404);
    assert_eq!(admin.patch(&format!("/api/v1/newsroom/staff/{id}"), json!({"role": "king"})).await.0, 422);
}

async fn editors_link_translations_between_editions(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let editor = app.staff("editor", "Bilingual Editor").await;
    let en = editor.draft("Tigers win in Colombo").await;
    let (status, bn) = editor
        .post(
            "/api/v1/newsroom/articles",
            json!({"lang": "bn", "title": "কলম্বোতে টাইগারদের জয়", "body": "ম্যাচের বিবরণ।", "section": "sports", "byline": ["sports-desk"], "translation_id": en}),
        )
        .await;
    assert_eq!(status, 201, "{bn}");
    let bn_id = bn["id"].as_i64().unwrap();
    assert_eq!(bn["translation_id"], en);
    let (_, en_article) = editor.get(&format!("/api/v1/newsroom/articles/{en}")).await;
    assert_eq!(en_article["translation_id"], bn_id, "the link goes both ways");
    for id in [en, bn_id] {
        editor.post(&format!("/api/v1/newsroom/articles/{id}/publish"), json!({})).await;
    }
    let page = app.page(&format!("/en/news/{en}/tigers-win-in-colombo")).await;
    assert!(page.attr("link[rel=alternate][hreflang=bn]", "href").contains(&format!("/bn/news/{bn_id}/")));
    let (status, _) = editor
        .patch(
            &format!("/api/v1/newsroom/articles/{en}"),
            json!({"version": en_article["version"].as_i64().unwrap() + 1, "translation_id": 1}),
        )
        .await;
    assert_eq!(status, 422, "the seed is in the same edition");
    // A reporter cannot relink an article that is not theirs to edit.
    let reporter = app.staff("reporter", "Linking Reporter").await;
    let (status, body) = reporter
        .post("/api/v1/newsroom/articles", json!({"lang": "bn", "title": "আমার খসড়া", "body": "লেখা", "section": "sports", "byline": ["sports-desk"], "translation_id": en}))
        .await;
    assert_eq!(status, 422, "{body}");
    let (_, still) = editor.get(&format!("/api/v1/newsroom/articles/{en}")).await;
    assert_eq!(still["translation_id"], bn_id);
}

async fn a_stale_save_and_a_step_speak_bangla_to_an_editor_who_chose_it(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let first = app.staff("editor", "Bangla Desk").await;
    app.staff("editor", "Bangla Editor").await;
    let id = first.draft("Early headline").await;
    sqlx::query("UPDATE users SET newsroom_lang = 'bn' WHERE email = 'bangla.editor@staff.test'")
        .execute(&app.state.db.pool)
        .await
        .unwrap();
    let browser = app.browser();
    assert_eq!(browser.login("bangla.editor@staff.test", "staff pass phrase").await.status(), 303);
    let path = format!("/newsroom/articles/{id}");
    let fields = [("version", "1"), ("section", "sports"), ("title", "Later"), ("byline", "sports-desk")];
    let (status, _) =
        first.patch(&format!("/api/v1/newsroom/articles/{id}"), json!({"version": 1, "title": "Desk"})).await;
    assert_eq!(status, 200);

    let stale = browser.submit(&path, &path, &fields).await;
    assert_eq!(stale.status(), 409);
    let error = crate::helpers::Page::new(&stale.text().await.unwrap()).text(".form-error");
    assert!(error.contains("ভার্সন ২") && error.contains("Bangla Desk") && !error.contains("Reload"), "{error}");

    let submitted = browser.submit(&path, &format!("{path}/submit"), &[("version", "2")]).await;
    assert_eq!(submitted.status(), 303);
    let location = submitted.headers()["location"].to_str().unwrap().to_owned();
    assert_eq!(browser.page(&location).await.text(".notice"), "সম্পন্ন: পর্যালোচনায় পাঠানো।");
    let list = browser.page("/newsroom").await;
    assert!(list.texts(".nr-table .status").contains(&"পর্যালোচনায়".to_owned()));
    assert!(list.texts(".nr-table td").contains(&"ইংরেজি".to_owned()), "the edition by name");
}

async fn the_seo_title_and_description_are_what_search_and_shared_links_show(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let editor = app.staff("editor", "Seo Editor").await;
    let mut ids = Vec::new();
    for (seo_title, seo_description) in
        [("Budget 2026: what changes for you", "Taxes, prices and pay in five points."), ("", "")]
    {
        let (status, story) = editor
            .post(
                "/api/v1/newsroom/articles",
                json!({"lang": "en", "title": "Parliament passes the budget after a long night", "standfirst": "The standfirst.",
                    "body": "x", "section": "economy", "byline": ["vb-desk"], "seo_title": seo_title, "seo_description": seo_description}),
            )
            .await;
        assert_eq!(status, 201, "{story}");
        let id = story["id"].as_i64().unwrap();
        assert_eq!(editor.post(&format!("/api/v1/newsroom/articles/{id}/publish"), json!({})).await.0, 200);
        let (_, story) = editor.get(&format!("/api/v1/newsroom/articles/{id}")).await;
        ids.push(story["url"].as_str().unwrap().to_owned());
    }
    let path = |url: &str| url[url.find("/en/").unwrap()..].to_owned();
    let page = app.page(&path(&ids[0])).await;
    assert_eq!(page.text("h1"), "Parliament passes the budget after a long night", "the page keeps its headline");
    assert!(page.text("title").starts_with("Budget 2026: what changes for you | "), "{}", page.text("title"));
    assert_eq!(page.attr("meta[name=description]", "content"), "Taxes, prices and pay in five points.");
    assert_eq!(page.attr("meta[property='og:title']", "content"), "Budget 2026: what changes for you");
    assert_eq!(page.attr("meta[property='og:description']", "content"), "Taxes, prices and pay in five points.");
    assert_eq!(page.attr("meta[name='twitter:title']", "content"), "Budget 2026: what changes for you");
    let ld: serde_json::Value = serde_json::from_str(&page.text("script[type='application/ld+json']")).unwrap();
    assert_eq!(ld["headline"], "Budget 2026: what changes for you");
    assert_eq!(ld["description"], "Taxes, prices and pay in five points.");
    // Without them, the headline and standfirst serve.
    let plain = app.page(&path(&ids[1])).await;
    assert_eq!(plain.attr("meta[property='og:title']", "content"), "Parliament passes the budget after a long night");
    assert_eq!(plain.attr("meta[name=description]", "content"), "The standfirst.");
}

async fn a_missing_bangla_topic_is_named_as_it_was_typed(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let editor = app.staff("editor", "Typing Editor").await;
    let (status, body) = editor
        .post(
            "/api/v1/newsroom/articles",
            json!({"lang": "bn", "title": "শিরোনাম", "body": "x", "section": "sports", "byline": ["vb-desk"],
                "topics": ["বায়ু-দূষণ"]}),
        )
        .await;
    assert_eq!(status, 422, "{body}");
    let message = body["error"]["message"].as_str().unwrap();
    assert!(message.contains("“বায়ু-দূষণ”"), "the topic as typed, not as escaped code points: {message}");
    assert!(!message.contains("\\u{"), "{message}");
}
