//! The site's own pages: written and published in the newsroom (API and forms), served at
//! `/{lang}/{slug}`, in their edition's footer in the admins' order, in the sitemap, linked to
//! their translation; slugs that name a route refused.

use newsdesk::editions::Lang;
use serde_json::json;

use crate::helpers::{TestApp, TestDb, url_escape};

crate::on_both_databases!(
    an_editor_publishes_a_page_and_it_joins_its_editions_footer,
    unpublishing_takes_a_page_off_the_site_and_out_of_the_footer_at_once,
    a_change_based_on_an_older_version_is_refused,
    slugs_that_name_a_route_are_taken_or_malformed_are_refused_with_the_reason,
    the_footer_follows_the_order_admins_set,
    the_sitemap_lists_published_pages_only,
    pages_link_to_their_translation,
    revisions_of_a_page_can_be_compared_and_restored,
    the_newsroom_forms_write_preview_and_publish_a_page,
    the_sample_has_an_editors_note_and_an_editorial_policy_in_both_editions,
    the_routes_under_an_edition_still_answer_as_before,
);

/// The footer links (text, href) of a page.
async fn footer(app: &TestApp, path: &str) -> Vec<(String, String)> {
    let page = app.page(path).await;
    page.texts(".footer-pages a").into_iter().zip(page.attrs(".footer-pages a", "href")).collect()
}

/// Creates an English draft through the API; returns its JSON.
async fn draft(editor: &crate::helpers::StaffClient, slug: &str, title: &str) -> serde_json::Value {
    let (status, page) = editor
        .post(
            "/api/v1/newsroom/pages",
            json!({"lang": "en", "title": title, "slug": slug, "body": "We are **here**.\n\nWrite to us."}),
        )
        .await;
    assert_eq!(status, 201, "{page}");
    page
}

async fn an_editor_publishes_a_page_and_it_joins_its_editions_footer(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let editor = app.staff("editor", "Pages Editor").await;
    let page = draft(&editor, "about-us", "About us").await;
    assert_eq!(page["status"], "draft");
    assert_eq!(page["version"], 1);
    let id = page["id"].as_i64().unwrap();
    assert_eq!(app.get("/en/about-us").await.status(), 404, "a draft is not public");
    assert!(!footer(&app, "/en/").await.iter().any(|(t, _)| t == "About us"));

    let (status, published) = editor.post(&format!("/api/v1/newsroom/pages/{id}/publish"), json!({"version": 1})).await;
    assert_eq!(status, 200, "{published}");
    assert_eq!(published["status"], "published");

    let public = app.page("/en/about-us").await;
    assert_eq!(public.text("main h1"), "About us");
    assert_eq!(public.text("main .article-body strong"), "here", "the body is the rendered Markdown");
    assert!(public.texts(".byline").is_empty() && public.texts("#comments").is_empty(), "no byline, no comments");
    let link = ("About us".to_owned(), "/en/about-us".to_owned());
    assert!(footer(&app, "/en/").await.contains(&link), "in the footer of the home page");
    let article = app.sample_path("seed").await;
    assert!(footer(&app, &article).await.contains(&link), "in the footer of an article");
    assert!(!footer(&app, "/bn/").await.iter().any(|(_, href)| href == "/en/about-us"), "not in the other edition");

    let api = app.json("/api/v1/pages/en/about-us").await;
    assert_eq!(api["title"], "About us");
    assert!(api["body_html"].as_str().unwrap().contains("<strong>here</strong>"));
    assert_eq!(app.get("/api/v1/pages/bn/about-us").await.status(), 404);

    // Not a story: no list, feed or search shows it.
    let feed = app.get("/en/feed.xml").await.text().await.unwrap();
    assert!(!feed.contains("About us"));
    let search = app.page("/en/search?q=about").await;
    assert!(!search.texts("main a").iter().any(|t| t == "About us"));
}

async fn unpublishing_takes_a_page_off_the_site_and_out_of_the_footer_at_once(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let editor = app.staff("editor", "Pages Editor").await;
    let id = draft(&editor, "contact", "Contact").await["id"].as_i64().unwrap();
    editor.post(&format!("/api/v1/newsroom/pages/{id}/publish"), json!({})).await;
    // Kept by the page cache: the second read is served from memory.
    assert_eq!(app.get("/en/contact").await.status(), 200);
    assert_eq!(app.get("/en/contact").await.status(), 200);
    assert!(footer(&app, "/en/").await.iter().any(|(t, _)| t == "Contact"));

    let (status, page) = editor.post(&format!("/api/v1/newsroom/pages/{id}/unpublish"), json!({"version": 2})).await;
    assert_eq!(status, 200, "{page}");
    assert_eq!(page["status"], "draft");
    let gone = app.get("/en/contact").await;
    assert_eq!(gone.status(), 404);
    assert!(gone.headers()["content-type"].to_str().unwrap().starts_with("text/html"), "an HTML error page");
    assert!(!footer(&app, "/en/").await.iter().any(|(t, _)| t == "Contact"));
    assert_eq!(app.get("/api/v1/pages/en/contact").await.status(), 404);
}

