//! The newsroom as a place to work: no dead ends for any role, the staff and readers pages,
//! the article list's columns and filters, slugs that follow a draft's headline, the
//! "Newsroom" link for staff on public pages, and Bangla digits on the Bangla edition.

use newsdesk::clock::Clock;
use serde_json::json;

use crate::helpers::{Browser, StaffClient, TestApp, TestDb};

crate::on_both_databases!(
    every_role_meets_a_way_on_instead_of_a_dead_end,
    a_drafts_slug_follows_its_headline_until_it_is_first_published,
    the_article_list_shows_and_filters_by_byline_section_edition_status_and_last_change,
    staff_find_a_newsroom_link_on_public_pages_that_stay_the_same_for_everyone,
    the_staff_page_lists_staff_and_invitations_that_can_be_sent_again_or_revoked,
    admins_add_a_colleague_directly_with_a_one_time_set_password_link,
    moderators_search_page_through_ban_and_unban_readers,
    an_invitation_in_bangla_is_mailed_in_bangla_and_opens_a_bangla_newsroom,
    the_bangla_editions_pages_show_no_latin_digit,
);

/// A staff member with an API token and a logged-in browser.
async fn colleague(app: &TestApp, role: &str, name: &str) -> (StaffClient, Browser) {
    let client = app.staff(role, name).await;
    let browser = app.browser();
    let email = format!("{}@staff.test", name.to_lowercase().replace(' ', "."));
    assert_eq!(browser.login(&email, "staff pass phrase").await.status(), 303, "{name} logs in");
    (client, browser)
}

async fn every_role_meets_a_way_on_instead_of_a_dead_end(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let (_, moderator) = colleague(&app, "moderator", "Door Moderator").await;
    let opened = moderator.get("/newsroom").await;
    assert_eq!(opened.status(), 303, "a moderator opening the newsroom goes on to the comment queue");
    assert_eq!(opened.headers()["location"], "/newsroom/comments");
    assert_eq!(moderator.get("/newsroom/comments").await.status(), 200);

    let (editor_api, editor) = colleague(&app, "editor", "Door Editor").await;
    let refused = editor.get("/newsroom/staff").await;
    assert_eq!(refused.status(), 403);
    let page = refused.text().await.unwrap();
    assert!(!page.to_lowercase().contains("ask an editor"), "an editor is never told to ask an editor: {page}");
    assert!(page.contains("As an editor you"), "the refusal says what an editor can do: {page}");
    let (status, body) = editor_api.get("/api/v1/newsroom/comments?queue=held").await;
    assert_eq!(status, 403);
    let message = body["error"]["message"].as_str().unwrap();
    assert!(message.contains("moderating readers' comments") && message.contains("/newsroom"), "{message}");

    let (reporter_api, _) = colleague(&app, "reporter", "Door Reporter").await;
    let id = reporter_api.draft("A story for the door").await;
    let (status, body) = reporter_api.post(&format!("/api/v1/newsroom/articles/{id}/publish"), json!({})).await;
    assert_eq!(status, 403);
    let message = body["error"]["message"].as_str().unwrap();
    assert!(message.contains("submit stories for review"), "a reporter is told what they can do: {message}");

    let (moderator_api, _) = colleague(&app, "moderator", "Api Moderator").await;
    let (status, body) = moderator_api.get("/api/v1/newsroom/articles").await;
    assert_eq!(status, 403);
    assert!(body["error"]["message"].as_str().unwrap().contains("/newsroom/comments"), "{body}");

    let reader = app.reader("Door Reader").await;
    let refused = reader.get("/newsroom").await;
    assert_eq!(refused.status(), 403);
    let page = refused.text().await.unwrap();
    assert!(page.contains("reader") && page.contains("an admin can"), "{page}");
}

