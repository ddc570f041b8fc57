//! What feeds and sitemaps read: bodies and credits of a handful of listed stories, the URL of
//! every published story by id range, and the stories of the last two days.

use sqlx::FromRow;

use crate::clock::Timestamp;
use crate::db::{Db, placeholders};
use crate::editions::Lang;

/// The full text and last change of a listed story.
#[derive(Debug, Clone, FromRow)]
pub struct BodyRow {
    pub id: i64,
    pub body_html: String,
    pub updated_at: i64,
}

/// A desk or reporter credited on a listed story.
#[derive(Debug, Clone, FromRow)]
pub struct CreditRow {
    pub article_id: i64,
    pub name: String,
    pub name_bn: String,
}

/// A published story as a sitemap lists it.
#[derive(Debug, Clone, FromRow)]
pub struct UrlRow {
    pub id: i64,
    pub lang: Lang,
    pub slug: String,
    pub title: String,
    pub published_at: i64,
    pub updated_at: i64,
    pub translation_id: Option<i64>,
    pub translation_lang: Option<Lang>,
    pub translation_slug: Option<String>,
}

/// One file of the article sitemap: its number and latest change.
#[derive(Debug, Clone, Copy, FromRow)]
pub struct ChunkRow {
    pub chunk: i64,
    pub updated_at: i64,
}

/// Bodies of the stories `ids`.
pub async fn bodies(db: &Db, ids: &[i64]) -> sqlx::Result<Vec<BodyRow>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!("SELECT id, body_html, updated_at FROM articles WHERE id IN ({})", placeholders(ids.len()));
    let mut query = sqlx::query_as(sqlx::AssertSqlSafe(sql));
    for id in ids {
        query = query.bind(*id);
    }
    query.fetch_all(&db.pool).await
}

/// Credits of the stories `ids`, in byline order.
pub async fn credits(db: &Db, ids: &[i64]) -> sqlx::Result<Vec<CreditRow>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT ab.article_id, b.name, b.name_bn FROM article_bylines ab JOIN bylines b ON b.id = ab.byline_id \
         WHERE ab.article_id IN ({}) ORDER BY ab.article_id, ab.position",
        placeholders(ids.len())
    );
    let mut query = sqlx::query_as(sqlx::AssertSqlSafe(sql));
    for id in ids {
        query = query.bind(*id);
    }
    query.fetch_all(&db.pool).await
}

const SELECT_URLS: &str = "SELECT a.id, a.lang, a.slug, a.title, COALESCE(a.published_at, 0) AS published_at, a.updated_at, \
     t.id AS translation_id, t.lang AS translation_lang, t.slug AS translation_slug \
     FROM articles a LEFT JOIN articles t ON t.id = a.translation_id AND t.status = 'published' \
     WHERE a.status = 'published' ";

/// Published stories with ids in `first..=last` (one sitemap file), by id.
pub async fn urls_between(db: &Db, first: i64, last: i64) -> sqlx::Result<Vec<UrlRow>> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!("{SELECT_URLS} AND a.id BETWEEN $1 AND $2 ORDER BY a.id")))
        .bind(first)
        .bind(last)
        .fetch_all(&db.pool)
        .await
}

/// Published stories of both editions since `since`, newest first, at most `limit`.
pub async fn published_since(db: &Db, since: Timestamp, limit: i64) -> sqlx::Result<Vec<UrlRow>> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{SELECT_URLS} AND a.published_at >= $1 ORDER BY a.published_at DESC, a.id DESC LIMIT $2"
    )))
    .bind(since)
    .bind(limit)
    .fetch_all(&db.pool)
    .await
}

/// The article sitemap files that hold at least one story: file `n` lists ids
/// `n * size + 1 ..= (n + 1) * size`, so a file never exceeds `size` URLs and needs no OFFSET.
pub async fn chunks(db: &Db, size: i64) -> sqlx::Result<Vec<ChunkRow>> {
    sqlx::query_as(
        "SELECT (id - 1) / $1 AS chunk, MAX(updated_at) AS updated_at FROM articles \
         WHERE status = 'published' GROUP BY 1 ORDER BY 1",
    )
    .bind(size)
    .fetch_all(&db.pool)
    .await
}

/// Slugs of the topics of an edition that have a published story.
pub async fn topics(db: &Db, lang: crate::editions::Lang) -> sqlx::Result<Vec<String>> {
    sqlx::query_scalar(
        "SELECT t.slug FROM topics t WHERE t.lang = $1 AND EXISTS \
         (SELECT 1 FROM article_topics at WHERE at.topic_id = t.id AND at.published_at IS NOT NULL) ORDER BY t.slug",
    )
    .bind(lang)
    .fetch_all(&db.pool)
    .await
}

/// Slugs of the desks and reporters with a published story in an edition.
pub async fn bylines(db: &Db, lang: crate::editions::Lang) -> sqlx::Result<Vec<String>> {
    sqlx::query_scalar(
        "SELECT b.slug FROM bylines b WHERE EXISTS (SELECT 1 FROM article_bylines ab JOIN articles a ON a.id = ab.article_id \
         WHERE ab.byline_id = b.id AND a.status = 'published' AND a.lang = $1) ORDER BY b.slug",
    )
    .bind(lang)
    .fetch_all(&db.pool)
    .await
}
