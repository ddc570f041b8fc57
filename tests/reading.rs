//! Reader pages: the seed article, editions, lists, redirects, locale.

use newsdesk::clock::Clock;

use crate::helpers::{Options, TestApp, TestDb};

crate::on_both_databases!(
    the_seed_article_reads_like_the_seed_page,
    an_article_with_a_wrong_or_missing_slug_moves_permanently_to_its_canonical_address,
    an_article_asked_for_in_the_other_edition_moves_to_its_own_edition,
    bangla_articles_show_bangla_dates_digits_and_interface,
    translations_link_to_each_other_with_hreflang,
    the_edition_home_has_lead_latest_section_blocks_and_trending,
    the_root_serves_the_default_edition_with_its_canonical_address,
    section_fronts_page_through_the_archive_by_keyset,
    topic_and_author_pages_list_their_stories,
    bangla_topic_pages_work_at_percent_encoded_addresses,
    every_page_type_has_lang_title_description_and_canonical,
    sample_content_loads_once_and_can_be_switched_off,
    the_first_admin_is_created_with_an_argon2id_hash,
    assets_are_served_with_long_lived_cache_headers,
);

const SEED_PATH: &str = "/en/news/1/russia-officially-recognises-afghanistans-taliban-govt";

async fn the_seed_article_reads_like_the_seed_page(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let page = app.page(SEED_PATH).await;

    assert_eq!(page.text("h1"), "Russia officially recognises Afghanistan’s Taliban govt");
    assert_eq!(page.text(".byline"), "VB Desk, International");
    assert_eq!(page.attr(".byline a.author", "href"), "/en/authors/vb-desk");
    assert_eq!(page.attr(".byline a.section", "href"), "/en/category/international");
    assert_eq!(page.attr(".logo img", "alt"), "Views Bangladesh Logo");
    let paragraphs = page.texts(".article-body p");
    assert_eq!(paragraphs.len(), 11, "every paragraph of the seed");
    assert!(paragraphs[0].starts_with("Russia has accepted the credentials of Afghanistan’s new ambassador"));
    assert_eq!(paragraphs[4], "“Now that the recognition process has begun, Russia has been ahead of everyone.”");
    assert!(
        paragraphs[10].ends_with("urged Moscow to adopt a “pragmatic, non-ideological policy” toward the Taliban.")
    );
    assert_eq!(page.text("#leave-comment"), "Leave A Comment");
    assert_eq!(page.text(".login-note a"), "You need login first to leave a comment");
    assert_eq!(
        page.attr(".login-note a", "href"),
        "/login?next=%2Fen%2Fnews%2F1%2Frussia-officially-recognises-afghanistans-taliban-govt%23comments"
    );
    assert_eq!(page.text(".trending h2"), "Trending Views");
    assert!(!page.texts(".trending li").is_empty());
    assert!(page.texts(".topics a").contains(&"Taliban".to_owned()));
    let published = page.attrs(".dates time", "datetime");
    assert!(published[0].ends_with("+06:00"), "times in the newsroom's zone: {published:?}");
}

async fn an_article_with_a_wrong_or_missing_slug_moves_permanently_to_its_canonical_address(db: TestDb) {
    let app = TestApp::spawn(db).await;
    for path in ["/en/news/1/old-headline", "/en/news/1", "/en/news/1/"] {
        let response = app.get(path).await;
        assert_eq!(response.status(), 301, "{path}");
        assert_eq!(response.headers()["location"], SEED_PATH, "{path}");
    }
}

async fn an_article_asked_for_in_the_other_edition_moves_to_its_own_edition(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let response = app.get("/bn/news/1/russia-officially-recognises-afghanistans-taliban-govt").await;
    assert_eq!(response.status(), 301);
    assert_eq!(response.headers()["location"], SEED_PATH);
}

async fn bangla_articles_show_bangla_dates_digits_and_interface(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let path = app.sample_path("bn-seed").await;
    let page = app.page(&path).await;

    assert!(page.html.contains("<html lang=\"bn\">"));
    let published = page.texts(".dates time");
    assert!(published[0].chars().any(|c| ('০'..='৯').contains(&c)), "Bangla digits: {published:?}");
    assert!(!published[0].chars().any(|c| c.is_ascii_digit()), "no ASCII digits: {published:?}");
    assert_eq!(page.text("#leave-comment"), "মন্তব্য করুন");
    assert_eq!(page.text(".byline .author"), "ভিবি ডেস্ক");
    assert_eq!(page.text(".trending h2"), "সর্বাধিক পঠিত");
    // Bangla pages preload the self-hosted Bengali font, regular and bold.
    let fonts = page.attrs("link[rel=preload][as=font]", "href");
    assert_eq!(fonts.len(), 2);
    for font in fonts {
        let response = app.get(&font).await;
        assert_eq!(response.status(), 200);
        assert_eq!(response.headers()["content-type"], "font/woff2");
        assert!(response.bytes().await.unwrap().starts_with(b"wOF2"), "{font} is a WOFF2 file");
    }
}

