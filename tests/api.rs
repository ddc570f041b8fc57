//! The read API and its OpenAPI document.

use crate::helpers::{TestApp, TestDb};

crate::on_both_databases!(
    the_article_list_carries_every_documented_field,
    the_article_list_pages_by_cursor_without_gaps_or_repeats,
    the_article_list_filters_by_edition_section_and_topic,
    one_article_comes_with_its_body_and_topics,
    sections_are_listed_per_edition_in_navigation_order,
    bad_parameters_get_a_json_error_naming_the_problem,
    an_unacceptable_body_has_one_code_whoever_refuses_it,
    the_openapi_document_describes_every_route,
);

async fn the_article_list_carries_every_documented_field(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let list = app.json("/api/v1/articles?lang=en&limit=50").await;
    let seed = list["articles"].as_array().unwrap().iter().find(|a| a["id"] == 1).expect("the seed article");
    assert_eq!(seed["lang"], "en");
    assert_eq!(seed["title"], "Russia officially recognises Afghanistan’s Taliban govt");
    assert!(seed["standfirst"].as_str().unwrap().starts_with("This makes Russia"));
    assert_eq!(seed["section"]["slug"], "international");
    assert_eq!(seed["section"]["name"], "International");
    assert_eq!(seed["byline"], serde_json::json!([{"slug": "vb-desk", "name": "VB Desk", "kind": "desk"}]));
    let published = seed["published_at"].as_str().unwrap();
    assert!(chrono::DateTime::parse_from_rfc3339(published).is_ok(), "{published}");
    assert_eq!(seed["url"], app.url("/en/news/1/russia-officially-recognises-afghanistans-taliban-govt"));
}

async fn the_article_list_pages_by_cursor_without_gaps_or_repeats(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let all = app.json("/api/v1/articles?lang=bn&limit=50").await["articles"].as_array().unwrap().len();
    let mut seen = Vec::new();
    let mut path = "/api/v1/articles?lang=bn&limit=4".to_owned();
    loop {
        let page = app.json(&path).await;
        let ids: Vec<i64> = page["articles"].as_array().unwrap().iter().map(|a| a["id"].as_i64().unwrap()).collect();
        assert!(ids.len() <= 4);
        seen.extend(ids);
        match page["next_cursor"].as_str() {
            Some(cursor) => path = format!("/api/v1/articles?lang=bn&limit=4&cursor={cursor}"),
            None => break,
        }
    }
    let mut unique = seen.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), seen.len(), "no article twice");
    assert_eq!(seen.len(), all, "every article once");
}

async fn the_article_list_filters_by_edition_section_and_topic(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let sports = app.json("/api/v1/articles?lang=bn&section=sports").await;
    let sports = sports["articles"].as_array().unwrap();
    assert!(!sports.is_empty());
    assert!(sports.iter().all(|a| a["section"]["slug"] == "sports" && a["lang"] == "bn"));
    let taliban = app.json("/api/v1/articles?lang=en&topic=taliban").await;
    assert!(taliban["articles"].as_array().unwrap().iter().any(|a| a["id"] == 1));
    let missing = app.get("/api/v1/articles?lang=en&section=no-such-section").await;
    assert_eq!(missing.status(), 404);
    let body: serde_json::Value = missing.json().await.unwrap();
    assert_eq!(body["error"]["code"], "not_found");
}

async fn one_article_comes_with_its_body_and_topics(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let article = app.json("/api/v1/articles/1").await;
    assert_eq!(article["id"], 1);
    assert!(article["body_html"].as_str().unwrap().contains("<p>“This bold decision will set an example for others,”"));
    assert!(article["topics"].as_array().unwrap().iter().any(|t| t["slug"] == "taliban"));
    for (path, status) in
        [("/api/v1/articles/999999", 404), ("/api/v1/articles/abc", 404), ("/api/v1/articles/-1", 404)]
    {
        let response = app.get(path).await;
        assert_eq!(response.status(), status, "{path}");
        assert!(response.headers()["content-type"].to_str().unwrap().starts_with("application/json"));
        let body: serde_json::Value = response.json().await.unwrap();
        assert_eq!(body["error"]["code"], "not_found", "{path}");
        assert!(!body["error"]["message"].as_str().unwrap().is_empty());
    }
}

async fn sections_are_listed_per_edition_in_navigation_order(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let bn = app.json("/api/v1/sections?lang=bn").await;
    let names: Vec<&str> = bn["sections"].as_array().unwrap().iter().map(|s| s["name"].as_str().unwrap()).collect();
    assert_eq!(names.len(), 8);
    assert!(names.contains(&"আন্তর্জাতিক"));
    let en = app.json("/api/v1/sections").await;
    assert_eq!(en["sections"][0]["slug"], "bangladesh");
}

