//! Article revisions: each save and workflow step records the article as it then was, for
//! the history, the comparison of two versions and restoring an earlier one.

use sqlx::{Any, FromRow, Transaction};

use crate::clock::Timestamp;
use crate::db::Db;
use crate::newsroom::model::Status;

/// Records the article as it now is, inside the transaction that changed it.
pub(crate) async fn record_revision(
    tx: &mut sqlx::AnyConnection,
    id: i64,
    user_id: Option<i64>,
    action: &str,
    now: Timestamp,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO article_revisions (article_id, version, user_id, saved_at, action, title, standfirst, body, \
         body_md, slug, section_id, status) SELECT id, version, $2, $3, $4, title, standfirst, body, body_md, slug, \
         section_id, status \
         FROM articles WHERE id = $1",
    )
    .bind(id)
    .bind(user_id)
    .bind(now)
    .bind(action)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// Keeps a workflow step's note with the revision it recorded.
pub(super) async fn note_revision(
    tx: &mut Transaction<'static, Any>,
    id: i64,
    version: i64,
    note: &str,
) -> sqlx::Result<()> {
    sqlx::query("UPDATE article_revisions SET note = $3 WHERE article_id = $1 AND version = $2")
        .bind(id)
        .bind(version)
        .bind(note)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// The note of the last time a story was returned to its reporter.
#[derive(Debug, Clone, FromRow)]
pub struct ReturnNote {
    pub note: String,
    pub saved_at: i64,
    /// Who returned it (gone when their account is).
    pub author: Option<String>,
}

/// The latest return of an article, if it was ever returned.
pub async fn latest_return(db: &Db, id: i64) -> sqlx::Result<Option<ReturnNote>> {
    sqlx::query_as(
        "SELECT r.note, r.saved_at, u.display_name AS author FROM article_revisions r \
         LEFT JOIN users u ON u.id = r.user_id WHERE r.article_id = $1 AND r.action = 'return' \
         ORDER BY r.version DESC LIMIT 1",
    )
    .bind(id)
    .fetch_optional(&db.pool)
    .await
}

/// A saved revision.
#[derive(Debug, Clone, FromRow)]
pub struct RevisionRow {
    pub version: i64,
    pub action: String,
    pub saved_at: i64,
    pub title: String,
    pub status: Status,
    pub author: Option<String>,
}

/// Every revision of an article, newest first.
pub async fn revisions(db: &Db, id: i64) -> sqlx::Result<Vec<RevisionRow>> {
    sqlx::query_as(
        "SELECT r.version, r.action, r.saved_at, r.title, r.status, u.display_name AS author \
         FROM article_revisions r LEFT JOIN users u ON u.id = r.user_id WHERE r.article_id = $1 ORDER BY r.version DESC",
    )
    .bind(id)
    .fetch_all(&db.pool)
    .await
}

/// The saved text of one revision.
#[derive(Debug, Clone, FromRow)]
pub struct RevisionText {
    pub version: i64,
    pub title: String,
    pub standfirst: String,
    pub body: crate::body::Body,
    pub slug: String,
    pub section_slug: String,
}

/// One revision of an article with its text.
pub async fn revision(db: &Db, article_id: i64, version: i64) -> sqlx::Result<Option<RevisionText>> {
    sqlx::query_as(
        "SELECT r.version, r.title, r.standfirst, r.body, r.slug, s.slug AS section_slug FROM article_revisions r \
         JOIN sections s ON s.id = r.section_id WHERE r.article_id = $1 AND r.version = $2",
    )
    .bind(article_id)
    .bind(version)
    .fetch_optional(&db.pool)
    .await
}
