//! Reader accounts: registration, login, sessions, throttling, password change and reset.

use crate::helpers::{Options, SmtpSink, TestApp, TestDb, set_cookie};

crate::on_both_databases!(
    staff_land_where_their_work_is_and_readers_where_they_were,
    a_rotating_x_forwarded_for_does_not_escape_the_login_throttle,
    a_reader_registers_and_is_logged_in,
    registration_refuses_bad_input_and_keeps_what_was_typed,
    login_and_logout_manage_the_session_on_the_server,
    unknown_email_and_wrong_password_get_the_same_answer,
    five_failed_logins_throttle_the_account_with_retry_after,
    next_only_redirects_within_the_site,
    cross_site_and_tokenless_posts_are_refused,
    changing_the_password_needs_the_current_one_and_ends_other_sessions,
    password_reset_by_mailed_link_works_once,
    reset_requests_answer_the_same_for_unknown_emails,
    reset_mail_goes_through_smtp_when_configured,
);

const PASSWORD: &str = "lantern ferry monsoon";

async fn a_reader_registers_and_is_logged_in(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let browser = app.browser();
    let response = browser.register("Rahim@Example.com", "Rahim Uddin", PASSWORD).await;
    assert_eq!(response.status(), 303);
    let cookie = set_cookie(&response, "nd_session").expect("a session cookie");
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && !cookie.contains("Secure"), "{cookie}");
    let account = browser.page("/account").await;
    assert!(account.html.contains("rahim@example.com"));
    let (role, hash): (String, String) =
        sqlx::query_as("SELECT role, password_hash FROM users WHERE email = 'rahim@example.com'")
            .fetch_one(&app.state.db.pool)
            .await
            .unwrap();
    assert_eq!(role, "reader");
    assert!(hash.starts_with("$argon2id$"));
}

async fn registration_refuses_bad_input_and_keeps_what_was_typed(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let browser = app.browser();
    for (email, name, password, says) in [
        ("not-an-email", "Ann", PASSWORD, "valid email"),
        ("ann@example.com", "   ", PASSWORD, "name"),
        ("ann@example.com", "Ann", "short", "at least 8"),
        ("ann@example.com", "Ann", "password123", "most common"),
        ("ann@example.com", "Ann", &"x".repeat(300), "at most 256"),
    ] {
        let response = browser.register(email, name, password).await;
        assert_eq!(response.status(), 422, "{email} {name}");
        let page = crate::helpers::Page::new(&response.text().await.unwrap());
        assert!(page.text(".form-error").contains(says), "{}", page.text(".form-error"));
        assert_eq!(page.attr("input[name=email]", "value"), email.trim());
    }
    let users: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE role = 'reader'")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    assert_eq!(users, 0, "nothing stored");
    assert_eq!(browser.register("ann@example.com", "Ann", PASSWORD).await.status(), 303);
    let again = app.browser().register("ANN@example.com", "Other Ann", PASSWORD).await;
    assert_eq!(again.status(), 422);
    assert!(again.text().await.unwrap().contains("already exists"));
}

async fn login_and_logout_manage_the_session_on_the_server(db: TestDb) {
    let app = TestApp::spawn(db).await;
    app.reader("Sarah K").await;
    let browser = app.browser();
    // A session cookie from before login is replaced: the id changes at login.
    let first = browser.login("sarah.k@readers.test", PASSWORD).await;
    assert_eq!(first.status(), 303);
    let first_cookie = set_cookie(&first, "nd_session").unwrap();
    let second = browser.login("sarah.k@readers.test", PASSWORD).await;
    let second_cookie = set_cookie(&second, "nd_session").unwrap();
    assert_ne!(first_cookie, second_cookie);
    let old_value = first_cookie.split(';').next().unwrap().to_owned();
    let with_old = app.client.get(app.url("/account")).header("cookie", &old_value).send().await.unwrap();
    assert_eq!(with_old.status(), 303, "the pre-login session id no longer works");

    assert!(browser.is_logged_in().await);
    let current = second_cookie.split(';').next().unwrap().to_owned();
    let response = browser.submit("/account", "/logout", &[]).await;
    assert_eq!(response.status(), 303);
    assert!(set_cookie(&response, "nd_session").unwrap().contains("Max-Age=0"));
    assert!(!browser.is_logged_in().await);
    // Replaying the old cookie after logout does not work: the session ended on the server.
    let replay = app.client.get(app.url("/account")).header("cookie", &current).send().await.unwrap();
    assert_eq!(replay.status(), 303);
    assert!(replay.headers()["location"].to_str().unwrap().starts_with("/login?next="));
}

