//! Queries of the site's own pages: creating and saving them with a version check (each save
//! a revision), publishing, the footer order, translation links, and what readers read.

use sqlx::{Any, AnyConnection, FromRow, Row, Transaction};

use super::model::FooterPage;
use crate::clock::Timestamp;
use crate::db::Db;
use crate::editions::Lang;
use crate::html::SafeHtml;

/// A page as the newsroom edits it and readers read it.
#[derive(Debug, Clone, FromRow)]
pub struct PageRow {
    pub id: i64,
    pub lang: Lang,
    pub slug: String,
    pub title: String,
    pub body_md: String,
    /// Written only from the sanitiser's output.
    pub body_html: SafeHtml,
    pub published: i64,
    pub position: i64,
    pub version: i64,
    pub translation_id: Option<i64>,
    pub updated_at: i64,
    pub published_at: Option<i64>,
}

impl PageRow {
    /// Whether readers can see it.
    pub fn is_published(&self) -> bool {
        self.published != 0
    }
}

const COLUMNS: &str = "id, lang, slug, title, body_md, body_html, published, position, version, translation_id, \
     updated_at, published_at";

/// What a save writes, checked.
#[derive(Debug, Clone)]
pub struct Content {
    pub slug: String,
    pub title: String,
    pub body_md: String,
    pub body_html: SafeHtml,
}

/// A page by id, published or not.
pub async fn find(db: &Db, id: i64) -> sqlx::Result<Option<PageRow>> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT {COLUMNS} FROM site_pages WHERE id = $1")))
        .bind(id)
        .fetch_optional(&db.pool)
        .await
}

/// The published page of an edition at `slug`.
pub async fn published(db: &Db, lang: Lang, slug: &str) -> sqlx::Result<Option<PageRow>> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM site_pages WHERE lang = $1 AND slug = $2 AND published = 1"
    )))
    .bind(lang)
    .bind(slug)
    .fetch_optional(&db.pool)
    .await
}

/// Every page, edition by edition in footer order.
pub async fn all(db: &Db) -> sqlx::Result<Vec<PageRow>> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT {COLUMNS} FROM site_pages ORDER BY lang, position, id")))
        .fetch_all(&db.pool)
        .await
}

/// An edition's published pages in footer order, for the footer of every page.
pub async fn footer(db: &Db, lang: Lang) -> sqlx::Result<Vec<FooterPage>> {
    let rows =
        sqlx::query("SELECT title, slug FROM site_pages WHERE lang = $1 AND published = 1 ORDER BY position, id")
            .bind(lang)
            .fetch_all(&db.pool)
            .await?;
    rows.iter().map(|r| Ok(FooterPage { title: r.try_get("title")?, slug: r.try_get("slug")? })).collect()
}

/// Records the page as it now is, inside the transaction that changed it.
async fn record_revision(
    tx: &mut AnyConnection,
    id: i64,
    user_id: Option<i64>,
    action: &str,
    now: Timestamp,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO site_page_revisions (page_id, version, user_id, saved_at, action, title, body_md, slug, published) \
         SELECT id, version, $2, $3, $4, title, body_md, slug, published FROM site_pages WHERE id = $1",
    )
    .bind(id)
    .bind(user_id)
    .bind(now)
    .bind(action)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// Creates a draft page, last in its edition's footer, with its first revision; returns its
/// id. A slug taken in the edition is the database's unique violation.
pub async fn create(db: &Db, lang: Lang, c: &Content, user_id: Option<i64>, now: Timestamp) -> sqlx::Result<i64> {
    let mut tx = db.begin().await?;
    let id = insert(&mut tx, lang, c, user_id, None, now).await?;
    record_revision(&mut tx, id, user_id, "create", now).await?;
    tx.commit().await?;
    Ok(id)
}

async fn insert(
    tx: &mut AnyConnection,
    lang: Lang,
    c: &Content,
    user_id: Option<i64>,
    sample_key: Option<&str>,
    now: Timestamp,
) -> sqlx::Result<i64> {
    sqlx::query(
        "INSERT INTO site_pages (lang, slug, title, body_md, body_html, position, created_by, created_at, updated_at, \
         sample_key) VALUES ($1, $2, $3, $4, $5, \
         (SELECT COALESCE(MAX(position), 0) + 1 FROM site_pages WHERE lang = $1), $6, $7, $7, $8) RETURNING id",
    )
    .bind(lang)
    .bind(&c.slug)
    .bind(&c.title)
    .bind(&c.body_md)
    .bind(&c.body_html)
    .bind(user_id)
    .bind(now)
    .bind(sample_key)
    .fetch_one(&mut *tx)
    .await?
    .try_get("id")
}