async fn a_drafts_slug_follows_its_headline_until_it_is_first_published(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let (editor, browser) = colleague(&app, "editor", "Slug Editor").await;
    let id = editor.draft("First headline of the day").await;
    let edit = |body: serde_json::Value| {
        let editor = &editor;
        async move {
            let (_, now) = editor.get(&format!("/api/v1/newsroom/articles/{id}")).await;
            let mut body = body;
            body["version"] = now["version"].clone();
            let (status, after) = editor.patch(&format!("/api/v1/newsroom/articles/{id}"), body).await;
            assert_eq!(status, 200, "{after}");
            after["slug"].as_str().unwrap().to_owned()
        }
    };
    assert_eq!(edit(json!({"title": "Second headline"})).await, "second-headline");
    // A client that sends the whole article back, slug unchanged, has not chosen it.
    assert_eq!(edit(json!({"title": "Third take", "slug": "second-headline"})).await, "third-take");
    assert_eq!(edit(json!({"slug": "Our Own Choice"})).await, "our-own-choice", "a slug chosen by hand");
    assert_eq!(edit(json!({"title": "Fourth headline"})).await, "our-own-choice", "a chosen slug stays");
    assert_eq!(edit(json!({"slug": ""})).await, "fourth-headline", "an empty slug is the headline's again");
    assert_eq!(edit(json!({"title": "Fifth headline"})).await, "fifth-headline");

    // The editor's form sends the slug field as the page showed it.
    let page = format!("/newsroom/articles/{id}");
    let shown = browser.page(&page).await;
    let version = shown.attrs("input[name=version]", "value").remove(0);
    let slug = shown.attr("input[name=slug]", "value");
    assert_eq!(slug, "fifth-headline");
    let fields = [
        ("version", version.as_str()),
        ("section", "sports"),
        ("title", "Sixth headline from the form"),
        ("body", "Text."),
        ("byline", "sports-desk"),
        ("slug", slug.as_str()),
    ];
    assert_eq!(browser.submit(&page, &page, &fields).await.status(), 303);
    let (_, saved) = editor.get(&format!("/api/v1/newsroom/articles/{id}")).await;
    assert_eq!(saved["slug"], "sixth-headline-from-the-form", "the form's unchanged slug follows the headline");

    let (status, _) = editor.post(&format!("/api/v1/newsroom/articles/{id}/publish"), json!({})).await;
    assert_eq!(status, 200);
    assert_eq!(edit(json!({"title": "A seventh headline after publication"})).await, "sixth-headline-from-the-form");
    let (status, _) = editor.post(&format!("/api/v1/newsroom/articles/{id}/unpublish"), json!({})).await;
    assert!(status == 200, "unpublished");
    assert_eq!(
        edit(json!({"title": "An eighth headline"})).await,
        "sixth-headline-from-the-form",
        "once published, the address stays even when taken down"
    );
    assert_eq!(app.get(&format!("/en/news/{id}/sixth-headline-from-the-form")).await.status(), 404);
}

async fn the_article_list_shows_and_filters_by_byline_section_edition_status_and_last_change(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let (reporter, reporter_browser) = colleague(&app, "reporter", "List Reporter").await;
    let (editor, browser) = colleague(&app, "editor", "List Editor").await;
    let own = reporter.draft("Reporter's own draft on the list").await;
    let (status, bn) = editor
        .post(
            "/api/v1/newsroom/articles",
            json!({"lang": "bn", "title": "তালিকার বাংলা খসড়া", "body": "লেখা।", "section": "economy",
                "byline": ["business-desk", "farhana-akter"]}),
        )
        .await;
    assert_eq!(status, 201, "{bn}");
    let bn = bn["id"].as_i64().unwrap();
    let published = editor.draft("An editor's story published from the list").await;
    assert_eq!(editor.post(&format!("/api/v1/newsroom/articles/{published}/publish"), json!({})).await.0, 200);

    let ids = |list: &serde_json::Value| -> Vec<i64> {
        list.as_array().unwrap().iter().map(|a| a["id"].as_i64().unwrap()).collect()
    };
    let (status, by_desk) = editor.get("/api/v1/newsroom/articles?byline=business-desk&lang=bn&section=economy").await;
    assert_eq!(status, 200);
    assert!(ids(&by_desk).contains(&bn) && !ids(&by_desk).contains(&own) && !ids(&by_desk).contains(&published));
    let item = by_desk.as_array().unwrap().iter().find(|a| a["id"] == bn).unwrap();
    assert_eq!(
        item["byline"],
        json!([{"slug": "business-desk", "name": "Business Desk"}, {"slug": "farhana-akter", "name": "Farhana Akter"}])
    );
    assert_eq!(item["changed_by"], "List Editor");
    assert_eq!(item["last_change"], "create");
    assert_eq!(item["section"], "economy");
    assert_eq!(item["lang"], "bn");
    let (_, live) = editor.get("/api/v1/newsroom/articles?status=published&section=sports&lang=en").await;
    let item = live.as_array().unwrap().iter().find(|a| a["id"] == published).expect("the published story");
    assert_eq!(item["last_change"], "publish");
    assert!(item["published_at"].is_string());
    assert!(!ids(&live).contains(&own), "drafts are not in the published list");
    let (_, theirs) = reporter.get("/api/v1/newsroom/articles").await;
    assert_eq!(ids(&theirs), vec![own], "a reporter's list holds their own stories only");
    let (_, filtered) = reporter.get("/api/v1/newsroom/articles?byline=business-desk").await;
    assert!(ids(&filtered).is_empty(), "filters never widen a reporter's list");

    let page = browser.page("/newsroom?byline=business-desk&lang=bn&section=economy&status=").await;
    assert_eq!(page.texts(".nr-table tbody td:first-child a")[0], "তালিকার বাংলা খসড়া", "newest change first");
    assert_eq!(page.texts(".nr-table td.byline")[0], "Business Desk, Farhana Akter");
    assert!(page.texts(".nr-table td.byline").iter().all(|b| b.contains("Business Desk")));
    assert!(page.texts(".nr-table td.changed")[0].contains("List Editor · create"));
    assert_eq!(page.attr("#f-byline option[selected]", "value"), "business-desk");
    assert_eq!(page.attr("#f-section option[selected]", "value"), "economy");
    assert!(page.attrs(".nr-tabs a", "href").iter().all(|h| h.contains("byline=business-desk")), "tabs keep filters");
    let page = browser.page("/newsroom?status=published&section=sports").await;
    assert!(
        page.texts(".nr-table tbody td:first-child a")
            .contains(&"An editor's story published from the list".to_owned())
    );
    assert!(!page.html.contains("Reporter&#39;s own draft") && !page.html.contains("Reporter's own draft"));
    let page = reporter_browser.page("/newsroom?byline=business-desk").await;
    assert!(page.texts(".nr-table tbody td:first-child a").is_empty());
    assert!(page.attrs("#f-mine", "name").is_empty(), "reporters have no 'mine only' box: their list is theirs");
    let page = reporter_browser.page("/newsroom").await;
    assert_eq!(page.texts(".nr-table tbody td:first-child a"), ["Reporter's own draft on the list"]);
}