async fn a_change_based_on_an_older_version_is_refused(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let editor = app.staff("editor", "First Editor").await;
    let other = app.staff("admin", "Second Editor").await;
    let id = draft(&editor, "privacy", "Privacy").await["id"].as_i64().unwrap();
    let path = format!("/api/v1/newsroom/pages/{id}");
    let (status, saved) = other.patch(&path, json!({"version": 1, "title": "Privacy policy"})).await;
    assert_eq!(status, 200, "{saved}");
    assert_eq!(saved["version"], 2);
    let (status, refused) = editor.patch(&path, json!({"version": 1, "body": "Overwrite"})).await;
    assert_eq!(status, 409, "{refused}");
    assert!(refused["error"]["message"].as_str().unwrap().contains("Second Editor"), "{refused}");
    let (_, now) = editor.get(&path).await;
    assert_eq!(now["title"], "Privacy policy");
    assert_ne!(now["body"], "Overwrite", "nothing of the stale save was stored");
    let (status, _) = editor.post(&format!("{path}/publish"), json!({"version": 1})).await;
    assert_eq!(status, 409, "a stale publish is refused too");
    let (status, _) = editor.patch(&path, json!({"title": "No version"})).await;
    assert_eq!(status, 422);
    let (status, body) = editor.get("/api/v1/newsroom/pages/999999").await;
    assert_eq!((status, body["error"]["code"].as_str()), (404, Some("not_found")));
}

async fn slugs_that_name_a_route_are_taken_or_malformed_are_refused_with_the_reason(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let editor = app.staff("editor", "Slug Editor").await;
    let before = editor.get("/api/v1/newsroom/pages").await.1.as_array().unwrap().len();
    for (slug, says) in [
        ("search", "choose another"),
        ("trending-views", "choose another"),
        ("news", "choose another"),
        ("polls", "choose another"),
        ("editor-note", "already the address"),
        ("About Us", "not ' '"),
        ("", "1 to 80"),
        ("a/b", "'/'"),
    ] {
        let (status, body) =
            editor.post("/api/v1/newsroom/pages", json!({"lang": "en", "title": "T", "slug": slug, "body": "x"})).await;
        assert_eq!(status, 422, "{slug}: {body}");
        let message = body["error"]["message"].as_str().unwrap();
        assert!(message.contains(says) && message.contains("slug"), "{slug}: {message}");
    }
    // The same slug in the other edition is another address.
    let (status, body) = editor
        .post("/api/v1/newsroom/pages", json!({"lang": "bn", "title": "T", "slug": "editor-note", "body": "x"}))
        .await;
    assert_eq!(status, 201, "{body}");
    let (status, body) = editor.post("/api/v1/newsroom/pages", json!({"title": "T", "slug": "x1", "body": "x"})).await;
    assert_eq!(status, 422);
    assert!(body["error"]["message"].as_str().unwrap().contains("lang"));
    // Renaming onto a taken slug is refused as well.
    let id = draft(&editor, "advertise", "Advertise").await["id"].as_i64().unwrap();
    let (status, body) =
        editor.patch(&format!("/api/v1/newsroom/pages/{id}"), json!({"version": 1, "slug": "editorial-policy"})).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(editor.get("/api/v1/newsroom/pages").await.1.as_array().unwrap().len(), before + 2);
}

