//! Queries of the story editor's side tables: autosaved copies, who has a story open, and
//! preview links.

use sqlx::FromRow;

use crate::clock::Timestamp;
use crate::db::Db;

/// Someone's newest unsaved state of a story (`article_id` 0: a story not yet created).
#[derive(Debug, Clone, FromRow)]
pub struct Autosave {
    pub article_id: i64,
    pub base_version: i64,
    pub title: String,
    pub standfirst: String,
    pub body: crate::body::Body,
    pub saved_at: i64,
}

/// Keeps `a` as `user_id`'s unsaved state of its story, replacing the one before.
pub async fn autosave(db: &Db, user_id: i64, a: &Autosave) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO article_autosaves (user_id, article_id, base_version, title, standfirst, body, saved_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (user_id, article_id) DO UPDATE SET \
         base_version = excluded.base_version, title = excluded.title, standfirst = excluded.standfirst, \
         body = excluded.body, saved_at = excluded.saved_at",
    )
    .bind(user_id)
    .bind(a.article_id)
    .bind(a.base_version)
    .bind(&a.title)
    .bind(&a.standfirst)
    .bind(&a.body)
    .bind(a.saved_at)
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// `user_id`'s unsaved state of a story, if any.
pub async fn autosaved(db: &Db, user_id: i64, article_id: i64) -> sqlx::Result<Option<Autosave>> {
    sqlx::query_as(
        "SELECT article_id, base_version, title, standfirst, body, saved_at FROM article_autosaves \
         WHERE user_id = $1 AND article_id = $2",
    )
    .bind(user_id)
    .bind(article_id)
    .fetch_optional(&db.pool)
    .await
}

/// Forgets `user_id`'s unsaved state of a story (saved, or discarded).
pub async fn discard(db: &Db, user_id: i64, article_id: i64) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM article_autosaves WHERE user_id = $1 AND article_id = $2")
        .bind(user_id)
        .bind(article_id)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// Notes that `user_id` has the story open now.
pub async fn seen(db: &Db, article_id: i64, user_id: i64, now: Timestamp) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO article_presence (article_id, user_id, seen_at) VALUES ($1, $2, $3) \
         ON CONFLICT (article_id, user_id) DO UPDATE SET seen_at = excluded.seen_at",
    )
    .bind(article_id)
    .bind(user_id)
    .bind(now)
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// The names of the others who have had the story open since `since`.
pub async fn others(db: &Db, article_id: i64, user_id: i64, since: Timestamp) -> sqlx::Result<Vec<String>> {
    sqlx::query_scalar(
        "SELECT u.display_name FROM article_presence p JOIN users u ON u.id = p.user_id \
         WHERE p.article_id = $1 AND p.user_id <> $2 AND p.seen_at >= $3 ORDER BY u.display_name",
    )
    .bind(article_id)
    .bind(user_id)
    .bind(since)
    .fetch_all(&db.pool)
    .await
}

/// Keeps a preview link by its token's hash.
pub async fn insert_preview(
    db: &Db,
    token_hash: &str,
    article_id: i64,
    by: i64,
    expires_at: Timestamp,
) -> sqlx::Result<()> {
    sqlx::query("INSERT INTO preview_links (token_hash, article_id, created_by, expires_at) VALUES ($1, $2, $3, $4)")
        .bind(token_hash)
        .bind(article_id)
        .bind(by)
        .bind(expires_at)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// The story a preview link shows, while it has not expired.
pub async fn previewed(db: &Db, token_hash: &str, now: Timestamp) -> sqlx::Result<Option<i64>> {
    sqlx::query_scalar("SELECT article_id FROM preview_links WHERE token_hash = $1 AND expires_at > $2")
        .bind(token_hash)
        .bind(now)
        .fetch_optional(&db.pool)
        .await
}