async fn staff_find_a_newsroom_link_on_public_pages_that_stay_the_same_for_everyone(db: TestDb) {
    use base64::Engine;
    use sha2::Digest;
    let app = TestApp::spawn(db).await;
    let article = app.sample_path("seed").await;
    let anonymous = app.get(&article).await;
    let csp = anonymous.headers()["content-security-policy"].to_str().unwrap().to_owned();
    let anonymous_html = anonymous.text().await.unwrap();
    let page = crate::helpers::Page::new(&anonymous_html);
    assert_eq!(page.attrs("#nr-link[hidden]", "href"), ["/newsroom"], "hidden from readers");
    // The one inline script is allowed by its hash, so the CSP blocks any other.
    let script = anonymous_html.split("<script>").nth(1).unwrap().split("</script>").next().unwrap();
    let hash = base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(script.as_bytes()));
    assert!(csp.contains(&format!("script-src 'self' 'sha256-{hash}'")), "{csp}");
    assert!(script.contains("nd_staff=1") && script.contains("nr-link"), "{script}");
    let start = anonymous_html.find("<a class=\"newsroom-link\"").unwrap();
    let end = anonymous_html[start..].find("</script>").unwrap() + start;
    assert!(end - start < 200, "the hint costs every reader only {} bytes", end - start);

    let (_, browser) = colleague(&app, "editor", "Header Editor").await;
    let login = browser
        .client
        .post(browser.url("/login"))
        .form(&[
            ("email", "header.editor@staff.test"),
            ("password", "staff pass phrase"),
            ("csrf", &browser.page("/login").await.attr("input[name=csrf]", "value")),
        ])
        .send()
        .await
        .unwrap();
    let hint = crate::helpers::set_cookie(&login, "nd_staff").expect("staff get the hint at login");
    assert!(hint.starts_with("nd_staff=1;") && !hint.contains("HttpOnly"), "the page's script reads it: {hint}");
    let home = app.get("/en/").await.headers()["etag"].to_str().unwrap().to_owned();
    let cached = browser.get("/en/").await;
    assert_eq!(cached.headers()["etag"].to_str().unwrap(), home, "the page does not vary per reader");
    let staff_html = browser.get(&article).await.text().await.unwrap();
    assert!(staff_html.contains(&anonymous_html[start..end]), "the same header for staff: the script shows the link");
    let account = browser.page("/account").await;
    assert_eq!(account.attrs("#nr-link", "href"), ["/newsroom"]);
    assert!(account.attrs("#nr-link[hidden]", "href").is_empty(), "shown without a script on the staff's own page");
    assert!(!account.html.contains("<script>"));
    let bn = app.page("/bn/").await;
    assert_eq!(bn.text("#nr-link"), "নিউজরুম");

    let csrf = account.attrs("input[name=csrf]", "value").remove(0);
    let out = browser.client.post(browser.url("/logout")).form(&[("csrf", csrf.as_str())]).send().await.unwrap();
    assert!(crate::helpers::set_cookie(&out, "nd_staff").unwrap().contains("Max-Age=0"), "logging out ends the hint");

    let reader = app.browser();
    reader.register("header.reader@readers.test", "Header Reader", "lantern ferry monsoon").await;
    let login = reader
        .client
        .post(reader.url("/login"))
        .form(&[
            ("email", "header.reader@readers.test"),
            ("password", "lantern ferry monsoon"),
            ("csrf", &reader.page("/login").await.attr("input[name=csrf]", "value")),
        ])
        .send()
        .await
        .unwrap();
    assert!(crate::helpers::set_cookie(&login, "nd_staff").unwrap().contains("Max-Age=0"), "readers get no hint");
    let account = reader.page("/account").await;
    assert_eq!(account.attrs("#nr-link[hidden]", "href"), ["/newsroom"], "a reader's own page hides the link");
}

