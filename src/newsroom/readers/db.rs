//! Readers' accounts for the readers page: a keyset page of a search, with comment counts.

use sqlx::FromRow;

use crate::db::Db;

/// A reader as the readers page shows it.
#[derive(Debug, Clone, FromRow)]
pub struct ReaderRow {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub created_at: i64,
    /// Every comment they wrote, whatever became of it.
    pub comments: i64,
    pub banned_until: Option<i64>,
    pub ban_reason: String,
    pub disabled_at: Option<i64>,
}

/// Readers whose name or email contains the pattern (`""`: all), with ids below `before`
/// (`None`: from the newest), newest first, at most `limit`.
pub async fn readers(db: &Db, pattern: &str, before: Option<i64>, limit: i64) -> sqlx::Result<Vec<ReaderRow>> {
    // The comment count is one index range per reader (comments_user_recent), on one page only.
    sqlx::query_as(
        "SELECT u.id, u.email, u.display_name, u.created_at, u.banned_until, u.ban_reason, u.disabled_at, \
         (SELECT COUNT(*) FROM comments c WHERE c.user_id = u.id) AS comments \
         FROM users u WHERE u.role = 'reader' AND ($1 = 0 OR u.id < $1) \
         AND ($2 = '' OR LOWER(u.email) LIKE $2 ESCAPE '\\' OR LOWER(u.display_name) LIKE $2 ESCAPE '\\') \
         ORDER BY u.id DESC LIMIT $3",
    )
    .bind(before.unwrap_or(0))
    .bind(pattern)
    .bind(limit)
    .fetch_all(&db.pool)
    .await
}
