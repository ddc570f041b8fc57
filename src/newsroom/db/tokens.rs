//! Personal API tokens, stored hashed: issuing, looking up, listing and revoking them.

use sqlx::{FromRow, Row};

use crate::clock::Timestamp;
use crate::db::Db;

/// Stores a new API token (hashed); returns its id.
pub async fn insert_token(db: &Db, user_id: i64, token_hash: &str, name: &str, now: Timestamp) -> sqlx::Result<i64> {
    let query = sqlx::query(
        "INSERT INTO api_tokens (user_id, token_hash, name, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(user_id)
    .bind(token_hash)
    .bind(name)
    .bind(now);
    crate::db::write_returning(query, &db.pool).await?.ok_or(sqlx::Error::RowNotFound)?.try_get("id")
}

/// The account behind a live token.
pub async fn token_user(db: &Db, token_hash: &str) -> sqlx::Result<Option<crate::accounts::db::UserRow>> {
    sqlx::query_as(
        "SELECT u.id, u.email, u.display_name, u.password_hash, u.role, u.created_at, u.newsroom_lang FROM api_tokens t \
         JOIN users u ON u.id = t.user_id WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND u.disabled_at IS NULL",
    )
    .bind(token_hash)
    .fetch_optional(&db.pool)
    .await
}

/// Revokes one of the user's tokens; returns whether it was theirs and live.
pub async fn revoke_token(db: &Db, user_id: i64, token_id: i64, now: Timestamp) -> sqlx::Result<bool> {
    let done =
        sqlx::query("UPDATE api_tokens SET revoked_at = $3 WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL")
            .bind(token_id)
            .bind(user_id)
            .bind(now)
            .execute(&db.pool)
            .await?;
    Ok(done.rows_affected() == 1)
}

/// A live API token as the account page lists it.
#[derive(Debug, Clone, FromRow)]
pub struct TokenRow {
    pub id: i64,
    pub name: String,
    pub created_at: i64,
    pub last_used_at: Option<i64>,
}

/// The user's live tokens, newest first.
pub async fn live_tokens(db: &Db, user_id: i64) -> sqlx::Result<Vec<TokenRow>> {
    sqlx::query_as(
        "SELECT id, name, created_at, last_used_at FROM api_tokens WHERE user_id = $1 AND revoked_at IS NULL ORDER BY id DESC",
    )
    .bind(user_id)
    .fetch_all(&db.pool)
    .await
}
