//! What the search index reads from the database: published stories in id order for a rebuild,
//! and the stories changed since a moment for keeping the index current.

use sqlx::FromRow;

use crate::clock::Timestamp;
use crate::db::{Db, placeholders};
use crate::editions::Lang;
use crate::newsroom::model::Status;

/// A published story with everything the index holds about it.
#[derive(Debug, Clone, FromRow)]
pub struct IndexRow {
    pub id: i64,
    pub lang: Lang,
    pub slug: String,
    pub title: String,
    pub standfirst: String,
    pub body: crate::body::Body,
    pub published_at: i64,
    pub section_id: i64,
    pub section_slug: String,
    pub section_name: String,
}

/// A name attached to a story: a topic, or a byline in either script.
#[derive(Debug, Clone, FromRow)]
pub struct NameRow {
    pub article_id: i64,
    pub name: String,
}

/// A story whose row changed: its version tells a repeat sighting from a new change.
#[derive(Debug, Clone, Copy, FromRow)]
pub struct ChangeRow {
    pub id: i64,
    pub version: i64,
    pub updated_at: i64,
}

const SELECT_INDEX_ROWS: &str = "SELECT a.id, a.lang, a.slug, a.title, a.standfirst, a.body, \
     COALESCE(a.published_at, 0) AS published_at, a.section_id, s.slug AS section_slug, s.name AS section_name \
     FROM articles a JOIN sections s ON s.id = a.section_id WHERE a.status = 'published' ";

/// Up to `limit` published stories with an id above `after`, in id order (a keyset walk).
pub async fn published_after(db: &Db, after: i64, limit: i64) -> sqlx::Result<Vec<IndexRow>> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!("{SELECT_INDEX_ROWS} AND a.id > $1 ORDER BY a.id LIMIT $2")))
        .bind(after)
        .bind(limit)
        .fetch_all(&db.pool)
        .await
}

/// One story if it is published.
pub async fn published(db: &Db, id: i64) -> sqlx::Result<Option<IndexRow>> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!("{SELECT_INDEX_ROWS} AND a.id = $1")))
        .bind(id)
        .fetch_optional(&db.pool)
        .await
}

/// Byline names, in both scripts, of the stories with ids in `first..=last`.
pub async fn bylines_between(db: &Db, first: i64, last: i64) -> sqlx::Result<Vec<NameRow>> {
    sqlx::query_as(
        "SELECT ab.article_id, b.name FROM article_bylines ab JOIN bylines b ON b.id = ab.byline_id \
         WHERE ab.article_id BETWEEN $1 AND $2 \
         UNION ALL SELECT ab.article_id, b.name_bn AS name FROM article_bylines ab JOIN bylines b ON b.id = ab.byline_id \
         WHERE ab.article_id BETWEEN $1 AND $2 AND b.name_bn <> ''",
    )
    .bind(first)
    .bind(last)
    .fetch_all(&db.pool)
    .await
}

/// Topic names of the stories with ids in `first..=last` (kept apart from bylines so each is
/// its own field).
pub async fn topics_between(db: &Db, first: i64, last: i64) -> sqlx::Result<Vec<NameRow>> {
    sqlx::query_as(
        "SELECT at.article_id, t.name FROM article_topics at JOIN topics t ON t.id = at.topic_id \
         WHERE at.article_id BETWEEN $1 AND $2",
    )
    .bind(first)
    .bind(last)
    .fetch_all(&db.pool)
    .await
}

/// Stories whose row changed at or after `since`, whatever their status now, and stories an
/// import brought in since then (they keep their old dates; the import's time stands in).
pub async fn changed_since(db: &Db, since: Timestamp) -> sqlx::Result<Vec<ChangeRow>> {
    let mut rows: Vec<ChangeRow> = sqlx::query_as(
        "SELECT id, version, updated_at FROM articles WHERE updated_at >= $1 \
         UNION ALL SELECT a.id, a.version, i.imported_at AS updated_at FROM import_items i \
         JOIN articles a ON a.id = i.new_id WHERE i.kind = 'post' AND i.imported_at >= $1",
    )
    .bind(since)
    .fetch_all(&db.pool)
    .await?;
    // A story edited soon after it was imported is in both halves: one row, the later time, or
    // the sync would take each for a change it has not seen and index the story on every turn.
    rows.sort_by_key(|r| (r.id, std::cmp::Reverse(r.updated_at)));
    rows.dedup_by_key(|r| r.id);
    Ok(rows)
}

/// How many stories are published: an index holding a different number is stale.
pub async fn count_published(db: &Db) -> sqlx::Result<i64> {
    sqlx::query_scalar("SELECT COUNT(*) FROM articles WHERE status = 'published'").fetch_one(&db.pool).await
}

/// A body shown in results.
#[derive(Debug, Clone)]
pub struct BodyRow {
    pub id: i64,
    pub body: crate::body::Body,
}

/// The bodies of those of `ids` that are still published: the last word on a hit, in case the
/// index has not yet heard of an unpublish made on another node.
pub async fn published_bodies(db: &Db, ids: &[i64]) -> sqlx::Result<Vec<BodyRow>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    // Looked up by primary key, the status checked here: with `status = 'published'` in the
    // query, SQLite prefers a partial index on that condition and scans the whole edition.
    let sql = format!("SELECT id, status, body FROM articles WHERE id IN ({})", placeholders(ids.len()));
    let mut query = sqlx::query_as::<_, (i64, Status, crate::body::Body)>(sqlx::AssertSqlSafe(sql));
    for id in ids {
        query = query.bind(*id);
    }
    let rows = query.fetch_all(&db.pool).await?;
    Ok(rows
        .into_iter()
        .filter(|(_, status, _)| *status == Status::Published)
        .map(|(id, _, body)| BodyRow { id, body })
        .collect())
}
