//! Topics in the database, as the newsroom manages them and pickers search them. Writes that go
//! with others (a slug change and its redirects, a merge) take the caller's transaction.

use sqlx::{AnyConnection, FromRow};

use crate::clock::Timestamp;
use crate::db::Db;
use crate::editions::Lang;

/// A topic with what the newsroom shows of it.
#[derive(Debug, Clone, FromRow)]
pub struct TopicAdmin {
    pub id: i64,
    pub lang: Lang,
    pub slug: String,
    pub name: String,
    pub description: String,
    /// The topic's photo in the media library.
    pub image_id: Option<i64>,
    /// Published stories with the topic.
    pub stories: i64,
}

// Published stories are counted on the partial index topic pages read.
const SELECT: &str = "SELECT t.id, t.lang, t.slug, t.name, t.description, t.image_id, \
     (SELECT COUNT(*) FROM article_topics at WHERE at.topic_id = t.id AND at.published_at IS NOT NULL) AS stories \
     FROM topics t ";

/// A topic by id.
pub async fn find(db: &Db, id: i64) -> sqlx::Result<Option<TopicAdmin>> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!("{SELECT} WHERE t.id = $1"))).bind(id).fetch_optional(&db.pool).await
}

/// A topic of an edition by slug.
pub async fn by_slug(db: &Db, lang: Lang, slug: &str) -> sqlx::Result<Option<TopicAdmin>> {
    if slug.chars().any(char::is_control) {
        return Ok(None);
    }
    sqlx::query_as(sqlx::AssertSqlSafe(format!("{SELECT} WHERE t.lang = $1 AND t.slug = $2")))
        .bind(lang)
        .bind(slug)
        .fetch_optional(&db.pool)
        .await
}

/// Topics of an edition (of both when `lang` is `None`) whose name or slug holds the text of
/// `pattern` (see `model::contains_pattern`; every topic when `None`): those that start with it
/// first, then by name.
pub async fn search(
    db: &Db,
    lang: Option<Lang>,
    pattern: Option<&str>,
    limit: i64,
    offset: i64,
) -> sqlx::Result<Vec<TopicAdmin>> {
    let pattern = pattern.unwrap_or("%");
    // The same text without the leading `%`: the names that start with it.
    let prefix = pattern.strip_prefix('%').unwrap_or(pattern);
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{SELECT} WHERE ($1 = '' OR t.lang = $1) AND (LOWER(t.name) LIKE $2 ESCAPE '\\' OR t.slug LIKE $2 ESCAPE '\\') \
         ORDER BY CASE WHEN LOWER(t.name) LIKE $3 ESCAPE '\\' THEN 0 ELSE 1 END, t.name, t.id LIMIT $4 OFFSET $5"
    )))
    .bind(lang.map_or("", Lang::code))
    .bind(pattern)
    .bind(prefix)
    .bind(limit)
    .bind(offset)
    .fetch_all(&db.pool)
    .await
}

/// How many topics [`search`] finds in all.
pub async fn count(db: &Db, lang: Option<Lang>, pattern: Option<&str>) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM topics t WHERE ($1 = '' OR t.lang = $1) \
         AND (LOWER(t.name) LIKE $2 ESCAPE '\\' OR t.slug LIKE $2 ESCAPE '\\')",
    )
    .bind(lang.map_or("", Lang::code))
    .bind(pattern.unwrap_or("%"))
    .fetch_one(&db.pool)
    .await
}

/// What a topic holds besides its name and address.
pub struct Details<'a> {
    pub description: &'a str,
    pub image_id: Option<i64>,
}

/// Adds a topic; returns its id. A slug taken in the edition is the database's unique
/// violation.
pub async fn insert(
    conn: &mut AnyConnection,
    lang: Lang,
    slug: &str,
    name: &str,
    details: &Details<'_>,
) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "INSERT INTO topics (lang, slug, name, description, image_id) VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(lang)
    .bind(slug)
    .bind(name)
    .bind(details.description)
    .bind(details.image_id)
    .fetch_one(&mut *conn)
    .await
}

/// Sets a topic's slug, name, description and photo.
pub async fn update(
    conn: &mut AnyConnection,
    id: i64,
    slug: &str,
    name: &str,
    details: &Details<'_>,
) -> sqlx::Result<()> {
    sqlx::query("UPDATE topics SET slug = $2, name = $3, description = $4, image_id = $5 WHERE id = $1")
        .bind(id)
        .bind(slug)
        .bind(name)
        .bind(details.description)
        .bind(details.image_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Stamps the stories with a topic as changed at `now` (or just after their last change), so
/// that every node's search index reads them again with their topics as they are now.
pub async fn stamp_stories(conn: &mut AnyConnection, topic_id: i64, now: Timestamp) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE articles SET updated_at = CASE WHEN updated_at >= $2 THEN updated_at + 1 ELSE $2 END \
         WHERE id IN (SELECT article_id FROM article_topics WHERE topic_id = $1)",
    )
    .bind(topic_id)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Moves the stories of topic `from` to topic `into` (a story that has both keeps `into`, in
/// its place) and deletes `from`.
pub async fn merge(conn: &mut AnyConnection, from: i64, into: i64) -> sqlx::Result<()> {
    sqlx::query(
        "DELETE FROM article_topics WHERE topic_id = $1 \
         AND article_id IN (SELECT article_id FROM article_topics WHERE topic_id = $2)",
    )
    .bind(from)
    .bind(into)
    .execute(&mut *conn)
    .await?;
    sqlx::query("UPDATE article_topics SET topic_id = $2 WHERE topic_id = $1")
        .bind(from)
        .bind(into)
        .execute(&mut *conn)
        .await?;
    sqlx::query("DELETE FROM topics WHERE id = $1").bind(from).execute(&mut *conn).await?;
    Ok(())
}

/// Deletes a topic; its stories lose it.
pub async fn delete(conn: &mut AnyConnection, id: i64) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM article_topics WHERE topic_id = $1").bind(id).execute(&mut *conn).await?;
    sqlx::query("DELETE FROM topics WHERE id = $1").bind(id).execute(&mut *conn).await?;
    Ok(())
}

/// What a topic's page shows above its stories.
#[derive(Debug, Clone, Default, FromRow)]
pub struct About {
    pub description: String,
    #[sqlx(flatten)]
    pub image: crate::articles::db::CardImageRow,
}

/// A topic's description and photo, for its page.
pub async fn about(db: &Db, id: i64) -> sqlx::Result<Option<About>> {
    sqlx::query_as(
        "SELECT t.description, m.path AS image_path, m.width AS image_width, m.height AS image_height, \
         m.renditions AS image_renditions, m.alt AS image_alt FROM topics t LEFT JOIN media m ON m.id = t.image_id \
         WHERE t.id = $1",
    )
    .bind(id)
    .fetch_optional(&db.pool)
    .await
}
