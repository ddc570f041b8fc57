//! `newsdesk import wordpress` on real WordPress exports (`../shared/wxr/` beside the
//! repository), run as the operator runs it, beside a running server: a dry run reports and
//! changes nothing; an import brings stories, pages, sections, topics, bylines, images and
//! comments across, keeps every old address working, and can be run again or killed midway
//! without doubling or breaking anything; hostile and broken files are refused with a reason.

use std::collections::HashSet;
use std::path::Path;
use std::process::Command;

use newsdesk::config::DatabaseUrl;
use sqlx::Row;

use crate::helpers::{TestApp, TestDb};

crate::on_both_databases!(
    the_theme_unit_test_export_comes_across_with_its_threads_images_and_old_addresses,
    running_the_same_export_again_imports_nothing_twice_and_adds_new_comments,
    a_bilingual_polylang_export_goes_to_both_editions_with_translation_links,
    bangla_posts_keep_bangla_slugs_and_their_sections_topics_and_bylines,
    co_authors_and_seo_fields_come_across,
    a_killed_import_loses_nothing_reported_and_leaves_no_half_story,
    refused_exports_import_nothing,
);

/// The export `name` of `shared/wxr`.
fn export(name: &str) -> String {
    let path = format!("{}/../shared/wxr/{name}", env!("CARGO_MANIFEST_DIR"));
    assert!(std::path::Path::new(&path).is_file(), "the WordPress export {path} is expected beside the repository");
    path
}

/// Runs the command on `file` with a fresh data directory: success, output, the data directory.
fn dry_run(file: &str, extra: &[&str]) -> (bool, String, tempfile::TempDir) {
    let data = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_newsdesk"))
        .args(["import", "wordpress", file])
        .args(extra)
        .arg("--data-dir")
        .arg(data.path())
        .env_remove("NEWSDESK_DATABASE_URL")
        .env_remove("NEWSDESK_DATA_DIR")
        .output()
        .unwrap();
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    (out.status.success(), text, data)
}

#[test]
fn a_dry_run_reports_what_the_theme_unit_test_export_holds_and_writes_the_report() {
    let (ok, out, data) =
        dry_run(&export("wordpress-importer__phpunit__data__theme-unit-test-data.xml"), &["--dry-run"]);
    assert!(ok, "{out}");
    assert!(out.contains("dry run: nothing was changed"), "{out}");
    let stories = out.lines().find(|l| l.trim_start().starts_with("stories")).unwrap_or_default();
    assert!(stories.contains("published") && stories.contains("1 scheduled"), "{out}");
    assert!(out.contains("1 had a password and come in unpublished"), "{out}");
    assert!(out.contains("1 sticky"), "{out}");
    assert!(out.contains("  stories   58 (1 draft, 55 published, 1 scheduled, 1 unpublished)\n"), "{out}");
    assert!(
        out.contains("  pages     21\n") && out.contains("  sections  68\n") && out.contains("  images    37\n"),
        "{out}"
    );
    assert!(out.contains("items of type “nav_menu_item”: 70"), "menu items are skipped and counted: {out}");
    let reports: Vec<_> = std::fs::read_dir(data.path()).unwrap().flatten().map(|e| e.path()).collect();
    assert_eq!(reports.len(), 1, "{reports:?}");
    let saved = std::fs::read_to_string(&reports[0]).unwrap();
    assert!(out.contains(&saved), "the file holds the report shown");
    assert!(!data.path().join("newsdesk.db").exists(), "a dry run opens no database");
}

#[test]
fn a_bilingual_polylang_export_is_counted_by_language() {
    let (ok, out, _data) = dry_run(&export("parchlinux.com__wordpress-export.xml"), &["--dry-run"]);
    assert!(ok, "{out}");
    assert!(out.contains("languages"), "{out}");
    let languages = out.lines().find(|l| l.trim_start().starts_with("languages")).unwrap_or_default();
    assert_eq!(languages.trim(), "languages 7 en, 19 fa", "{out}");
}

