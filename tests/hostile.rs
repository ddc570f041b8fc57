//! Hostile input as one battery: script in every text field people fill, SQL in every
//! parameter the API documents, forbidden fields, another account's drafts, hostile uploads,
//! oversized headers and broken encodings. Each answer is checked for its status, and the
//! database for what was (not) stored.

use reqwest::multipart::{Form, Part};
use serde_json::{Value, json};

use crate::helpers::{TestApp, TestDb, url_escape};
use crate::media::{files_in, png, upload};

crate::on_both_databases!(
    script_in_every_text_field_is_shown_as_text,
    sql_in_every_documented_parameter_is_only_text,
    forbidden_fields_and_other_accounts_drafts_are_refused,
    hostile_uploads_are_refused_or_reencoded,
    oversized_headers_and_broken_encodings_get_a_4xx,
    an_oversized_body_is_refused_before_it_is_read,
);

/// Markup a page would run if it were written out unescaped.
const SCRIPT: &str = "<script>alert('x1')</script>\"><img src=x onerror=alert(2)>'><svg onload=alert(3)>";
/// Short enough for a display name.
const SHORT: &str = "\"><img src=x onerror=alert(1)>";

/// Fails if `html` holds anything a payload could have made active: an event-handler
/// attribute, a script URL, an element the site never writes (frames, objects, SVG, `<base>`),
/// an inline script other than JSON-LD, or JSON-LD that no longer parses (a `</script>` broke out).
fn assert_inert(html: &str, what: &str) {
    let document = scraper::Html::parse_document(html);
    for element in document.tree.nodes().filter_map(scraper::ElementRef::wrap) {
        let tag = element.value().name();
        for (name, value) in element.value().attrs() {
            assert!(!name.starts_with("on"), "{what}: <{tag} {name}=\"{value}\">");
            let url = value.trim().to_ascii_lowercase();
            for scheme in ["javascript:", "vbscript:", "data:text"] {
                assert!(!url.starts_with(scheme), "{what}: <{tag} {name}=\"{value}\">");
            }
        }
        match tag {
            "iframe" | "frame" | "object" | "embed" | "svg" | "base" => panic!("{what}: a <{tag}> element"),
            "script" if element.value().attr("src").is_none() => {
                let text: String = element.text().collect();
                if element.value().attr("type").is_none() && allowed_by_hash(&text) {
                    continue;
                }
                // Structured data, or the data a page gives its script (the story editor's
                // words): JSON that browsers never run, and that the payload did not break open.
                let kind = element.value().attr("type");
                assert!(matches!(kind, Some("application/ld+json" | "application/json")), "{what}: an inline script");
                assert!(serde_json::from_str::<Value>(&text).is_ok(), "{what}: JSON broken open: {text}");
            }
            _ => {}
        }
    }
}

/// Whether the Content-Security-Policy allows this inline script by its hash: the layout's one
/// line, never anything a payload wrote.
fn allowed_by_hash(script: &str) -> bool {
    use base64::Engine;
    use sha2::Digest;
    let hash = base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(script.as_bytes()));
    newsdesk::web::CONTENT_SECURITY_POLICY.contains(&format!("'sha256-{hash}'"))
}

async fn html(response: reqwest::Response, what: &str) -> String {
    let status = response.status().as_u16();
    let body = response.text().await.unwrap();
    assert!(status < 500, "{what}: {status}");
    assert_inert(&body, what);
    body
}