/// The invitation links in the outbox, oldest first.
fn invitation_links(app: &TestApp) -> Vec<String> {
    let dir = app.state.config.data_dir.join("outbox");
    let mut mails: Vec<(std::time::SystemTime, String)> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| (e.metadata().unwrap().modified().unwrap(), std::fs::read_to_string(e.path()).unwrap()))
        .collect();
    mails.sort();
    mails
        .iter()
        .flat_map(|(_, text)| text.split_whitespace().filter(|w| w.contains("/invite?token=")).map(String::from))
        .map(|link| link.strip_prefix(&app.base).unwrap().to_owned())
        .collect()
}

/// The mails in the outbox sent to `to`, oldest first.
fn mails_to(app: &TestApp, to: &str) -> Vec<String> {
    let dir = app.state.config.data_dir.join("outbox");
    let mut mails: Vec<(std::time::SystemTime, String)> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| (e.metadata().unwrap().modified().unwrap(), std::fs::read_to_string(e.path()).unwrap()))
        .filter(|(_, text)| text.contains(&format!("To: {to}")))
        .collect();
    mails.sort();
    mails.into_iter().map(|(_, text)| text).collect()
}

async fn an_invitation_in_bangla_is_mailed_in_bangla_and_opens_a_bangla_newsroom(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let (admin, browser) = colleague(&app, "admin", "Invite Admin").await;
    // The form offers both languages, the site's main edition first chosen.
    let page = browser.page("/newsroom/staff").await;
    assert_eq!(page.attrs("#invite-lang option", "value"), ["en", "bn"]);
    assert_eq!(page.attr("#invite-lang option[selected]", "value"), app.state.default_edition().code());

    let fields = [("email", "notun@example.com"), ("role", "reporter"), ("lang", "bn")];
    assert_eq!(browser.submit("/newsroom/staff", "/newsroom/invites", &fields).await.status(), 303);
    let mail = mails_to(&app, "notun@example.com").pop().expect("an invitation mail");
    assert!(mail.contains("আমন্ত্রণ জানিয়েছেন"), "{mail}");
    assert!(mail.contains("প্রতিবেদক হিসেবে"), "the role as a word: {mail}");
    assert!(!mail.contains("invites you"), "{mail}");
    // Without a language the invitation speaks the main edition; an unknown one is refused.
    let (status, _) =
        admin.post("/api/v1/newsroom/invites", json!({"email": "plain@example.com", "role": "editor"})).await;
    assert_eq!(status, 201);
    let plain = mails_to(&app, "plain@example.com").pop().unwrap();
    assert_eq!(plain.contains("invites you"), app.state.default_edition().code() == "en", "{plain}");
    let (status, _) =
        admin.post("/api/v1/newsroom/invites", json!({"email": "x@example.com", "role": "editor", "lang": "fr"})).await;
    assert_eq!(status, 422);

    // Accepted, the new account's newsroom speaks Bangla, refusals included.
    let link = mail.split_whitespace().find(|w| w.contains("/invite?token=")).unwrap();
    let path = link.strip_prefix(&app.base).unwrap().to_owned();
    let token = path.split("token=").nth(1).unwrap().to_owned();
    let newcomer = app.browser();
    let welcome = newcomer.page(&path).await;
    assert_eq!(welcome.text("h1"), "নিউজরুমে যোগ দিন");
    assert!(welcome.text(".form-page p").contains("প্রতিবেদক"), "{}", welcome.html);
    let fields = [("token", token.as_str()), ("display_name", "Notun Reporter"), ("password", "river kite saffron")];
    let joined = newcomer.submit(&path, "/invite", &fields).await;
    assert_eq!(joined.status(), 303);
    let newsroom = newcomer.page("/newsroom").await;
    assert_eq!(newsroom.attr("html", "lang"), "bn");
    assert!(newsroom.texts(".nr-header nav a").contains(&"প্রতিবেদন".to_owned()), "{}", newsroom.html);
    let refused = newcomer.get("/newsroom/staff").await;
    assert_eq!(refused.status(), 403);
    let message = crate::helpers::Page::new(&refused.text().await.unwrap()).text(".message");
    assert!(message.starts_with("আপনার ভূমিকায় (প্রতিবেদক)"), "{message}");

    // Their password mail follows their newsroom's language too.
    let forgot = app.browser().submit("/password/forgot", "/password/forgot", &[("email", "notun@example.com")]).await;
    assert_eq!(forgot.status(), 200);
    let reset = mails_to(&app, "notun@example.com").into_iter().find(|m| m.contains("/password/reset?token="));
    let reset = reset.expect("a reset mail");
    assert!(reset.contains("নতুন পাসওয়ার্ড বেছে নিতে"), "{reset}");
    assert!(!reset.contains("Someone (we hope you)"), "{reset}");
}

