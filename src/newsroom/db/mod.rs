//! Newsroom queries: creating and saving articles with version checks, moving them through the
//! workflow, the scheduler's query, lists, and the lookups behind the editor's choices.
//! Revisions are in [`revisions`](mod@revisions), API tokens in [`tokens`]; both are
//! re-exported here, so callers name one `newsroom::db`.

pub mod revisions;
pub mod tokens;

use sqlx::{Any, FromRow, Row, Transaction};

use super::model::Status;
use crate::clock::Timestamp;
use crate::db::Db;
use crate::editions::Lang;
pub(crate) use revisions::record_revision;
pub use revisions::{ReturnNote, RevisionRow, RevisionText, latest_return, revision, revisions};
pub use tokens::{TokenRow, insert_token, live_tokens, revoke_token, token_user};

/// An article as the newsroom edits it.
#[derive(Debug, Clone, FromRow)]
pub struct EditRow {
    pub id: i64,
    pub lang: Lang,
    pub status: Status,
    pub version: i64,
    pub created_by: Option<i64>,
    pub title: String,
    pub standfirst: String,
    pub body: crate::body::Body,
    pub slug: String,
    pub section_id: i64,
    pub section_slug: String,
    pub seo_title: String,
    pub seo_description: String,
    pub published_at: Option<i64>,
    pub scheduled_at: Option<i64>,
    pub updated_at: i64,
    pub correction_note: String,
    pub corrected_at: Option<i64>,
    pub premoderate: i64,
    pub image_id: Option<i64>,
    pub translation_id: Option<i64>,
}

const EDIT_COLUMNS: &str = "a.id, a.lang, a.status, a.version, a.created_by, a.title, a.standfirst, a.body, a.slug, \
     a.section_id, s.slug AS section_slug, a.seo_title, a.seo_description, a.published_at, a.scheduled_at, \
     a.updated_at, a.correction_note, a.corrected_at, a.premoderate, a.image_id, a.translation_id";

/// An article by id, whatever its status.
pub async fn find(db: &Db, id: i64) -> sqlx::Result<Option<EditRow>> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {EDIT_COLUMNS} FROM articles a JOIN sections s ON s.id = a.section_id WHERE a.id = $1"
    )))
    .bind(id)
    .fetch_optional(&db.pool)
    .await
}

/// The id of a section of an edition.
pub async fn section_id(db: &Db, lang: Lang, slug: &str) -> sqlx::Result<Option<i64>> {
    let row = sqlx::query("SELECT id FROM sections WHERE lang = $1 AND slug = $2")
        .bind(lang)
        .bind(slug)
        .fetch_optional(&db.pool)
        .await?;
    row.map(|r| r.try_get("id")).transpose()
}

/// Ids of an edition's topics by slug; the first unknown slug is the error.
pub async fn topic_ids(db: &Db, lang: Lang, slugs: &[String]) -> sqlx::Result<Result<Vec<i64>, String>> {
    let mut ids = Vec::with_capacity(slugs.len());
    for slug in slugs {
        let row = sqlx::query("SELECT id FROM topics WHERE lang = $1 AND slug = $2")
            .bind(lang)
            .bind(slug)
            .fetch_optional(&db.pool)
            .await?;
        match row {
            Some(row) => ids.push(row.try_get("id")?),
            None => return Ok(Err(slug.clone())),
        }
    }
    Ok(Ok(ids))
}

/// The editable content of an article, checked.
#[derive(Debug, Clone)]
pub struct Content {
    pub title: String,
    pub standfirst: String,
    pub body: crate::body::Body,
    /// The page's HTML made from `body`.
    pub body_html: crate::html::SafeHtml,
    pub slug: String,
    pub section_id: i64,
    pub seo_title: String,
    pub seo_description: String,
    pub byline_ids: Vec<i64>,
    pub topic_ids: Vec<i64>,
    pub premoderate: bool,
    pub image_id: Option<i64>,
}