#[test]
fn hostile_and_broken_files_are_refused_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let laughs = dir.path().join("laughs.xml");
    std::fs::write(
        &laughs,
        "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;\">]>\
         <rss><channel><wp:wxr_version>1.2</wp:wxr_version><title>&lol2;</title></channel></rss>",
    )
    .unwrap();
    let not_xml = dir.path().join("notes.xml");
    std::fs::write(&not_xml, "just some notes, not an export").unwrap();
    for (file, reason) in [
        (laughs.display().to_string(), "DOCTYPE"),
        (not_xml.display().to_string(), "not a WordPress export"),
        (export("wordpress-importer__phpunit__data__invalid-version-tag.xml"), "not a WordPress export"),
        (export("wordpress-importer__phpunit__data__missing-version-tag.xml"), "not a WordPress export"),
        (dir.path().join("missing.xml").display().to_string(), "cannot open"),
    ] {
        let (ok, out, data) = dry_run(&file, &["--dry-run"]);
        assert!(!ok, "{file}: {out}");
        assert!(out.contains(reason), "{file}: {out}");
        assert_eq!(std::fs::read_dir(data.path()).unwrap().count(), 0, "{file}: nothing written");
    }
}

/// Runs `newsdesk import wordpress FILE ARGS…` on the app's database and media directory.
fn import(app: &TestApp, file: &str, extra: &[&str]) -> (bool, String) {
    let out = import_command(app, file, extra).output().unwrap();
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    (out.status.success(), text)
}

fn import_command(app: &TestApp, file: &str, extra: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_newsdesk"));
    command.args(["import", "wordpress", file]).args(extra).env_remove("NEWSDESK_DATABASE_URL");
    command.env_remove("NEWSDESK_DATA_DIR").env_remove("NEWSDESK_MEDIA_DIR");
    command.arg("--media-dir").arg(&app.state.config.media_dir);
    match &app.state.config.database {
        DatabaseUrl::Sqlite(path) => command.arg("--data-dir").arg(path.parent().unwrap()),
        DatabaseUrl::Postgres(url) => {
            command.arg("--database-url").arg(url).arg("--data-dir").arg(app.state.config.media_dir.parent().unwrap())
        }
    };
    command
}

/// A copy of an old site's `wp-content/uploads` for an export: a small picture at the path of
/// every attachment and every image its posts show.
fn uploads_for(file: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let input = std::io::BufReader::new(std::fs::File::open(file).unwrap());
    let mut reader = newsdesk::import::wxr::Reader::new(input).unwrap();
    let mut paths = HashSet::new();
    for item in reader.by_ref().flatten() {
        let attached = item.postmeta.iter().find(|(k, _)| k == "_wp_attached_file").map(|(_, v)| v.clone());
        paths.extend(attached.and_then(|p| newsdesk::import::model::upload_path(&p)));
        paths.extend(newsdesk::import::model::upload_path(&item.attachment_url));
        for (address, _) in newsdesk::import::content::images(&item.content) {
            paths.extend(newsdesk::import::model::upload_path(&address));
        }
    }
    for path in paths {
        let file = dir.path().join(path);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(file, crate::media::png(64, 48)).unwrap();
    }
    dir
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    sqlx::query_scalar(sqlx::AssertSqlSafe(sql.to_owned())).fetch_one(&app.state.db.pool).await.unwrap()
}

/// The new id of an item of the old site.
async fn new_id(app: &TestApp, kind: &str, old_id: &str) -> i64 {
    sqlx::query_scalar("SELECT new_id FROM import_items WHERE kind = $1 AND old_id = $2")
        .bind(kind)
        .bind(old_id)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap_or_else(|e| panic!("{kind} {old_id} was not imported: {e}"))
}

/// Where an old address leads: the `Location` of its 301.
async fn leads_to(app: &TestApp, path: &str) -> String {
    let response = app.get(path).await;
    assert_eq!(response.status(), 301, "{path} is a redirect");
    response.headers()["location"].to_str().unwrap().to_owned()
}