async fn the_staff_page_lists_staff_and_invitations_that_can_be_sent_again_or_revoked(db: TestDb) {
    let app = TestApp::spawn(db).await;
    app.reader("Not Staff Reader").await;
    let (admin, browser) = colleague(&app, "admin", "Staff Admin").await;
    let (status, _) =
        admin.post("/api/v1/newsroom/invites", json!({"email": "waiting@example.com", "role": "editor"})).await;
    assert_eq!(status, 201);
    let first = invitation_links(&app);
    assert_eq!(first.len(), 1);
    assert_eq!(app.get(&first[0]).await.status(), 200);

    let (_, staff) = admin.get("/api/v1/newsroom/staff").await;
    assert!(staff.as_array().unwrap().iter().all(|a| a["role"] != "reader"), "staff only: {staff}");
    assert!(staff.as_array().unwrap().iter().any(|a| a["email"] == "staff.admin@staff.test"));
    let page = browser.page("/newsroom/staff").await;
    assert!(!page.html.contains("not.staff.reader@readers.test"), "readers are on their own page");
    assert_eq!(page.attrs(".hint a", "href"), ["/newsroom/readers"]);

    let (_, waiting) = admin.get("/api/v1/newsroom/invites").await;
    let invite = &waiting.as_array().unwrap()[0];
    assert_eq!(invite["email"], "waiting@example.com");
    assert_eq!(invite["role"], "editor");
    assert_eq!(invite["invited_by"], "Staff Admin");
    assert_eq!(invite["expired"], false);
    let id = invite["id"].as_i64().unwrap();
    let page = browser.page("/newsroom/staff").await;
    assert!(page.text(".nr-invites td.expires").starts_with("expires "));
    assert_eq!(
        page.attrs(".nr-invites form", "action"),
        [format!("/newsroom/invites/{id}/resend"), format!("/newsroom/invites/{id}/revoke")]
    );

    // A week later the link has lapsed; sending it again makes a new one.
    app.clock.advance(8 * 86_400);
    assert_eq!(app.get(&first[0]).await.status(), 400);
    let (_, waiting) = admin.get("/api/v1/newsroom/invites").await;
    assert_eq!(waiting[0]["expired"], true, "a lapsed invitation stays on the list to be sent again");
    assert!(browser.page("/newsroom/staff").await.text(".nr-invites td.expires").starts_with("expired "));
    let resent = browser.submit("/newsroom/staff", &format!("/newsroom/invites/{id}/resend"), &[]).await;
    assert_eq!(resent.status(), 303);
    let links = invitation_links(&app);
    assert_eq!(links.len(), 2, "mailed again");
    let second = links.iter().find(|l| **l != first[0]).unwrap().clone();
    assert_eq!(app.get(&second).await.status(), 200, "the new link works");
    assert_eq!(app.get(&first[0]).await.status(), 400, "the old one does not");
    let (status, again) = admin.post(&format!("/api/v1/newsroom/invites/{id}/resend"), json!({})).await;
    assert_eq!(status, 200, "{again}");
    assert_eq!(again["email"], "waiting@example.com");
    let third = invitation_links(&app).into_iter().find(|l| *l != first[0] && *l != second).unwrap();

    assert_eq!(admin.delete(&format!("/api/v1/newsroom/invites/{id}")).await.0, 204);
    assert_eq!(app.get(&third).await.status(), 400, "a revoked invitation's link stops working");
    assert_eq!(admin.get("/api/v1/newsroom/invites").await.1, json!([]));
    assert_eq!(admin.delete(&format!("/api/v1/newsroom/invites/{id}")).await.0, 404);
    assert_eq!(admin.post(&format!("/api/v1/newsroom/invites/{id}/resend"), json!({})).await.0, 404);
    assert_eq!(browser.submit("/newsroom/staff", &format!("/newsroom/invites/{id}/revoke"), &[]).await.status(), 404);
    assert_eq!(admin.delete("/api/v1/newsroom/invites/abc").await.0, 404);

    // Revoking from the page.
    admin.post("/api/v1/newsroom/invites", json!({"email": "second@example.com", "role": "reporter"})).await;
    let (_, waiting) = admin.get("/api/v1/newsroom/invites").await;
    let id = waiting[0]["id"].as_i64().unwrap();
    let revoked = browser.submit("/newsroom/staff", &format!("/newsroom/invites/{id}/revoke"), &[]).await;
    assert_eq!(revoked.status(), 303);
    assert!(browser.page("/newsroom/staff").await.attrs(".nr-invites form", "action").is_empty());
    let (editor, _) = colleague(&app, "editor", "Staff Editor").await;
    assert_eq!(editor.get("/api/v1/newsroom/invites").await.0, 403);
}

