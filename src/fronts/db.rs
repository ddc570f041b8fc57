//! Fronts, their history, and breaking-news banners in the database.

use sqlx::{FromRow, Row};

use super::model::{Banner, Placement};
use crate::articles::db::{SummaryRow, published_among};
use crate::clock::Timestamp;
use crate::db::Db;
use crate::editions::Lang;

/// A front as stored: its version and the stories placed on it.
#[derive(Debug, Clone, Default)]
pub struct StoredFront {
    /// 0 until an editor first sets the front.
    pub version: i64,
    pub placement: Placement,
    pub updated_at: Option<Timestamp>,
    pub updated_by: Option<String>,
}

/// The front of an edition's home page (`section_id` 0) or of a section.
pub async fn front(db: &Db, lang: Lang, section_id: i64) -> sqlx::Result<StoredFront> {
    let head = sqlx::query(
        "SELECT f.version, f.updated_at, u.display_name FROM fronts f LEFT JOIN users u ON u.id = f.updated_by \
         WHERE f.lang = $1 AND f.section_id = $2",
    )
    .bind(lang)
    .bind(section_id)
    .fetch_optional(&db.pool)
    .await?;
    let Some(head) = head else {
        return Ok(StoredFront::default());
    };
    let slots: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT position, article_id FROM front_slots WHERE lang = $1 AND section_id = $2 ORDER BY position",
    )
    .bind(lang)
    .bind(section_id)
    .fetch_all(&db.pool)
    .await?;
    Ok(StoredFront {
        version: head.try_get("version")?,
        placement: Placement::from_slots(&slots),
        updated_at: head.try_get("updated_at")?,
        updated_by: head.try_get("display_name")?,
    })
}

/// The placed stories that readers see: published ones of the edition, in slot order. An
/// unpublished story's slot is simply empty, so taking a story down takes it off every front.
#[derive(Debug, Default)]
pub struct FrontStories {
    pub lead: Option<SummaryRow>,
    pub top: Vec<SummaryRow>,
}

impl FrontStories {
    /// Ids of every story shown, so that the lists below can leave them out.
    pub fn ids(&self) -> Vec<i64> {
        self.lead.iter().chain(&self.top).map(|r| r.id).collect()
    }
}

/// The published stories of a front, in its order.
pub async fn stories(db: &Db, lang: Lang, section_id: i64) -> sqlx::Result<FrontStories> {
    let slots: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT position, article_id FROM front_slots WHERE lang = $1 AND section_id = $2 ORDER BY position",
    )
    .bind(lang)
    .bind(section_id)
    .fetch_all(&db.pool)
    .await?;
    if slots.is_empty() {
        return Ok(FrontStories::default());
    }
    let ids: Vec<i64> = slots.iter().map(|(_, id)| *id).collect();
    let mut found = published_among(db, lang, &ids).await?;
    let mut take = |id: i64| found.iter().position(|r| r.id == id).map(|i| found.swap_remove(i));
    let mut out = FrontStories::default();
    for (position, id) in slots {
        match (position, take(id)) {
            (0, story) => out.lead = story,
            (_, Some(story)) => out.top.push(story),
            (_, None) => {}
        }
    }
    Ok(out)
}

/// Why a placement was refused by the database.
#[derive(Debug)]
pub enum SaveError {
    /// Someone saved the front since `version` was read.
    Stale {
        current: i64,
    },
    Db(sqlx::Error),
}

impl From<sqlx::Error> for SaveError {
    fn from(err: sqlx::Error) -> Self {
        Self::Db(err)
    }
}

/// The stories among `ids` that may be placed on a front of `lang`: published, in that edition,
/// and for a section front, in that section. Returns each id with what is wrong with it, if
/// anything.
pub async fn check_placeable(
    db: &Db,
    lang: Lang,
    section_id: i64,
    ids: &[i64],
) -> sqlx::Result<Vec<(i64, Option<&'static str>)>> {
    let mut out = Vec::with_capacity(ids.len());
    for &id in ids {
        let row = sqlx::query("SELECT lang, status, section_id FROM articles WHERE id = $1")
            .bind(id)
            .fetch_optional(&db.pool)
            .await?;
        let problem = match row {
            None => Some("there is no such story"),
            Some(row) => {
                let story_lang: Lang = row.try_get("lang")?;
                let status: String = row.try_get("status")?;
                let story_section: i64 = row.try_get("section_id")?;
                if status != "published" {
                    Some("it is not published")
                } else if story_lang != lang {
                    Some("it belongs to the other edition")
                } else if section_id != 0 && story_section != section_id {
                    Some("it is in another section")
                } else {
                    None
                }
            }
        };
        out.push((id, problem));
    }
    Ok(out)
}