async fn the_theme_unit_test_export_comes_across_with_its_threads_images_and_old_addresses(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let file = export("wordpress-importer__phpunit__data__theme-unit-test-data.xml");
    let uploads = uploads_for(&file);
    let sitemap = app.get("/sitemaps/pages.xml").await.text().await.unwrap();
    assert!(!sitemap.contains("/en/category/classic"), "kept by the page cache before the import: {sitemap}");
    let (ok, out) = import(&app, &file, &["--uploads", uploads.path().to_str().unwrap()]);
    assert!(ok, "{out}");
    assert!(out.contains("  stories    58 / 0\n") && out.contains("  pages      21 / 0\n"), "{out}");
    assert!(out.contains("failed: 0\n"), "{out}");

    // Stories in their status.
    let statuses = sqlx::query(
        "SELECT a.status, COUNT(*) AS n FROM import_items i JOIN articles a ON a.id = i.new_id \
         WHERE i.kind = 'post' GROUP BY a.status ORDER BY a.status",
    )
    .fetch_all(&app.state.db.pool)
    .await
    .unwrap();
    let statuses: Vec<(String, i64)> = statuses.iter().map(|r| (r.get("status"), r.get("n"))).collect();
    assert_eq!(
        statuses,
        [("draft".into(), 1), ("published".into(), 55), ("scheduled".into(), 1), ("unpublished".into(), 1)]
    );
    assert_eq!(count(&app, "SELECT COUNT(*) FROM import_items WHERE kind = 'page'").await, 21);
    // 37 attachments: 35 pictures, an audio file and a video, which are not brought across.
    assert_eq!(count(&app, "SELECT COUNT(*) FROM import_items WHERE kind = 'attachment'").await, 35);
    assert!(out.contains("attachments that are not pictures (.mp3): 1"), "{out}");

    // A story by every one of its old addresses, its comments threaded.
    let story = new_id(&app, "post", "1148").await;
    let path = leads_to(&app, "/2012/01/03/template-comments/").await;
    assert_eq!(path, format!("/en/news/{story}/template-comments"));
    assert_eq!(leads_to(&app, "/2012/01/03/template-comments").await, path, "without the slash too");
    assert_eq!(leads_to(&app, "/?p=1148").await, path);
    assert_eq!(leads_to(&app, "/2012/01/03/template-comments/feed/").await, path);
    let page = app.page(&path).await;
    assert_eq!(page.text("h1"), "Template: Comments");
    let reply_parent: Option<i64> = sqlx::query_scalar("SELECT parent_id FROM comments WHERE id = $1")
        .bind(new_id(&app, "comment", "906").await)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    assert_eq!(reply_parent, Some(new_id(&app, "comment", "904").await), "a reply to a reply joins its thread");
    let api = app.json(&format!("/api/v1/articles/{story}/comments")).await;
    let authors: Vec<&str> = api["comments"].as_array().unwrap().iter().filter_map(|c| c["author"].as_str()).collect();
    assert!(authors.len() >= 10 && !authors.contains(&"Imported comments"), "{authors:?}");

    // Sections, topics, bylines, feeds and pages by their old archives.
    assert_eq!(leads_to(&app, "/category/classic/").await, "/en/category/classic");
    assert_eq!(leads_to(&app, "/?p=1148&utm_source=x").await, path);
    assert!(leads_to(&app, "/tag/template/").await.starts_with("/en/topic/template"));
    assert!(leads_to(&app, "/author/themedemos/").await.starts_with("/en/authors/"));
    assert_eq!(leads_to(&app, "/feed/").await, "/en/feed.xml");
    assert_eq!(leads_to(&app, "/about/").await, "/en/about");
    assert_eq!(app.get("/en/about").await.status(), 200);
    assert_eq!(app.get("/2012/01/03/no-such-post/").await.status(), 404, "other addresses stay 404");
    let draft = app.get("/?p=1164").await;
    assert_eq!(draft.status(), 302, "a draft's old address tells nothing of it");
    assert_eq!(draft.headers()["location"], "/");

    // A featured image, re-encoded into the library.
    let featured = new_id(&app, "post", "1011").await;
    let image: Option<i64> = sqlx::query_scalar("SELECT image_id FROM articles WHERE id = $1")
        .bind(featured)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    let image = image.expect("the featured image came across");
    let media_path: String = sqlx::query_scalar("SELECT path FROM media WHERE id = $1")
        .bind(image)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    assert!(app.state.config.media_dir.join(&media_path).is_file());

    // The kept sitemap is dropped once the server sees the import's mark (its scheduler's tick).
    let waited = std::time::Instant::now();
    loop {
        let sitemap = app.get("/sitemaps/pages.xml").await.text().await.unwrap();
        if sitemap.contains("/en/category/classic") {
            break;
        }
        assert!(waited.elapsed().as_secs() < 40, "the sitemap never listed the imported sections: {sitemap}");
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    }

    // Search has them once the index syncs.
    app.state.search.sync_from_db(&app.state.db, newsdesk::clock::Clock::now(app.clock.as_ref())).await.unwrap();
    let found = app.json("/api/v1/search?q=template%20comments&lang=en").await;
    assert!(found.to_string().contains(&format!("/en/news/{story}/")), "{found}");
}

