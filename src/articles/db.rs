//! Queries for reading published articles. Every list is a keyset page over an index, so its
//! cost does not grow with the archive.

use sqlx::FromRow;

use super::model::{BylineKind, Cursor};
use crate::db::Db;
use crate::editions::Lang;

/// One story in a list.
#[derive(Debug, Clone, FromRow)]
pub struct SummaryRow {
    pub id: i64,
    pub lang: Lang,
    pub slug: String,
    pub title: String,
    pub standfirst: String,
    pub published_at: i64,
    pub section_slug: String,
    pub section_name: String,
    /// The featured image, when the story has one.
    #[sqlx(flatten)]
    pub image: CardImageRow,
}

/// The featured image of a story in a list (all `None` when it has none).
#[derive(Debug, Clone, Default, FromRow)]
pub struct CardImageRow {
    pub image_path: Option<String>,
    pub image_width: Option<i64>,
    pub image_height: Option<i64>,
    /// Rendition widths, comma-separated.
    pub image_renditions: Option<String>,
    pub image_alt: Option<String>,
}

/// A published article with its body.
#[derive(Debug, Clone, FromRow)]
pub struct ArticleRow {
    pub id: i64,
    pub lang: Lang,
    pub slug: String,
    pub title: String,
    pub standfirst: String,
    pub body: crate::body::Body,
    /// The page's HTML, made from `body` when it was saved.
    pub body_html: crate::html::SafeHtml,
    pub published_at: i64,
    pub updated_at: i64,
    pub translation_id: Option<i64>,
    pub section_slug: String,
    pub section_name: String,
    pub correction_note: String,
    pub corrected_at: Option<i64>,
    pub premoderate: i64,
    pub image_id: Option<i64>,
    /// The translation, when it is published (read with the article: one round trip less).
    pub translation_lang: Option<Lang>,
    pub translation_slug: Option<String>,
    pub translation_title: Option<String>,
    /// What search results and shared links show instead of the headline, when the newsroom
    /// wrote one (empty otherwise).
    pub seo_title: String,
    pub seo_description: String,
}

impl ArticleRow {
    /// The published translation, if any.
    pub fn translation(&self) -> Option<TranslationRow> {
        Some(TranslationRow {
            id: self.translation_id?,
            lang: self.translation_lang?,
            slug: self.translation_slug.clone()?,
            title: self.translation_title.clone()?,
        })
    }
}

/// A desk or reporter credited on an article.
#[derive(Debug, Clone, FromRow)]
pub struct BylineRow {
    pub id: i64,
    pub slug: String,
    pub kind: BylineKind,
    pub name: String,
    pub name_bn: String,
    pub bio: String,
}

impl BylineRow {
    /// The name as the given edition writes it.
    pub fn name_in(&self, lang: Lang) -> &str {
        match lang {
            Lang::Bn if !self.name_bn.is_empty() => &self.name_bn,
            _ => &self.name,
        }
    }
}

/// A topic (tag) of one edition.
#[derive(Debug, Clone, FromRow)]
pub struct TopicRow {
    pub id: i64,
    pub slug: String,
    pub name: String,
}

/// A section of one edition.
#[derive(Debug, Clone, FromRow)]
pub struct SectionRow {
    pub id: i64,
    pub lang: Lang,
    pub slug: String,
    pub name: String,
}

/// The link to the same story in the other edition.
#[derive(Debug, Clone, FromRow)]
pub struct TranslationRow {
    pub id: i64,
    pub lang: Lang,
    pub slug: String,
    pub title: String,
}

/// Upper bound used when a list starts at the newest story.
const NEWEST: Cursor = Cursor { published_at: i64::MAX, id: i64::MAX };

/// `SELECT` of the columns of [`SummaryRow`] followed by the rest of a query, as one literal.
macro_rules! select_summaries {
    ($rest:literal) => {
        concat!(
            "SELECT a.id, a.lang, a.slug, a.title, a.standfirst, COALESCE(a.published_at, 0) AS published_at, \
             s.slug AS section_slug, s.name AS section_name, m.path AS image_path, m.width AS image_width, \
             m.height AS image_height, m.renditions AS image_renditions, m.alt AS image_alt ",
            $rest
        )
    };
}

/// The newest published stories of an edition, older than `before`.
pub async fn latest(db: &Db, lang: Lang, before: Option<Cursor>, limit: i64) -> sqlx::Result<Vec<SummaryRow>> {
    let c = before.unwrap_or(NEWEST);
    sqlx::query_as(select_summaries!(
        "FROM articles a JOIN sections s ON s.id = a.section_id \
         LEFT JOIN media m ON m.id = a.image_id \
         WHERE a.lang = $1 AND a.status = 'published' AND (a.published_at, a.id) < ($2, $3) \
         ORDER BY a.published_at DESC, a.id DESC LIMIT $4"
    ))
    .bind(lang)
    .bind(c.published_at)
    .bind(c.id)
    .bind(limit)
    .fetch_all(&db.pool)
    .await
}

