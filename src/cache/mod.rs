//! The page cache: public pages rendered once and kept as bytes, with their gzip and brotli
//! forms, so that a story read by a million readers is rendered once per change.
//!
//! Entries are keyed by path and query. Each records the generation of the site and of its
//! edition when its render began; a publish, edit or unpublish moves both editions on, a
//! trending list that changed moves its edition on, a settings change moves the site on, and a
//! comment removes its article's page. A render that overlapped any invalidation is served but
//! not kept. On PostgreSQL every invalidation is also sent to the other nodes ([`bus`]).
//!
//! The per-reader part of an article page (the comment box and the reader's own comments) is a
//! hole the cache fills per request ([`Hole`]); everything else is the same for every reader.

pub mod bus;
pub mod model;
pub mod serve;

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use axum::body::Bytes;
use axum::http::HeaderValue;
use moka::sync::Cache;

use crate::comments::PageComments;
use crate::editions::Lang;

/// Even without a change, an entry is rendered again after this long (dates such as "two days
/// ago" in the news sitemap, the year in the footer).
const MAX_AGE: Duration = Duration::from_secs(600);

/// What a handler attaches to a response it allows the cache to keep.
#[derive(Clone, Default)]
pub struct Cacheable {
    /// The article whose page this is: a cache hit counts a view of it.
    pub article: Option<i64>,
    /// The per-reader part, for article pages.
    pub hole: Option<Arc<Hole>>,
}

/// The per-reader part of a page: where it sits in the anonymous bytes and what it is filled
/// from.
pub struct Hole {
    /// Byte range of the anonymous reader's version within the page.
    pub start: usize,
    pub end: usize,
    /// The comments of the article, as stored when the page was rendered.
    pub comments: PageComments,
}

/// What the entry's render depended on: the site's generation and its edition's (or both
/// editions' for pages outside an edition).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Deps {
    site: u64,
    editions: [u64; 2],
    /// The edition the page belongs to; `None` for pages of both (sitemaps, robots.txt).
    edition: Option<Lang>,
    epoch: u64,
}

/// A page as stored: its bytes in three forms and what a response needs.
pub struct CachedPage {
    pub identity: Bytes,
    pub gzip: Bytes,
    pub brotli: Bytes,
    /// The entity tag of the identity bytes, unquoted.
    pub etag: String,
    /// Quoted tags of the three forms, ready as header values.
    pub etags: [HeaderValue; 3],
    pub content_type: HeaderValue,
    pub cache_control: HeaderValue,
    pub last_modified: HeaderValue,
    pub article: Option<i64>,
    pub hole: Option<Arc<Hole>>,
    /// Counters of the page's route.
    pub metrics: crate::metrics::RouteMetrics,
    deps: Deps,
}

impl CachedPage {
    fn weight(&self) -> u32 {
        let holes = self.hole.as_ref().map_or(0, |h| h.comments.weight());
        let bytes = self.identity.len() + self.gzip.len() + self.brotli.len() + holes + 512;
        u32::try_from(bytes).unwrap_or(u32::MAX)
    }
}

/// A change other pages must follow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Invalidation {
    /// Settings, sections, names: every page.
    Site,
    /// A story was published, edited or taken down: every page of both editions (lists,
    /// trending, the translation's "read in" link).
    Stories,
    /// The trending list of an edition changed: every page of that edition shows it.
    Edition(Lang),
    /// One page (an article whose comments changed).
    Page(String),
    /// Sessions ended (logout, password change, disabled account): forget remembered ones.
    Sessions,
}

impl Invalidation {
    /// The text sent between nodes.
    pub fn encode(&self) -> String {
        match self {
            Self::Site => "site".into(),
            Self::Stories => "stories".into(),
            Self::Edition(lang) => format!("edition:{}", lang.code()),
            Self::Page(path) => format!("page:{path}"),
            Self::Sessions => "sessions".into(),
        }
    }

    /// Parses [`Invalidation::encode`]'s text.
    pub fn decode(text: &str) -> Option<Self> {
        match text {
            "site" => Some(Self::Site),
            "stories" => Some(Self::Stories),
            "sessions" => Some(Self::Sessions),
            _ => {
                if let Some(code) = text.strip_prefix("edition:") {
                    Lang::parse(code).map(Self::Edition)
                } else {
                    text.strip_prefix("page:").map(|p| Self::Page(p.to_owned()))
                }
            }
        }
    }
}

/// The cache of one node.
pub struct PageCache {
    entries: Option<Cache<String, Arc<CachedPage>>>,
    site: AtomicU64,
    editions: [AtomicU64; 2],
    /// Moves on with every invalidation: a render that saw it move is not kept.
    epoch: AtomicU64,
    /// Sends invalidations to the other nodes.
    bus: bus::Sender,
    hits: AtomicU64,
    misses: AtomicU64,
    /// Pages being rendered: the readers who ask for one meanwhile wait for that render
    /// instead of starting their own (a popular page dropped by a publish is rendered once,
    /// not once per waiting reader).
    rendering: std::sync::Mutex<std::collections::HashMap<String, Arc<tokio::sync::Mutex<()>>>>,
    /// Session ids seen recently, so that a logged-in reader's page needs no database
    /// round trip (see `accounts::session`).
    pub sessions: crate::accounts::session::SessionCache,
}