async fn admins_add_a_colleague_directly_with_a_one_time_set_password_link(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let (admin, browser) = colleague(&app, "admin", "Adding Admin").await;
    let fields = [("name", "Rumana Ahmed"), ("email", "Rumana@Example.com"), ("role", "editor")];
    let added = browser.submit("/newsroom/staff", "/newsroom/colleagues", &fields).await;
    assert_eq!(added.status(), 201);
    let page = crate::helpers::Page::new(&added.text().await.unwrap());
    let link = page.text("#set-password-link");
    assert!(link.starts_with(&format!("{}/password/reset?token=", app.base)), "{link}");
    assert!(page.texts(".nr-staff td").contains(&"rumana@example.com".to_owned()));
    assert!(!browser.page("/newsroom/staff").await.html.contains(&link), "the link is shown once");
    let stranger = app.browser();
    assert_eq!(stranger.login("rumana@example.com", "").await.status(), 401, "no password opens it");
    assert_eq!(stranger.login("rumana@example.com", "!unset").await.status(), 401);

    let path = link.strip_prefix(&app.base).unwrap().to_owned();
    let token = path.split("token=").nth(1).unwrap().to_owned();
    let rumana = app.browser();
    let set = rumana.submit(&path, "/password/reset", &[("token", &token), ("password", "monsoon ledger kite")]).await;
    assert_eq!(set.status(), 200);
    let login = rumana.login("rumana@example.com", "monsoon ledger kite").await;
    assert_eq!(login.status(), 303);
    assert_eq!(login.headers()["location"], "/newsroom", "an editor lands in the newsroom");
    assert_eq!(rumana.get("/newsroom").await.status(), 200);
    assert_eq!(app.get(&path).await.status(), 400, "the link works once");

    let (status, body) = admin
        .post(
            "/api/v1/newsroom/staff",
            json!({"name": "Kamal Hossain", "email": "kamal@example.com", "role": "moderator"}),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["account"]["role"], "moderator");
    assert!(body["set_password_url"].as_str().unwrap().contains("/password/reset?token="));
    assert!(body["expires_at"].is_string());
    assert!(body.get("expires").is_none());
    let (status, body) = admin
        .post("/api/v1/newsroom/staff", json!({"name": "Kamal Again", "email": "kamal@example.com", "role": "editor"}))
        .await;
    assert_eq!(status, 409);
    assert!(body["error"]["message"].as_str().unwrap().contains("invitation"), "{body}");
    for bad in [
        json!({"name": "No Mail", "email": "nope", "role": "editor"}),
        json!({"name": " ", "email": "blank@example.com", "role": "editor"}),
        json!({"name": "A Reader", "email": "reader@example.com", "role": "reader"}),
        json!({"name": "A King", "email": "king@example.com", "role": "king"}),
    ] {
        assert_eq!(admin.post("/api/v1/newsroom/staff", bad.clone()).await.0, 422, "{bad}");
    }
    let refused = browser
        .submit("/newsroom/staff", "/newsroom/colleagues", &[("name", "X"), ("email", "bad"), ("role", "editor")])
        .await;
    assert_eq!(refused.status(), 422);
    let page = crate::helpers::Page::new(&refused.text().await.unwrap());
    assert!(page.text(".form-error").contains("email address"));
    let count: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM users WHERE email IN ('bad', 'blank@example.com', 'reader@example.com')",
    )
    .fetch_one(&app.state.db.pool)
    .await
    .unwrap();
    assert_eq!(count, 0, "nothing stored for refused input");
    let (editor, _) = colleague(&app, "editor", "Adding Editor").await;
    assert_eq!(
        editor
            .post("/api/v1/newsroom/staff", json!({"name": "Sneaky", "email": "s@example.com", "role": "admin"}))
            .await
            .0,
        403
    );
}