/// The newest published stories of one section.
pub async fn in_section(db: &Db, section_id: i64, before: Option<Cursor>, limit: i64) -> sqlx::Result<Vec<SummaryRow>> {
    let c = before.unwrap_or(NEWEST);
    sqlx::query_as(select_summaries!(
        "FROM articles a JOIN sections s ON s.id = a.section_id \
         LEFT JOIN media m ON m.id = a.image_id \
         WHERE a.section_id = $1 AND a.status = 'published' AND (a.published_at, a.id) < ($2, $3) \
         ORDER BY a.published_at DESC, a.id DESC LIMIT $4"
    ))
    .bind(section_id)
    .bind(c.published_at)
    .bind(c.id)
    .bind(limit)
    .fetch_all(&db.pool)
    .await
}

/// The newest published stories with one topic.
pub async fn with_topic(db: &Db, topic_id: i64, before: Option<Cursor>, limit: i64) -> sqlx::Result<Vec<SummaryRow>> {
    let c = before.unwrap_or(NEWEST);
    sqlx::query_as(select_summaries!(
        "FROM article_topics t \
         JOIN articles a ON a.id = t.article_id JOIN sections s ON s.id = a.section_id \
         LEFT JOIN media m ON m.id = a.image_id \
         WHERE t.topic_id = $1 AND t.published_at IS NOT NULL AND (t.published_at, t.article_id) < ($2, $3) \
         AND a.status = 'published' ORDER BY t.published_at DESC, t.article_id DESC LIMIT $4"
    ))
    .bind(topic_id)
    .bind(c.published_at)
    .bind(c.id)
    .bind(limit)
    .fetch_all(&db.pool)
    .await
}

/// The newest published stories of one edition credited to a desk or reporter.
pub async fn by_byline(
    db: &Db,
    byline_id: i64,
    lang: Lang,
    before: Option<Cursor>,
    limit: i64,
) -> sqlx::Result<Vec<SummaryRow>> {
    let c = before.unwrap_or(NEWEST);
    sqlx::query_as(select_summaries!(
        "FROM article_bylines b \
         JOIN articles a ON a.id = b.article_id JOIN sections s ON s.id = a.section_id \
         LEFT JOIN media m ON m.id = a.image_id \
         WHERE b.byline_id = $1 AND b.published_at IS NOT NULL AND (b.published_at, b.article_id) < ($2, $3) \
         AND a.status = 'published' AND a.lang = $5 ORDER BY b.published_at DESC, b.article_id DESC LIMIT $4"
    ))
    .bind(byline_id)
    .bind(c.published_at)
    .bind(c.id)
    .bind(limit)
    .bind(lang)
    .fetch_all(&db.pool)
    .await
}

/// The stories among `ids` that are published in `lang`, in no particular order (the caller
/// knows the order it wants: a front's slots, a ranking). At most 50 ids are looked up.
pub async fn published_among(db: &Db, lang: Lang, ids: &[i64]) -> sqlx::Result<Vec<SummaryRow>> {
    let ids = &ids[..ids.len().min(50)];
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let placeholders: Vec<String> = (0..ids.len()).map(|i| format!("${}", i + 2)).collect();
    let sql = format!(
        select_summaries!(
            "FROM articles a JOIN sections s ON s.id = a.section_id \
             LEFT JOIN media m ON m.id = a.image_id \
             WHERE a.lang = $1 AND a.status = 'published' AND a.id IN ({})"
        ),
        placeholders.join(", ")
    );
    let mut query = sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(lang);
    for id in ids {
        query = query.bind(*id);
    }
    query.fetch_all(&db.pool).await
}

const ARTICLE_SELECT: &str = "SELECT a.id, a.lang, a.slug, a.title, a.standfirst, a.body, a.body_html, \
     COALESCE(a.published_at, 0) AS published_at, a.updated_at, a.translation_id, \
     s.slug AS section_slug, s.name AS section_name, a.correction_note, a.corrected_at, a.premoderate, a.image_id, \
     tr.lang AS translation_lang, tr.slug AS translation_slug, tr.title AS translation_title, \
     a.seo_title, a.seo_description \
     FROM articles a JOIN sections s ON s.id = a.section_id \
     LEFT JOIN articles tr ON tr.id = a.translation_id AND tr.status = 'published' \
     WHERE a.id = $1";

/// A published article by id.
pub async fn find_published(db: &Db, id: i64) -> sqlx::Result<Option<ArticleRow>> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!("{ARTICLE_SELECT} AND a.status = 'published'")))
        .bind(id)
        .fetch_optional(&db.pool)
        .await
}

