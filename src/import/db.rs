//! What an import writes: each story, page, image and comment with its record in
//! `import_items` in one transaction, so a re-run finds it and an interrupted run leaves nothing
//! half made; the sections, topics and bylines they need; the old addresses as redirects.

use sqlx::{AnyConnection, Row};

use crate::body::Body;
use crate::clock::Timestamp;
use crate::db::Db;
use crate::editions::Lang;
use crate::html::SafeHtml;
use crate::newsroom::model::Status;

/// The setting every node's scheduler watches: when it changes, imported stories are on the
/// site and kept pages are dropped.
pub const CONTENT_MARK: &str = "content_changed_at";

/// The placeholder account imported comments belong to: it has no password and cannot log in,
/// and its "address" is no email address, so nobody can sign up as it.
const COMMENTS_ACCOUNT: &str = "imported comments";

/// The row an earlier run made of an item of the old site: by its id, or else by its GUID (the
/// same post exported again after the site moved).
pub async fn imported(
    conn: &mut AnyConnection,
    source: &str,
    kind: &str,
    old_id: &str,
    guid: Option<&str>,
) -> sqlx::Result<Option<i64>> {
    // By GUID only another source's: posts of one export may share a GUID (copied posts).
    // Two branches, so that each is looked up by its own index.
    let row: Option<(i64, i64)> = sqlx::query_as(
        "SELECT new_id, 0 AS rank FROM import_items WHERE source = $1 AND kind = $2 AND old_id = $3 \
         UNION ALL SELECT new_id, 1 AS rank FROM import_items WHERE kind = $2 AND guid = $4 AND source <> $1 \
         ORDER BY rank LIMIT 1",
    )
    .bind(source)
    .bind(kind)
    .bind(old_id)
    .bind(guid.map(str::trim).filter(|g| !g.is_empty()))
    .fetch_optional(&mut *conn)
    .await?;
    Ok(row.map(|(id, _)| id))
}

/// The story an earlier run made of a post: by its id on this site (`false`), or else by its
/// GUID under another address of the site (`true`). GUIDs of a site built on `localhost` say
/// nothing about which site a post is from, and are not matched.
pub async fn imported_post(
    conn: &mut AnyConnection,
    source: &str,
    old_id: &str,
    guid: &str,
) -> sqlx::Result<Option<(i64, bool)>> {
    let local = url::Url::parse(guid.trim())
        .ok()
        .and_then(|u| u.host_str().map(str::to_ascii_lowercase))
        .is_none_or(|h| h == "localhost" || h == "127.0.0.1" || h == "[::1]" || h.ends_with(".local"));
    let guid = (!local).then_some(guid);
    let row: Option<(i64, i64)> = sqlx::query_as(
        "SELECT new_id, 0 AS rank FROM import_items WHERE source = $1 AND kind = 'post' AND old_id = $2 \
         UNION ALL SELECT new_id, 1 AS rank FROM import_items WHERE kind = 'post' AND guid = $3 AND source <> $1 \
         ORDER BY rank LIMIT 1",
    )
    .bind(source)
    .bind(old_id)
    .bind(guid.map(str::trim).filter(|g| !g.is_empty()))
    .fetch_optional(&mut *conn)
    .await?;
    Ok(row.map(|(id, rank)| (id, rank == 1)))
}

/// Records what an item became, in the transaction that made it.
pub async fn record(
    conn: &mut AnyConnection,
    source: &str,
    kind: &str,
    old_id: &str,
    new_id: i64,
    guid: Option<&str>,
    now: Timestamp,
) -> sqlx::Result<()> {
    record_story(conn, source, kind, old_id, new_id, guid, true, now).await
}

/// Records a story, and whether its body's links to the old site are still to be re-pointed.
#[allow(clippy::too_many_arguments)]
pub async fn record_story(
    conn: &mut AnyConnection,
    source: &str,
    kind: &str,
    old_id: &str,
    new_id: i64,
    guid: Option<&str>,
    links_done: bool,
    now: Timestamp,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO import_items (source, kind, old_id, new_id, guid, imported_at, links_done) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (source, kind, old_id) DO NOTHING",
    )
    .bind(source)
    .bind(kind)
    .bind(old_id)
    .bind(new_id)
    .bind(guid.filter(|g| !g.trim().is_empty()))
    .bind(now)
    .bind(i64::from(links_done))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The id of the placeholder account of imported comments, made disabled on first use.