async fn the_footer_follows_the_order_admins_set(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let admin = app.staff("admin", "Order Admin").await;
    let editor = app.staff("editor", "Order Editor").await;
    let titles = |links: Vec<(String, String)>| links.into_iter().map(|(t, _)| t).collect::<Vec<_>>();
    assert_eq!(titles(footer(&app, "/en/").await), ["Editor's note", "Editorial policy"]);
    let (_, pages) = admin.get("/api/v1/newsroom/pages").await;
    let id_of =
        |slug: &str| pages.as_array().unwrap().iter().find(|p| p["slug"] == slug).unwrap()["id"].as_i64().unwrap();
    let (note, policy) = (id_of("editor-note"), id_of("editorial-policy"));

    let (status, _) = editor
        .send(reqwest::Method::PUT, "/api/v1/newsroom/pages/order", Some(json!({"lang": "en", "pages": [policy]})))
        .await;
    assert_eq!(status, 403, "editors write pages; the footer order is the admins'");
    assert_eq!(titles(footer(&app, "/en/").await), ["Editor's note", "Editorial policy"]);

    let (status, body) = admin
        .send(reqwest::Method::PUT, "/api/v1/newsroom/pages/order", Some(json!({"lang": "en", "pages": [policy]})))
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(titles(footer(&app, "/en/").await), ["Editorial policy", "Editor's note"]);
    let bn = footer(&app, "/bn/").await;
    assert_eq!(bn.len(), 2, "the other edition keeps its own order");

    let (status, _) = admin
        .send(reqwest::Method::PUT, "/api/v1/newsroom/pages/order", Some(json!({"lang": "bn", "pages": [note]})))
        .await;
    assert_eq!(status, 422, "a page of the other edition is refused");

    // The numbered form of the newsroom, without JavaScript.
    let browser = app.browser();
    assert_eq!(browser.login("order.admin@staff.test", "staff pass phrase").await.status(), 303);
    let list = browser.page("/newsroom/pages").await;
    assert_eq!(list.attrs(&format!("#position-{note}"), "value"), ["2"]);
    let note_field = format!("position-{note}");
    let policy_field = format!("position-{policy}");
    let saved = browser
        .submit("/newsroom/pages", "/newsroom/pages/order", &[("lang", "en"), (&note_field, "1"), (&policy_field, "5")])
        .await;
    assert_eq!(saved.status(), 303);
    assert_eq!(titles(footer(&app, "/en/").await), ["Editor's note", "Editorial policy"]);
    let refused =
        browser.submit("/newsroom/pages", "/newsroom/pages/order", &[("lang", "en"), (&note_field, "first")]).await;
    assert_eq!(refused.status(), 422);
    assert!(refused.text().await.unwrap().contains("whole number"));
}

async fn the_sitemap_lists_published_pages_only(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let editor = app.staff("editor", "Map Editor").await;
    draft(&editor, "unfinished-draft", "Unfinished").await;
    let index = app.get("/sitemap.xml").await.text().await.unwrap();
    assert!(index.contains("/sitemaps/pages.xml"));
    let map = app.get("/sitemaps/pages.xml").await.text().await.unwrap();
    assert!(map.contains("/en/editor-note<"), "{map}");
    assert!(map.contains("/en/editorial-policy<"));
    let bangla = url_escape("সম্পাদকের-কথা");
    assert!(map.contains(&format!("/bn/{bangla}")), "the Bangla page, encoded");
    assert!(map.contains("hreflang=\"bn\""));
    assert!(!map.contains("unfinished-draft"), "drafts are not listed");
}

async fn pages_link_to_their_translation(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let editor = app.staff("editor", "Link Editor").await;
    let page = app.page("/en/editor-note").await;
    let bangla = format!("/bn/{}", url_escape("সম্পাদকের-কথা"));
    assert_eq!(page.attrs(".translation a", "href"), std::slice::from_ref(&bangla));
    assert_eq!(page.attrs(".translation a", "hreflang"), ["bn"]);
    assert!(page.attrs("link[rel=alternate][hreflang=bn]", "href")[0].ends_with(&bangla));
    let back = app.page(&bangla).await;
    assert_eq!(back.attrs(".translation a", "href"), ["/en/editor-note"]);
    assert_eq!(back.text("main h1"), "সম্পাদকের কথা");

    // Linking through the API, both ways; only a published translation is shown.
    let en = draft(&editor, "advertise", "Advertise").await["id"].as_i64().unwrap();
    let (status, bn) = editor
        .post(
            "/api/v1/newsroom/pages",
            json!({"lang": "bn", "title": "বিজ্ঞাপন", "slug": "বিজ্ঞাপন", "body": "যোগাযোগ করুন।", "translation_id": en}),
        )
        .await;
    assert_eq!(status, 201, "{bn}");
    let bn_id = bn["id"].as_i64().unwrap();
    assert_eq!(editor.get(&format!("/api/v1/newsroom/pages/{en}")).await.1["translation_id"], bn_id);
    editor.post(&format!("/api/v1/newsroom/pages/{en}/publish"), json!({})).await;
    assert!(app.page("/en/advertise").await.texts(".translation").is_empty(), "the draft translation is not linked");
    editor.post(&format!("/api/v1/newsroom/pages/{bn_id}/publish"), json!({})).await;
    let linked = app.page("/en/advertise").await;
    assert_eq!(linked.attrs(".translation a", "href"), [format!("/bn/{}", url_escape("বিজ্ঞাপন"))]);
    assert_eq!(app.json("/api/v1/pages/en/advertise").await["translation"]["lang"], "bn");
    let (status, _) =
        editor.patch(&format!("/api/v1/newsroom/pages/{en}"), json!({"version": 2, "translation_id": en})).await;
    assert_eq!(status, 422, "a translation is in the other edition");
}