async fn script_in_every_text_field_is_shown_as_text(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let editor = app.staff("editor", "Hostile Editor").await;

    // Newsroom: headline, standfirst, body (Markdown with raw HTML and script links), image text.
    let png = png(640, 400);
    let image = Form::new()
        .part("file", Part::bytes(png).file_name(format!("{SCRIPT}.png")))
        .text("alt", SCRIPT)
        .text("caption", SCRIPT)
        .text("credit", SCRIPT);
    let (status, media) = upload(&app, &editor.token, image).await;
    assert_eq!(status, 201, "{media}");
    let body = format!(
        "{SCRIPT}\n\n[click](javascript:alert(5)) <a href=\"javascript:alert(6)\">raw</a> ![pic](javascript:alert(7))\n\n\
         <iframe src=\"https://evil.example\"></iframe><object data=\"x\"></object><base href=\"https://evil.example/\">"
    );
    let (status, created) = editor
        .post(
            "/api/v1/newsroom/articles",
            json!({"lang": "en", "title": SCRIPT, "standfirst": SCRIPT, "body": body, "section": "bangladesh",
                   "byline": ["vb-desk"], "topics": [], "image_id": media["id"]}),
        )
        .await;
    assert_eq!(status, 201, "{created}");
    let id = created["id"].as_i64().unwrap();
    assert_eq!(editor.post(&format!("/api/v1/newsroom/articles/{id}/publish"), json!({})).await.0, 200);
    let path = format!("/en/news/{id}/{}", created["slug"].as_str().unwrap());

    // A reader named with markup comments with markup.
    let reader = app.browser();
    assert_eq!(reader.register("hostile@readers.test", SHORT, "lantern ferry monsoon").await.status(), 303);
    let posted = reader.submit(&path, &format!("/en/news/{id}/comments"), &[("body", SCRIPT), ("website", "")]).await;
    assert_eq!(posted.status(), 303);
    // A refused registration shows what was typed again.
    let again = app.browser().register("hostile@readers.test", SHORT, "lantern ferry monsoon").await;
    assert_eq!(again.status(), 422);
    let refused = html(again, "refused registration").await;
    assert_eq!(crate::helpers::Page::new(&refused).attr("#display_name", "value"), SHORT, "the name is kept, as text");

    // Every page that shows these fields: the text is there, as text.
    let article = html(app.get(&path).await, "article").await;
    let page = crate::helpers::Page::new(&article);
    assert_eq!(page.text("h1"), SCRIPT, "the headline is shown as typed");
    assert!(page.texts(".comment").iter().any(|c| c.contains("alert('x1')")), "the comment is shown as text");
    assert!(article.contains("alert(2)"), "the body is kept as text");
    for (what, path) in [
        ("home", "/en/".to_owned()),
        ("section", "/en/category/bangladesh".to_owned()),
        ("byline", "/en/authors/vb-desk".to_owned()),
        ("search results", "/en/search?q=alert".to_owned()),
        ("reflected search", format!("/en/search?q={}", url_escape(SCRIPT))),
        ("reflected login next", format!("/login?next={}", url_escape(SCRIPT))),
        ("trending", "/en/trending-views".to_owned()),
    ] {
        html(app.get(&path).await, what).await;
    }
    html(reader.get("/account").await, "account").await;

    // The newsroom's own pages show the same text to staff.
    let staff = app.browser();
    assert_eq!(staff.login("hostile.editor@staff.test", "staff pass phrase").await.status(), 303);
    for path in
        ["/newsroom", &format!("/newsroom/articles/{id}"), "/newsroom/media", "/newsroom/comments?queue=published"]
    {
        html(staff.get(path).await, path).await;
    }

    // Feeds stay well-formed XML carrying the headline as text.
    let feed = app.get("/en/feed.xml").await.text().await.unwrap();
    let xml = roxmltree::Document::parse(&feed).expect("the feed parses");
    assert!(xml.descendants().any(|n| n.has_tag_name("title") && n.text() == Some(SCRIPT)));
}

/// Strings that change a query if they are pasted into its SQL.
const SQL: [&str; 6] = [
    "' OR '1'='1",
    "1 OR 1=1",
    "1; DROP TABLE articles--",
    "1' UNION SELECT password_hash, email FROM users--",
    "\" OR \"\"=\"",
    "1)) OR sleep(5)--",
];

async fn table_sizes(app: &TestApp) -> Vec<i64> {
    let (articles, users, comments, media, tokens): (i64, i64, i64, i64, i64) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM articles), (SELECT COUNT(*) FROM users), (SELECT COUNT(*) FROM comments), \
         (SELECT COUNT(*) FROM media), (SELECT COUNT(*) FROM api_tokens)",
    )
    .fetch_one(&app.state.db.pool)
    .await
    .unwrap();
    vec![articles, users, comments, media, tokens]
}

