//! Byline queries: profiles, the byline every writing account gets, retiring and merging.

use sqlx::{FromRow, Row};

use super::model::{Credit, Profile};
use crate::articles::db::CardImageRow;
use crate::articles::model::{BylineKind, Slug};
use crate::clock::Timestamp;
use crate::db::Db;

/// A byline with its profile, as the newsroom and the author page read it.
#[derive(Debug, Clone, FromRow)]
pub struct BylineProfile {
    pub id: i64,
    pub slug: String,
    pub kind: BylineKind,
    pub agency: i64,
    pub user_id: Option<i64>,
    pub name: String,
    pub name_bn: String,
    pub title: String,
    pub title_bn: String,
    pub bio: String,
    pub bio_bn: String,
    pub photo_id: Option<i64>,
    pub links: String,
    pub joined_at: i64,
    pub retired_at: Option<i64>,
    pub merged_into: Option<i64>,
    pub version: i64,
    /// The photo, for the author page and the API.
    #[sqlx(flatten)]
    pub photo: CardImageRow,
}

impl BylineProfile {
    /// What the byline credits.
    pub fn credit(&self) -> Credit {
        Credit::of(self.kind, self.agency != 0, self.user_id.is_some())
    }

    /// The profile's text fields.
    pub fn profile(&self) -> Profile {
        Profile {
            name: self.name.clone(),
            name_bn: self.name_bn.clone(),
            title: self.title.clone(),
            title_bn: self.title_bn.clone(),
            bio: self.bio.clone(),
            bio_bn: self.bio_bn.clone(),
            links: self.links.clone(),
        }
    }
}

const PROFILE: &str = "SELECT b.id, b.slug, b.kind, b.agency, b.user_id, b.name, b.name_bn, b.title, b.title_bn, \
     b.bio, b.bio_bn, b.photo_id, b.links, b.joined_at, b.retired_at, b.merged_into, b.version, \
     m.path AS image_path, m.width AS image_width, m.height AS image_height, \
     m.renditions AS image_renditions, m.alt AS image_alt \
     FROM bylines b LEFT JOIN media m ON m.id = b.photo_id";

/// A byline by id.
pub async fn find(db: &Db, id: i64) -> sqlx::Result<Option<BylineProfile>> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!("{PROFILE} WHERE b.id = $1"))).bind(id).fetch_optional(&db.pool).await
}

/// A byline by its address slug (merged ones too: their page redirects).
pub async fn by_slug(db: &Db, slug: &str) -> sqlx::Result<Option<BylineProfile>> {
    if slug.chars().any(char::is_control) {
        return Ok(None);
    }
    sqlx::query_as(sqlx::AssertSqlSafe(format!("{PROFILE} WHERE b.slug = $1")))
        .bind(slug)
        .fetch_optional(&db.pool)
        .await
}

/// The byline of an account, if it has one.
pub async fn of_user(db: &Db, user_id: i64) -> sqlx::Result<Option<BylineProfile>> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!("{PROFILE} WHERE b.user_id = $1")))
        .bind(user_id)
        .fetch_optional(&db.pool)
        .await
}

/// Every byline that was not merged away, retired ones last, each group by name; `q` narrows
/// to names (in either script) or slugs containing it.
pub async fn list(db: &Db, q: &str, include_retired: bool) -> sqlx::Result<Vec<BylineProfile>> {
    let pattern = format!("%{}%", q.replace(['%', '_'], "").to_lowercase());
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{PROFILE} WHERE b.merged_into IS NULL AND ($1 = 1 OR b.retired_at IS NULL) \
         AND (LOWER(b.name) LIKE $2 OR b.name_bn LIKE $2 OR b.slug LIKE $2) \
         ORDER BY CASE WHEN b.retired_at IS NULL THEN 0 ELSE 1 END, b.name, b.id LIMIT 500"
    )))
    .bind(i64::from(include_retired))
    .bind(pattern)
    .fetch_all(&db.pool)
    .await
}

/// A new byline.
pub struct NewByline<'a> {
    pub credit: Credit,
    pub profile: &'a Profile,
    pub photo_id: Option<i64>,
    pub user_id: Option<i64>,
    pub joined_at: Timestamp,
}