async fn translations_link_to_each_other_with_hreflang(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let bn_path = app.sample_path("bn-seed").await;
    let en = app.page(SEED_PATH).await;
    assert_eq!(en.attr(".translation a", "href"), bn_path);
    assert_eq!(en.attr("link[rel=alternate][hreflang=bn]", "href"), app.url(&bn_path));
    let bn = app.page(&bn_path).await;
    assert_eq!(bn.attr(".translation a", "href"), SEED_PATH);
    assert_eq!(bn.attr("link[rel=alternate][hreflang=en]", "href"), app.url(SEED_PATH));
}

async fn the_edition_home_has_lead_latest_section_blocks_and_trending(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let newest = app.article().section("sports").title("Shakib returns for the final Test").insert().await;
    let page = app.page("/en/").await;

    assert_eq!(page.text(".lead h2"), "Shakib returns for the final Test");
    assert_eq!(page.attr(".lead h2 a", "href"), format!("/en/news/{newest}/shakib-returns-for-the-final-test"));
    assert_eq!(page.texts(".latest .story").len(), 6);
    let blocks = page.texts(".block h2");
    for section in ["Bangladesh", "International", "Sports", "Opinion"] {
        assert!(blocks.contains(&section.to_owned()), "{section} block in {blocks:?}");
    }
    assert!(page.attrs(".see-more a", "href").contains(&"/en/category/international".to_owned()));
    assert!(page.texts(".see-more a").iter().all(|t| t.starts_with("See more")));
    assert!(page.texts(".trending li").len() >= 5);
    // The Bangla home shows Bangla stories only.
    let bn = app.page("/bn/").await;
    assert!(bn.text(".lead h2").chars().any(|c| ('\u{0980}'..='\u{09FF}').contains(&c)));
}

async fn the_root_serves_the_default_edition_with_its_canonical_address(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let page = app.page("/").await;
    assert_eq!(page.attr("link[rel=canonical]", "href"), app.url("/en/"));
    let response = app.get("/bn").await;
    assert_eq!(response.status(), 301);
    assert_eq!(response.headers()["location"], "/bn/");
}

async fn section_fronts_page_through_the_archive_by_keyset(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let now = app.clock.now();
    // The section front's lead heads its first page; the list below it holds a page of others.
    let stories = |page: &crate::helpers::Page| page.texts(".lead h2, .stories .story h3");
    let before: usize = stories(&app.page("/en/category/technology").await).len();
    for i in 0..25 {
        // Two stories share each timestamp, so the id must break ties.
        app.article()
            .section("technology")
            .title(&format!("Chip plant update {i}"))
            .published_at(now - 7200 - (i / 2) * 60)
            .insert()
            .await;
    }
    let first = app.page("/en/category/technology").await;
    assert_eq!(first.texts(".stories .story h3").len(), 20, "a page of stories under the lead");
    let titles_1 = stories(&first);
    assert_eq!(first.text("h1"), "Technology");
    assert_eq!(first.attr(".main-nav .active a", "href"), "/en/category/technology");
    let older = first.attr("a[rel=next]", "href");
    assert!(older.starts_with("/en/category/technology?cursor="), "{older}");

    let second = app.page(&older).await;
    assert!(second.texts(".lead").is_empty(), "later pages have no lead");
    let titles_2 = stories(&second);
    assert_eq!(titles_1.len() + titles_2.len(), 25 + before, "every story once");
    assert!(titles_2.iter().all(|t| !titles_1.contains(t)), "no story on both pages");
    assert!(second.attrs("a[rel=next]", "href").is_empty(), "the last page has no older link");
    let dates: Vec<String> = first
        .attrs(".lead time, .stories time", "datetime")
        .into_iter()
        .chain(second.attrs(".stories time", "datetime"))
        .collect();
    let mut sorted = dates.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(dates, sorted, "newest first across pages");
}

