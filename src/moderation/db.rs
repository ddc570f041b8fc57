//! Moderation queries: the queues, decisions, reports, bans and their log.

use sqlx::{FromRow, Row};

use crate::clock::Timestamp;
use crate::comments::model::CommentStatus;
use crate::db::Db;

/// A comment in a moderation queue.
#[derive(Debug, Clone, FromRow)]
pub struct QueueRow {
    pub id: i64,
    pub article_id: i64,
    pub article_title: String,
    pub user_id: i64,
    pub author: String,
    pub body: String,
    pub status: CommentStatus,
    pub created_at: i64,
    pub reports: i64,
}

/// Which queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Queue {
    /// Held for moderation.
    Held,
    /// With open reader reports.
    Reported,
    /// Everything recent.
    Recent,
}

impl Queue {
    /// Parses `held`, `reported` or `recent`.
    pub fn parse(text: &str) -> Option<Self> {
        Some(match text {
            "held" => Self::Held,
            "reported" => Self::Reported,
            "recent" => Self::Recent,
            _ => return None,
        })
    }
}

/// Up to 100 comments of a queue, newest first.
pub async fn queue(db: &Db, queue: Queue) -> sqlx::Result<Vec<QueueRow>> {
    let filter = match queue {
        Queue::Held => "c.status = 'held'",
        Queue::Reported => {
            "c.status IN ('approved', 'held') AND EXISTS (SELECT 1 FROM comment_reports r \
                            WHERE r.comment_id = c.id AND r.resolved_at IS NULL)"
        }
        Queue::Recent => "c.status <> 'deleted'",
    };
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT c.id, c.article_id, a.title AS article_title, c.user_id, COALESCE(c.author_name, u.display_name) AS author, c.body, c.status, \
         c.created_at, (SELECT COUNT(*) FROM comment_reports r WHERE r.comment_id = c.id AND r.resolved_at IS NULL) AS reports \
         FROM comments c JOIN users u ON u.id = c.user_id JOIN articles a ON a.id = c.article_id \
         WHERE {filter} ORDER BY c.created_at DESC, c.id DESC LIMIT 100"
    )))
    .fetch_all(&db.pool)
    .await
}

/// Sets a comment's status, resolves its reports and logs the decision; returns false, changing
/// nothing, when the comment's status is no longer `from`.
pub async fn decide(
    db: &Db,
    comment_id: i64,
    from: CommentStatus,
    status: CommentStatus,
    moderator: i64,
    reason: &str,
    now: Timestamp,
) -> sqlx::Result<bool> {
    let mut tx = db.begin().await?;
    // Only from the status the moderator saw: two moderators deciding at once cannot both win.
    let done = sqlx::query("UPDATE comments SET status = $2 WHERE id = $1 AND status = $3")
        .bind(comment_id)
        .bind(status)
        .bind(from)
        .execute(&mut *tx)
        .await?;
    if done.rows_affected() == 0 {
        return Ok(false);
    }
    sqlx::query("UPDATE comment_reports SET resolved_at = $2 WHERE comment_id = $1 AND resolved_at IS NULL")
        .bind(comment_id)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO moderation_log (moderator_id, action, comment_id, reason, at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(moderator)
    .bind(status)
    .bind(comment_id)
    .bind(reason)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(true)
}

/// Records a reader's report of a comment (once per reader).
pub async fn report(db: &Db, comment_id: i64, user_id: i64, now: Timestamp) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO comment_reports (comment_id, user_id, created_at) VALUES ($1, $2, $3) \
         ON CONFLICT (comment_id, user_id) DO NOTHING",
    )
    .bind(comment_id)
    .bind(user_id)
    .bind(now)
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// Bans a reader from commenting until `until` and logs it; returns whether the reader exists.
pub async fn ban(
    db: &Db,
    user_id: i64,
    until: Timestamp,
    reason: &str,
    moderator: i64,
    now: Timestamp,
) -> sqlx::Result<bool> {
    let mut tx = db.begin().await?;
    let done = sqlx::query("UPDATE users SET banned_until = $2, ban_reason = $3 WHERE id = $1")
        .bind(user_id)
        .bind(until)
        .bind(reason)
        .execute(&mut *tx)
        .await?;
    if done.rows_affected() == 0 {
        return Ok(false);
    }
    sqlx::query(
        "INSERT INTO moderation_log (moderator_id, action, target_user, reason, at) VALUES ($1, 'ban', $2, $3, $4)",
    )
    .bind(moderator)
    .bind(user_id)
    .bind(reason)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(true)
}

/// Lifts the ban in force on a reader and logs it; returns whether there was one.
pub async fn unban(db: &Db, user_id: i64, moderator: i64, now: Timestamp) -> sqlx::Result<bool> {
    let mut tx = db.begin().await?;
    let done = sqlx::query("UPDATE users SET banned_until = NULL, ban_reason = '' WHERE id = $1 AND banned_until > $2")
        .bind(user_id)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    if done.rows_affected() == 0 {
        return Ok(false);
    }
    sqlx::query("INSERT INTO moderation_log (moderator_id, action, target_user, at) VALUES ($1, 'unban', $2, $3)")
        .bind(moderator)
        .bind(user_id)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(true)
}

/// The ban in force on a reader: until when, and why.
pub async fn ban_of(db: &Db, user_id: i64, now: Timestamp) -> sqlx::Result<Option<(i64, String)>> {
    let row = sqlx::query("SELECT banned_until, ban_reason FROM users WHERE id = $1 AND banned_until > $2")
        .bind(user_id)
        .bind(now)
        .fetch_optional(&db.pool)
        .await?;
    row.map(|r| Ok((r.try_get("banned_until")?, r.try_get("ban_reason")?))).transpose()
}

/// One entry of the moderation history.
#[derive(Debug, Clone, FromRow)]
pub struct LogRow {
    pub action: String,
    pub moderator: String,
    pub comment_id: Option<i64>,
    pub target_user: Option<i64>,
    pub reason: String,
    pub at: i64,
}

/// The latest moderation actions.
pub async fn log(db: &Db, limit: i64) -> sqlx::Result<Vec<LogRow>> {
    sqlx::query_as(
        "SELECT l.action, u.display_name AS moderator, l.comment_id, l.target_user, l.reason, l.at \
         FROM moderation_log l JOIN users u ON u.id = l.moderator_id ORDER BY l.id DESC LIMIT $1",
    )
    .bind(limit)
    .fetch_all(&db.pool)
    .await
}