/// Creates a byline under a slug made from its name (`-2`, `-3`… when taken); returns its id,
/// or `None` when the account already has a byline.
pub async fn create(db: &Db, b: &NewByline<'_>) -> sqlx::Result<Option<i64>> {
    let base = Slug::from_title(&b.profile.name).as_str().to_owned();
    let (kind, agency) = b.credit.stored();
    for n in 1..=100 {
        let slug = if n == 1 { base.clone() } else { format!("{base}-{n}") };
        let query = sqlx::query(
            "INSERT INTO bylines (slug, kind, agency, user_id, name, name_bn, title, title_bn, bio, bio_bn, photo_id, \
             links, joined_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) \
             ON CONFLICT DO NOTHING RETURNING id",
        )
        .bind(&slug)
        .bind(kind)
        .bind(i64::from(agency))
        .bind(b.user_id)
        .bind(&b.profile.name)
        .bind(&b.profile.name_bn)
        .bind(&b.profile.title)
        .bind(&b.profile.title_bn)
        .bind(&b.profile.bio)
        .bind(&b.profile.bio_bn)
        .bind(b.photo_id)
        .bind(&b.profile.links)
        .bind(b.joined_at);
        if let Some(row) = crate::db::write_returning(query, &db.pool).await? {
            return row.try_get("id").map(Some);
        }
        // Either the slug is taken or the account has its byline already.
        if let Some(user_id) = b.user_id
            && of_user(db, user_id).await?.is_some()
        {
            return Ok(None);
        }
    }
    Err(sqlx::Error::Protocol(format!("no free byline address for {base:?}")))
}

/// Gives the account its own byline if its role writes and it has none; returns the byline's id.
pub async fn ensure_for_user(db: &Db, user_id: i64) -> sqlx::Result<Option<i64>> {
    let row = sqlx::query(
        "SELECT u.display_name, u.role, u.created_at, b.id AS byline_id FROM users u \
         LEFT JOIN bylines b ON b.user_id = u.id WHERE u.id = $1",
    )
    .bind(user_id)
    .fetch_optional(&db.pool)
    .await?;
    let Some(row) = row else { return Ok(None) };
    if let Some(id) = row.try_get::<Option<i64>, _>("byline_id")? {
        return Ok(Some(id));
    }
    let role: crate::newsroom::policy::Role = row.try_get("role")?;
    if !role.writes() {
        return Ok(None);
    }
    let profile =
        Profile { name: row.try_get("display_name")?, name_bn: row.try_get("display_name")?, ..Profile::default() };
    let new = NewByline {
        credit: Credit::Staff,
        profile: &profile,
        photo_id: None,
        user_id: Some(user_id),
        joined_at: row.try_get("created_at")?,
    };
    match create(db, &new).await? {
        Some(id) => Ok(Some(id)),
        None => Ok(of_user(db, user_id).await?.map(|b| b.id)),
    }
}

/// Gives every writing account without a byline its own: run at start, for accounts made
/// before bylines were profiles or by a path that was interrupted.
pub async fn ensure_all(db: &Db) -> sqlx::Result<usize> {
    let ids: Vec<i64> = sqlx::query_scalar(
        "SELECT u.id FROM users u WHERE u.role IN ('reporter', 'editor', 'admin') \
         AND NOT EXISTS (SELECT 1 FROM bylines b WHERE b.user_id = u.id) ORDER BY u.id",
    )
    .fetch_all(&db.pool)
    .await?;
    for id in &ids {
        ensure_for_user(db, *id).await?;
    }
    Ok(ids.len())
}

/// A change to a byline's profile.
pub struct ProfileUpdate<'a> {
    pub profile: &'a Profile,
    pub photo_id: Option<i64>,
    /// `None` leaves it; `Some(true)` retires, `Some(false)` brings back.
    pub retired: Option<bool>,
    /// Only editors change what a byline credits.
    pub credit: Option<Credit>,
}

