//! Comment queries.

use sqlx::{FromRow, Row};

use super::model::{CommentBody, CommentStatus, Moderation};
use crate::clock::Timestamp;
use crate::db::Db;

/// A comment with its author's name.
#[derive(Debug, Clone, FromRow)]
pub struct CommentRow {
    pub id: i64,
    pub article_id: i64,
    pub user_id: i64,
    pub parent_id: Option<i64>,
    pub body: String,
    pub status: CommentStatus,
    pub created_at: i64,
    pub author: String,
}

/// The comments an article page is built from: approved, deleted and held ones, oldest first.
/// Which held ones a reader sees is decided per request (`section::PageComments`).
pub async fn for_page(db: &Db, article_id: i64) -> sqlx::Result<Vec<CommentRow>> {
    sqlx::query_as(
        "SELECT c.id, c.article_id, c.user_id, c.parent_id, c.body, c.status, c.created_at, COALESCE(c.author_name, u.display_name) AS author \
         FROM comments c JOIN users u ON u.id = c.user_id \
         WHERE c.article_id = $1 AND c.status IN ('approved', 'deleted', 'held') \
         ORDER BY c.created_at, c.id",
    )
    .bind(article_id)
    .fetch_all(&db.pool)
    .await
}

/// Approved comments of an article only, for the API.
pub async fn approved(db: &Db, article_id: i64) -> sqlx::Result<Vec<CommentRow>> {
    sqlx::query_as(
        "SELECT c.id, c.article_id, c.user_id, c.parent_id, c.body, c.status, c.created_at, COALESCE(c.author_name, u.display_name) AS author \
         FROM comments c JOIN users u ON u.id = c.user_id \
         WHERE c.article_id = $1 AND c.status = 'approved' ORDER BY c.created_at, c.id",
    )
    .bind(article_id)
    .fetch_all(&db.pool)
    .await
}

/// One comment by id.
pub async fn find(db: &Db, id: i64) -> sqlx::Result<Option<CommentRow>> {
    sqlx::query_as(
        "SELECT c.id, c.article_id, c.user_id, c.parent_id, c.body, c.status, c.created_at, COALESCE(c.author_name, u.display_name) AS author \
         FROM comments c JOIN users u ON u.id = c.user_id WHERE c.id = $1",
    )
    .bind(id)
    .fetch_optional(&db.pool)
    .await
}

/// What the posting limits need to know about an author's recent comments.
pub struct RecentActivity {
    pub last_at: Option<i64>,
    pub since_first_day: i64,
    pub duplicate: bool,
}

/// The author's latest comment time, how many comments they posted since `day_start`, and
/// whether `fingerprint` was posted since `duplicate_since`.
pub async fn recent_activity(
    db: &Db,
    user_id: i64,
    day_start: Timestamp,
    fingerprint: &str,
    duplicate_since: Timestamp,
) -> sqlx::Result<RecentActivity> {
    let row = sqlx::query(
        "SELECT MAX(created_at) AS last_at, \
         COUNT(CASE WHEN created_at >= $2 THEN 1 END) AS since_day, \
         COUNT(CASE WHEN body_hash = $3 AND created_at >= $4 THEN 1 END) AS dups \
         FROM comments WHERE user_id = $1 AND created_at >= $5",
    )
    .bind(user_id)
    .bind(day_start)
    .bind(fingerprint)
    .bind(duplicate_since)
    .bind(day_start.min(duplicate_since))
    .fetch_one(&db.pool)
    .await?;
    // COUNT, not SUM: PostgreSQL sums integers as NUMERIC, which the Any driver cannot decode.
    let dups: i64 = row.try_get("dups")?;
    Ok(RecentActivity {
        last_at: row.try_get("last_at")?,
        since_first_day: row.try_get("since_day")?,
        duplicate: dups > 0,
    })
}

/// A comment about to be stored, checked.
pub struct NewComment<'a> {
    pub article_id: i64,
    pub user_id: i64,
    pub parent_id: Option<i64>,
    pub body: &'a CommentBody,
    pub moderation: Moderation,
    pub at: Timestamp,
}

/// Stores a comment; returns its id.
pub async fn insert(db: &Db, c: NewComment<'_>, claim: Option<&crate::idempotency::Claim>) -> sqlx::Result<i64> {
    let mut tx = db.begin().await?;
    let id = sqlx::query(
        "INSERT INTO comments (article_id, user_id, parent_id, body, status, body_hash, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(c.article_id)
    .bind(c.user_id)
    .bind(c.parent_id)
    .bind(c.body.as_str())
    .bind(c.moderation.status())
    .bind(c.body.fingerprint())
    .bind(c.at)
    .fetch_one(&mut *tx)
    .await?
    .try_get("id")?;
    if let Some(claim) = claim {
        crate::idempotency::record(&mut tx, c.user_id, claim, id, c.at).await?;
    }
    tx.commit().await?;
    Ok(id)
}

/// Marks the author's own comment deleted; returns whether it was theirs and not yet deleted.
pub async fn delete_own(db: &Db, id: i64, user_id: i64) -> sqlx::Result<bool> {
    let done =
        sqlx::query("UPDATE comments SET status = 'deleted' WHERE id = $1 AND user_id = $2 AND status <> 'deleted'")
            .bind(id)
            .bind(user_id)
            .execute(&db.pool)
            .await?;
    Ok(done.rows_affected() == 1)
}
