//! Account queries: users, sessions, throttle events, password resets.

use sqlx::{FromRow, Row};

use super::model::Email;
use crate::clock::Timestamp;
use crate::db::Db;
use crate::newsroom::policy::Role;

/// An account.
#[derive(Debug, Clone, FromRow)]
pub struct UserRow {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub password_hash: String,
    pub role: Role,
    pub created_at: i64,
    /// The language the person chose for the newsroom, if they did.
    pub newsroom_lang: Option<crate::editions::Lang>,
}

/// The email of the oldest admin, if there is one.
pub async fn first_admin_email(db: &Db) -> sqlx::Result<Option<String>> {
    let row = sqlx::query("SELECT email FROM users WHERE role = 'admin' ORDER BY id LIMIT 1")
        .fetch_optional(&db.pool)
        .await?;
    row.map(|r| r.try_get("email")).transpose()
}

/// Creates an account; `None` when the email is taken.
pub async fn insert_user(
    db: &Db,
    email: &Email,
    display_name: &str,
    password_hash: &str,
    role: Role,
    now: Timestamp,
) -> sqlx::Result<Option<i64>> {
    let query = sqlx::query(
        "INSERT INTO users (email, display_name, password_hash, role, created_at) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (email) DO NOTHING RETURNING id",
    )
    .bind(email.as_str())
    .bind(display_name)
    .bind(password_hash)
    .bind(role)
    .bind(now);
    let row = crate::db::write_returning(query, &db.pool).await?;
    let id: Option<i64> = row.map(|r| r.try_get("id")).transpose()?;
    if let Some(id) = id {
        // A staff account that writes has its byline from the start.
        crate::bylines::db::ensure_for_user(db, id).await?;
    }
    Ok(id)
}

const USER_COLUMNS: &str = "id, email, display_name, password_hash, role, created_at, newsroom_lang";

/// An account that may log in, by email (disabled accounts are not found).
pub async fn user_by_email(db: &Db, email: &Email) -> sqlx::Result<Option<UserRow>> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {USER_COLUMNS} FROM users WHERE email = $1 AND disabled_at IS NULL"
    )))
    .bind(email.as_str())
    .fetch_optional(&db.pool)
    .await
}

/// An account by id.
pub async fn user_by_id(db: &Db, id: i64) -> sqlx::Result<Option<UserRow>> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT {USER_COLUMNS} FROM users WHERE id = $1")))
        .bind(id)
        .fetch_optional(&db.pool)
        .await
}

/// Changes the name shown beside a user's comments.
pub async fn set_display_name(db: &Db, user_id: i64, name: &str) -> sqlx::Result<()> {
    sqlx::query("UPDATE users SET display_name = $2 WHERE id = $1").bind(user_id).bind(name).execute(&db.pool).await?;
    Ok(())
}

/// Replaces a password hash and ends every session of the user, in one transaction.
pub async fn set_password_and_end_sessions(db: &Db, user_id: i64, hash: &str) -> sqlx::Result<()> {
    let mut tx = db.begin().await?;
    sqlx::query("UPDATE users SET password_hash = $2 WHERE id = $1").bind(user_id).bind(hash).execute(&mut *tx).await?;
    sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(user_id).execute(&mut *tx).await?;
    revoke_tokens(&mut tx, user_id).await?;
    tx.commit().await
}