/// Inserts a page brought in by an import, published when `published_at` is given, with its
/// first revision; its id, or `None` when its slug is taken in the edition.
pub async fn insert_imported(
    tx: &mut AnyConnection,
    lang: Lang,
    c: &Content,
    published_at: Option<Timestamp>,
    now: Timestamp,
) -> sqlx::Result<Option<i64>> {
    let taken = sqlx::query("SELECT id FROM site_pages WHERE lang = $1 AND slug = $2")
        .bind(lang)
        .bind(&c.slug)
        .fetch_optional(&mut *tx)
        .await?;
    if taken.is_some() {
        return Ok(None);
    }
    let id = insert(tx, lang, c, None, None, now).await?;
    if let Some(at) = published_at {
        sqlx::query("UPDATE site_pages SET published = 1, published_at = $2 WHERE id = $1")
            .bind(id)
            .bind(at)
            .execute(&mut *tx)
            .await?;
    }
    record_revision(tx, id, None, "import", now).await?;
    Ok(Some(id))
}

/// Saves new content if the page is still at `expected_version`; returns the new version, or
/// `None` when someone changed it in between (nothing is changed then).
pub async fn save(
    db: &Db,
    id: i64,
    expected_version: i64,
    c: &Content,
    user_id: i64,
    action: &str,
    now: Timestamp,
) -> sqlx::Result<Option<i64>> {
    let mut tx = db.begin().await?;
    // The guarded UPDATE both checks the version and takes the write lock.
    let row = sqlx::query(
        "UPDATE site_pages SET slug = $3, title = $4, body_md = $5, body_html = $6, updated_at = $7, \
         version = version + 1 WHERE id = $1 AND version = $2 RETURNING version",
    )
    .bind(id)
    .bind(expected_version)
    .bind(&c.slug)
    .bind(&c.title)
    .bind(&c.body_md)
    .bind(&c.body_html)
    .bind(now)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(row) = row else { return Ok(None) };
    record_revision(&mut tx, id, Some(user_id), action, now).await?;
    tx.commit().await?;
    Ok(Some(row.try_get("version")?))
}

/// Publishes or takes down a page if it is still at `expected_version`; returns the new
/// version, or `None` on a race.
pub async fn set_published(
    db: &Db,
    id: i64,
    expected_version: i64,
    published: bool,
    user_id: i64,
    now: Timestamp,
) -> sqlx::Result<Option<i64>> {
    let mut tx = db.begin().await?;
    let row = sqlx::query(
        "UPDATE site_pages SET published = $3, updated_at = $4, version = version + 1, \
         published_at = CASE WHEN $3 = 1 THEN COALESCE(published_at, $4) ELSE published_at END \
         WHERE id = $1 AND version = $2 RETURNING version",
    )
    .bind(id)
    .bind(expected_version)
    .bind(i64::from(published))
    .bind(now)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let action = if published { "publish" } else { "unpublish" };
    record_revision(&mut tx, id, Some(user_id), action, now).await?;
    tx.commit().await?;
    Ok(Some(row.try_get("version")?))
}

/// Deletes a page with its revisions; its translation loses the link.
pub async fn delete(db: &Db, id: i64) -> sqlx::Result<bool> {
    let mut tx = db.begin().await?;
    sqlx::query("UPDATE site_pages SET translation_id = NULL WHERE translation_id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM site_page_revisions WHERE page_id = $1").bind(id).execute(&mut *tx).await?;
    let done = sqlx::query("DELETE FROM site_pages WHERE id = $1").bind(id).execute(&mut *tx).await?;
    tx.commit().await?;
    Ok(done.rows_affected() == 1)
}

