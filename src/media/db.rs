//! Media queries.

use sqlx::{FromRow, Row};

use crate::clock::Timestamp;
use crate::db::Db;

/// A stored image.
#[derive(Debug, Clone, FromRow)]
pub struct MediaRow {
    pub id: i64,
    pub path: String,
    pub mime: String,
    pub width: i64,
    pub height: i64,
    pub renditions: String,
    pub alt: String,
    pub caption: String,
    pub credit: String,
    pub created_at: i64,
}

impl MediaRow {
    /// The rendition widths.
    pub fn rendition_widths(&self) -> Vec<i64> {
        self.renditions.split(',').filter_map(|w| w.parse().ok()).collect()
    }
}

/// What a new image row holds.
pub struct NewMedia<'a> {
    pub path: &'a str,
    pub mime: &'a str,
    pub width: i64,
    pub height: i64,
    pub renditions: &'a str,
    pub alt: &'a str,
    pub caption: &'a str,
    pub credit: &'a str,
    pub uploaded_by: i64,
    pub at: Timestamp,
}

/// Stores an image's row; returns its id.
pub async fn insert(db: &Db, m: NewMedia<'_>) -> sqlx::Result<i64> {
    let query = sqlx::query(
        "INSERT INTO media (path, mime, width, height, renditions, alt, caption, credit, uploaded_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
    )
    .bind(m.path)
    .bind(m.mime)
    .bind(m.width)
    .bind(m.height)
    .bind(m.renditions)
    .bind(m.alt)
    .bind(m.caption)
    .bind(m.credit)
    .bind(m.uploaded_by)
    .bind(m.at);
    crate::db::write_returning(query, &db.pool).await?.ok_or(sqlx::Error::RowNotFound)?.try_get("id")
}

const COLUMNS: &str = "id, path, mime, width, height, renditions, alt, caption, credit, created_at";

/// One image.
pub async fn find(db: &Db, id: i64) -> sqlx::Result<Option<MediaRow>> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT {COLUMNS} FROM media WHERE id = $1")))
        .bind(id)
        .fetch_optional(&db.pool)
        .await
}

/// One image, inside a transaction (an import's, which may have just stored it).
pub async fn find_in(conn: &mut sqlx::AnyConnection, id: i64) -> sqlx::Result<Option<MediaRow>> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT {COLUMNS} FROM media WHERE id = $1")))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await
}

/// The newest images, for the library.
pub async fn recent(db: &Db, limit: i64) -> sqlx::Result<Vec<MediaRow>> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT {COLUMNS} FROM media ORDER BY id DESC LIMIT $1")))
        .bind(limit)
        .fetch_all(&db.pool)
        .await
}

/// Images whose alt text, caption or credit holds `q` (any case), newest first.
pub async fn search(db: &Db, q: &str, limit: i64) -> sqlx::Result<Vec<MediaRow>> {
    let escaped = q.trim().to_lowercase().replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM media WHERE LOWER(alt) LIKE $1 ESCAPE '\\' OR LOWER(caption) LIKE $1 ESCAPE '\\' \
         OR LOWER(credit) LIKE $1 ESCAPE '\\' ORDER BY id DESC LIMIT $2"
    )))
    .bind(format!("%{escaped}%"))
    .bind(limit)
    .fetch_all(&db.pool)
    .await
}