async fn topic_and_author_pages_list_their_stories(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let topic = app.page("/en/topic/taliban").await;
    assert_eq!(topic.text("h1"), "Taliban");
    assert!(topic.texts(".story h3").contains(&"Russia officially recognises Afghanistan’s Taliban govt".to_owned()));

    let desk = app.page("/en/authors/vb-desk").await;
    assert_eq!(desk.text("h1"), "VB Desk");
    assert_eq!(desk.text(".kicker"), "Desk");
    let titles = desk.texts(".story h3");
    assert!(titles.contains(&"Russia officially recognises Afghanistan’s Taliban govt".to_owned()));
    // The English author page lists English stories only.
    assert!(titles.iter().all(|t| !t.chars().any(|c| ('\u{0980}'..='\u{09FF}').contains(&c))));
    let bn_desk = app.page("/bn/authors/vb-desk").await;
    assert_eq!(bn_desk.text("h1"), "ভিবি ডেস্ক");
    assert!(!bn_desk.texts(".story h3").is_empty());
}

async fn bangla_topic_pages_work_at_percent_encoded_addresses(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let path = app.sample_path("bn-seed").await;
    let article = app.page(&path).await;
    let topic_link = article.attrs(".topics a", "href").into_iter().next().expect("a topic");
    assert!(topic_link.starts_with("/bn/topic/%E0%A6"), "{topic_link}");
    let topic = app.page(&topic_link).await;
    assert!(topic.texts(".story a").iter().any(|t| article.text("h1") == *t));
}

async fn every_page_type_has_lang_title_description_and_canonical(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let bn_article = app.sample_path("bn-seed").await;
    for (path, lang) in [
        ("/en/", "en"),
        ("/bn/", "bn"),
        (SEED_PATH, "en"),
        (bn_article.as_str(), "bn"),
        ("/en/category/politics", "en"),
        ("/bn/category/politics", "bn"),
        ("/en/topic/taliban", "en"),
        ("/en/authors/vb-desk", "en"),
        ("/en/trending-views", "en"),
        ("/bn/trending-views", "bn"),
    ] {
        let page = app.page(path).await;
        assert!(page.html.contains(&format!("<html lang=\"{lang}\">")), "{path}");
        assert!(
            page.text("title").contains("Views Bangladesh") || page.text("title").contains("ভিউজ বাংলাদেশ"),
            "{path}"
        );
        assert!(!page.attr("meta[name=description]", "content").is_empty(), "{path}");
        assert_eq!(page.attr("link[rel=canonical]", "href"), app.url(path.split('?').next().unwrap()), "{path}");
        assert_eq!(page.texts("h1").len(), 1, "{path} has one h1");
    }
}

async fn sample_content_loads_once_and_can_be_switched_off(db: TestDb) {
    let app = TestApp::spawn(db.clone()).await;
    let count = |app: &TestApp| {
        let pool = app.state.db.pool.clone();
        async move { sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM articles").fetch_one(&pool).await.unwrap() }
    };
    let before = count(&app).await;
    assert!(before >= 16, "the seed and at least 15 more");
    let again = newsdesk::sample::load(&app.state.db, &app.state.config.media_dir, app.clock.now()).await.unwrap();
    assert_eq!(again, 0);
    assert_eq!(count(&app).await, before);
    let sections: i64 = sqlx::query_scalar("SELECT COUNT(DISTINCT section_id) FROM articles")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    assert!(sections >= 5);

    let empty = TestApp::spawn_with(db, Options { sample_content: false, ..Options::default() }).await;
    assert_eq!(count(&empty).await, 0);
    let page = empty.page("/en/").await;
    assert_eq!(page.text(".empty"), "There are no stories here yet.");
}

async fn the_first_admin_is_created_with_an_argon2id_hash(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let (role, hash): (String, String) = sqlx::query_as("SELECT role, password_hash FROM users WHERE email = $1")
        .bind(&app.admin_email)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    assert_eq!(role, "admin");
    assert!(hash.starts_with("$argon2id$"));
    assert!(newsdesk::accounts::model::verify_password("admin password for tests", &hash));
    // A second start does not create a second admin.
    let notice =
        newsdesk::accounts::ensure_first_admin(&app.state.db, &app.state.config, app.clock.now()).await.unwrap();
    assert!(matches!(notice, newsdesk::accounts::AdminNotice::Exists { .. }));
}

async fn assets_are_served_with_long_lived_cache_headers(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let page = app.page("/en/").await;
    for href in [page.attr("link[rel=stylesheet]", "href"), page.attr(".logo img", "src")] {
        let response = app.get(&href).await;
        assert_eq!(response.status(), 200, "{href}");
        assert_eq!(response.headers()["cache-control"], "public, max-age=31536000, immutable");
    }
    let css = app.get(&page.attr("link[rel=stylesheet]", "href")).await.text().await.unwrap();
    assert!(
        css.contains("Noto Sans Bengali") && css.contains(".woff2"),
        "the stylesheet points at the self-hosted font"
    );
    assert_eq!(app.get("/assets/site.0000000000.css").await.status(), 404);
}