async fn moderators_search_page_through_ban_and_unban_readers(db: TestDb) {
    use newsdesk::accounts::model::Email;
    let app = TestApp::spawn(db).await;
    for n in 0..53 {
        let email = Email::parse(&format!("bulk{n:02}@readers.test")).unwrap();
        newsdesk::accounts::db::insert_user(
            &app.state.db,
            &email,
            &format!("Bulk Reader {n:02}"),
            "!",
            newsdesk::newsroom::policy::Role::Reader,
            n,
        )
        .await
        .unwrap();
    }
    app.reader("Salma Percent").await;
    let salma: i64 = sqlx::query_scalar("SELECT id FROM users WHERE email = 'salma.percent@readers.test'")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    for _ in 0..2 {
        let body = newsdesk::comments::model::CommentBody::parse("A reader's view").unwrap();
        let comment = newsdesk::comments::db::NewComment {
            article_id: 1,
            user_id: salma,
            parent_id: None,
            body: &body,
            moderation: newsdesk::comments::model::Moderation::Approved,
            at: 0,
        };
        newsdesk::comments::db::insert(&app.state.db, comment, None).await.unwrap();
    }
    let (moderator, browser) = colleague(&app, "moderator", "Reader Moderator").await;

    let (status, first) = moderator.get("/api/v1/newsroom/readers").await;
    assert_eq!(status, 200);
    let readers = first["readers"].as_array().unwrap();
    assert_eq!(readers.len(), 50);
    assert_eq!(readers[0]["email"], "salma.percent@readers.test", "newest first");
    assert_eq!(readers[0]["comments"], 2);
    assert!(readers[0]["joined_at"].is_string());
    assert!(readers.iter().all(|r| !r["email"].as_str().unwrap().ends_with("@staff.test")), "readers only");
    let cursor = first["next_cursor"].as_str().unwrap();
    let (_, second) = moderator.get(&format!("/api/v1/newsroom/readers?cursor={cursor}")).await;
    let rest = second["readers"].as_array().unwrap();
    assert_eq!(rest.len(), 4, "54 readers: 50, then 4");
    assert!(second["next_cursor"].is_null());
    let seen: std::collections::HashSet<i64> = readers.iter().chain(rest).map(|r| r["id"].as_i64().unwrap()).collect();
    assert_eq!(seen.len(), 54, "no reader twice, none left out");
    assert_eq!(moderator.get("/api/v1/newsroom/readers?cursor=abc").await.0, 400);
    assert_eq!(moderator.get("/api/v1/newsroom/readers?cursor=-4").await.0, 400);

    let (_, found) = moderator.get("/api/v1/newsroom/readers?q=SALMA").await;
    assert_eq!(found["readers"].as_array().unwrap().len(), 1, "names are found whatever the case");
    let (_, found) = moderator.get("/api/v1/newsroom/readers?q=bulk07%40readers").await;
    assert_eq!(found["readers"][0]["display_name"], "Bulk Reader 07");
    let (_, none) = moderator.get("/api/v1/newsroom/readers?q=%25").await;
    assert_eq!(none["readers"], json!([]), "a % is looked for, not a wildcard");

    let page = browser.page("/newsroom/readers?q=bulk").await;
    assert_eq!(page.texts(".nr-readers tbody tr").len(), 50);
    let next = page.attr(".pager a[rel=next]", "href");
    assert!(next.contains("q=bulk&cursor="), "{next}");
    let later = browser.page(&next).await;
    assert_eq!(later.texts(".nr-readers tbody tr").len(), 3);
    assert!(later.attrs(".pager a[rel=next]", "href").is_empty());
    let nobody = browser.page("/newsroom/readers?q=zzz").await;
    assert!(nobody.text(".empty").contains("zzz"));
    assert_eq!(browser.get("/newsroom/readers?cursor=x").await.status(), 400);

    let banned = browser
        .submit(
            "/newsroom/readers?q=salma",
            &format!("/newsroom/readers/{salma}/ban"),
            &[("reason", "Insults"), ("days", "7"), ("q", "salma")],
        )
        .await;
    assert_eq!(banned.status(), 303);
    assert!(banned.headers()["location"].to_str().unwrap().starts_with("/newsroom/readers?q=salma&notice="));
    let page = browser.page("/newsroom/readers?q=salma").await;
    assert!(page.text(".nr-readers td.ban").contains("banned until"), "{}", page.text(".nr-readers td.ban"));
    assert!(page.text(".nr-readers td.ban").contains("Insults"));
    assert_eq!(page.text(".nr-readers td.count"), "2");
    let (_, listed) = moderator.get("/api/v1/newsroom/readers?q=salma").await;
    assert!(listed["readers"][0]["banned_until"].is_string());
    assert_eq!(listed["readers"][0]["ban_reason"], "Insults");
    let no_reason =
        browser.submit("/newsroom/readers", &format!("/newsroom/readers/{salma}/ban"), &[("reason", " ")]).await;
    assert_eq!(no_reason.status(), 422);
    let lifted = browser.submit("/newsroom/readers?q=salma", &format!("/newsroom/readers/{salma}/unban"), &[]).await;
    assert_eq!(lifted.status(), 303);
    let (_, listed) = moderator.get("/api/v1/newsroom/readers?q=salma").await;
    assert!(listed["readers"][0]["banned_until"].is_null());
    assert_eq!(moderator.delete(&format!("/api/v1/newsroom/bans/{salma}")).await.0, 409, "not banned");
    moderator.post("/api/v1/newsroom/bans", json!({"user_id": salma, "reason": "Spam"})).await;
    assert!(browser.page("/newsroom/readers?q=salma").await.text(".nr-readers td.ban").contains("for good"));
    assert_eq!(moderator.delete(&format!("/api/v1/newsroom/bans/{salma}")).await.0, 204);
    assert_eq!(moderator.delete("/api/v1/newsroom/bans/999999").await.0, 404);
    let log: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM moderation_log WHERE action = 'unban' AND target_user = $1")
            .bind(salma)
            .fetch_one(&app.state.db.pool)
            .await
            .unwrap();
    assert_eq!(log, 2, "every unban is in the moderation history");

    let (editor, editor_browser) = colleague(&app, "editor", "Reader Editor").await;
    assert_eq!(editor.get("/api/v1/newsroom/readers").await.0, 403);
    let refused = editor_browser.get("/newsroom/readers").await;
    assert_eq!(refused.status(), 403);
    assert!(refused.text().await.unwrap().contains("As an editor you"));
    let (_, admin_browser) = colleague(&app, "admin", "Reader Admin").await;
    assert!(!admin_browser.page("/newsroom/readers").await.attrs("form.nr-ban", "action").is_empty(), "admins ban too");
}