async fn running_the_same_export_again_imports_nothing_twice_and_adds_new_comments(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let file = export("wordpress-importer__phpunit__data__theme-unit-test-data.xml");
    let (ok, out) = import(&app, &file, &[]);
    assert!(ok, "{out}");
    let tables = "SELECT (SELECT COUNT(*) FROM articles) + 1000 * (SELECT COUNT(*) FROM comments) \
                  + 1000000 * (SELECT COUNT(*) FROM redirects) + 100000000 * (SELECT COUNT(*) FROM site_pages)";
    let before = count(&app, tables).await;

    let (ok, out) = import(&app, &file, &[]);
    assert!(ok, "{out}");
    assert!(out.contains("  stories    0 / 58\n") && out.contains("  pages      0 / 21\n"), "{out}");
    assert_eq!(count(&app, tables).await, before, "nothing was imported twice");

    // The site was exported again later, with one more comment on a story.
    let text = std::fs::read_to_string(&file).unwrap();
    let at = text.find("<wp:comment_id>881</wp:comment_id>").unwrap();
    let start = text[..at].rfind("<wp:comment>").unwrap();
    let later = format!(
        "{}<wp:comment><wp:comment_id>99001</wp:comment_id><wp:comment_author><![CDATA[Late Reader]]></wp:comment_author>\
         <wp:comment_date_gmt>2024-01-01 10:00:00</wp:comment_date_gmt><wp:comment_content><![CDATA[Still true today.]]>\
         </wp:comment_content><wp:comment_approved>1</wp:comment_approved><wp:comment_parent>881</wp:comment_parent>\
         </wp:comment>{}",
        &text[..start],
        &text[start..]
    );
    let dir = tempfile::tempdir().unwrap();
    let again = dir.path().join("later.xml");
    std::fs::write(&again, later).unwrap();
    let (ok, out) = import(&app, again.to_str().unwrap(), &[]);
    assert!(ok, "{out}");
    assert!(out.contains("  comments   1 / "), "{out}");
    let story = new_id(&app, "post", "1148").await;
    let page = app.get(&format!("/api/v1/articles/{story}/comments")).await.text().await.unwrap();
    assert!(page.contains("Still true today.") && page.contains("Late Reader"), "{page}");
}