async fn revisions_of_a_page_can_be_compared_and_restored(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let editor = app.staff("editor", "History Editor").await;
    let id = draft(&editor, "about-us", "About us").await["id"].as_i64().unwrap();
    let path = format!("/api/v1/newsroom/pages/{id}");
    editor.patch(&path, json!({"version": 1, "body": "We moved to Karwan Bazar."})).await;
    let (_, revisions) = editor.get(&format!("{path}/revisions")).await;
    let versions: Vec<i64> = revisions.as_array().unwrap().iter().map(|r| r["version"].as_i64().unwrap()).collect();
    assert_eq!(versions, [2, 1]);
    assert_eq!(revisions[0]["by"], "History Editor");
    assert_eq!(revisions[0]["action"], "edit");
    let (status, diff) = editor.get(&format!("{path}/diff?from=1&to=2")).await;
    assert_eq!(status, 200);
    assert!(
        diff["body"]
            .as_array()
            .unwrap()
            .iter()
            .any(|l| l["tag"] == "insert" && l["text"] == "We moved to Karwan Bazar.")
    );
    let (status, restored) = editor.post(&format!("{path}/restore"), json!({"revision": 1, "version": 2})).await;
    assert_eq!(status, 200, "{restored}");
    assert_eq!(restored["version"], 3);
    assert!(restored["body"].as_str().unwrap().starts_with("We are **here**."));
    let (status, _) = editor.post(&format!("{path}/restore"), json!({"revision": 1, "version": 2})).await;
    assert_eq!(status, 409, "a restore based on an older version is refused");
    let (status, _) = editor.get(&format!("{path}/diff?from=1&to=9")).await;
    assert_eq!(status, 404);

    let browser = app.browser();
    assert_eq!(browser.login("history.editor@staff.test", "staff pass phrase").await.status(), 303);
    let diff = browser.page(&format!("/newsroom/pages/{id}/diff?from=2&to=3")).await;
    assert_eq!(diff.attrs("main a", "href")[0], format!("/newsroom/pages/{id}"));
    assert!(diff.texts(".diff-delete").iter().any(|t| t.contains("Karwan Bazar")));
}

async fn the_newsroom_forms_write_preview_and_publish_a_page(db: TestDb) {
    let app = TestApp::spawn(db).await;
    app.staff("editor", "Form Editor").await;
    let browser = app.browser();
    assert_eq!(browser.login("form.editor@staff.test", "staff pass phrase").await.status(), 303);
    assert!(browser.page("/newsroom").await.attrs(".nr-header nav a", "href").contains(&"/newsroom/pages".to_owned()));

    let refused = browser
        .submit(
            "/newsroom/pages/new",
            "/newsroom/pages",
            &[("lang", "en"), ("title", "Search help"), ("slug", "search"), ("body", "How to search.")],
        )
        .await;
    assert_eq!(refused.status(), 422);
    let page = crate::helpers::Page::new(&refused.text().await.unwrap());
    assert!(page.text(".form-error").contains("choose another"), "the form is shown again with the reason");
    assert_eq!(page.attr("#title", "value"), "Search help", "what was typed is kept");

    let preview = browser
        .submit(
            "/newsroom/pages/new",
            "/newsroom/pages",
            &[("lang", "en"), ("title", "Ethics"), ("slug", "ethics"), ("body", "Be *fair*."), ("preview", "1")],
        )
        .await;
    assert_eq!(preview.status(), 200);
    assert_eq!(crate::helpers::Page::new(&preview.text().await.unwrap()).text("#preview em"), "fair");
    assert_eq!(app.get("/en/ethics").await.status(), 404, "a preview saves nothing");

    let created = browser
        .submit(
            "/newsroom/pages/new",
            "/newsroom/pages",
            &[("lang", "en"), ("title", "Ethics"), ("slug", "ethics"), ("body", "Be *fair*.")],
        )
        .await;
    assert_eq!(created.status(), 303);
    let location = created.headers()["location"].to_str().unwrap().to_owned();
    let editor_path = location.split('?').next().unwrap().to_owned();
    let id = editor_path.rsplit('/').next().unwrap().to_owned();
    assert_eq!(browser.page(&location).await.text(".notice"), "Draft created.");

    let saved = browser
        .submit(
            &editor_path,
            &editor_path,
            &[("version", "1"), ("title", "Ethics code"), ("slug", "ethics"), ("body", "Be fair.")],
        )
        .await;
    assert_eq!(saved.status(), 303);
    let stale = browser
        .submit(
            &editor_path,
            &editor_path,
            &[("version", "1"), ("title", "Stale"), ("slug", "ethics"), ("body", "Old.")],
        )
        .await;
    assert_eq!(stale.status(), 409);
    assert!(stale.text().await.unwrap().contains("changed since you opened it"));

    let published = browser.submit(&editor_path, &format!("/newsroom/pages/{id}/publish"), &[("version", "2")]).await;
    assert_eq!(published.status(), 303);
    assert_eq!(app.page("/en/ethics").await.text("main h1"), "Ethics code");
    assert!(footer(&app, "/en/").await.contains(&("Ethics code".to_owned(), "/en/ethics".to_owned())));
    let list = browser.page("/newsroom/pages").await;
    assert!(list.texts("td a").contains(&"Ethics code".to_owned()));
    assert!(list.attrs("input[name^=position-]", "name").is_empty(), "only admins get the order form");

    let removed = browser.submit(&editor_path, &format!("/newsroom/pages/{id}/delete"), &[]).await;
    assert_eq!(removed.status(), 303);
    assert_eq!(app.get("/en/ethics").await.status(), 404);
    assert_eq!(browser.get(&editor_path).await.status(), 404);
}