/// The text a reader sees on a page: text nodes outside scripts and styles (attribute values,
/// such as addresses and ids, are not text).
fn visible_text(html: &str) -> String {
    let doc = scraper::Html::parse_document(html);
    let mut text = String::new();
    for node in doc.tree.nodes() {
        let Some(t) = node.value().as_text() else { continue };
        let hidden = node
            .ancestors()
            .any(|a| a.value().as_element().is_some_and(|e| matches!(e.name(), "script" | "style" | "template")));
        if !hidden {
            text.push_str(t);
            text.push(' ');
        }
    }
    text
}

/// Each Latin digit in the visible text, with the words around it.
fn latin_digits(html: &str) -> Vec<String> {
    let text = visible_text(html);
    let chars: Vec<char> = text.chars().collect();
    chars
        .iter()
        .enumerate()
        .filter(|(_, c)| c.is_ascii_digit())
        .map(|(i, _)| chars[i.saturating_sub(25)..(i + 25).min(chars.len())].iter().collect::<String>())
        .map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect()
}

async fn the_bangla_editions_pages_show_no_latin_digit(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let (editor, _) = colleague(&app, "editor", "Digit Editor").await;
    let article = app.sample_path("bn-seed").await;
    let id: i64 = article.split('/').nth(3).unwrap().parse().unwrap();
    app.reader("Digit Reader").await;
    let reader: i64 = sqlx::query_scalar("SELECT id FROM users WHERE email = 'digit.reader@readers.test'")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    for n in 0..12 {
        // What readers write is theirs; only what the site prints is checked.
        let text = format!("মন্তব্য {}", newsdesk::editions::bangla_digits(&n.to_string()));
        let body = newsdesk::comments::model::CommentBody::parse(&text).unwrap();
        let comment = newsdesk::comments::db::NewComment {
            article_id: id,
            user_id: reader,
            parent_id: None,
            body: &body,
            moderation: newsdesk::comments::model::Moderation::Approved,
            at: app.clock.now() - 3600,
        };
        newsdesk::comments::db::insert(&app.state.db, comment, None).await.unwrap();
    }
    let closes = chrono::DateTime::from_timestamp(app.clock.now() + 86_400, 0).unwrap().to_rfc3339();
    let (status, poll) = editor
        .post(
            "/api/v1/newsroom/polls",
            json!({"lang": "bn", "question": "কোন দল জিতবে?", "options": ["বাংলাদেশ", "ভারত"], "closes_at": closes}),
        )
        .await;
    assert_eq!(status, 201, "{poll}");
    // Views, so that the trending list and view counts have numbers to print.
    for visitor in 0..3 {
        app.client
            .get(app.url(&article))
            .header("user-agent", format!("Mozilla/5.0 visitor {visitor}"))
            .send()
            .await
            .unwrap();
    }
    app.flush_views().await;

    let mut pages = vec![
        "/bn/".to_owned(),
        "/bn/category/bangladesh".to_owned(),
        article.clone(),
        "/bn/topic/রাশিয়া".to_owned(),
        "/bn/authors/vb-desk".to_owned(),
        "/bn/search?q=ঢাকা".to_owned(),
        "/bn/trending-views".to_owned(),
        format!("/bn/polls/{}", poll["id"]),
    ];
    // A later page of a section, reached by its pager.
    let section = app.page("/bn/category/bangladesh").await;
    pages.extend(section.attrs("a[rel=next]", "href"));
    let mut shown = Vec::new();
    for path in &pages {
        let response = app.get(path).await;
        assert_eq!(response.status(), 200, "{path}");
        let html = response.text().await.unwrap();
        shown.extend(latin_digits(&html).into_iter().map(|found| format!("{path}: {found}")));
    }
    assert!(shown.is_empty(), "Latin digits on the Bangla edition: {shown:#?}");
    // The test can fail: the English edition prints Latin digits.
    assert!(!latin_digits(&app.page("/en/").await.html).is_empty());
}