async fn a_bilingual_polylang_export_goes_to_both_editions_with_translation_links(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let file = export("parchlinux.com__wordpress-export.xml");
    let (ok, out) = import(&app, &file, &[]);
    assert!(ok, "{out}");
    assert!(out.contains("posts in “fa”, which has no edition (map it: --language fa=bn): 19"), "{out}");
    assert!(out.contains("  stories    7 / 0\n"), "{out}");

    let (ok, out) = import(&app, &file, &["--language", "fa=bn"]);
    assert!(ok, "{out}");
    assert!(out.contains("  stories    19 / 7\n"), "{out}");
    let rows = sqlx::query(
        "SELECT a.id, a.lang, a.translation_id, t.lang AS other_lang, t.translation_id AS back FROM import_items i \
         JOIN articles a ON a.id = i.new_id JOIN articles t ON t.id = a.translation_id WHERE i.kind = 'post'",
    )
    .fetch_all(&app.state.db.pool)
    .await
    .unwrap();
    assert!(rows.len() >= 2, "translations are linked");
    for row in &rows {
        let (lang, other): (String, String) = (row.get("lang"), row.get("other_lang"));
        assert_ne!(lang, other, "a translation is in the other edition");
        assert_eq!(row.get::<Option<i64>, _>("back"), Some(row.get::<i64, _>("id")), "linked both ways");
    }
    let bn = count(&app, "SELECT COUNT(*) FROM import_items i JOIN articles a ON a.id = i.new_id WHERE i.kind = 'post' AND a.lang = 'bn'").await;
    assert_eq!(bn, 19);
}

/// A small export of a Bangla site, as WordPress writes it (slugs percent-encoded).
const BANGLA_EXPORT: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
<title>দৈনিক খবর</title>
<link>https://khobor.example.com</link>
<wp:wxr_version>1.2</wp:wxr_version>
<wp:base_site_url>https://khobor.example.com</wp:base_site_url>
<wp:base_blog_url>https://khobor.example.com</wp:base_blog_url>
<wp:author><wp:author_id>2</wp:author_id><wp:author_login><![CDATA[rahim]]></wp:author_login><wp:author_email><![CDATA[rahim@example.com]]></wp:author_email><wp:author_display_name><![CDATA[রহিম উদ্দিন]]></wp:author_display_name></wp:author>
<wp:category><wp:term_id>7</wp:term_id><wp:category_nicename><![CDATA[%e0%a6%a6%e0%a7%87%e0%a6%b6]]></wp:category_nicename><wp:category_parent><![CDATA[]]></wp:category_parent><wp:cat_name><![CDATA[দেশ]]></wp:cat_name></wp:category>
<item>
<title><![CDATA[ঢাকায় ভারী বৃষ্টি]]></title>
<link>https://khobor.example.com/%e0%a6%a6%e0%a7%87%e0%a6%b6/%e0%a6%a2%e0%a6%be%e0%a6%95%e0%a6%be%e0%a7%9f-%e0%a6%ac%e0%a7%83%e0%a6%b7%e0%a7%8d%e0%a6%9f%e0%a6%bf/</link>
<dc:creator><![CDATA[rahim]]></dc:creator>
<guid isPermaLink="false">https://khobor.example.com/?p=41</guid>
<content:encoded><![CDATA[রাজধানীতে আজ সকাল থেকে ভারী বৃষ্টি হচ্ছে।

অনেক সড়কে পানি জমেছে। <a href="https://khobor.example.com/?p=42">আগের খবর</a>]]></content:encoded>
<excerpt:encoded><![CDATA[সকাল থেকে বৃষ্টি]]></excerpt:encoded>
<wp:post_id>41</wp:post_id>
<wp:post_date><![CDATA[2024-06-01 14:00:00]]></wp:post_date>
<wp:post_date_gmt><![CDATA[2024-06-01 08:00:00]]></wp:post_date_gmt>
<wp:post_name><![CDATA[%e0%a6%a2%e0%a6%be%e0%a6%95%e0%a6%be%e0%a7%9f-%e0%a6%ac%e0%a7%83%e0%a6%b7%e0%a7%8d%e0%a6%9f%e0%a6%bf]]></wp:post_name>
<wp:status><![CDATA[publish]]></wp:status>
<wp:post_type><![CDATA[post]]></wp:post_type>
<category domain="category" nicename="%e0%a6%a6%e0%a7%87%e0%a6%b6"><![CDATA[দেশ]]></category>
<category domain="post_tag" nicename="%e0%a6%86%e0%a6%ac%e0%a6%b9%e0%a6%be%e0%a6%93%e0%a6%af%e0%a6%bc%e0%a6%be"><![CDATA[আবহাওয়া]]></category>
<wp:comment><wp:comment_id>5</wp:comment_id><wp:comment_author><![CDATA[করিম]]></wp:comment_author><wp:comment_date_gmt>2024-06-01 09:00:00</wp:comment_date_gmt><wp:comment_content><![CDATA[সাবধানে চলুন।]]></wp:comment_content><wp:comment_approved>1</wp:comment_approved><wp:comment_parent>0</wp:comment_parent></wp:comment>
<wp:comment><wp:comment_id>6</wp:comment_id><wp:comment_author><![CDATA[spammer]]></wp:comment_author><wp:comment_content><![CDATA[buy now]]></wp:comment_content><wp:comment_approved>spam</wp:comment_approved><wp:comment_parent>0</wp:comment_parent></wp:comment>
<wp:comment><wp:comment_id>7</wp:comment_id><wp:comment_author><![CDATA[রুমা]]></wp:comment_author><wp:comment_date_gmt>2024-06-01 10:00:00</wp:comment_date_gmt><wp:comment_content><![CDATA[অপেক্ষায় আছি]]></wp:comment_content><wp:comment_approved>0</wp:comment_approved><wp:comment_parent>5</wp:comment_parent></wp:comment>
</item>
<item>
<title><![CDATA[আগের খবর]]></title>
<link>https://khobor.example.com/?p=42</link>
<dc:creator><![CDATA[rahim]]></dc:creator>
<guid isPermaLink="false">https://khobor.example.com/?p=42</guid>
<content:encoded><![CDATA[পুরনো খবর।]]></content:encoded>
<wp:post_id>42</wp:post_id>
<wp:post_date_gmt><![CDATA[2024-05-01 08:00:00]]></wp:post_date_gmt>
<wp:post_name><![CDATA[]]></wp:post_name>
<wp:status><![CDATA[publish]]></wp:status>
<wp:post_type><![CDATA[post]]></wp:post_type>
<category domain="category" nicename="%e0%a6%a6%e0%a7%87%e0%a6%b6"><![CDATA[দেশ]]></category>
</item>
</channel>
</rss>
"#;

