//! The Trending Views lists of both editions, kept in memory because every page shows them;
//! reloaded after each flush of counted views and when stories change.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};

use super::{db, model};
use crate::articles::model::{article_path, section_path};
use crate::clock::Timestamp;
use crate::editions::model::Lang;

/// How many stories the trending lists hold.
pub const LIST_LEN: i64 = 10;

/// One story in the Trending Views list.
#[derive(Debug, Clone)]
pub struct TrendingItem {
    pub id: i64,
    pub lang: Lang,
    pub title: String,
    pub path: String,
    pub section_name: String,
    pub section_path: String,
    pub published_at: Timestamp,
    /// The decayed view score at the time the list was loaded.
    pub score: f64,
    pub view_count: i64,
}

/// The current lists of both editions, shared by every page.
#[derive(Default)]
pub struct TrendingLists {
    lists: RwLock<[Arc<Vec<TrendingItem>>; 2]>,
    /// The number of the reload that read each edition's list.
    read_by: RwLock<[u64; 2]>,
    /// Numbers reloads in the order they start.
    reloads: AtomicU64,
}

impl TrendingLists {
    /// The list of one edition.
    pub fn get(&self, lang: Lang) -> Arc<Vec<TrendingItem>> {
        let lists = self.lists.read().unwrap_or_else(|e| e.into_inner());
        lists[lang as usize].clone()
    }

    /// Reloads both lists from the database; returns the editions whose list changed as
    /// readers see it (stories, order, titles), which the page cache must follow. Reloads may
    /// overlap (the periodic one and a publish): one that started earlier never replaces a list
    /// that a later one read.
    pub async fn reload(&self, db: &crate::db::Db, now: Timestamp) -> sqlx::Result<Vec<Lang>> {
        let number = self.reloads.fetch_add(1, Ordering::AcqRel) + 1;
        let mut changed = Vec::new();
        for lang in Lang::ALL {
            let rows = db::top(db, lang, now, LIST_LEN).await?;
            let items = rows
                .into_iter()
                .map(|r| TrendingItem {
                    id: r.id,
                    lang,
                    path: article_path(lang, r.id, &r.slug),
                    section_path: section_path(lang, &r.section_slug),
                    title: r.title,
                    section_name: r.section_name,
                    published_at: r.published_at,
                    score: model::decay(r.trend_score, r.trend_at, now),
                    view_count: r.view_count,
                })
                .collect();
            let items: Vec<TrendingItem> = items;
            let mut lists = self.lists.write().unwrap_or_else(|e| e.into_inner());
            let mut read_by = self.read_by.write().unwrap_or_else(|e| e.into_inner());
            if read_by[lang as usize] > number {
                continue;
            }
            read_by[lang as usize] = number;
            let old = &lists[lang as usize];
            let seen =
                |i: &TrendingItem| (i.id, i.title.clone(), i.path.clone(), i.section_name.clone(), i.published_at);
            if old.len() != items.len() || old.iter().zip(&items).any(|(a, b)| seen(a) != seen(b)) {
                changed.push(lang);
            }
            lists[lang as usize] = Arc::new(items);
        }
        Ok(changed)
    }
}
