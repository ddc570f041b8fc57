//! `Idempotency-Key` on the API's creating requests. The key is stored in the same transaction
//! as what the request created, so a client that lost the answer (a dropped connection, a crashed
//! node) can send the request again and get the first result back, never a second article.
//! Keys are remembered for a day.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use serde::Serialize;
use sqlx::Row;

use crate::accounts::model::sha256_hex;
use crate::clock::Timestamp;
use crate::db::Db;
use crate::error::{ApiError, AppError};

/// The request header.
pub const HEADER: &str = "idempotency-key";
/// The response header on an answer given again for a repeated key.
pub const REPLAYED: &str = "idempotent-replayed";
/// How long a key is remembered.
pub const KEEP_SECS: i64 = 86_400;

/// A client's key, when the request carried one.
#[derive(Debug, Clone)]
pub struct IdempotencyKey(pub Option<String>);

impl<S: Send + Sync> FromRequestParts<S> for IdempotencyKey {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let Some(value) = parts.headers.get(HEADER) else { return Ok(Self(None)) };
        let key =
            value.to_str().ok().filter(|k| (1..=255).contains(&k.len()) && k.bytes().all(|b| b.is_ascii_graphic()));
        match key {
            Some(key) => Ok(Self(Some(key.to_owned()))),
            None => {
                Err(AppError::bad_request("Idempotency-Key must be 1 to 255 visible ASCII characters, such as a UUID.")
                    .into())
            }
        }
    }
}

/// A key with the fingerprint of the request it came with.
#[derive(Debug, Clone)]
pub struct Claim {
    pub key: String,
    pub request_hash: String,
    /// `article`, `comment` or `media`.
    pub resource: &'static str,
}

impl IdempotencyKey {
    /// The claim of this request, fingerprinted by its parsed body.
    pub fn claim(&self, resource: &'static str, request: &impl Serialize) -> Option<Claim> {
        let key = self.0.clone()?;
        let body = serde_json::to_vec(request).unwrap_or_default();
        Some(Claim { key, request_hash: sha256_hex(&String::from_utf8_lossy(&body)), resource })
    }
}

/// What the key already produced: the id of the created object, or `None` for a new key. The
/// same key with another request is refused.
pub async fn earlier(db: &Db, user_id: i64, claim: &Claim) -> Result<Option<i64>, AppError> {
    let row =
        sqlx::query("SELECT request_hash, resource, resource_id FROM idempotency_keys WHERE user_id = $1 AND key = $2")
            .bind(user_id)
            .bind(&claim.key)
            .fetch_optional(&db.pool)
            .await?;
    let Some(row) = row else { return Ok(None) };
    let (hash, resource): (String, String) = (row.try_get("request_hash")?, row.try_get("resource")?);
    if hash != claim.request_hash || resource != claim.resource {
        return Err(AppError::Unprocessable(
            "This Idempotency-Key was already used for a different request. Send a new key with a new request.".into(),
        ));
    }
    Ok(Some(row.try_get("resource_id")?))
}

/// Records the key inside the transaction that created `resource_id`.
pub async fn record(
    conn: &mut sqlx::AnyConnection,
    user_id: i64,
    claim: &Claim,
    resource_id: i64,
    now: Timestamp,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO idempotency_keys (user_id, key, request_hash, resource, resource_id, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(user_id)
    .bind(&claim.key)
    .bind(&claim.request_hash)
    .bind(claim.resource)
    .bind(resource_id)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// Whether `err` is a second request with the same key that lost the race to the first.
pub fn lost_race(err: &sqlx::Error) -> bool {
    matches!(err, sqlx::Error::Database(e) if e.is_unique_violation())
}

/// Forgets keys older than a day.
pub async fn prune(db: &Db, now: Timestamp) -> sqlx::Result<u64> {
    let done = sqlx::query("DELETE FROM idempotency_keys WHERE created_at < $1")
        .bind(now - KEEP_SECS)
        .execute(&db.pool)
        .await?;
    Ok(done.rows_affected())
}