async fn sql_in_every_documented_parameter_is_only_text(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let editor = app.staff("editor", "Query Editor").await;
    let before = table_sizes(&app).await;
    let spec = app.json("/api/openapi.json").await;
    let mut tried = 0;
    for (template, operations) in spec["paths"].as_object().unwrap() {
        let Some(get) = operations.get("get") else { continue };
        let parameters: Vec<(String, String)> = get["parameters"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|p| p["in"] == "path" || p["in"] == "query")
            .map(|p| (p["name"].as_str().unwrap().to_owned(), p["in"].as_str().unwrap().to_owned()))
            .collect();
        for (name, place) in &parameters {
            for payload in SQL {
                let encoded = url_escape(payload);
                // Other path parameters get a real value; the one under test the payload.
                let mut path = template.clone();
                for (other, other_place) in &parameters {
                    if other_place == "path" {
                        let value = if other == name && place == "path" { encoded.clone() } else { "1".into() };
                        path = path.replace(&format!("{{{other}}}"), &value);
                    }
                }
                if place == "query" {
                    path = format!("{path}?{name}={encoded}");
                }
                for token in [None, Some(&editor.token)] {
                    let mut request = app.client.get(app.url(&path));
                    if let Some(token) = token {
                        request = request.bearer_auth(token);
                    }
                    let response = request.send().await.unwrap();
                    let status = response.status().as_u16();
                    let text = response.text().await.unwrap();
                    assert!(status < 500, "GET {path}: {status} {text}");
                    for leak in ["$argon2", "syntax error", "SQLSTATE", "sqlite_", "pg_catalog"] {
                        assert!(!text.contains(leak), "GET {path} answered {leak}: {text}");
                    }
                    tried += 1;
                }
            }
        }
    }
    assert!(tried > 200, "the document lists the parameters ({tried} requests)");

    // JSON fields and forms carry the same strings into writes.
    for payload in SQL {
        let (status, body) = editor
            .post(
                "/api/v1/newsroom/articles",
                json!({"lang": "en", "title": payload, "standfirst": payload, "body": payload, "section": payload,
                       "byline": [payload], "topics": [payload]}),
            )
            .await;
        assert_eq!(status, 422, "{body}");
        let login = app.browser().login(payload, payload).await.status().as_u16();
        assert!(login == 401 || login == 422, "{login}");
    }
    // Sort orders come from a list; anything else is named as the problem.
    let response = app.get("/api/v1/search?q=dhaka&sort=published_at%3B%20DROP%20TABLE%20articles").await;
    assert_eq!(response.status(), 400);
    assert!(response.text().await.unwrap().contains("sort"));
    assert_eq!(table_sizes(&app).await, before, "nothing stored or removed");

    // Stored as text, a payload stays text: a headline made of SQL reads back byte for byte.
    let (status, created) = editor
        .post(
            "/api/v1/newsroom/articles",
            json!({"lang": "en", "title": SQL[3], "body": SQL[2], "section": "bangladesh", "byline": ["vb-desk"]}),
        )
        .await;
    assert_eq!(status, 201, "{created}");
    assert_eq!(created["title"], SQL[3]);
    assert_eq!(created["body_html"], format!("<p>{}</p>\n", SQL[2]));
}

