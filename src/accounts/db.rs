//! Account queries.

use sqlx::Row;

use super::model::Email;
use crate::clock::Timestamp;
use crate::db::Db;

/// The email of the oldest admin, if there is one.
pub async fn first_admin_email(db: &Db) -> sqlx::Result<Option<String>> {
    let row = sqlx::query("SELECT email FROM users WHERE role = 'admin' ORDER BY id LIMIT 1")
        .fetch_optional(&db.pool)
        .await?;
    row.map(|r| r.try_get("email")).transpose()
}

/// Creates an account; returns its id.
pub async fn insert_user(
    db: &Db,
    email: &Email,
    display_name: &str,
    password_hash: &str,
    role: &str,
    now: Timestamp,
) -> sqlx::Result<i64> {
    sqlx::query(
        "INSERT INTO users (email, display_name, password_hash, role, created_at) VALUES ($1, $2, $3, $4, $5) \
         RETURNING id",
    )
    .bind(email.as_str())
    .bind(display_name)
    .bind(password_hash)
    .bind(role)
    .bind(now)
    .fetch_one(&db.pool)
    .await?
    .try_get("id")
}