async fn replace_links(
    tx: &mut Transaction<'static, Any>,
    id: i64,
    c: &Content,
    published_at: Option<i64>,
) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM article_bylines WHERE article_id = $1").bind(id).execute(&mut **tx).await?;
    sqlx::query("DELETE FROM article_topics WHERE article_id = $1").bind(id).execute(&mut **tx).await?;
    for (position, byline) in c.byline_ids.iter().enumerate() {
        sqlx::query(
            "INSERT INTO article_bylines (article_id, byline_id, position, published_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(id)
        .bind(byline)
        .bind(position as i64)
        .bind(published_at)
        .execute(&mut **tx)
        .await?;
    }
    for (position, topic) in c.topic_ids.iter().enumerate() {
        sqlx::query(
            "INSERT INTO article_topics (article_id, topic_id, position, published_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(id)
        .bind(topic)
        .bind(position as i64)
        .bind(published_at)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// Drops `user_id`'s autosaved copy of a story (0: the story they had not yet created).
async fn forget_autosave(tx: &mut Transaction<'static, Any>, user_id: i64, article_id: i64) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM article_autosaves WHERE user_id = $1 AND article_id = $2")
        .bind(user_id)
        .bind(article_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Creates a draft with its first revision; returns its id.
pub async fn create(
    db: &Db,
    lang: Lang,
    c: &Content,
    user_id: i64,
    translation: Option<i64>,
    claim: Option<&crate::idempotency::Claim>,
    now: Timestamp,
) -> sqlx::Result<i64> {
    let mut tx = db.begin().await?;
    let id: i64 = sqlx::query(
        "INSERT INTO articles (lang, section_id, slug, title, standfirst, body, body_md, body_html, status, updated_at, \
         created_at, created_by, seo_title, seo_description, version, premoderate, image_id) \
         VALUES ($1, $2, $3, $4, $5, $6, '', $7, 'draft', $8, $8, $9, $10, $11, 1, $12, $13) RETURNING id",
    )
    .bind(lang)
    .bind(c.section_id)
    .bind(&c.slug)
    .bind(&c.title)
    .bind(&c.standfirst)
    .bind(&c.body)
    .bind(&c.body_html)
    .bind(now)
    .bind(user_id)
    .bind(&c.seo_title)
    .bind(&c.seo_description)
    .bind(i64::from(c.premoderate))
    .bind(c.image_id)
    .fetch_one(&mut *tx)
    .await?
    .try_get("id")?;
    replace_links(&mut tx, id, c, None).await?;
    record_revision(&mut tx, id, Some(user_id), "create", now).await?;
    // The writer's autosaved copy of the story they were writing is now the story.
    forget_autosave(&mut tx, user_id, 0).await?;
    if translation.is_some() {
        link_translation_in(&mut tx, id, translation).await?;
    }
    // With the article in one transaction: a retry finds the key only if the draft is whole.
    if let Some(claim) = claim {
        crate::idempotency::record(&mut tx, user_id, claim, id, now).await?;
    }
    tx.commit().await?;
    Ok(id)
}

/// Saves new content if the article is still at `expected_version`; returns the new version,
/// or `None` when someone saved in between (nothing is changed then).
pub async fn save(
    db: &Db,
    id: i64,
    expected_version: i64,
    c: &Content,
    user_id: i64,
    action: &str,
    now: Timestamp,
) -> sqlx::Result<Option<i64>> {
    let mut tx = db.begin().await?;
    // The guarded UPDATE comes first: it both checks the version and takes the write lock.
    let row = sqlx::query(
        "UPDATE articles SET title = $3, standfirst = $4, body = $5, body_md = '', body_html = $6, slug = $7, section_id = $8, \
         seo_title = $9, seo_description = $10, updated_at = $11, premoderate = $12, image_id = $13, version = version + 1 \
         WHERE id = $1 AND version = $2 RETURNING version, published_at, status",
    )
    .bind(id)
    .bind(expected_version)
    .bind(&c.title)
    .bind(&c.standfirst)
    .bind(&c.body)
    .bind(&c.body_html)
    .bind(&c.slug)
    .bind(c.section_id)
    .bind(&c.seo_title)
    .bind(&c.seo_description)
    .bind(now)
    .bind(i64::from(c.premoderate))
    .bind(c.image_id)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let version: i64 = row.try_get("version")?;
    let status: Status = row.try_get("status")?;
    let published_at: Option<i64> = row.try_get("published_at")?;
    let public = (status == Status::Published).then_some(published_at).flatten();
    replace_links(&mut tx, id, c, public).await?;
    record_revision(&mut tx, id, Some(user_id), action, now).await?;
    forget_autosave(&mut tx, user_id, id).await?;
    tx.commit().await?;
    Ok(Some(version))
}

/// What a workflow step writes besides the status.
#[derive(Debug, Clone, Default)]
pub struct StepData {
    pub scheduled_at: Option<Timestamp>,
    pub correction_note: Option<String>,
    /// The step's note (a return's reason), kept with the revision the step records.
    pub note: Option<String>,
    /// Who is told, in the same transaction: the notification and its mail exist only if the
    /// step does.
    pub notify: Option<(crate::notifications::Event, crate::notifications::Letterhead)>,
}

/// Moves an article to `to` if it is still at `expected_version` and in status `from`; keeps
/// the link tables' publication times in step. Returns the new version, or `None` on a race.
#[allow(clippy::too_many_arguments)]
pub async fn set_status(
    db: &Db,
    id: i64,
    expected_version: i64,
    from: Status,
    to: Status,
    data: &StepData,
    action: &str,
    user_id: Option<i64>,
    now: Timestamp,
) -> sqlx::Result<Option<i64>> {
    let mut tx = db.begin().await?;
    let row = sqlx::query(
        "UPDATE articles SET status = $4, updated_at = $5, version = version + 1, \
         published_at = CASE WHEN $4 = 'published' THEN COALESCE(published_at, $5) ELSE published_at END, \
         scheduled_at = CASE WHEN $4 = 'scheduled' THEN $6 ELSE NULL END, \
         correction_note = COALESCE($7, correction_note), \
         corrected_at = CASE WHEN $7 IS NULL THEN corrected_at ELSE $5 END \
         WHERE id = $1 AND version = $2 AND status = $3 RETURNING version, published_at",
    )
    .bind(id)
    .bind(expected_version)
    .bind(from)
    .bind(to)
    .bind(now)
    .bind(data.scheduled_at)
    .bind(data.correction_note.as_deref())
    .fetch_optional(&mut *tx)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let version: i64 = row.try_get("version")?;
    let published_at: Option<i64> = row.try_get("published_at")?;
    let public = (to == Status::Published).then_some(published_at).flatten();
    sqlx::query("UPDATE article_bylines SET published_at = $2 WHERE article_id = $1")
        .bind(id)
        .bind(public)
        .execute(&mut *tx)
        .await?;
    sqlx::query("UPDATE article_topics SET published_at = $2 WHERE article_id = $1")
        .bind(id)
        .bind(public)
        .execute(&mut *tx)
        .await?;
    record_revision(&mut tx, id, user_id, action, now).await?;
    if let Some(note) = &data.note {
        revisions::note_revision(&mut tx, id, version, note).await?;
    }
    if let Some((event, letterhead)) = &data.notify {
        crate::notifications::db::send_in(&mut tx, event, letterhead, now).await?;
    }
    tx.commit().await?;
    Ok(Some(version))
}

/// Scheduled articles whose time has come: (id, version).
pub async fn due(db: &Db, now: Timestamp) -> sqlx::Result<Vec<(i64, i64)>> {
    let rows = sqlx::query(
        "SELECT id, version FROM articles WHERE status = 'scheduled' AND scheduled_at <= $1 ORDER BY scheduled_at",
    )
    .bind(now)
    .fetch_all(&db.pool)
    .await?;
    rows.iter().map(|r| Ok((r.try_get("id")?, r.try_get("version")?))).collect()
}

/// One row of a newsroom list.
#[derive(Debug, Clone, FromRow)]
pub struct ListRow {
    pub id: i64,
    pub lang: Lang,
    pub status: Status,
    pub version: i64,
    pub title: String,
    pub section_slug: String,
    pub created_by: Option<i64>,
    pub updated_at: i64,
    pub published_at: Option<i64>,
    pub scheduled_at: Option<i64>,
    /// Who made the last change (the latest revision's author), if it was a person.
    pub changed_by: Option<String>,
    /// What the last change was: `create`, `save`, `publish`…
    pub last_action: Option<String>,
}

/// Filters of a newsroom list; `None` means any.
#[derive(Debug, Clone, Default)]
pub struct ListFilter {
    pub status: Option<String>,
    pub lang: Option<String>,
    pub section: Option<String>,
    pub created_by: Option<i64>,
    /// Byline slug: articles credited to this desk or reporter.
    pub byline: Option<String>,
    /// Text found in the headline (any case).
    pub q: Option<String>,
}

/// Articles matching the filter, most recently changed first.
pub async fn list(db: &Db, f: &ListFilter, limit: i64) -> sqlx::Result<Vec<ListRow>> {
    sqlx::query_as(
        "SELECT a.id, a.lang, a.status, a.version, a.title, s.slug AS section_slug, a.created_by, a.updated_at, \
         a.published_at, a.scheduled_at, u.display_name AS changed_by, r.action AS last_action \
         FROM articles a JOIN sections s ON s.id = a.section_id \
         LEFT JOIN article_revisions r ON r.article_id = a.id AND r.version = a.version \
         LEFT JOIN users u ON u.id = r.user_id \
         WHERE ($1 = '' OR a.status = $1) AND ($2 = '' OR a.lang = $2) AND ($3 = '' OR s.slug = $3) \
         AND ($4 = 0 OR a.created_by = $4) \
         AND ($6 = '' OR EXISTS (SELECT 1 FROM article_bylines ab JOIN bylines b ON b.id = ab.byline_id \
                               WHERE ab.article_id = a.id AND b.slug = $6)) \
         AND ($7 = '' OR LOWER(a.title) LIKE $7 ESCAPE '\\') \
         ORDER BY a.updated_at DESC, a.id DESC LIMIT $5",
    )
    .bind(f.status.clone().unwrap_or_default())
    .bind(f.lang.clone().unwrap_or_default())
    .bind(f.section.clone().unwrap_or_default())
    .bind(f.created_by.unwrap_or(0))
    .bind(limit)
    .bind(f.byline.clone().unwrap_or_default())
    .bind(f.q.as_deref().map(str::trim).filter(|q| !q.is_empty()).map_or_else(String::new, |q| {
        let escaped = q.to_lowercase().replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
        format!("%{escaped}%")
    }))
    .fetch_all(&db.pool)
    .await
}

/// The bylines of each of `ids`, in their order on the story: (slug, name) by article id.
pub async fn bylines_of_many(
    db: &Db,
    ids: &[i64],
) -> sqlx::Result<std::collections::HashMap<i64, Vec<(String, String)>>> {
    let mut found: std::collections::HashMap<i64, Vec<(String, String)>> = std::collections::HashMap::new();
    if ids.is_empty() {
        return Ok(found);
    }
    // One placeholder per id: the list is a page of the newsroom's list, at most a few hundred.
    let marks: Vec<String> = (1..=ids.len()).map(|n| format!("${n}")).collect();
    let sql = format!(
        "SELECT ab.article_id, b.slug, b.name FROM article_bylines ab JOIN bylines b ON b.id = ab.byline_id \
         WHERE ab.article_id IN ({}) ORDER BY ab.article_id, ab.position",
        marks.join(", ")
    );
    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
    for id in ids {
        query = query.bind(*id);
    }
    for row in query.fetch_all(&db.pool).await? {
        found.entry(row.try_get("article_id")?).or_default().push((row.try_get("slug")?, row.try_get("name")?));
    }
    Ok(found)
}

/// Every desk and reporter, desks first, for the byline picker.
pub async fn all_bylines(db: &Db) -> sqlx::Result<Vec<crate::articles::db::BylineRow>> {
    sqlx::query_as(
        "SELECT id, slug, kind, name, name_bn, bio FROM bylines WHERE merged_into IS NULL ORDER BY kind, name",
    )
    .fetch_all(&db.pool)
    .await
}

/// Links two articles as translations of each other (or unlinks `id` when `other` is `None`),
/// undoing any earlier link of either side.
pub async fn link_translation(db: &Db, id: i64, other: Option<i64>) -> sqlx::Result<()> {
    let mut tx = db.begin().await?;
    link_translation_in(&mut tx, id, other).await?;
    tx.commit().await
}

/// [`link_translation`] inside a transaction of the caller's.
async fn link_translation_in(tx: &mut Transaction<'_, Any>, id: i64, other: Option<i64>) -> sqlx::Result<()> {
    sqlx::query("UPDATE articles SET translation_id = NULL WHERE translation_id = $1 OR id = $1")
        .bind(id)
        .execute(&mut **tx)
        .await?;
    if let Some(other) = other {
        sqlx::query("UPDATE articles SET translation_id = NULL WHERE translation_id = $1")
            .bind(other)
            .execute(&mut **tx)
            .await?;
        sqlx::query("UPDATE articles SET translation_id = $2 WHERE id = $1")
            .bind(id)
            .bind(other)
            .execute(&mut **tx)
            .await?;
        sqlx::query("UPDATE articles SET translation_id = $2 WHERE id = $1")
            .bind(other)
            .bind(id)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// Gives stories and revisions written before bodies were stored as HTML their stored form,
/// made from their Markdown exactly as it was rendered (the page's HTML does not change).
/// Returns how many rows were converted; a second run finds none. Rows are read a page at a
/// time, so a large archive converts in bounded memory.
pub async fn convert_legacy_bodies(db: &Db) -> sqlx::Result<usize> {
    let mut converted = 0;
    for table in ["articles", "article_revisions"] {
        let mut after = 0_i64;
        loop {
            let rows: Vec<(i64, String)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "SELECT id, body_md FROM {table} WHERE body = '' AND body_md <> '' AND id > $1 ORDER BY id LIMIT 500"
            )))
            .bind(after)
            .fetch_all(&db.pool)
            .await?;
            let Some((last, _)) = rows.last() else { break };
            after = *last;
            for (id, markdown) in rows {
                let body = crate::body::Body::from_legacy_markdown(&markdown);
                // Markdown that keeps nothing (only markup the allowlist drops) is emptied too,
                // so that it is not read again at every start.
                let kept_markdown = if body.as_str().is_empty() { "''" } else { "body_md" };
                sqlx::query(sqlx::AssertSqlSafe(format!(
                    "UPDATE {table} SET body = $2, body_md = {kept_markdown} WHERE id = $1 AND body = ''"
                )))
                .bind(id)
                .bind(body)
                .execute(&db.pool)
                .await?;
                converted += 1;
            }
        }
    }
    if converted > 0 {
        tracing::info!(converted, "story bodies converted from Markdown to the stored HTML form");
    }
    Ok(converted)
}
