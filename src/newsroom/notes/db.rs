//! Internal-note queries.

use sqlx::{FromRow, Row};

use crate::clock::Timestamp;
use crate::db::Db;

/// A note of the thread.
#[derive(Debug, Clone, FromRow)]
pub struct NoteRow {
    pub id: i64,
    pub body: String,
    pub created_at: i64,
    /// The author's name (gone when their account is).
    pub author: Option<String>,
}

/// The longest thread shown; a story's desk talk rarely comes near it.
const MAX_THREAD: i64 = 500;

/// Adds a note; returns its id.
pub async fn insert(db: &Db, article_id: i64, user_id: i64, body: &str, now: Timestamp) -> sqlx::Result<i64> {
    sqlx::query(
        "INSERT INTO article_notes (article_id, user_id, body, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(article_id)
    .bind(user_id)
    .bind(body)
    .bind(now)
    .fetch_one(&db.pool)
    .await?
    .try_get("id")
}

/// The notes of an article, oldest first.
pub async fn thread(db: &Db, article_id: i64) -> sqlx::Result<Vec<NoteRow>> {
    sqlx::query_as(
        "SELECT n.id, n.body, n.created_at, u.display_name AS author FROM article_notes n \
         LEFT JOIN users u ON u.id = n.user_id WHERE n.article_id = $1 ORDER BY n.id LIMIT $2",
    )
    .bind(article_id)
    .bind(MAX_THREAD)
    .fetch_all(&db.pool)
    .await
}
