//! Writing batched views and reading the top of the trending list.

use std::collections::HashMap;

use sqlx::{FromRow, Row};

use super::model::{WINDOW_SECS, decay, trend_key};
use crate::clock::Timestamp;
use crate::db::Db;
use crate::editions::Lang;

/// A trending article as the sidebar and the API show it.
#[derive(Debug, Clone, FromRow)]
pub struct TrendingRow {
    pub id: i64,
    pub lang: Lang,
    pub slug: String,
    pub title: String,
    pub published_at: i64,
    pub section_slug: String,
    pub section_name: String,
    pub trend_score: f64,
    pub trend_at: i64,
    pub view_count: i64,
}

/// Adds counted views to their articles in one transaction: the total, and the decayed score
/// brought forward to `now`.
pub async fn apply_views(db: &Db, views: &HashMap<i64, u64>, now: Timestamp) -> sqlx::Result<()> {
    let mut tx = db.begin().await?;
    for (&article_id, &n) in views {
        let Some(row) = sqlx::query("SELECT trend_score, trend_at FROM articles WHERE id = $1")
            .bind(article_id)
            .fetch_optional(&mut *tx)
            .await?
        else {
            continue; // deleted since it was viewed
        };
        let score = decay(row.try_get("trend_score")?, row.try_get("trend_at")?, now) + n as f64;
        sqlx::query(
            "UPDATE articles SET view_count = view_count + $2, trend_score = $3, trend_at = $4, trend_key = $5 \
             WHERE id = $1",
        )
        .bind(article_id)
        .bind(n as i64)
        .bind(score)
        .bind(now)
        .bind(trend_key(score, now))
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await
}

/// The highest-scoring articles of an edition published in the last seven days.
pub async fn top(db: &Db, lang: Lang, now: Timestamp, limit: i64) -> sqlx::Result<Vec<TrendingRow>> {
    sqlx::query_as(
        "SELECT a.id, a.lang, a.slug, a.title, COALESCE(a.published_at, 0) AS published_at, \
         s.slug AS section_slug, s.name AS section_name, a.trend_score, a.trend_at, a.view_count \
         FROM articles a JOIN sections s ON s.id = a.section_id \
         WHERE a.lang = $1 AND a.status = 'published' AND a.trend_key IS NOT NULL AND a.published_at >= $2 \
         ORDER BY a.trend_key DESC, a.id DESC LIMIT $3",
    )
    .bind(lang)
    .bind(now - WINDOW_SECS)
    .bind(limit)
    .fetch_all(&db.pool)
    .await
}