/// Puts an edition's pages in the footer in the order of `ids`; pages not named keep their
/// place after them. Ids of the other edition are left alone.
pub async fn set_order(db: &Db, lang: Lang, ids: &[i64]) -> sqlx::Result<()> {
    let mut tx = db.begin().await?;
    let rest = sqlx::query("SELECT id FROM site_pages WHERE lang = $1 ORDER BY position, id")
        .bind(lang)
        .fetch_all(&mut *tx)
        .await?;
    let mut order: Vec<i64> = ids.to_vec();
    for row in rest {
        let id: i64 = row.try_get("id")?;
        if !order.contains(&id) {
            order.push(id);
        }
    }
    for (position, id) in order.iter().enumerate() {
        sqlx::query("UPDATE site_pages SET position = $3 WHERE id = $1 AND lang = $2")
            .bind(id)
            .bind(lang)
            .bind(position as i64 + 1)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await
}

/// Links two pages as translations of each other (or unlinks `id` when `other` is `None`),
/// undoing any earlier link of either side.
pub async fn link_translation(db: &Db, id: i64, other: Option<i64>) -> sqlx::Result<()> {
    let mut tx = db.begin().await?;
    link_translation_in(&mut tx, id, other).await?;
    tx.commit().await
}

async fn link_translation_in(tx: &mut Transaction<'_, Any>, id: i64, other: Option<i64>) -> sqlx::Result<()> {
    let unlink = "UPDATE site_pages SET translation_id = NULL WHERE translation_id = $1 OR id = $1";
    sqlx::query(unlink).bind(id).execute(&mut **tx).await?;
    if let Some(other) = other {
        sqlx::query(unlink).bind(other).execute(&mut **tx).await?;
        for (from, to) in [(id, other), (other, id)] {
            sqlx::query("UPDATE site_pages SET translation_id = $2 WHERE id = $1")
                .bind(from)
                .bind(to)
                .execute(&mut **tx)
                .await?;
        }
    }
    Ok(())
}

/// A saved revision.
#[derive(Debug, Clone, FromRow)]
pub struct RevisionRow {
    pub version: i64,
    pub action: String,
    pub saved_at: i64,
    pub title: String,
    pub body_md: String,
    pub slug: String,
    pub published: i64,
    pub author: Option<String>,
}

const REVISION_COLUMNS: &str =
    "r.version, r.action, r.saved_at, r.title, r.body_md, r.slug, r.published, u.display_name AS author";

/// Every revision of a page, newest first.
pub async fn revisions(db: &Db, id: i64) -> sqlx::Result<Vec<RevisionRow>> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {REVISION_COLUMNS} FROM site_page_revisions r LEFT JOIN users u ON u.id = r.user_id \
         WHERE r.page_id = $1 ORDER BY r.version DESC"
    )))
    .bind(id)
    .fetch_all(&db.pool)
    .await
}

/// One revision of a page.
pub async fn revision(db: &Db, id: i64, version: i64) -> sqlx::Result<Option<RevisionRow>> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {REVISION_COLUMNS} FROM site_page_revisions r LEFT JOIN users u ON u.id = r.user_id \
         WHERE r.page_id = $1 AND r.version = $2"
    )))
    .bind(id)
    .bind(version)
    .fetch_optional(&db.pool)
    .await
}

/// A page of the bundled sample, published, keyed so that loading twice inserts it once.
pub struct SamplePage<'a> {
    pub key: &'a str,
    pub lang: Lang,
    pub content: Content,
    /// The key of its translation.
    pub translation_of: Option<&'a str>,
}

/// Inserts the sample pages that are missing, published, and links their translations.
pub async fn insert_sample(tx: &mut AnyConnection, pages: &[SamplePage<'_>], now: Timestamp) -> sqlx::Result<()> {
    for page in pages {
        let exists = sqlx::query("SELECT id FROM site_pages WHERE sample_key = $1 OR (lang = $2 AND slug = $3)")
            .bind(page.key)
            .bind(page.lang)
            .bind(&page.content.slug)
            .fetch_optional(&mut *tx)
            .await?;
        if exists.is_some() {
            continue;
        }
        let id = insert(tx, page.lang, &page.content, None, Some(page.key), now).await?;
        sqlx::query("UPDATE site_pages SET published = 1, published_at = $2 WHERE id = $1")
            .bind(id)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        record_revision(tx, id, None, "create", now).await?;
    }
    for page in pages {
        let Some(other) = page.translation_of else { continue };
        for (from, to) in [(page.key, other), (other, page.key)] {
            sqlx::query(
                "UPDATE site_pages SET translation_id = (SELECT id FROM site_pages WHERE sample_key = $2) \
                 WHERE sample_key = $1 AND translation_id IS NULL",
            )
            .bind(from)
            .bind(to)
            .execute(&mut *tx)
            .await?;
        }
    }
    Ok(())
}
