//! Search: both editions, Bangla inflections and conjuncts, English stems and accents, filters,
//! paging, query syntax as text, and an index that follows publish, edit and unpublish.

use std::time::Duration;

use serde_json::{Value, json};

use newsdesk::clock::Clock;
use newsdesk::editions::Lang;
use newsdesk::search::index::SearchQuery;
use newsdesk::search::model::{Sort, clean_query};

use crate::helpers::{StaffClient, TestApp, TestDb, url_escape};
use crate::on_both_databases;

on_both_databases!(
    bangla_searches_find_inflected_forms_and_conjuncts,
    english_searches_stem_and_fold_accents,
    search_pages_highlight_and_explain_empty_queries,
    query_syntax_and_odd_input_are_plain_text,
    filters_sorting_and_paging_walk_every_result_once,
    bad_filters_get_clear_errors,
    the_index_follows_publish_edit_and_unpublish,
    a_missing_or_stale_index_is_rebuilt_from_the_database,
    every_node_finds_what_another_node_published,
    a_node_whose_clock_runs_ahead_still_sees_changes,
);

async fn search(app: &TestApp, lang: &str, q: &str) -> Value {
    let url = format!("{}?lang={lang}&q={}", app.url("/api/v1/search"), urlencode(q));
    let response = app.client.get(url).send().await.unwrap();
    assert_eq!(response.status(), 200, "search {q:?}");
    response.json().await.unwrap()
}

fn urlencode(text: &str) -> String {
    url_escape(text)
}

fn titles(results: &Value) -> Vec<String> {
    results["results"].as_array().unwrap().iter().map(|r| r["title"].as_str().unwrap().to_owned()).collect()
}