async fn bangla_posts_keep_bangla_slugs_and_their_sections_topics_and_bylines(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("khobor.xml");
    std::fs::write(&file, BANGLA_EXPORT).unwrap();
    let (ok, out) = import(&app, file.to_str().unwrap(), &["--edition", "bn"]);
    assert!(ok, "{out}");
    assert!(out.contains("  stories    2 / 0\n") && out.contains("  comments   2 / 0\n"), "{out}");

    let story = new_id(&app, "post", "41").await;
    let slug: String = sqlx::query_scalar("SELECT slug FROM articles WHERE id = $1")
        .bind(story)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    assert_eq!(slug, "ঢাকায়-বৃষ্টি", "the old slug, decoded: Bangla stays Bangla");
    let old = "/%e0%a6%a6%e0%a7%87%e0%a6%b6/%e0%a6%a2%e0%a6%be%e0%a6%95%e0%a6%be%e0%a7%9f-%e0%a6%ac%e0%a7%83%e0%a6%b7%e0%a7%8d%e0%a6%9f%e0%a6%bf/";
    let path = leads_to(&app, old).await;
    assert!(path.starts_with(&format!("/bn/news/{story}/")), "{path}");
    let page = app.page(&path).await;
    assert_eq!(page.text("h1"), "ঢাকায় ভারী বৃষ্টি");
    let html = app.get(&path).await.text().await.unwrap();
    assert!(html.contains("রহিম উদ্দিন"), "the author's byline");
    assert!(html.contains("সাবধানে চলুন।") && html.contains("করিম"), "the approved comment, by its author's name");
    assert!(!html.contains("অপেক্ষায় আছি"), "a held comment is not shown");
    assert!(!html.contains("buy now"), "spam is left out");
    let other = new_id(&app, "post", "42").await;
    assert!(html.contains(&format!("href=\"/bn/news/{other}/")), "a link to another old post leads to its new address");

    assert!(leads_to(&app, "/category/%e0%a6%a6%e0%a7%87%e0%a6%b6/").await.starts_with("/bn/category/"));
    let topic = leads_to(&app, "/tag/%e0%a6%86%e0%a6%ac%e0%a6%b9%e0%a6%be%e0%a6%93%e0%a6%af%e0%a6%bc%e0%a6%be/").await;
    assert_eq!(app.get(&topic).await.status(), 200, "{topic}");
    let held: i64 = count(&app, "SELECT COUNT(*) FROM comments WHERE status = 'held' AND author_name = 'রুমা'").await;
    assert_eq!(held, 1, "a waiting comment is held for the moderators");
}

