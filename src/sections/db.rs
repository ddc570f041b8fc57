//! Sections in the database, as the newsroom manages them. Writes that go with others (a slug
//! change and its redirects, a new order) take the caller's transaction.

use sqlx::{AnyConnection, FromRow};

use crate::clock::Timestamp;
use crate::db::Db;
use crate::editions::Lang;

/// A section with what the newsroom shows of it.
#[derive(Debug, Clone, FromRow)]
pub struct SectionAdmin {
    pub id: i64,
    pub lang: Lang,
    pub slug: String,
    pub name: String,
    /// Place in the edition's navigation: 1 for first.
    pub position: i64,
    /// 1 when the section is left out of the navigation and the home page.
    pub hidden: i64,
    /// Stories filed under it, whatever their status.
    pub stories: i64,
}

// `position` is the section's place counted 1, 2, 3… in navigation order, whatever numbers
// are stored.
const SELECT: &str = "SELECT s.id, s.lang, s.slug, s.name, s.hidden, \
     (SELECT COUNT(*) FROM sections o WHERE o.lang = s.lang \
      AND (o.position < s.position OR (o.position = s.position AND o.id <= s.id))) AS position, \
     (SELECT COUNT(*) FROM articles a WHERE a.section_id = s.id) AS stories FROM sections s ";

/// The sections of an edition in navigation order.
pub async fn list(db: &Db, lang: Lang) -> sqlx::Result<Vec<SectionAdmin>> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!("{SELECT} WHERE s.lang = $1 ORDER BY s.position, s.id")))
        .bind(lang)
        .fetch_all(&db.pool)
        .await
}

/// A section by id.
pub async fn find(db: &Db, id: i64) -> sqlx::Result<Option<SectionAdmin>> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!("{SELECT} WHERE s.id = $1"))).bind(id).fetch_optional(&db.pool).await
}

/// Ids of the hidden sections of both editions, for the navigation.
pub async fn hidden_ids(db: &Db) -> sqlx::Result<Vec<i64>> {
    sqlx::query_scalar("SELECT id FROM sections WHERE hidden <> 0").fetch_all(&db.pool).await
}

/// Adds a section last in its edition's navigation; returns its id. A slug taken in the edition
/// is the database's unique violation.
pub async fn insert(conn: &mut AnyConnection, lang: Lang, slug: &str, name: &str, hidden: bool) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "INSERT INTO sections (lang, slug, name, hidden, position) \
         VALUES ($1, $2, $3, $4, (SELECT COALESCE(MAX(position), 0) + 1 FROM sections WHERE lang = $1)) RETURNING id",
    )
    .bind(lang)
    .bind(slug)
    .bind(name)
    .bind(i64::from(hidden))
    .fetch_one(&mut *conn)
    .await
}

/// Sets a section's name, slug and whether it is hidden.
pub async fn update(conn: &mut AnyConnection, id: i64, slug: &str, name: &str, hidden: bool) -> sqlx::Result<()> {
    sqlx::query("UPDATE sections SET slug = $2, name = $3, hidden = $4 WHERE id = $1")
        .bind(id)
        .bind(slug)
        .bind(name)
        .bind(i64::from(hidden))
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// The ids of an edition's sections in navigation order.
pub async fn order(conn: &mut AnyConnection, lang: Lang) -> sqlx::Result<Vec<i64>> {
    sqlx::query_scalar("SELECT id FROM sections WHERE lang = $1 ORDER BY position, id").bind(lang).fetch_all(conn).await
}

/// Numbers an edition's sections 1, 2, 3… in the order of `ids`.
pub async fn set_order(conn: &mut AnyConnection, lang: Lang, ids: &[i64]) -> sqlx::Result<()> {
    for (position, id) in ids.iter().enumerate() {
        sqlx::query("UPDATE sections SET position = $3 WHERE id = $1 AND lang = $2")
            .bind(id)
            .bind(lang)
            .bind(position as i64 + 1)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Stamps the stories of a section as changed at `now` (or just after their last change), so
/// that every node's search index reads them again with the section's new name.
pub async fn stamp_stories(conn: &mut AnyConnection, section_id: i64, now: Timestamp) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE articles SET updated_at = CASE WHEN updated_at >= $2 THEN updated_at + 1 ELSE $2 END \
         WHERE section_id = $1",
    )
    .bind(section_id)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// What [`delete`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Deleted {
    Done,
    /// Nothing was deleted: this many stories are filed under the section.
    HasStories(i64),
}

/// Deletes a section that holds no story, with its front.
pub async fn delete(conn: &mut AnyConnection, id: i64) -> sqlx::Result<Deleted> {
    let stories: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM articles WHERE section_id = $1")
        .bind(id)
        .fetch_one(&mut *conn)
        .await?;
    if stories > 0 {
        return Ok(Deleted::HasStories(stories));
    }
    sqlx::query("DELETE FROM front_slots WHERE section_id = $1").bind(id).execute(&mut *conn).await?;
    sqlx::query("DELETE FROM fronts WHERE section_id = $1").bind(id).execute(&mut *conn).await?;
    sqlx::query("DELETE FROM sections WHERE id = $1").bind(id).execute(&mut *conn).await?;
    Ok(Deleted::Done)
}