/// Polls the search until `found` says yes, for at most ten seconds.
async fn eventually(app: &TestApp, lang: &str, q: &str, found: impl Fn(&Value) -> bool) -> Value {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    loop {
        let results = search(app, lang, q).await;
        if found(&results) || tokio::time::Instant::now() > deadline {
            return results;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Ids of the stories the index itself finds for `q`, without the database check that
/// search results go through before they are shown.
async fn indexed(app: &TestApp, lang: Lang, q: &str) -> Vec<i64> {
    let query = SearchQuery {
        lang,
        text: clean_query(q),
        section_id: None,
        from: None,
        until: None,
        sort: Sort::Relevance,
        cursor: None,
        limit: 50,
    };
    let results = app.state.search.search(query, app.clock.now()).await.unwrap();
    results.hits.iter().map(|hit| hit.id).collect()
}

async fn bangla_searches_find_inflected_forms_and_conjuncts(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let seed_bn = "আফগানিস্তানের তালেবান সরকারকে আনুষ্ঠানিক স্বীকৃতি দিল রাশিয়া";
    // The base form finds the genitive in the headline ("তালেবান" ← "তালেবান"), the inflected
    // form finds the base, and a conjunct-heavy word is one word.
    for q in ["তালেবান", "তালেবানের", "আফগানিস্তান", "আফগানিস্তানে", "রাশিয়ার", "স্বীকৃতি"]
    {
        let results = search(&app, "bn", q).await;
        assert!(titles(&results).contains(&seed_bn.to_owned()), "{q} should find the seed story: {results}");
    }
    // "ঢাকায়" (in Dhaka) finds stories that say "ঢাকার" (Dhaka's).
    let dhaka = search(&app, "bn", "ঢাকায়").await;
    assert!(titles(&dhaka).iter().any(|t| t.contains("ঢাকার")), "{dhaka}");
    // Joiners and decomposed letters do not change the word.
    let with_joiner = search(&app, "bn", "তালে\u{200C}বান").await;
    assert_eq!(titles(&with_joiner), titles(&search(&app, "bn", "তালেবান").await));
    // The English edition is not searched from the Bangla one, and vice versa.
    assert_eq!(search(&app, "en", "তালেবান").await["total"], 0);
    assert!(titles(&search(&app, "bn", "Taliban").await).iter().all(|t| !t.contains("Taliban")));
    // Highlighting marks the word inside the Bangla headline, escaped text around it.
    let first = &search(&app, "bn", "তালেবানের").await["results"][0];
    assert!(first["title_html"].as_str().unwrap().contains("<mark>তালেবান</mark>"), "{first}");
}

async fn english_searches_stem_and_fold_accents(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let seed = "Russia officially recognises Afghanistan’s Taliban govt";
    for q in ["taliban", "Taliban's", "recognising", "RECOGNISED", "afghanistan", "sanction"] {
        assert!(titles(&search(&app, "en", q).await).contains(&seed.to_owned()), "{q} should find the seed story");
    }
    let id = app
        .article()
        .title("Café culture returns to Gulshan")
        .section("bangladesh")
        .published_at(app.clock.now() - 30)
        .insert()
        .await;
    app.state.search.rebuild(&app.state.db, app.clock.now()).await.unwrap();
    for q in ["cafe", "CAFÉ", "café culture", "cafés"] {
        let results = search(&app, "en", q).await;
        assert_eq!(results["results"][0]["id"], id, "{q}: {results}");
    }
    // Words that are not in any story find nothing rather than everything.
    assert_eq!(search(&app, "en", "zzyzx").await["total"], 0);
}

async fn search_pages_highlight_and_explain_empty_queries(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let page = app
        .page("/bn/search?q=%E0%A6%A4%E0%A6%BE%E0%A6%B2%E0%A7%87%E0%A6%AC%E0%A6%BE%E0%A6%A8%E0%A7%87%E0%A6%B0")
        .await;
    assert_eq!(page.attr("html", "lang"), "bn");
    assert!(page.text(".result-count").ends_with("টি খবর পাওয়া গেছে"), "{}", page.text(".result-count"));
    assert!(!page.texts(".results mark").is_empty(), "matched words are marked");
    assert_eq!(page.attr("#search-q", "value"), "তালেবানের", "the query stays in the box");
    assert!(page.html.contains(r#"<meta name="robots" content="noindex, follow">"#));
    let empty = app.page("/en/search").await;
    assert!(empty.text("main .empty").starts_with("Type a word or two"));
    assert!(empty.texts(".results li").is_empty());
    let none = app.page("/en/search?q=zzyzx").await;
    assert!(none.text("main .empty").starts_with("No stories match"));
    // Every page carries the search box.
    let home = app.page("/en/").await;
    assert_eq!(home.attr("form.header-search", "action"), "/en/search");
}

async fn query_syntax_and_odd_input_are_plain_text(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let seed = "Russia officially recognises Afghanistan’s Taliban govt";
    for q in
        ["\"Taliban\"", "taliban AND", "(taliban", "taliban)", "+taliban -", "title:taliban", "taliban~2^3", "taliban*"]
    {
        let results = search(&app, "en", q).await;
        assert!(titles(&results).contains(&seed.to_owned()), "{q:?}: {results}");
    }
    for q in ["\"", "*", "(", ")", "AND OR NOT", ":", "\\", "'; DROP TABLE articles; --", "<script>alert(1)</script>"] {
        let response =
            app.client.get(format!("{}?q={}", app.url("/api/v1/search"), urlencode(q))).send().await.unwrap();
        assert_eq!(response.status(), 200, "{q:?}");
        let page = app.get(&format!("/en/search?q={}", urlencode(q))).await;
        assert_eq!(page.status(), 200, "{q:?}");
        let html = page.text().await.unwrap();
        assert!(!html.contains("<script>alert"), "the query is escaped on the page");
    }
    // A very long query is cut, not refused.
    let long = "taliban ".repeat(150);
    let results = search(&app, "en", &long).await;
    assert_eq!(results["query"].as_str().unwrap().chars().count(), 199, "cut to 200 characters, then trimmed");
    assert!(titles(&results).contains(&seed.to_owned()));
    // Stored text with markup comes back escaped, marks only where words matched.
    let id = app.article().title("Tigers <b>roar</b> & win").published_at(app.clock.now() - 10).insert().await;
    app.state.search.rebuild(&app.state.db, app.clock.now()).await.unwrap();
    let hit = &search(&app, "en", "roar").await["results"][0];
    assert_eq!(hit["id"], id);
    assert_eq!(hit["title_html"], "Tigers &lt;b&gt;<mark>roar</mark>&lt;/b&gt; &amp; win");
}

async fn filters_sorting_and_paging_walk_every_result_once(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let day = 86_400;
    let now = app.clock.now();
    let mut ids = Vec::new();
    for i in 0..23 {
        let section = if i % 2 == 0 { "sports" } else { "economy" };
        let title = format!("Zephyrion report number {i}");
        ids.push(app.article().title(&title).section(section).published_at(now - i * day).insert().await);
    }
    app.state.search.rebuild(&app.state.db, now).await.unwrap();
    // The node's own sync, woken by the inserts, re-reads stories the rebuild already holds;
    // relevance scores move while it does, so the paging below waits for it to settle.
    while app.state.search.sync_from_db(&app.state.db, now).await.unwrap() > 0 {}
    // Newest first, seven at a time: every story exactly once, in order.
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let mut url = format!("{}?q=zephyrion&sort=newest&limit=7", app.url("/api/v1/search"));
        if let Some(c) = &cursor {
            url.push_str(&format!("&cursor={}", urlencode(c)));
        }
        let page: Value = app.client.get(url).send().await.unwrap().json().await.unwrap();
        assert_eq!(page["total"], 23);
        seen.extend(page["results"].as_array().unwrap().iter().map(|r| r["id"].as_i64().unwrap()));
        match page["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_owned()),
            None => break,
        }
    }
    assert_eq!(seen, ids, "newest first, no repeats, nothing skipped");
    // Relevance paging also covers every story once.
    let mut by_relevance = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let mut url = format!("{}?q=zephyrion+report&limit=5", app.url("/api/v1/search"));
        if let Some(c) = &cursor {
            url.push_str(&format!("&cursor={}", urlencode(c)));
        }
        let page: Value = app.client.get(url).send().await.unwrap().json().await.unwrap();
        by_relevance.extend(page["results"].as_array().unwrap().iter().map(|r| r["id"].as_i64().unwrap()));
        match page["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_owned()),
            None => break,
        }
    }
    assert_eq!(by_relevance.len(), 23, "no story twice: {by_relevance:?}");
    let mut sorted = by_relevance.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted.len(), 23, "{by_relevance:?}");
    // Equal matches: the freshness lift puts the newest first.
    assert_eq!(by_relevance[0], ids[0]);
    // Section filter.
    let sports: Value = app
        .client
        .get(app.url("/api/v1/search?q=zephyrion&section=sports&limit=50"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(sports["total"], 12);
    assert!(sports["results"].as_array().unwrap().iter().all(|r| r["section"]["slug"] == "sports"));
    // Date filter in the newsroom's days: stories of the last three local days.
    let offset = 6 * 3600;
    let today = chrono::DateTime::from_timestamp(now + offset, 0).unwrap().date_naive();
    let from = today - chrono::Days::new(2);
    let url = format!("/api/v1/search?q=zephyrion&sort=newest&from={from}&to={today}&limit=50");
    let recent: Value = app.client.get(app.url(&url)).send().await.unwrap().json().await.unwrap();
    let got: Vec<i64> = recent["results"].as_array().unwrap().iter().map(|r| r["id"].as_i64().unwrap()).collect();
    let expected: Vec<i64> = ids
        .iter()
        .enumerate()
        .filter(|(i, _)| {
            let local = chrono::DateTime::from_timestamp(now - *i as i64 * day + offset, 0).unwrap().date_naive();
            local >= from && local <= today
        })
        .map(|(_, id)| *id)
        .collect();
    assert_eq!(got, expected);
    // The page's "More results" link carries the filters on; 15 on the first page, 8 after.
    let page = app.page("/en/search?q=zephyrion&from=2000-01-01&sort=newest").await;
    assert_eq!(page.texts(".results li").len(), 15);
    let more = page.attr("a[rel=next]", "href");
    assert!(more.contains("from=2000-01-01") && more.contains("sort=newest") && more.contains("cursor="), "{more}");
    let second = app.page(&more).await;
    assert_eq!(second.texts(".results li").len(), 8);
    assert!(second.attrs("a[rel=next]", "href").is_empty());
}

async fn bad_filters_get_clear_errors(db: TestDb) {
    let app = TestApp::spawn(db).await;
    for (query, words) in [
        ("q=x&lang=fr", "lang must be en or bn"),
        ("q=x&section=nope", "no section"),
        ("q=x&from=yesterday", "YYYY-MM-DD"),
        ("q=x&to=2025-02-30", "YYYY-MM-DD"),
        ("q=x&sort=random", "relevance or newest"),
        ("q=x&cursor=r.1.2", "cursor"),
        ("q=x&limit=0", "limit"),
        ("q=x&limit=5000", "limit"),
    ] {
        let response = app.get(&format!("/api/v1/search?{query}")).await;
        assert_eq!(response.status(), 400, "{query}");
        let body: Value = response.json().await.unwrap();
        assert!(body["error"]["message"].as_str().unwrap().contains(words), "{query}: {body}");
    }
    let page = app.get("/bn/search?q=x&from=2025-13-01").await;
    assert_eq!(page.status(), 400);
    assert!(page.headers()["content-type"].to_str().unwrap().starts_with("text/html"));
    // A cursor made for one order is refused for the other.
    let cursor = "n.41d9000000000000.5.0";
    assert_eq!(app.get(&format!("/api/v1/search?q=x&cursor={cursor}")).await.status(), 400);
}

async fn the_index_follows_publish_edit_and_unpublish(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let editor = app.staff("editor", "Nadia Editor").await;
    let (status, created) = editor
        .post(
            "/api/v1/newsroom/articles",
            json!({"lang": "bn", "title": "কর্ণফুলী টানেলে নতুন রেকর্ড", "standfirst": "যানবাহন পারাপারে রেকর্ড।",
                   "body": "কর্ণফুলী টানেল দিয়ে এক দিনে সর্বোচ্চ যানবাহন পার হয়েছে।", "section": "bangladesh",
                   "byline": ["vb-desk"], "topics": []}),
        )
        .await;
    assert_eq!(status, 201, "{created}");
    let id = created["id"].as_i64().unwrap();
    // A draft is never indexed. The index is first brought up to the database as it is now
    // (the sync the background task runs), so that nothing can still be on its way; then the
    // index itself is asked, since results are checked against the database before they are shown.
    app.state.search.sync_from_db(&app.state.db, app.clock.now()).await.unwrap();
    assert_eq!(indexed(&app, Lang::Bn, "কর্ণফুলী").await, Vec::<i64>::new(), "drafts stay out of the index");
    assert_eq!(search(&app, "bn", "কর্ণফুলী").await["total"], 0, "and out of search");
    let (status, _) = editor.post(&format!("/api/v1/newsroom/articles/{id}/publish"), json!({})).await;
    assert_eq!(status, 200);
    let found = eventually(&app, "bn", "কর্ণফুলীর", |r| r["results"][0]["id"] == id).await;
    assert_eq!(found["results"][0]["id"], id, "published stories are found within seconds: {found}");
    // An edit changes what is found.
    let (_, current) = editor.get(&format!("/api/v1/newsroom/articles/{id}")).await;
    let (status, body) = editor
        .patch(
            &format!("/api/v1/newsroom/articles/{id}"),
            json!({"title": "যমুনা টানেলে নতুন রেকর্ড", "version": current["version"]}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let moved = eventually(&app, "bn", "যমুনা টানেল", |r| r["total"] == 1).await;
    assert_eq!(moved["results"][0]["id"], id);
    // Unpublished: gone, at once from results even before the index catches up.
    let (_, current) = editor.get(&format!("/api/v1/newsroom/articles/{id}")).await;
    let (status, _) =
        editor.post(&format!("/api/v1/newsroom/articles/{id}/unpublish"), json!({"version": current["version"]})).await;
    assert_eq!(status, 200);
    assert!(titles(&search(&app, "bn", "যমুনা টানেল").await).is_empty(), "unpublished stories never appear");
    let gone = eventually(&app, "bn", "যমুনা টানেল", |r| r["total"] == 0).await;
    assert_eq!(gone["total"], 0);
}

async fn a_missing_or_stale_index_is_rebuilt_from_the_database(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let published = || async {
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM articles WHERE status = 'published'")
            .fetch_one(&app.state.db.pool)
            .await
            .unwrap() as u64
    };
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("search");
    let open = || newsdesk::search::SearchIndex::open(&path, &app.state.db, app.clock.now());
    // Missing: built from the database.
    let index = open().await.unwrap();
    assert_eq!(index.len(), published().await);
    drop(index);
    // Stale: a story arrived behind the index's back (as after restoring a backup), with an
    // old timestamp that the change feed does not reach. Opening notices the count is off.
    app.article().title("Hilsa prices fall at Chandpur").published_at(app.clock.now() - 86_400).insert().await;
    let index = open().await.unwrap();
    assert_eq!(index.len(), published().await, "a stale index is rebuilt");
    drop(index);
    // Damaged: whatever is there is replaced.
    std::fs::write(path.join("meta.json"), b"{ not json").unwrap();
    let index = open().await.unwrap();
    assert_eq!(index.len(), published().await, "a damaged index is rebuilt");
    // The app's own index is held by its writer: a second writer in the same place is refused
    // rather than corrupting it.
    let app_dir = newsdesk::search::schema::dir(&app.state.config.data_dir);
    assert!(newsdesk::search::SearchIndex::open(&app_dir, &app.state.db, app.clock.now()).await.is_err());
}

/// Writes and publishes an English story through the newsroom API; returns its id.
async fn publish(editor: &StaffClient, title: &str, body: &str) -> i64 {
    let (status, created) = editor
        .post(
            "/api/v1/newsroom/articles",
            json!({"lang": "en", "title": title, "standfirst": "In brief.", "body": body, "section": "bangladesh",
                   "byline": ["vb-desk"], "topics": []}),
        )
        .await;
    assert_eq!(status, 201, "{created}");
    let id = created["id"].as_i64().unwrap();
    let (status, _) = editor.post(&format!("/api/v1/newsroom/articles/{id}/publish"), json!({})).await;
    assert_eq!(status, 200);
    id
}

async fn every_node_finds_what_another_node_published(db: TestDb) {
    let first = TestApp::spawn(db).await;
    let second = first.another_node().await;
    let editor = first.staff("editor", "Nadia Editor").await;
    let id = publish(&editor, "Karnaphuli tunnel toll revenue doubles", "The Karnaphuli tunnel carried twice as many.")
        .await;
    // The second node hears of it from the database within its sync interval.
    let found = eventually(&second, "en", "karnaphuli", |r| r["total"] == 1).await;
    assert_eq!(found["results"][0]["id"], id, "{found}");
    let (_, current) = editor.get(&format!("/api/v1/newsroom/articles/{id}")).await;
    let (status, _) =
        editor.post(&format!("/api/v1/newsroom/articles/{id}/unpublish"), json!({"version": current["version"]})).await;
    assert_eq!(status, 200);
    assert!(titles(&search(&second, "en", "karnaphuli").await).is_empty(), "never shown once unpublished");
    let gone = eventually(&second, "en", "karnaphuli", |r| r["total"] == 0).await;
    assert_eq!(gone["total"], 0, "and gone from the other node's index too");
}

async fn a_node_whose_clock_runs_ahead_still_sees_changes(db: TestDb) {
    let first = TestApp::spawn(db).await;
    let second = first.another_node().await;
    // The second node's clock is a minute ahead: the first node's stamps look a minute old to it.
    second.clock.advance(60);
    let editor = first.staff("editor", "Nadia Editor").await;
    let id = publish(&editor, "Ferry services resume on the Meghna", "Ferry services resumed after the storm.").await;
    let found = eventually(&second, "en", "meghna ferry", |r| r["results"][0]["id"] == id).await;
    assert_eq!(found["results"][0]["id"], id, "{found}");
}