async fn co_authors_and_seo_fields_come_across(db: TestDb) {
    let app = TestApp::spawn(db.clone()).await;
    let (ok, out) = import(&app, &export("TryGhost-migrate__mg-wp-xml__test__fixtures__co-authors-plus.xml"), &[]);
    assert!(ok, "{out}");
    let most: i64 = count(
        &app,
        "SELECT MAX(n) FROM (SELECT COUNT(*) AS n FROM import_items i JOIN article_bylines b ON b.article_id = i.new_id \
         WHERE i.kind = 'post' GROUP BY i.new_id) AS per_story",
    )
    .await;
    assert_eq!(most, 3, "every Co-Authors Plus author is a byline");
    // Another site, though it has the same address and ids as the first: a fresh newsroom.
    let app = TestApp::spawn(db).await;
    let (ok, out) = import(&app, &export("TryGhost-migrate__mg-wp-xml__test__fixtures__has-yoast-meta.xml"), &[]);
    assert!(ok, "{out}");
    let seo: String = sqlx::query_scalar(
        "SELECT a.seo_title FROM import_items i JOIN articles a ON a.id = i.new_id WHERE i.kind = 'post' AND a.seo_title <> ''",
    )
    .fetch_one(&app.state.db.pool)
    .await
    .unwrap();
    assert_eq!(seo, "My Custom SEO Title for Search Engines");
}

/// An export of `n` posts, each with a tag and a comment.
fn generated_export(n: usize) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:wp=\"http://wordpress.org/export/1.2/\"><channel>\
         <title>Big</title><link>https://big.example.com</link><wp:wxr_version>1.2</wp:wxr_version>\
         <wp:base_site_url>https://big.example.com</wp:base_site_url>\n",
    );
    for i in 1..=n {
        out.push_str(&format!(
            "<item><title>Story number {i}</title><link>https://big.example.com/2024/05/story-{i}/</link>\
             <dc:creator>desk</dc:creator><guid>https://big.example.com/?p={i}</guid>\
             <content:encoded><![CDATA[First paragraph of story {i}.\n\nSecond paragraph.]]></content:encoded>\
             <wp:post_id>{i}</wp:post_id><wp:post_date_gmt>2024-05-01 10:00:00</wp:post_date_gmt>\
             <wp:post_name>story-{i}</wp:post_name><wp:status>publish</wp:status><wp:post_type>post</wp:post_type>\
             <category domain=\"category\" nicename=\"news\"><![CDATA[News]]></category>\
             <category domain=\"post_tag\" nicename=\"tag-{}\"><![CDATA[Tag {}]]></category>\
             <wp:comment><wp:comment_id>{i}</wp:comment_id><wp:comment_author>Reader</wp:comment_author>\
             <wp:comment_content>Comment on {i}</wp:comment_content><wp:comment_approved>1</wp:comment_approved>\
             <wp:comment_parent>0</wp:comment_parent></wp:comment></item>\n",
            i % 50,
            i % 50
        ));
    }
    out.push_str("</channel></rss>\n");
    out
}