pub async fn comments_account(db: &Db, now: Timestamp) -> sqlx::Result<i64> {
    sqlx::query(
        "INSERT INTO users (email, display_name, password_hash, role, created_at, disabled_at) \
         VALUES ($1, 'Imported comments', '!', 'reader', $2, $2) ON CONFLICT (email) DO NOTHING",
    )
    .bind(COMMENTS_ACCOUNT)
    .bind(now)
    .execute(&db.pool)
    .await?;
    sqlx::query_scalar("SELECT id FROM users WHERE email = $1 AND password_hash = '!' AND disabled_at IS NOT NULL")
        .bind(COMMENTS_ACCOUNT)
        .fetch_one(&db.pool)
        .await
}

/// A section of an edition by slug, made when missing; its id.
pub async fn ensure_section(conn: &mut AnyConnection, lang: Lang, slug: &str, name: &str) -> sqlx::Result<i64> {
    sqlx::query(
        "INSERT INTO sections (lang, slug, name, position) VALUES ($1, $2, $3, \
         (SELECT COALESCE(MAX(position), 0) + 1 FROM sections WHERE lang = $1)) ON CONFLICT (lang, slug) DO NOTHING",
    )
    .bind(lang)
    .bind(slug)
    .bind(name)
    .execute(&mut *conn)
    .await?;
    sqlx::query_scalar("SELECT id FROM sections WHERE lang = $1 AND slug = $2")
        .bind(lang)
        .bind(slug)
        .fetch_one(&mut *conn)
        .await
}

/// A topic of an edition by slug, made when missing; its id.
pub async fn ensure_topic(conn: &mut AnyConnection, lang: Lang, slug: &str, name: &str) -> sqlx::Result<i64> {
    sqlx::query("INSERT INTO topics (lang, slug, name) VALUES ($1, $2, $3) ON CONFLICT (lang, slug) DO NOTHING")
        .bind(lang)
        .bind(slug)
        .bind(name)
        .execute(&mut *conn)
        .await?;
    sqlx::query_scalar("SELECT id FROM topics WHERE lang = $1 AND slug = $2")
        .bind(lang)
        .bind(slug)
        .fetch_one(&mut *conn)
        .await
}

/// A byline for an author of the old site: the existing one of that slug and name, or a new one
/// (with the slug made unique when another person holds it); its id and slug.
pub async fn ensure_byline(
    conn: &mut AnyConnection,
    slug: &str,
    name: &str,
    now: Timestamp,
) -> sqlx::Result<(i64, String)> {
    for n in 1..100 {
        let candidate = if n == 1 { slug.to_owned() } else { format!("{slug}-{n}") };
        let existing = sqlx::query("SELECT id, name FROM bylines WHERE slug = $1")
            .bind(&candidate)
            .fetch_optional(&mut *conn)
            .await?;
        match existing {
            Some(row) if row.try_get::<String, _>("name")? == name => return Ok((row.try_get("id")?, candidate)),
            Some(_) => continue,
            None => {
                let id = sqlx::query_scalar(
                    "INSERT INTO bylines (slug, kind, name, name_bn, joined_at) VALUES ($1, 'person', $2, $2, $3) \
                     RETURNING id",
                )
                .bind(&candidate)
                .bind(name)
                .bind(now)
                .fetch_one(&mut *conn)
                .await?;
                return Ok((id, candidate));
            }
        }
    }
    Err(sqlx::Error::Protocol(format!("no free byline slug near {slug:?}")))
}