async fn forbidden_fields_and_other_accounts_drafts_are_refused(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let first = app.staff("reporter", "First Reporter").await;
    let second = app.staff("reporter", "Second Reporter").await;
    let editor = app.staff("editor", "Field Editor").await;
    let id = first.draft("A draft of one's own").await;
    let before = table_sizes(&app).await;

    // Fields the API does not take are refused by name, not quietly applied.
    for field in [
        json!({"status": "published"}),
        json!({"author": editor.id}),
        json!({"created_by": editor.id}),
        json!({"published_at": "2020-01-01T00:00:00Z"}),
        json!({"role": "admin"}),
    ] {
        let mut create = json!({"lang": "en", "title": "Sneaky", "section": "sports", "byline": ["sports-desk"]});
        create.as_object_mut().unwrap().extend(field.as_object().unwrap().clone());
        let (status, body) = first.post("/api/v1/newsroom/articles", create).await;
        assert_eq!(status, 422, "{body}");
        let name = field.as_object().unwrap().keys().next().unwrap().clone();
        assert!(body["error"]["message"].as_str().unwrap().contains(&name), "{body}");
        let mut change = json!({"version": 1});
        change.as_object_mut().unwrap().extend(field.as_object().unwrap().clone());
        assert_eq!(first.patch(&format!("/api/v1/newsroom/articles/{id}"), change).await.0, 422);
    }
    let (_, draft) = first.get(&format!("/api/v1/newsroom/articles/{id}")).await;
    assert_eq!((draft["status"].as_str(), draft["version"].as_i64()), (Some("draft"), Some(1)));

    // Another reporter's draft: not readable, not changeable, not submittable (IDOR).
    let other = format!("/api/v1/newsroom/articles/{id}");
    // Refused as if it were not there (404) or as forbidden (403), never served.
    let refused = |status: u16| status == 403 || status == 404;
    assert!(refused(second.get(&other).await.0));
    assert!(refused(second.patch(&other, json!({"title": "Taken over", "version": 1})).await.0));
    assert!(refused(second.post(&format!("{other}/submit"), json!({"version": 1})).await.0));
    assert!(refused(second.get(&format!("{other}/revisions")).await.0));
    let staff_page = app.browser();
    assert_eq!(staff_page.login("second.reporter@staff.test", "staff pass phrase").await.status(), 303);
    assert!(refused(staff_page.get(&format!("/newsroom/articles/{id}")).await.status().as_u16()));
    let (_, draft) = editor.get(&other).await;
    assert_eq!((draft["title"].as_str(), draft["version"].as_i64()), (Some("A draft of one's own"), Some(1)));

    // Roles are given by admins only, never taken.
    assert_eq!(editor.patch(&format!("/api/v1/newsroom/staff/{}", editor.id), json!({"role": "admin"})).await.0, 403);
    let reader = app.browser();
    let page = reader.page("/register").await;
    let token = page.attr("input[name=csrf]", "value");
    let response = reader
        .client
        .post(reader.url("/register"))
        .form(&[
            ("email", "climber@readers.test"),
            ("display_name", "Climber"),
            ("password", "lantern ferry monsoon"),
            ("role", "admin"),
            ("csrf", &token),
        ])
        .send()
        .await
        .unwrap();
    assert!(response.status().is_client_error() || response.status() == 303, "{}", response.status());
    let role: Option<String> = sqlx::query_scalar("SELECT role FROM users WHERE email = 'climber@readers.test'")
        .fetch_optional(&app.state.db.pool)
        .await
        .unwrap();
    assert!(role.is_none() || role.as_deref() == Some("reader"), "{role:?}");
    assert_eq!(reader.get("/newsroom").await.status(), 403, "no newsroom for a reader, whatever the form said");
    let mut after = table_sizes(&app).await;
    after[1] -= i64::from(role.is_some());
    assert_eq!(after, before);
}

/// A PNG whose header claims `width`×`height` pixels around one real pixel's data: small on
/// the wire, enormous once decoded.
fn pixel_bomb(width: u32, height: u32) -> Vec<u8> {
    let mut bytes = png(1, 1);
    // Signature (8), chunk length (4), "IHDR" (4), then width and height; the CRC follows the 13 data bytes.
    bytes[16..20].copy_from_slice(&width.to_be_bytes());
    bytes[20..24].copy_from_slice(&height.to_be_bytes());
    let crc = crc32(&bytes[12..29]);
    bytes[29..33].copy_from_slice(&crc.to_be_bytes());
    bytes
}