async fn an_unacceptable_body_has_one_code_whoever_refuses_it(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let editor = app.staff("editor", "Code Editor").await;
    let refused_by_the_handler =
        serde_json::json!({"lang": "en", "title": "T", "section": "no-such-section", "byline": ["sports-desk"]});
    let refused_by_the_json_reader = serde_json::json!({"title": 5});
    for body in [refused_by_the_handler, refused_by_the_json_reader] {
        let (status, answer) = editor.post("/api/v1/newsroom/articles", body.clone()).await;
        assert_eq!(status, 422, "{body}: {answer}");
        assert_eq!(answer["error"]["code"], "unprocessable", "{body}: {answer}");
        assert!(!answer["error"]["message"].as_str().unwrap().is_empty());
    }
}

async fn bad_parameters_get_a_json_error_naming_the_problem(db: TestDb) {
    let app = TestApp::spawn(db).await;
    for (path, word) in [
        ("/api/v1/articles?limit=0", "limit"),
        ("/api/v1/articles?limit=100000", "limit"),
        ("/api/v1/articles?limit=abc", "limit"),
        ("/api/v1/articles?limit=-5", "limit"),
        ("/api/v1/articles?cursor=garbage", "cursor"),
        ("/api/v1/articles?cursor=1-0", "cursor"),
        ("/api/v1/articles?lang=fr", "lang"),
        ("/api/v1/articles?section=sports&topic=cricket", "section"),
        ("/api/v1/sections?lang=xx", "lang"),
        ("/api/v1/trending?lang=%FF", ""),
        ("/api/v1/articles?cursor=%FF%FE", ""),
    ] {
        let response = app.get(path).await;
        assert_eq!(response.status(), 400, "{path}");
        let body: serde_json::Value = response.json().await.expect("JSON error body");
        assert_eq!(body["error"]["code"], "bad_request", "{path}");
        let message = body["error"]["message"].as_str().unwrap();
        assert!(message.contains(word), "{path}: {message}");
    }
    let response = app.get("/api/v1/no-such-thing").await;
    assert_eq!(response.status(), 404);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], "not_found");
    let response = app.client.post(app.url("/api/v1/articles")).send().await.unwrap();
    assert_eq!(response.status(), 405);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], "method_not_allowed");
}

async fn the_openapi_document_describes_every_route(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let spec = app.json("/api/openapi.json").await;
    assert!(spec["openapi"].as_str().unwrap().starts_with("3."));
    // Every route of the API, as the router has it, is in the document, and nothing else is.
    let routes = newsdesk::router::routes();
    let api: Vec<&str> = routes
        .declared()
        .iter()
        .map(|r| r.path.as_str())
        .filter(|p| p.starts_with("/api/") && *p != "/api/openapi.json")
        .collect();
    assert!(api.len() >= 30, "the API's routes: {api:?}");
    for route in routes.declared().iter().filter(|r| api.contains(&r.path.as_str())) {
        assert!(route.documented, "{} is routed without its description", route.path);
        let operations = spec["paths"][&route.path].as_object();
        assert!(operations.is_some_and(|o| !o.is_empty()), "{} is not in the document", route.path);
    }
    for path in spec["paths"].as_object().unwrap().keys() {
        assert!(api.contains(&path.as_str()), "{path} is documented but not routed");
    }
    // Methods too: each documented operation answers something other than 405.
    for (path, operations) in spec["paths"].as_object().unwrap() {
        for method in operations.as_object().unwrap().keys() {
            let url = app.url(&path.replace("{id}", "1"));
            let method = reqwest::Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
            let status = app.client.request(method.clone(), url).send().await.unwrap().status();
            assert_ne!(status, 405, "{method} {path} is documented but not routed");
        }
    }
    assert!(spec["components"]["schemas"]["ArticleJson"]["properties"]["byline"].is_object());
    // Every answer an operation can give is documented, so that clients (and schemathesis in
    // security/run) can rely on the list: the common refusals everywhere, logins where needed.
    for (path, operations) in spec["paths"].as_object().unwrap() {
        for (method, operation) in operations.as_object().unwrap() {
            let responses = &operation["responses"];
            for status in ["400", "414", "431", "503"] {
                assert!(responses[status].is_object(), "{method} {path} documents {status}");
            }
            if path.starts_with("/api/v1/newsroom") {
                assert!(responses["401"].is_object() && responses["403"].is_object(), "{method} {path}");
            }
            if operation["requestBody"].is_object() {
                assert!(responses["413"].is_object() && responses["422"].is_object(), "{method} {path}");
            }
        }
    }
    let lang = spec["paths"]["/api/v1/articles"]["get"]["parameters"].as_array().unwrap();
    let lang = lang.iter().find(|p| p["name"] == "lang").unwrap();
    assert_eq!(lang["schema"]["pattern"], "^(en|bn)$");
}