/// Stores a front's placement if its version is still `version`; returns the new version.
/// The change is recorded with who made it.
pub async fn save(
    db: &Db,
    lang: Lang,
    section_id: i64,
    placement: &Placement,
    version: i64,
    by: i64,
    now: Timestamp,
) -> Result<i64, SaveError> {
    let mut tx = db.begin().await?;
    let updated = if version == 0 {
        sqlx::query(
            "INSERT INTO fronts (lang, section_id, version, updated_by, updated_at) VALUES ($1, $2, 1, $3, $4) \
             ON CONFLICT (lang, section_id) DO NOTHING",
        )
        .bind(lang)
        .bind(section_id)
        .bind(by)
        .bind(now)
        .execute(&mut *tx)
        .await?
    } else {
        sqlx::query(
            "UPDATE fronts SET version = version + 1, updated_by = $3, updated_at = $4 \
             WHERE lang = $1 AND section_id = $2 AND version = $5",
        )
        .bind(lang)
        .bind(section_id)
        .bind(by)
        .bind(now)
        .bind(version)
        .execute(&mut *tx)
        .await?
    };
    if updated.rows_affected() != 1 {
        drop(tx);
        let current = front(db, lang, section_id).await?.version;
        return Err(SaveError::Stale { current });
    }
    sqlx::query("DELETE FROM front_slots WHERE lang = $1 AND section_id = $2")
        .bind(lang)
        .bind(section_id)
        .execute(&mut *tx)
        .await?;
    for (position, id) in placement.slots() {
        sqlx::query("INSERT INTO front_slots (lang, section_id, position, article_id) VALUES ($1, $2, $3, $4)")
            .bind(lang)
            .bind(section_id)
            .bind(position)
            .bind(id)
            .execute(&mut *tx)
            .await?;
    }
    let detail = serde_json::json!({ "lead": placement.lead, "top": placement.top }).to_string();
    record(&mut tx, lang, section_id, "front", &detail, by, now).await?;
    tx.commit().await?;
    Ok(version + 1)
}

async fn record(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    lang: Lang,
    section_id: i64,
    kind: &str,
    detail: &str,
    by: i64,
    now: Timestamp,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO front_changes (lang, section_id, kind, detail, changed_by, changed_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(lang)
    .bind(section_id)
    .bind(kind)
    .bind(detail)
    .bind(by)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// One recorded change of a front or banner.
#[derive(Debug, Clone, FromRow)]
pub struct ChangeRow {
    pub kind: String,
    pub detail: String,
    pub changed_by: Option<String>,
    pub changed_at: Timestamp,
}

/// The latest changes of a front (and, for a home page, of its edition's banner), newest first.
pub async fn history(db: &Db, lang: Lang, section_id: i64, limit: i64) -> sqlx::Result<Vec<ChangeRow>> {
    sqlx::query_as(
        "SELECT c.kind, c.detail, u.display_name AS changed_by, c.changed_at FROM front_changes c \
         LEFT JOIN users u ON u.id = c.changed_by WHERE c.lang = $1 AND c.section_id = $2 \
         ORDER BY c.id DESC LIMIT $3",
    )
    .bind(lang)
    .bind(section_id)
    .bind(limit)
    .fetch_all(&db.pool)
    .await
}

/// The banner of each edition that has one (up or already past its end).
pub async fn banners(db: &Db) -> sqlx::Result<Vec<(Lang, Banner)>> {
    let rows = sqlx::query("SELECT lang, text, url, until FROM breaking_news").fetch_all(&db.pool).await?;
    rows.into_iter()
        .map(|row| {
            Ok((
                row.try_get("lang")?,
                Banner { text: row.try_get("text")?, url: row.try_get("url")?, until: row.try_get("until")? },
            ))
        })
        .collect()
}

/// Puts up (or replaces) an edition's banner, recording who did.
pub async fn set_banner(db: &Db, lang: Lang, banner: &Banner, by: i64, now: Timestamp) -> sqlx::Result<()> {
    let mut tx = db.begin().await?;
    sqlx::query(
        "INSERT INTO breaking_news (lang, text, url, until, set_by, set_at) VALUES ($1, $2, $3, $4, $5, $6) \
         ON CONFLICT (lang) DO UPDATE SET text = $2, url = $3, until = $4, set_by = $5, set_at = $6",
    )
    .bind(lang)
    .bind(&banner.text)
    .bind(&banner.url)
    .bind(banner.until)
    .bind(by)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    let detail = serde_json::json!({ "text": banner.text, "url": banner.url, "until": banner.until }).to_string();
    record(&mut tx, lang, 0, "breaking", &detail, by, now).await?;
    tx.commit().await
}

/// Takes an edition's banner down; returns whether there was one.
pub async fn remove_banner(db: &Db, lang: Lang, by: i64, now: Timestamp) -> sqlx::Result<bool> {
    let mut tx = db.begin().await?;
    let gone = sqlx::query("DELETE FROM breaking_news WHERE lang = $1").bind(lang).execute(&mut *tx).await?;
    if gone.rows_affected() == 0 {
        return Ok(false);
    }
    record(&mut tx, lang, 0, "breaking-removed", "{}", by, now).await?;
    tx.commit().await?;
    Ok(true)
}