impl PageCache {
    /// A cache of at most `max_bytes` (0 turns it off: every request renders).
    pub fn new(max_bytes: u64, bus: bus::Sender) -> Self {
        let entries = (max_bytes > 0).then(|| {
            Cache::builder()
                .max_capacity(max_bytes)
                .weigher(|_: &String, page: &Arc<CachedPage>| page.weight())
                .time_to_live(MAX_AGE)
                .build()
        });
        Self {
            entries,
            site: AtomicU64::new(0),
            editions: [AtomicU64::new(0), AtomicU64::new(0)],
            epoch: AtomicU64::new(0),
            bus,
            hits: AtomicU64::new(0),
            misses: AtomicU64::new(0),
            rendering: std::sync::Mutex::default(),
            sessions: crate::accounts::session::SessionCache::new(),
        }
    }

    /// Whether pages are kept at all.
    pub fn enabled(&self) -> bool {
        self.entries.is_some()
    }

    /// The entry at `key`, if its render is still current.
    pub fn get(&self, key: &str) -> Option<Arc<CachedPage>> {
        let page = self.entries.as_ref()?.get(key)?;
        let d = &page.deps;
        let edition_current =
            |lang: Lang| d.editions[lang as usize] == self.editions[lang as usize].load(Ordering::Acquire);
        let current = d.site == self.site.load(Ordering::Acquire)
            && match d.edition {
                Some(lang) => edition_current(lang),
                None => Lang::ALL.into_iter().all(edition_current),
            };
        current.then_some(page)
    }

    /// What a render starting now depends on.
    fn deps(&self, edition: Option<Lang>) -> Deps {
        // The epoch is read first: an invalidation landing after this point stops the insert.
        let epoch = self.epoch.load(Ordering::Acquire);
        let site = self.site.load(Ordering::Acquire);
        let editions = [self.editions[0].load(Ordering::Acquire), self.editions[1].load(Ordering::Acquire)];
        Deps { site, editions, edition, epoch }
    }

    /// Keeps `page` under `key` unless an invalidation happened while it was rendered.
    fn insert(&self, key: String, page: Arc<CachedPage>) {
        if let Some(entries) = &self.entries
            && self.epoch.load(Ordering::Acquire) == page.deps.epoch
        {
            entries.insert(key, page);
        }
    }

    /// The lock of the render of `key`, held while one request renders it.
    fn render_lock(&self, key: &str) -> Arc<tokio::sync::Mutex<()>> {
        let mut rendering = self.rendering.lock().unwrap_or_else(|e| e.into_inner());
        rendering.entry(key.to_owned()).or_default().clone()
    }

    /// Forgets the lock of `key` once nobody else holds or waits for it.
    fn render_done(&self, key: &str, lock: Arc<tokio::sync::Mutex<()>>) {
        let mut rendering = self.rendering.lock().unwrap_or_else(|e| e.into_inner());
        // One reference is the map's, one is ours.
        if Arc::strong_count(&lock) <= 2 {
            rendering.remove(key);
        }
    }

    /// Applies a change here and tells the other nodes.
    pub fn invalidate(&self, change: Invalidation) {
        self.apply(&change);
        self.bus.send(change);
    }

    /// Applies a change (from this node or another).
    pub fn apply(&self, change: &Invalidation) {
        self.epoch.fetch_add(1, Ordering::AcqRel);
        match change {
            Invalidation::Site => {
                self.site.fetch_add(1, Ordering::AcqRel);
                self.sessions.clear();
            }
            Invalidation::Stories => {
                for gen_ in &self.editions {
                    gen_.fetch_add(1, Ordering::AcqRel);
                }
            }
            Invalidation::Edition(lang) => {
                self.editions[*lang as usize].fetch_add(1, Ordering::AcqRel);
            }
            Invalidation::Page(path) => {
                if let Some(entries) = &self.entries {
                    entries.invalidate(path.as_str());
                }
            }
            Invalidation::Sessions => self.sessions.clear(),
        }
        self.epoch.fetch_add(1, Ordering::AcqRel);
    }

    /// Forgets everything, as after a lost connection to the other nodes.
    pub fn invalidate_all_here(&self) {
        self.apply(&Invalidation::Site);
        self.apply(&Invalidation::Stories);
    }

    /// Share of cacheable requests answered from the cache since the start.
    pub fn hit_ratio(&self) -> f64 {
        let hits = self.hits.load(Ordering::Relaxed) as f64;
        let total = hits + self.misses.load(Ordering::Relaxed) as f64;
        if total == 0.0 { 0.0 } else { hits / total }
    }

    /// Bytes held, for metrics.
    pub fn weighted_size(&self) -> u64 {
        self.entries.as_ref().map_or(0, |e| {
            e.run_pending_tasks();
            e.weighted_size()
        })
    }

    /// Entries held, for metrics.
    pub fn entry_count(&self) -> u64 {
        self.entries.as_ref().map_or(0, |e| e.entry_count())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalidations_survive_the_trip_between_nodes() {
        for change in [
            Invalidation::Site,
            Invalidation::Stories,
            Invalidation::Edition(Lang::Bn),
            Invalidation::Page("/bn/news/7/খবর".into()),
            Invalidation::Sessions,
        ] {
            assert_eq!(Invalidation::decode(&change.encode()), Some(change));
        }
        assert_eq!(Invalidation::decode("edition:fr"), None);
        assert_eq!(Invalidation::decode("nonsense"), None);
    }
}