/// CRC-32 as PNG chunks use it.
fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for byte in data {
        crc ^= u32::from(*byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

async fn hostile_uploads_are_refused_or_reencoded(db: TestDb) {
    let app = TestApp::spawn(db).await;
    // The sample content's photos are on disk already.
    let files_before = files_in(&app);
    let editor = app.staff("editor", "Upload Editor").await;
    let form = |file: Vec<u8>, name: &str| {
        Form::new().part("file", Part::bytes(file).file_name(name.to_owned())).text("alt", "A picture")
    };
    let svg = br#"<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>"#.to_vec();
    let mut gif_html = b"GIF89a\x01\x00\x01\x00\x00\x00\x00;".to_vec();
    gif_html.extend(b"<html><script>alert(1)</script></html>");
    for (file, name, says) in [
        (svg, "logo.svg", "not a JPEG, PNG or WebP"),
        (gif_html, "x.gif", "not a JPEG, PNG or WebP"),
        (b"<?php system($_GET['c']); ?>".to_vec(), "shell.php.png", "not a JPEG, PNG or WebP"),
        (pixel_bomb(60_000, 60_000), "bomb.png", "60000"),
        (pixel_bomb(7_900, 7_900), "square-bomb.png", "pixels"),
    ] {
        let (status, body) = upload(&app, &editor.token, form(file, name)).await;
        assert_eq!(status, 422, "{name}: {body}");
        let message = body["error"]["message"].as_str().unwrap();
        assert!(message.contains(says), "{name}: {message}");
    }
    assert_eq!(files_in(&app), files_before, "nothing of a refused upload is kept");

    // A real image carrying script and PHP after its end, under a name that climbs out of the
    // media directory: taken, re-encoded (the payload gone), stored under a name of our own.
    let mut polyglot = png(300, 200);
    polyglot.extend(b"<script>alert(1)</script><?php system($_GET['c']); ?>");
    let (status, media) = upload(&app, &editor.token, form(polyglot, "../../../../tmp/evil.html")).await;
    assert_eq!(status, 201, "{media}");
    let original = media["url"].as_str().unwrap().trim_start_matches(&app.base);
    assert!(original.starts_with("/media/") && !original.contains("evil") && !original.contains(".."), "{original}");
    let response = app.get(original).await;
    assert_eq!(response.status(), 200);
    assert!(response.headers()["content-type"].to_str().unwrap().starts_with("image/"));
    assert_eq!(response.headers()["x-content-type-options"], "nosniff");
    let bytes = response.bytes().await.unwrap();
    for needle in [&b"<script"[..], b"<?php"] {
        assert!(!bytes.windows(needle.len()).any(|w| w == needle), "the stored file keeps no payload");
    }
    assert!(!std::path::Path::new("/tmp/evil.html").exists());

    // Media addresses that climb out of the media directory find nothing.
    for path in [
        "/media/../newsdesk.db",
        "/media/%2e%2e/newsdesk.db",
        "/media/..%2fnewsdesk.db",
        "/media/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        "/media/....//....//etc/passwd",
        "/media/%00.png",
    ] {
        let response = app.get(path).await;
        let status = response.status().as_u16();
        let body = response.bytes().await.unwrap();
        assert!(status == 404 || status == 400, "{path}: {status}");
        assert!(!body.starts_with(b"SQLite format") && !body.windows(5).any(|w| w == b"root:"), "{path}");
    }
}

async fn oversized_headers_and_broken_encodings_get_a_4xx(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let editor = app.staff("editor", "Encoding Editor").await;
    let before = table_sizes(&app).await;

    // Headers: a pile of cookies gets a page saying what to do; beyond what the parser keeps,
    // a bare 431. The connection's next request is served normally.
    let cookies = (0..40).map(|i| format!("c{i}={}", "x".repeat(500))).collect::<Vec<_>>().join("; ");
    let response = app.client.get(app.url("/en/")).header("cookie", &cookies).send().await.unwrap();
    assert_eq!(response.status(), 431);
    assert!(response.headers().contains_key("content-security-policy"));
    assert!(response.text().await.unwrap().contains("cookies"));
    let response = app.client.get(app.url("/api/v1/articles")).header("cookie", &cookies).send().await.unwrap();
    assert_eq!(response.status(), 431);
    assert_eq!(response.json::<Value>().await.unwrap()["error"]["code"], "headers_too_large");
    let huge = app.client.get(app.url("/en/")).header("x-filler", "y".repeat(100 * 1024)).send().await.unwrap();
    assert_eq!(huge.status(), 431);
    assert_eq!(app.get("/en/").await.status(), 200);

    // JSON with a lone surrogate, with bytes that are not UTF-8, or cut short: 400 naming it.
    let article = json!({"lang": "en", "section": "sports", "byline": ["sports-desk"]}).to_string();
    let lone = article.replacen('{', r#"{"title": "half \ud800 a pair","#, 1);
    let mut not_utf8 = article.replacen('{', r#"{"title": "bad "#, 1).into_bytes();
    not_utf8.splice(15..15, [0xFF, 0xFE, 0xC3]);
    for body in [lone.into_bytes(), not_utf8, article.as_bytes()[..20].to_vec()] {
        let response = app
            .client
            .post(app.url("/api/v1/newsroom/articles"))
            .bearer_auth(&editor.token)
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        let answer: Value = response.json().await.unwrap();
        assert!(status == 400 || status == 422, "{status} {answer}");
        assert!(!answer["error"]["message"].as_str().unwrap().is_empty());
    }

    // Forms and addresses with bytes that are not UTF-8.
    let browser = app.reader("Broken Bytes").await;
    let page = browser.page("/account").await;
    let token = page.attrs("input[name=csrf]", "value").into_iter().next().unwrap();
    let response = browser
        .client
        .post(browser.url("/account/name"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("display_name=%FF%FE&csrf={token}"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    assert!(response.text().await.unwrap().contains("not UTF-8"));
    assert_eq!(browser.page("/account").await.attr("#display_name", "value"), "Broken Bytes", "the name is kept");
    for path in ["/en/search?q=%FF%FE", "/en/category/%FF", "/api/v1/search?q=%C3%28", "/en/news/%FF/x"] {
        let response = app.get(path).await;
        assert_eq!(response.status(), 400, "{path}");
        assert!(response.text().await.unwrap().contains("not UTF-8"), "{path}");
    }
    let mut after = table_sizes(&app).await;
    after[1] -= 1; // the reader registered above
    assert_eq!(after, before);
}

/// Sends `head` (a request line and headers, without the blank line) and then nothing, and
/// returns what the server answers within three seconds: far less than the test app's ten
/// seconds for a stalled body, so an answer means the body was never waited for.
async fn answer_without_sending_the_body(app: &TestApp, head: &str) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let address = app.base.trim_start_matches("http://");
    let mut socket = tokio::net::TcpStream::connect(address).await.unwrap();
    socket.write_all(format!("{head}\r\nHost: {address}\r\n\r\n").as_bytes()).await.unwrap();
    let mut answer = Vec::new();
    let read = tokio::time::timeout(std::time::Duration::from_secs(3), async {
        let mut chunk = [0u8; 4096];
        // The head and a short body are enough: the server may keep the connection open.
        while !String::from_utf8_lossy(&answer).contains("\r\n\r\n{") && !answer.ends_with(b"</html>\n") {
            match socket.read(&mut chunk).await {
                Ok(0) | Err(_) => break,
                Ok(n) => answer.extend_from_slice(&chunk[..n]),
            }
        }
    })
    .await;
    let answer = String::from_utf8_lossy(&answer).into_owned();
    assert!(read.is_ok() || answer.starts_with("HTTP/1.1 413"), "no answer within 3 s: {answer:?}");
    answer
}

async fn an_oversized_body_is_refused_before_it_is_read(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let editor = app.staff("editor", "Big Body Editor").await;
    let before = table_sizes(&app).await;

    // A gigabyte announced and never sent: 413 at once, as JSON under /api/ and as a page.
    let api = answer_without_sending_the_body(
        &app,
        &format!(
            "POST /api/v1/newsroom/articles HTTP/1.1\r\nAuthorization: Bearer {}\r\nContent-Type: application/json\r\nContent-Length: 1073741824",
            editor.token
        ),
    )
    .await;
    assert!(api.starts_with("HTTP/1.1 413"), "{api}");
    assert!(api.contains("\"payload_too_large\"") && api.contains("10 MB"), "{api}");
    let page = answer_without_sending_the_body(
        &app,
        "POST /login HTTP/1.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1073741824",
    )
    .await;
    assert!(page.starts_with("HTTP/1.1 413"), "{page}");
    assert!(page.to_ascii_lowercase().contains("content-type: text/html"), "{page}");

    // A chunked body (no length announced) that runs past the limit is refused once it has.
    {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let address = app.base.trim_start_matches("http://");
        let mut socket = tokio::net::TcpStream::connect(address).await.unwrap();
        let head = format!(
            "POST /api/v1/newsroom/articles HTTP/1.1\r\nHost: {address}\r\nAuthorization: Bearer {}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n",
            editor.token
        );
        socket.write_all(head.as_bytes()).await.unwrap();
        let chunk = format!("10000\r\n{}\r\n", " ".repeat(0x10000));
        // 12 MB, more than the 10 MB an image may have; the server may stop reading sooner.
        let send = async {
            for _ in 0..192 {
                if socket.write_all(chunk.as_bytes()).await.is_err() {
                    break;
                }
            }
        };
        // A server that has stopped reading leaves the last writes waiting: the answer is there.
        let _ = tokio::time::timeout(std::time::Duration::from_secs(10), send).await;
        let mut answer = vec![0u8; 4096];
        let n = tokio::time::timeout(std::time::Duration::from_secs(5), socket.read(&mut answer))
            .await
            .expect("an answer to the oversized chunked body")
            .unwrap_or(0);
        let answer = String::from_utf8_lossy(&answer[..n]);
        assert!(answer.starts_with("HTTP/1.1 413"), "{answer:?}");
    }

    // The site goes on serving, and nothing was stored.
    assert_eq!(app.get("/en/").await.status(), 200);
    assert_eq!(table_sizes(&app).await, before);
}