async fn a_killed_import_loses_nothing_reported_and_leaves_no_half_story(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("big.xml");
    let n = 3000;
    std::fs::write(&file, generated_export(n)).unwrap();
    let file = file.to_str().unwrap().to_owned();
    let mut child = import_command(&app, &file, &[])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let started = std::time::Instant::now();
    loop {
        let done = count(&app, "SELECT COUNT(*) FROM import_items WHERE kind = 'post'").await;
        if done >= 100 || started.elapsed() > std::time::Duration::from_secs(120) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    let done = count(&app, "SELECT COUNT(*) FROM import_items WHERE kind = 'post'").await;
    assert!((100..n as i64).contains(&done), "killed midway: {done} of {n}");
    let orphans = "SELECT COUNT(*) FROM articles a WHERE a.sample_key IS NULL AND NOT EXISTS \
                   (SELECT 1 FROM import_items i WHERE i.kind = 'post' AND i.new_id = a.id)";
    assert_eq!(count(&app, orphans).await, 0, "no story without its record");
    let half = "SELECT COUNT(*) FROM import_items i WHERE i.kind = 'post' AND (NOT EXISTS \
                (SELECT 1 FROM article_bylines b WHERE b.article_id = i.new_id) OR NOT EXISTS \
                (SELECT 1 FROM comments c WHERE c.article_id = i.new_id) OR NOT EXISTS \
                (SELECT 1 FROM article_revisions r WHERE r.article_id = i.new_id))";
    assert_eq!(count(&app, half).await, 0, "every story came with its byline, comment and revision");

    let (ok, out) = import(&app, &file, &[]);
    assert!(ok, "{out}");
    assert!(out.contains(&format!("  stories    {} / {done}\n", n as i64 - done)), "{out}");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM import_items WHERE kind = 'post'").await, n as i64);
    let doubled = "SELECT COUNT(*) FROM (SELECT title FROM articles WHERE sample_key IS NULL GROUP BY title HAVING COUNT(*) > 1) AS d";
    assert_eq!(count(&app, doubled).await, 0, "no story twice");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM comments WHERE author_name = 'Reader'").await, n as i64);
}

async fn refused_exports_import_nothing(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let dir = tempfile::tempdir().unwrap();
    let laughs = dir.path().join("laughs.xml");
    std::fs::write(
        &laughs,
        "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><rss><channel>\
         <wp:wxr_version>1.2</wp:wxr_version><title>&x;</title></channel></rss>",
    )
    .unwrap();
    let before = count(&app, "SELECT COUNT(*) FROM articles").await;
    for (file, reason) in [
        (laughs.display().to_string(), "DOCTYPE"),
        (export("wordpress-importer__phpunit__data__missing-version-tag.xml"), "not a WordPress export"),
    ] {
        let (ok, out) = import(&app, &file, &[]);
        assert!(!ok, "{file}: {out}");
        assert!(out.contains(reason) && out.contains("nothing was imported"), "{file}: {out}");
    }
    let (ok, out) = import(&app, &export("wordpress-importer__phpunit__data__malformed.xml"), &[]);
    assert!(out.contains("failed") || !ok, "{out}");
    let (ok, out) =
        import(&app, &export("wordpress-importer__phpunit__data__small-export.xml"), &["--uploads", "/no/such/dir"]);
    assert!(!ok && out.contains("no such directory"), "{out}");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM articles").await, before + count_imported(&app).await);
    assert!(!Path::new("/etc/passwd").exists() || !out.contains("root:"), "no entity was read");
}

async fn count_imported(app: &TestApp) -> i64 {
    count(app, "SELECT COUNT(*) FROM import_items WHERE kind = 'post'").await
}
