//! The redirects table. Writes take a connection (a transaction's, usually), so that a redirect
//! is stored with the change that calls for it: a slug change, a merge, an imported page. The
//! newsroom's list of redirects reads them a page at a time, and removes one by its old path.

use sqlx::{AnyConnection, FromRow};

use super::model::normalize;
use crate::clock::Timestamp;
use crate::db::Db;

/// What [`add`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Added {
    /// Stored, leading to `to`: the final address when the one given was itself redirected.
    Stored { to: String },
    /// Refused: the new address leads back to the old one (directly or through a stored
    /// redirect); nothing was stored.
    Loop,
    /// Refused: one of the paths is not a path (the message says why); nothing was stored.
    Invalid(String),
}

/// The address a stored path now lives at (`from` as [`normalize`] gives it).
pub async fn target(db: &Db, from: &str) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar("SELECT to_path FROM redirects WHERE from_path = $1").bind(from).fetch_optional(&db.pool).await
}

/// The same, inside a transaction (`from` as [`normalize`] gives it).
pub async fn target_in(conn: &mut AnyConnection, from: &str) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar("SELECT to_path FROM redirects WHERE from_path = $1").bind(from).fetch_optional(&mut *conn).await
}

/// Makes `from` redirect to `to` (paths as they arrive or as the site writes them, encoded or
/// not), keeping the table collapsed: when `to` is itself redirected the final address is stored
/// (adding A→B while B→C is stored stores A→C), and the redirects that led to `from` now lead to
/// the same final address (B→C added while A→B is stored rewrites it to A→C). A redirect that
/// would lead back to `from` is refused. `by` is the staff member who made the change, if any.
pub async fn add(
    conn: &mut AnyConnection,
    from: &str,
    to: &str,
    now: Timestamp,
    by: Option<i64>,
) -> sqlx::Result<Added> {
    let (from, to) = match (normalize(from), normalize(to)) {
        (Ok(from), Ok(to)) => (from, to),
        (Err(message), _) | (_, Err(message)) => return Ok(Added::Invalid(message)),
    };
    // One step is enough: the stored targets are final.
    let to: String = sqlx::query_scalar("SELECT to_path FROM redirects WHERE from_path = $1")
        .bind(&to)
        .fetch_optional(&mut *conn)
        .await?
        .unwrap_or(to);
    if to == from {
        return Ok(Added::Loop);
    }
    sqlx::query("UPDATE redirects SET to_path = $2 WHERE to_path = $1")
        .bind(&from)
        .bind(&to)
        .execute(&mut *conn)
        .await?;
    sqlx::query(
        "INSERT INTO redirects (from_path, to_path, created_at, created_by) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (from_path) DO UPDATE SET to_path = $2, created_at = $3, created_by = $4",
    )
    .bind(&from)
    .bind(&to)
    .bind(now)
    .bind(by)
    .execute(&mut *conn)
    .await?;
    Ok(Added::Stored { to })
}

/// `path` is a page again (a new section or topic there, a slug given back): it no longer
/// redirects. The redirects that lead to it stay.
pub async fn release(conn: &mut AnyConnection, path: &str) -> sqlx::Result<()> {
    let Ok(path) = normalize(path) else { return Ok(()) };
    sqlx::query("DELETE FROM redirects WHERE from_path = $1").bind(path).execute(&mut *conn).await?;
    Ok(())
}

/// `path` is gone for good (a deleted section or topic): the redirects that led to it are
/// dropped, so that their old addresses answer 404 at once rather than through a 301.
pub async fn drop_leading_to(conn: &mut AnyConnection, path: &str) -> sqlx::Result<()> {
    let Ok(path) = normalize(path) else { return Ok(()) };
    sqlx::query("DELETE FROM redirects WHERE to_path = $1").bind(path).execute(&mut *conn).await?;
    Ok(())
}

/// A stored redirect as the newsroom lists it.
#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct RedirectRow {
    pub from_path: String,
    pub to_path: String,
    pub created_at: Timestamp,
    /// The display name of the staff member who made it (by hand, or by renaming a section or
    /// topic); `None` when no person did (an import).
    pub created_by: Option<String>,
}

/// Redirects whose old or new path contains `query` (any case; percent-encoded or not, as paths
/// are stored decoded; empty: all), in the order of their old paths from just after `after`
/// (`None`: from the first), at most `limit`.
pub async fn list(db: &Db, query: &str, after: Option<&str>, limit: i64) -> sqlx::Result<Vec<RedirectRow>> {
    let decoded = percent_encoding::percent_decode_str(query).decode_utf8().unwrap_or(query.into());
    let pattern = crate::topics::model::contains_pattern(&decoded).unwrap_or_default();
    // Keyset on the primary key: a page costs the same however far into the list it is.
    sqlx::query_as(
        "SELECT r.from_path, r.to_path, r.created_at, u.display_name AS created_by \
         FROM redirects r LEFT JOIN users u ON u.id = r.created_by WHERE r.from_path > $1 \
         AND ($2 = '' OR LOWER(r.from_path) LIKE $2 ESCAPE '\\' OR LOWER(r.to_path) LIKE $2 ESCAPE '\\') \
         ORDER BY r.from_path LIMIT $3",
    )
    .bind(after.unwrap_or(""))
    .bind(pattern)
    .bind(limit)
    .fetch_all(&db.pool)
    .await
}

/// How many redirects are stored.
pub async fn count(db: &Db) -> sqlx::Result<i64> {
    sqlx::query_scalar("SELECT COUNT(*) FROM redirects").fetch_one(&db.pool).await
}

/// Removes the redirect from `from` (as [`normalize`] gives it); whether there was one. The
/// redirects that lead to `from` stay.
pub async fn remove(db: &Db, from: &str) -> sqlx::Result<bool> {
    let done = sqlx::query("DELETE FROM redirects WHERE from_path = $1").bind(from).execute(&db.pool).await?;
    Ok(done.rows_affected() > 0)
}