async fn unknown_email_and_wrong_password_get_the_same_answer(db: TestDb) {
    let app = TestApp::spawn(db).await;
    app.reader("Tanvir").await;
    let wrong = app.browser().login("tanvir@readers.test", "not the password").await;
    let unknown = app.browser().login("nobody@readers.test", "not the password").await;
    assert_eq!(wrong.status(), 401);
    assert_eq!(unknown.status(), 401);
    let a = crate::helpers::Page::new(&wrong.text().await.unwrap()).text(".form-error");
    let b = crate::helpers::Page::new(&unknown.text().await.unwrap()).text(".form-error");
    assert_eq!(a, b);
    assert!(a.contains("do not match"));
}

async fn five_failed_logins_throttle_the_account_with_retry_after(db: TestDb) {
    let app = TestApp::spawn(db).await;
    app.reader("Anika").await;
    let browser = app.browser();
    for _ in 0..5 {
        assert_eq!(browser.login("anika@readers.test", "wrong guess").await.status(), 401);
    }
    // Even the right password is refused now.
    let response = browser.login("anika@readers.test", PASSWORD).await;
    assert_eq!(response.status(), 429);
    let retry: i64 = response.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!(retry > 0 && retry <= 15 * 60, "{retry}");
    assert!(response.text().await.unwrap().contains("minutes"));
    assert!(!browser.is_logged_in().await);
    // Another account from the same address is not locked out by these five.
    app.reader("Other Reader").await;
    assert_eq!(app.browser().login("other.reader@readers.test", PASSWORD).await.status(), 303);
    // After the window the right password works again.
    app.clock.advance(15 * 60 + 1);
    assert_eq!(browser.login("anika@readers.test", PASSWORD).await.status(), 303);
}

async fn next_only_redirects_within_the_site(db: TestDb) {
    let app = TestApp::spawn(db).await;
    app.reader("Jamal").await;
    for (next, expected) in [
        ("/en/news/1/x#comments", "/en/news/1/x#comments"),
        ("https://evil.example/", "/"),
        ("//evil.example/path", "/"),
        ("/\\evil.example", "/"),
        ("javascript:alert(1)", "/"),
    ] {
        let browser = app.browser();
        let response = browser
            .submit("/login", "/login", &[("email", "jamal@readers.test"), ("password", PASSWORD), ("next", next)])
            .await;
        assert_eq!(response.status(), 303, "{next}");
        assert_eq!(response.headers()["location"], expected, "{next}");
    }
}