async fn the_sample_has_an_editors_note_and_an_editorial_policy_in_both_editions(db: TestDb) {
    let app = TestApp::spawn(db).await;
    for (lang, slug, title) in [
        (Lang::En, "editor-note", "Editor's note"),
        (Lang::En, "editorial-policy", "Editorial policy"),
        (Lang::Bn, "সম্পাদকের-কথা", "সম্পাদকের কথা"),
        (Lang::Bn, "সম্পাদকীয়-নীতি", "সম্পাদকীয় নীতি"),
    ] {
        let slug = newsdesk::sitepages::model::PageSlug::parse(slug).unwrap();
        let path = newsdesk::sitepages::model::page_path(lang, slug.as_str());
        let page = app.page(&path).await;
        assert_eq!(page.text("main h1"), title, "{path}");
        assert_eq!(page.texts(".translation a").len(), 1, "{path} links its translation");
        let home = format!("/{}/", lang.code());
        assert!(footer(&app, &home).await.contains(&(title.to_owned(), path.clone())), "{path} in the footer");
    }
    let policy = app.page("/en/editorial-policy").await;
    assert!(policy.texts("main h2").contains(&"Corrections".to_owned()));
    assert!(policy.texts("main h2").contains(&"Comments".to_owned()));
}

async fn the_routes_under_an_edition_still_answer_as_before(db: TestDb) {
    let app = TestApp::spawn(db).await;
    assert_eq!(app.page("/en/search?q=taliban").await.texts("main h1").len(), 1);
    app.page("/en/trending-views").await;
    app.page("/bn/trending-views").await;
    let feed = app.get("/en/feed.xml").await;
    assert_eq!(feed.status(), 200);
    assert!(feed.headers()["content-type"].to_str().unwrap().contains("xml"));
    let seed = app.sample_path("seed").await;
    app.page(&seed).await;
    let missing = app.get("/en/no-such-page").await;
    assert_eq!(missing.status(), 404);
    assert!(missing.text().await.unwrap().contains("There is no page at this address."));
    assert_eq!(app.get("/xx/editor-note").await.status(), 404, "an unknown edition");
    assert_eq!(app.get("/bn/editor-note").await.status(), 404, "a page lives in its own edition");

    // Every first segment the routes use under an edition is a slug no page may take.
    let routes = newsdesk::router::routes();
    for route in routes.declared() {
        let Some(rest) = route.path.strip_prefix("/{lang}/") else { continue };
        let first = rest.split('/').next().unwrap_or_default();
        if first.is_empty() || first.starts_with('{') {
            continue;
        }
        assert!(
            newsdesk::sitepages::model::RESERVED.contains(&first),
            "{first:?} (from {}) is missing from sitepages::model::RESERVED",
            route.path
        );
    }
}