/// Saves a profile if the byline is still at `version`; returns whether it was.
pub async fn update(db: &Db, id: i64, version: i64, u: &ProfileUpdate<'_>, now: Timestamp) -> sqlx::Result<bool> {
    let credit = u.credit.map(Credit::stored);
    let done = sqlx::query(
        "UPDATE bylines SET name = $3, name_bn = $4, title = $5, title_bn = $6, bio = $7, bio_bn = $8, \
         photo_id = $9, links = $10, version = version + 1, \
         retired_at = CASE WHEN $11 = 1 THEN COALESCE(retired_at, $12) WHEN $11 = 0 THEN NULL ELSE retired_at END, \
         kind = COALESCE($13, kind), agency = COALESCE($14, agency) \
         WHERE id = $1 AND version = $2 AND merged_into IS NULL",
    )
    .bind(id)
    .bind(version)
    .bind(&u.profile.name)
    .bind(&u.profile.name_bn)
    .bind(&u.profile.title)
    .bind(&u.profile.title_bn)
    .bind(&u.profile.bio)
    .bind(&u.profile.bio_bn)
    .bind(u.photo_id)
    .bind(&u.profile.links)
    .bind(u.retired.map_or(-1, i64::from))
    .bind(now)
    .bind(credit.map(|(kind, _)| kind))
    .bind(credit.map(|(_, agency)| i64::from(agency)))
    .execute(&db.pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Merges byline `from` into `into` in one transaction: `from`'s stories are credited to `into`
/// (once, where both were), `from` is retired and points at `into` (so its page redirects, as
/// do the pages of bylines merged into it before), and `into` takes `from`'s account when it
/// has none. Returns the stories that changed, for search and the pages.
pub async fn merge(db: &Db, from: i64, into: i64, now: Timestamp) -> sqlx::Result<Vec<i64>> {
    let mut tx = db.begin().await?;
    let moved: Vec<i64> = sqlx::query_scalar("SELECT article_id FROM article_bylines WHERE byline_id = $1")
        .bind(from)
        .fetch_all(&mut *tx)
        .await?;
    sqlx::query(
        "UPDATE article_bylines SET byline_id = $2 WHERE byline_id = $1 \
         AND article_id NOT IN (SELECT article_id FROM article_bylines WHERE byline_id = $2)",
    )
    .bind(from)
    .bind(into)
    .execute(&mut *tx)
    .await?;
    sqlx::query("DELETE FROM article_bylines WHERE byline_id = $1").bind(from).execute(&mut *tx).await?;
    let account: Option<i64> =
        sqlx::query_scalar("SELECT user_id FROM bylines WHERE id = $1").bind(from).fetch_one(&mut *tx).await?;
    sqlx::query(
        "UPDATE bylines SET merged_into = $2, retired_at = COALESCE(retired_at, $3), user_id = NULL, \
         version = version + 1 WHERE id = $1",
    )
    .bind(from)
    .bind(into)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    sqlx::query("UPDATE bylines SET merged_into = $2 WHERE merged_into = $1")
        .bind(from)
        .bind(into)
        .execute(&mut *tx)
        .await?;
    if let Some(user_id) = account {
        sqlx::query("UPDATE bylines SET user_id = $2, kind = 'person', agency = 0 WHERE id = $1 AND user_id IS NULL")
            .bind(into)
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
    }
    sqlx::query("UPDATE bylines SET version = version + 1 WHERE id = $1").bind(into).execute(&mut *tx).await?;
    // Search reads credits with the story: the stories it keeps must be read again.
    for id in &moved {
        sqlx::query("UPDATE articles SET updated_at = $2 WHERE id = $1").bind(id).bind(now).execute(&mut *tx).await?;
    }
    tx.commit().await?;
    Ok(moved)
}

/// How many published stories credit each byline, by id.
pub async fn story_counts(db: &Db) -> sqlx::Result<std::collections::HashMap<i64, i64>> {
    let rows: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT byline_id, COUNT(*) FROM article_bylines WHERE published_at IS NOT NULL GROUP BY byline_id",
    )
    .fetch_all(&db.pool)
    .await?;
    Ok(rows.into_iter().collect())
}