async fn cross_site_and_tokenless_posts_are_refused(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let browser = app.browser();
    browser.page("/register").await; // the browser now holds a CSRF cookie
    let no_token = browser
        .client
        .post(browser.url("/register"))
        .form(&[("email", "mallory@example.com"), ("display_name", "M"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(no_token.status(), 403);
    assert!(no_token.text().await.unwrap().contains("another site"));
    let page = browser.page("/register").await;
    let token = page.attr("input[name=csrf]", "value");
    let cross_site = browser
        .client
        .post(browser.url("/register"))
        .header("origin", "https://evil.example")
        .form(&[("email", "mallory@example.com"), ("display_name", "M"), ("password", PASSWORD), ("csrf", &token)])
        .send()
        .await
        .unwrap();
    assert_eq!(cross_site.status(), 403);
    let users: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE email = 'mallory@example.com'")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    assert_eq!(users, 0);
    // No state changes through GET.
    assert_eq!(app.get("/logout").await.status(), 405);
}

async fn changing_the_password_needs_the_current_one_and_ends_other_sessions(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let laptop = app.reader("Mita").await;
    let phone = app.browser();
    assert_eq!(phone.login("mita@readers.test", PASSWORD).await.status(), 303);

    let wrong = laptop
        .submit(
            "/account",
            "/account/password",
            &[("current_password", "nope nope"), ("new_password", "river kite saffron")],
        )
        .await;
    assert_eq!(wrong.status(), 422);
    assert!(phone.is_logged_in().await);

    let ok = laptop
        .submit(
            "/account",
            "/account/password",
            &[("current_password", PASSWORD), ("new_password", "river kite saffron")],
        )
        .await;
    assert_eq!(ok.status(), 200);
    assert!(laptop.is_logged_in().await, "this browser gets a fresh session");
    assert!(!phone.is_logged_in().await, "the other session ended");
    assert_eq!(app.browser().login("mita@readers.test", PASSWORD).await.status(), 401);
    assert_eq!(app.browser().login("mita@readers.test", "river kite saffron").await.status(), 303);

    let renamed = laptop.submit("/account", "/account/name", &[("display_name", "Mita R.")]).await;
    assert_eq!(renamed.status(), 200);
    assert!(laptop.page("/account").await.attr("#display_name", "value") == "Mita R.");
}

fn outbox_links(app: &TestApp) -> Vec<String> {
    let dir = app.state.config.data_dir.join("outbox");
    let mut links = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let text = std::fs::read_to_string(entry.path()).unwrap();
        links.extend(text.split_whitespace().filter(|w| w.contains("/password/reset?token=")).map(String::from));
    }
    links
}

async fn password_reset_by_mailed_link_works_once(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let old_session = app.reader("Nadia").await;
    let browser = app.browser();
    let response = browser.submit("/password/forgot", "/password/forgot", &[("email", "nadia@readers.test")]).await;
    assert_eq!(response.status(), 200);
    let links = outbox_links(&app);
    assert_eq!(links.len(), 1, "one mail in the outbox");
    let path = links[0].strip_prefix(&app.base).unwrap().to_owned();
    let token = path.split("token=").nth(1).unwrap().to_owned();
    let stored: String =
        sqlx::query_scalar("SELECT token_hash FROM password_resets").fetch_one(&app.state.db.pool).await.unwrap();
    assert_ne!(stored, token, "the token is stored hashed");

    let weak = browser.submit(&path, "/password/reset", &[("token", &token), ("password", "12345678")]).await;
    assert_eq!(weak.status(), 422);
    let done =
        browser.submit(&path, "/password/reset", &[("token", &token), ("password", "harbour violet drum")]).await;
    assert_eq!(done.status(), 200);
    assert!(!old_session.is_logged_in().await, "a reset ends every session");
    assert_eq!(app.browser().login("nadia@readers.test", "harbour violet drum").await.status(), 303);
    // The link works once.
    assert_eq!(browser.get(&path).await.status(), 400);
}

async fn reset_requests_answer_the_same_for_unknown_emails(db: TestDb) {
    let app = TestApp::spawn(db).await;
    app.reader("Karim").await;
    let known = app.browser().submit("/password/forgot", "/password/forgot", &[("email", "karim@readers.test")]).await;
    let unknown =
        app.browser().submit("/password/forgot", "/password/forgot", &[("email", "ghost@readers.test")]).await;
    assert_eq!(known.status(), unknown.status());
    let a = crate::helpers::Page::new(&known.text().await.unwrap()).text(".notice");
    let b = crate::helpers::Page::new(&unknown.text().await.unwrap()).text(".notice");
    assert_eq!(a, b);
    assert_eq!(outbox_links(&app).len(), 1);
    // A reset link expires after an hour.
    let path = outbox_links(&app)[0].strip_prefix(&app.base).unwrap().to_owned();
    app.clock.advance(60 * 60 + 1);
    assert_eq!(app.get(&path).await.status(), 400);
    // Requests for one email are limited.
    let browser = app.browser();
    for _ in 0..3 {
        assert_eq!(
            browser.submit("/password/forgot", "/password/forgot", &[("email", "karim@readers.test")]).await.status(),
            200
        );
    }
    let limited = browser.submit("/password/forgot", "/password/forgot", &[("email", "karim@readers.test")]).await;
    assert_eq!(limited.status(), 429);
    assert!(limited.headers().contains_key("retry-after"));
}

async fn reset_mail_goes_through_smtp_when_configured(db: TestDb) {
    let sink = SmtpSink::start().await;
    let app = TestApp::spawn_with(db, Options { smtp_url: Some(sink.url.clone()), ..Options::default() }).await;
    app.reader("Postie").await;
    // Asked for from the Bangla edition, so the reader's mail is in Bangla.
    let fields = [("email", "postie@readers.test"), ("next", "/bn")];
    let response = app.browser().submit("/password/forgot?next=/bn", "/password/forgot", &fields).await;
    assert_eq!(response.status(), 200);
    let messages = sink.messages.lock().unwrap().clone();
    assert_eq!(messages.len(), 1);
    assert!(messages[0].contains("To: postie@readers.test"), "{}", messages[0]);
    // A body in Bangla travels base64-encoded.
    use base64::Engine as _;
    assert!(messages[0].contains("Content-Transfer-Encoding: base64"));
    let encoded: String = messages[0].split("\n\n").nth(1).unwrap().split_whitespace().collect();
    let decoded = String::from_utf8(base64::engine::general_purpose::STANDARD.decode(encoded).unwrap()).unwrap();
    assert!(decoded.contains("ভিউজ বাংলাদেশ"), "{decoded}");
    assert!(decoded.contains("পাসওয়ার্ড বেছে নিতে"), "{decoded}");
    assert!(decoded.contains("/password/reset?token="), "{decoded}");
    assert!(outbox_links(&app).is_empty(), "nothing in the outbox when SMTP is set");
}

/// Failed logins for `n` different accounts, each with its own `X-Forwarded-For`; the statuses.
async fn failed_logins(app: &TestApp, n: usize, forwarded_for: impl Fn(usize) -> String) -> Vec<u16> {
    let browser = app.browser();
    let form = browser.page("/login").await;
    let csrf = form.attrs("input[name=csrf]", "value").remove(0);
    let mut statuses = Vec::new();
    for i in 0..n {
        let email = format!("guess{i}@readers.test");
        let response = browser
            .client
            .post(app.url("/login"))
            .header("x-forwarded-for", forwarded_for(i))
            .form(&[("csrf", csrf.as_str()), ("email", email.as_str()), ("password", "wrong guess")])
            .send()
            .await
            .unwrap();
        statuses.push(response.status().as_u16());
    }
    statuses
}

async fn a_rotating_x_forwarded_for_does_not_escape_the_login_throttle(db: TestDb) {
    // No proxy configured: the header is the client's own word, and ignored. Twenty failures
    // from one address, then 429, whatever address each request claims.
    let app = TestApp::spawn(db.clone()).await;
    let statuses = failed_logins(&app, 22, |i| format!("198.51.100.{i}")).await;
    assert!(statuses[..20].iter().all(|s| *s == 401), "{statuses:?}");
    assert_eq!(&statuses[20..], &[429, 429]);

    // Behind a trusted proxy that appends the address it saw, what the client put in front is
    // still not believed.
    let proxies = vec![newsdesk::config::ProxyRange::parse("127.0.0.0/8").unwrap()];
    let behind =
        TestApp::spawn_with(db.clone(), Options { trusted_proxies: proxies.clone(), ..Options::default() }).await;
    let statuses = failed_logins(&behind, 22, |i| format!("198.51.100.{i}, 203.0.113.9")).await;
    assert!(statuses[..20].iter().all(|s| *s == 401), "{statuses:?}");
    assert_eq!(&statuses[20..], &[429, 429]);
    // The positive control: clients the proxy names are told apart, so none is throttled.
    let statuses = failed_logins(&behind, 22, |i| format!("203.0.113.{}", 100 + i)).await;
    assert!(statuses.iter().all(|s| *s == 401), "{statuses:?}");

    // A proxy range that does not include the peer: the header is ignored again.
    let elsewhere = vec![newsdesk::config::ProxyRange::parse("10.0.0.0/8").unwrap()];
    let app = TestApp::spawn_with(db, Options { trusted_proxies: elsewhere, ..Options::default() }).await;
    let statuses = failed_logins(&app, 21, |i| format!("203.0.113.{}", 100 + i)).await;
    assert_eq!(statuses[20], 429, "{statuses:?}");
}

async fn staff_land_where_their_work_is_and_readers_where_they_were(db: TestDb) {
    let app = TestApp::spawn(db).await;
    for (role, landing) in [
        ("reporter", "/newsroom"),
        ("editor", "/newsroom"),
        ("admin", "/newsroom"),
        ("moderator", "/newsroom/comments"),
        ("reader", "/"),
    ] {
        let name = format!("Landing {role}");
        app.staff(role, &name).await;
        let email = format!("landing.{role}@staff.test");
        let browser = app.browser();
        let response = browser.login(&email, "staff pass phrase").await;
        assert_eq!(response.status(), 303, "{role}");
        assert_eq!(response.headers()["location"], landing, "{role} lands where their work is");
        if landing != "/" {
            assert_eq!(browser.get(landing).await.status(), 200, "{role} may open where they land");
        }
        // A login on the way somewhere still goes there.
        let browser = app.browser();
        let response = browser
            .submit("/login", "/login", &[("email", &email), ("password", "staff pass phrase"), ("next", "/en/")])
            .await;
        assert_eq!(response.headers()["location"], "/en/", "{role}");
    }
}