/// A story as it comes across.
#[derive(Debug, Clone)]
pub struct NewStory {
    pub lang: Lang,
    pub section_id: i64,
    pub slug: String,
    pub title: String,
    pub standfirst: String,
    pub body: Body,
    pub body_html: SafeHtml,
    pub status: Status,
    pub published_at: Option<Timestamp>,
    pub scheduled_at: Option<Timestamp>,
    pub updated_at: Timestamp,
    pub created_at: Timestamp,
    pub seo_title: String,
    pub seo_description: String,
    pub image_id: Option<i64>,
    pub byline_ids: Vec<i64>,
    pub topic_ids: Vec<i64>,
}

/// Inserts a story with its bylines, topics and first revision; its id.
pub async fn insert_story(tx: &mut AnyConnection, s: &NewStory, now: Timestamp) -> sqlx::Result<i64> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO articles (lang, section_id, slug, title, standfirst, body, body_md, body_html, status, \
         published_at, scheduled_at, updated_at, created_at, seo_title, seo_description, version, image_id) \
         VALUES ($1, $2, $3, $4, $5, $6, '', $7, $8, $9, $10, $11, $12, $13, $14, 1, $15) RETURNING id",
    )
    .bind(s.lang)
    .bind(s.section_id)
    .bind(&s.slug)
    .bind(&s.title)
    .bind(&s.standfirst)
    .bind(&s.body)
    .bind(&s.body_html)
    .bind(s.status)
    .bind(s.published_at)
    .bind(s.scheduled_at)
    .bind(s.updated_at)
    .bind(s.created_at)
    .bind(&s.seo_title)
    .bind(&s.seo_description)
    .bind(s.image_id)
    .fetch_one(&mut *tx)
    .await?;
    let public = (s.status == Status::Published).then_some(s.published_at).flatten();
    // One statement per table: an archive of 100,000 stories makes every statement count.
    for (table, column, ids) in
        [("article_bylines", "byline_id", &s.byline_ids), ("article_topics", "topic_id", &s.topic_ids)]
    {
        if ids.is_empty() {
            continue;
        }
        let rows: Vec<String> = (0..ids.len()).map(|n| format!("($1, ${}, {n}, $2)", n + 3)).collect();
        let sql = format!(
            "INSERT INTO {table} (article_id, {column}, position, published_at) VALUES {} ON CONFLICT DO NOTHING",
            rows.join(", ")
        );
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(id).bind(public);
        for other in ids {
            query = query.bind(*other);
        }
        query.execute(&mut *tx).await?;
    }
    crate::newsroom::db::record_revision(tx, id, None, "import", now).await?;
    Ok(id)
}

/// The address of a story readers can see, as its page is linked; `None` for one they cannot
/// (an old address must not tell the headline of a draft).
pub async fn story_path(conn: &mut AnyConnection, id: i64) -> sqlx::Result<Option<String>> {
    let row = sqlx::query("SELECT lang, slug FROM articles WHERE id = $1 AND status = 'published'")
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    row.map(|r| Ok(crate::articles::model::article_path(r.try_get("lang")?, id, &r.try_get::<String, _>("slug")?)))
        .transpose()
}