/// An article by id whatever its status, as a preview link shows a draft.
pub async fn find_any(db: &Db, id: i64) -> sqlx::Result<Option<ArticleRow>> {
    sqlx::query_as(ARTICLE_SELECT).bind(id).fetch_optional(&db.pool).await
}

/// One credit or topic of an article, as [`credits_and_topics`] reads both in one query.
#[derive(Debug, FromRow)]
struct CreditOrTopic {
    /// `b` for a byline, `t` for a topic.
    what: String,
    id: i64,
    slug: String,
    /// `None` for a topic.
    kind: Option<BylineKind>,
    name: String,
    name_bn: String,
    bio: String,
}

/// The bylines and the topics of an article, each in the newsroom's order, in one round trip
/// (the article page's render costs a database round trip per query).
pub async fn credits_and_topics(db: &Db, article_id: i64) -> sqlx::Result<(Vec<BylineRow>, Vec<TopicRow>)> {
    let rows: Vec<CreditOrTopic> = sqlx::query_as(
        "SELECT 'b' AS what, b.id, b.slug, b.kind, b.name, b.name_bn, b.bio, ab.position AS position \
         FROM article_bylines ab JOIN bylines b ON b.id = ab.byline_id WHERE ab.article_id = $1 \
         UNION ALL \
         SELECT 't' AS what, t.id, t.slug, NULL AS kind, t.name, '' AS name_bn, '' AS bio, at.position AS position \
         FROM article_topics at JOIN topics t ON t.id = at.topic_id WHERE at.article_id = $1 \
         ORDER BY what, position, id",
    )
    .bind(article_id)
    .fetch_all(&db.pool)
    .await?;
    let (mut bylines, mut topics) = (Vec::new(), Vec::new());
    for r in rows {
        if r.what == "b" {
            let missing =
                || sqlx::Error::ColumnDecode { index: "kind".into(), source: "a byline without a kind".into() };
            bylines.push(BylineRow {
                id: r.id,
                slug: r.slug,
                kind: r.kind.ok_or_else(missing)?,
                name: r.name,
                name_bn: r.name_bn,
                bio: r.bio,
            });
        } else {
            topics.push(TopicRow { id: r.id, slug: r.slug, name: r.name });
        }
    }
    Ok((bylines, topics))
}

/// The desks and reporters credited on an article, in byline order.
pub async fn bylines_of(db: &Db, article_id: i64) -> sqlx::Result<Vec<BylineRow>> {
    sqlx::query_as(
        "SELECT b.id, b.slug, b.kind, b.name, b.name_bn, b.bio FROM article_bylines ab \
         JOIN bylines b ON b.id = ab.byline_id WHERE ab.article_id = $1 ORDER BY ab.position, b.id",
    )
    .bind(article_id)
    .fetch_all(&db.pool)
    .await
}

/// The topics of an article, in the order the newsroom gave them.
pub async fn topics_of(db: &Db, article_id: i64) -> sqlx::Result<Vec<TopicRow>> {
    sqlx::query_as(
        "SELECT t.id, t.slug, t.name FROM article_topics at JOIN topics t ON t.id = at.topic_id \
         WHERE at.article_id = $1 ORDER BY at.position, t.id",
    )
    .bind(article_id)
    .fetch_all(&db.pool)
    .await
}

/// Whether `slug` could be stored at all: text with control characters (NUL above all, which
/// PostgreSQL refuses as a query value) names nothing.
fn storable(slug: &str) -> bool {
    !slug.chars().any(char::is_control)
}

/// A section of an edition by slug.
pub async fn section_by_slug(db: &Db, lang: Lang, slug: &str) -> sqlx::Result<Option<SectionRow>> {
    if !storable(slug) {
        return Ok(None);
    }
    sqlx::query_as("SELECT id, lang, slug, name FROM sections WHERE lang = $1 AND slug = $2")
        .bind(lang)
        .bind(slug)
        .fetch_optional(&db.pool)
        .await
}

/// All sections of an edition in navigation order.
pub async fn sections(db: &Db, lang: Lang) -> sqlx::Result<Vec<SectionRow>> {
    sqlx::query_as("SELECT id, lang, slug, name FROM sections WHERE lang = $1 ORDER BY position, id")
        .bind(lang)
        .fetch_all(&db.pool)
        .await
}

/// A topic of an edition by slug.
pub async fn topic_by_slug(db: &Db, lang: Lang, slug: &str) -> sqlx::Result<Option<TopicRow>> {
    if !storable(slug) {
        return Ok(None);
    }
    sqlx::query_as("SELECT id, slug, name FROM topics WHERE lang = $1 AND slug = $2")
        .bind(lang)
        .bind(slug)
        .fetch_optional(&db.pool)
        .await
}