/// Revokes every API token of a user: a new password must lock out whoever knew the old one.
async fn revoke_tokens(tx: &mut sqlx::Transaction<'static, sqlx::Any>, user_id: i64) -> sqlx::Result<()> {
    sqlx::query("UPDATE api_tokens SET revoked_at = created_at WHERE user_id = $1 AND revoked_at IS NULL")
        .bind(user_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Stores a new session.
pub async fn insert_session(
    db: &Db,
    id_hash: &str,
    user_id: i64,
    now: Timestamp,
    expires_at: Timestamp,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO sessions (id_hash, user_id, created_at, last_seen_at, expires_at) VALUES ($1, $2, $3, $3, $4)",
    )
    .bind(id_hash)
    .bind(user_id)
    .bind(now)
    .bind(expires_at)
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// The user of a live session: not past its absolute expiry, and seen after `idle_since`.
pub async fn session_user(
    db: &Db,
    id_hash: &str,
    now: Timestamp,
    idle_since: Timestamp,
) -> sqlx::Result<Option<(UserRow, i64)>> {
    let row = sqlx::query(
        "SELECT u.id, u.email, u.display_name, u.password_hash, u.role, u.created_at, u.newsroom_lang, s.last_seen_at \
         FROM sessions s JOIN users u ON u.id = s.user_id \
         WHERE s.id_hash = $1 AND s.expires_at > $2 AND s.last_seen_at > $3 AND u.disabled_at IS NULL",
    )
    .bind(id_hash)
    .bind(now)
    .bind(idle_since)
    .fetch_optional(&db.pool)
    .await?;
    row.map(|r| Ok((UserRow::from_row(&r)?, r.try_get("last_seen_at")?))).transpose()
}

/// Records activity on a session (for idle expiry).
pub async fn touch_session(db: &Db, id_hash: &str, now: Timestamp) -> sqlx::Result<()> {
    sqlx::query("UPDATE sessions SET last_seen_at = $2 WHERE id_hash = $1")
        .bind(id_hash)
        .bind(now)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// Ends one session.
pub async fn delete_session(db: &Db, id_hash: &str) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM sessions WHERE id_hash = $1").bind(id_hash).execute(&db.pool).await?;
    Ok(())
}

/// How many events a throttle bucket has since `since`, and when the oldest of them happened.
pub async fn throttle_count(db: &Db, bucket: &str, since: Timestamp) -> sqlx::Result<(i64, Option<i64>)> {
    let row = sqlx::query("SELECT COUNT(*) AS n, MIN(at) AS oldest FROM throttle_events WHERE bucket = $1 AND at > $2")
        .bind(bucket)
        .bind(since)
        .fetch_one(&db.pool)
        .await?;
    Ok((row.try_get("n")?, row.try_get("oldest")?))
}

/// Records one event in a throttle bucket.
pub async fn throttle_record(db: &Db, bucket: &str, at: Timestamp) -> sqlx::Result<()> {
    sqlx::query("INSERT INTO throttle_events (bucket, at) VALUES ($1, $2)")
        .bind(bucket)
        .bind(at)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// Forgets a bucket's events (a successful login clears its failures).
pub async fn throttle_clear(db: &Db, bucket: &str) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM throttle_events WHERE bucket = $1").bind(bucket).execute(&db.pool).await?;
    Ok(())
}

/// Deletes throttle events and sessions that no longer matter.
pub async fn prune(db: &Db, events_before: Timestamp, now: Timestamp, idle_since: Timestamp) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM throttle_events WHERE at < $1").bind(events_before).execute(&db.pool).await?;
    sqlx::query("DELETE FROM sessions WHERE expires_at <= $1 OR last_seen_at <= $2")
        .bind(now)
        .bind(idle_since)
        .execute(&db.pool)
        .await?;
    sqlx::query("DELETE FROM password_resets WHERE expires_at <= $1").bind(now).execute(&db.pool).await?;
    Ok(())
}

/// Stores a password reset token (hashed).
pub async fn insert_reset(db: &Db, token_hash: &str, user_id: i64, expires_at: Timestamp) -> sqlx::Result<()> {
    sqlx::query("INSERT INTO password_resets (token_hash, user_id, expires_at) VALUES ($1, $2, $3)")
        .bind(token_hash)
        .bind(user_id)
        .bind(expires_at)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// The user a reset token belongs to, if it is unused and unexpired.
pub async fn valid_reset(db: &Db, token_hash: &str, now: Timestamp) -> sqlx::Result<Option<i64>> {
    let row = sqlx::query(
        "SELECT user_id FROM password_resets WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2",
    )
    .bind(token_hash)
    .bind(now)
    .fetch_optional(&db.pool)
    .await?;
    row.map(|r| r.try_get("user_id")).transpose()
}

/// Uses a reset token: sets the new password and ends every session, all or nothing. Returns
/// the user, or `None` if the token was used or expired meanwhile (single use under races).
pub async fn use_reset(db: &Db, token_hash: &str, new_hash: &str, now: Timestamp) -> sqlx::Result<Option<i64>> {
    let mut tx = db.begin().await?;
    let row = sqlx::query(
        "UPDATE password_resets SET used_at = $2 WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2 \
         RETURNING user_id",
    )
    .bind(token_hash)
    .bind(now)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let user_id: i64 = row.try_get("user_id")?;
    sqlx::query("UPDATE users SET password_hash = $2 WHERE id = $1")
        .bind(user_id)
        .bind(new_hash)
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(user_id).execute(&mut *tx).await?;
    revoke_tokens(&mut tx, user_id).await?;
    tx.commit().await?;
    Ok(Some(user_id))
}

/// Sets the language of the person's newsroom.
pub async fn set_newsroom_lang(db: &Db, user_id: i64, lang: crate::editions::Lang) -> sqlx::Result<()> {
    sqlx::query("UPDATE users SET newsroom_lang = $2 WHERE id = $1").bind(user_id).bind(lang).execute(&db.pool).await?;
    Ok(())
}

/// Changes an account's role (one that now writes gets its byline); returns whether the
/// account exists.
pub async fn set_role(db: &Db, email: &Email, role: Role) -> sqlx::Result<bool> {
    let query = sqlx::query("UPDATE users SET role = $2 WHERE email = $1 RETURNING id").bind(email.as_str()).bind(role);
    let Some(row) = crate::db::write_returning(query, &db.pool).await? else { return Ok(false) };
    crate::bylines::db::ensure_for_user(db, row.try_get("id")?).await?;
    Ok(true)
}

/// Disables an account and ends its sessions and API tokens, all at once; returns whether the
/// account exists.
pub async fn disable(db: &Db, email: &Email, now: Timestamp) -> sqlx::Result<bool> {
    let mut tx = db.begin().await?;
    let row = sqlx::query("UPDATE users SET disabled_at = COALESCE(disabled_at, $2) WHERE email = $1 RETURNING id")
        .bind(email.as_str())
        .bind(now)
        .fetch_optional(&mut *tx)
        .await?;
    let Some(row) = row else { return Ok(false) };
    let id: i64 = row.try_get("id")?;
    sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(id).execute(&mut *tx).await?;
    sqlx::query("UPDATE api_tokens SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL")
        .bind(id)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(true)
}