/// Links two stories as translations of each other, unless either already has one.
pub async fn link_translations(conn: &mut AnyConnection, a: i64, b: i64) -> sqlx::Result<()> {
    // Both ways or not at all, and only across editions.
    let free: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM articles x JOIN articles y ON y.id = $2 \
         WHERE x.id = $1 AND x.lang <> y.lang AND x.translation_id IS NULL AND y.translation_id IS NULL",
    )
    .bind(a)
    .bind(b)
    .fetch_one(&mut *conn)
    .await?;
    if free == 0 {
        return Ok(());
    }
    for (from, to) in [(a, b), (b, a)] {
        sqlx::query("UPDATE articles SET translation_id = $2 WHERE id = $1")
            .bind(from)
            .bind(to)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Makes a story's featured image `media_id` when it has none.
pub async fn set_image(conn: &mut AnyConnection, article_id: i64, media_id: i64) -> sqlx::Result<()> {
    sqlx::query("UPDATE articles SET image_id = $2 WHERE id = $1 AND image_id IS NULL")
        .bind(article_id)
        .bind(media_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// A library image as it comes across.
pub struct NewMedia<'a> {
    pub path: &'a str,
    pub processed: &'a crate::media::model::Processed,
    pub alt: &'a str,
    pub caption: &'a str,
    pub credit: &'a str,
}

/// Inserts a library image whose files are written; its id.
pub async fn insert_media(conn: &mut AnyConnection, m: &NewMedia<'_>, now: Timestamp) -> sqlx::Result<i64> {
    let widths: Vec<String> = m.processed.renditions.iter().map(|(w, _)| w.to_string()).collect();
    sqlx::query_scalar(
        "INSERT INTO media (path, mime, width, height, renditions, alt, caption, credit, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(m.path)
    .bind(m.processed.mime)
    .bind(i64::from(m.processed.width))
    .bind(i64::from(m.processed.height))
    .bind(widths.join(","))
    .bind(m.alt)
    .bind(m.caption)
    .bind(m.credit)
    .bind(now)
    .fetch_one(&mut *conn)
    .await
}

/// A library image's alt text, caption, credit and path.
pub async fn media_text(conn: &mut AnyConnection, id: i64) -> sqlx::Result<Option<(String, String, String, String)>> {
    let row = sqlx::query("SELECT alt, caption, credit, path FROM media WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    row.map(|r| Ok((r.try_get("alt")?, r.try_get("caption")?, r.try_get("credit")?, r.try_get("path")?))).transpose()
}

/// A comment as it comes across.
pub struct NewComment<'a> {
    pub article_id: i64,
    pub user_id: i64,
    pub parent_id: Option<i64>,
    pub body: &'a crate::comments::model::CommentBody,
    pub status: &'a str,
    pub author_name: &'a str,
    pub created_at: Timestamp,
}

/// Inserts an imported comment; its id.
pub async fn insert_comment(conn: &mut AnyConnection, c: &NewComment<'_>) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "INSERT INTO comments (article_id, user_id, parent_id, body, status, body_hash, created_at, author_name) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(c.article_id)
    .bind(c.user_id)
    .bind(c.parent_id)
    .bind(c.body.as_str())
    .bind(c.status)
    .bind(c.body.fingerprint())
    .bind(c.created_at)
    .bind(c.author_name)
    .fetch_one(&mut *conn)
    .await
}

/// The top-level comment of a thread a comment is in (replies are one level deep here).
pub async fn thread_of(conn: &mut AnyConnection, comment_id: i64) -> sqlx::Result<Option<i64>> {
    sqlx::query_scalar("SELECT COALESCE(parent_id, id) FROM comments WHERE id = $1")
        .bind(comment_id)
        .fetch_optional(&mut *conn)
        .await
}

/// Stores a redirect from an old address, keeping any the newsroom set since; false when the
/// address cannot be one (the reason is the import's to report).
pub async fn redirect(conn: &mut AnyConnection, from: &str, to: &str, now: Timestamp) -> sqlx::Result<bool> {
    Ok(redirect_to_new(conn, from, to, now).await?.is_some())
}

/// Stores a redirect from an old address to a row made in this transaction, unless the address
/// already leads somewhere (the newsroom's choice, or an earlier item's). The new address cannot
/// itself be redirected, nor can anything lead to an old address of the imported site, so the
/// table stays collapsed without [`crate::redirects::db::add`]'s rewriting; `None` when `from` is
/// not a path.
pub async fn redirect_to_new(
    conn: &mut AnyConnection,
    from: &str,
    to: &str,
    now: Timestamp,
) -> sqlx::Result<Option<bool>> {
    let (Ok(from), Ok(to)) = (crate::redirects::model::normalize(from), crate::redirects::model::normalize(to)) else {
        return Ok(None);
    };
    if !is_old_address(&from) {
        return Ok(None);
    }
    let done = sqlx::query(
        "INSERT INTO redirects (from_path, to_path, created_at) VALUES ($1, $2, $3) ON CONFLICT (from_path) DO NOTHING",
    )
    .bind(&from)
    .bind(&to)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(Some(done.rows_affected() == 1))
}

/// Stores redirects from a story's old addresses to its new one (see [`redirect_to_new`]) in one
/// statement; how many were stored, and how many could not be (not paths).
pub async fn redirects_to_new(
    conn: &mut AnyConnection,
    froms: &[String],
    to: &str,
    now: Timestamp,
) -> sqlx::Result<(u64, usize)> {
    let Ok(to) = crate::redirects::model::normalize(to) else { return Ok((0, froms.len())) };
    let mut paths: Vec<String> =
        froms.iter().filter_map(|f| crate::redirects::model::normalize(f).ok()).filter(|f| is_old_address(f)).collect();
    let refused = froms.len() - paths.len();
    paths.sort();
    paths.dedup();
    if paths.is_empty() {
        return Ok((0, refused));
    }
    let rows: Vec<String> = (0..paths.len()).map(|n| format!("(${}, $1, $2)", n + 3)).collect();
    let sql = format!(
        "INSERT INTO redirects (from_path, to_path, created_at) VALUES {} ON CONFLICT (from_path) DO NOTHING",
        rows.join(", ")
    );
    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(&to).bind(now);
    for path in &paths {
        query = query.bind(path);
    }
    Ok((query.execute(&mut *conn).await?.rows_affected(), refused))
}

/// Whether an imported site's address may be stored as a redirect: never one under this site's
/// own editions, whose addresses the newsroom manages.
fn is_old_address(path: &str) -> bool {
    !["/en", "/bn"].iter().any(|e| path == *e || path.starts_with(&format!("{e}/")))
}

/// Tells every node that stories arrived: their schedulers drop kept pages when this changes.
pub async fn mark_changed(db: &Db, now: Timestamp) -> sqlx::Result<()> {
    sqlx::query("INSERT INTO site_settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = $2")
        .bind(CONTENT_MARK)
        .bind(format!("{now}-{:08x}", rand::random::<u32>()))
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// A story whose body still links to old addresses of the site.
pub struct Linking {
    pub id: i64,
    pub version: i64,
    pub lang: Lang,
    pub body: Body,
}

/// Stories imported from `source` whose bodies still link to old addresses of the site, after
/// story `after`, in id order.
pub async fn stories_with_old_links(db: &Db, source: &str, after: i64, limit: i64) -> sqlx::Result<Vec<Linking>> {
    let rows = sqlx::query(
        "SELECT a.id, a.version, a.lang, a.body FROM import_items i JOIN articles a ON a.id = i.new_id \
         WHERE i.source = $1 AND i.links_done = 0 AND i.kind = 'post' AND i.new_id > $2 ORDER BY i.new_id LIMIT $3",
    )
    .bind(source)
    .bind(after)
    .bind(limit)
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Linking {
                id: r.try_get("id")?,
                version: r.try_get("version")?,
                lang: r.try_get("lang")?,
                body: r.try_get("body")?,
            })
        })
        .collect()
}

/// Replaces a story's body with its links re-pointed, when it is still at `version` (an editor's
/// change wins); `done` when no old link is left to re-point.
pub async fn repoint_body(
    conn: &mut AnyConnection,
    id: i64,
    version: i64,
    new: Option<(&Body, &SafeHtml)>,
    done: bool,
    now: Timestamp,
) -> sqlx::Result<bool> {
    let mut changed = false;
    if let Some((body, html)) = new {
        let updated = sqlx::query("UPDATE articles SET body = $3, body_html = $4 WHERE id = $1 AND version = $2")
            .bind(id)
            .bind(version)
            .bind(body)
            .bind(html)
            .execute(&mut *conn)
            .await?;
        changed = updated.rows_affected() == 1;
    }
    // The search index re-reads a changed story: its record's time moves on.
    sqlx::query(
        "UPDATE import_items SET links_done = $2, imported_at = CASE WHEN $3 = 1 THEN $4 ELSE imported_at END \
         WHERE kind = 'post' AND new_id = $1",
    )
    .bind(id)
    .bind(i64::from(done))
    .bind(i64::from(changed))
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(changed)
}
