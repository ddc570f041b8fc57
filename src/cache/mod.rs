//! The page cache: public pages rendered once and kept as bytes, with their gzip and brotli
//! forms, so that a story read by a million readers is rendered once per change.
//!
//! Entries are keyed by path and query. Each records the generation of the site and of its
//! edition when its render began; a publish, edit or unpublish moves both editions on, a
//! trending list that changed moves its edition on, a settings change moves the site on, and a
//! comment removes its article's page. A render that overlapped any invalidation is served but
//! not kept. On PostgreSQL every invalidation is also sent to the other nodes ([`bus`]).
//!
//! Which pages are kept is declared where their routes are ([`rules`]). The per-reader part of
//! a kept page (an article's comment box) is a hole filled per request by what the page's
//! handler attached ([`Personal`]); everything else is the same for every reader. The cache knows
//! no feature: it is a layer the features use.

pub mod bus;
pub mod model;
pub mod rules;
pub mod serve;

use std::future::Future;
use std::ops::Range;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use axum::body::Bytes;
use axum::http::HeaderValue;
use axum::http::request::Parts;
use moka::sync::Cache;

use crate::editions::Lang;
pub use rules::Caching;

/// Even without a change, an entry is rendered again after this long (dates such as "two days
/// ago" in the news sitemap, the year in the footer).
const MAX_AGE: Duration = Duration::from_secs(600);

/// The per-reader part of a page, attached by its handler (as a response extension) to the
/// anonymous render: where it sits, and what fills it for each reader.
pub struct Personal {
    /// Byte range of the anonymous reader's version within the page.
    pub hole: Range<usize>,
    /// The one address the page is kept under: whatever drops it names that address.
    pub path: String,
    /// Fills the part (and does what else each reader's visit asks) per request.
    pub filler: Box<dyn PerReader>,
}

/// What a kept page does for each reader it is served to.
pub trait PerReader: Send + Sync {
    /// The reader's part: `Set-Cookie` values to send, and the reader's own version of the
    /// hole (`None` keeps the anonymous one).
    fn serve<'a>(&'a self, request: &'a Parts) -> Pin<Box<dyn Future<Output = ForReader> + Send + 'a>>;

    /// Bytes held, for the cache's size bound.
    fn weight(&self) -> usize;
}

/// What [`PerReader::serve`] answers.
#[derive(Default)]
pub struct ForReader {
    pub cookies: Vec<HeaderValue>,
    pub hole: Option<String>,
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
    /// The page's own Content-Security-Policy, when it differs from every page's (a story that
    /// embeds a video allows its player's frames).
    pub csp: Option<HeaderValue>,
    pub last_modified: HeaderValue,
    pub personal: Option<Arc<Personal>>,
    /// Counters of the page's route.
    pub metrics: crate::metrics::RouteMetrics,
    deps: Deps,
}

impl CachedPage {
    fn weight(&self) -> u32 {
        let holes = self.personal.as_ref().map_or(0, |p| p.filler.weight());
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
    /// `Cache-Control` of kept pages whose handler set none.
    shared_page: HeaderValue,
    hits: AtomicU64,
    misses: AtomicU64,
    /// Pages being rendered: the readers who ask for one meanwhile wait for that render
    /// instead of starting their own (a popular page dropped by a publish is rendered once,
    /// not once per waiting reader).
    rendering: std::sync::Mutex<std::collections::HashMap<String, Arc<tokio::sync::Mutex<()>>>>,
}

impl PageCache {
    /// A cache of at most `max_bytes` (0 turns it off: every request renders). Behind a CDN
    /// (`cdn_max_age` > 0) the CDN may serve kept pages for that many seconds.
    pub fn new(max_bytes: u64, cdn_max_age: u64, bus: bus::Sender) -> Self {
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
            shared_page: shared_page(cdn_max_age),
            hits: AtomicU64::new(0),
            misses: AtomicU64::new(0),
            rendering: std::sync::Mutex::default(),
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

    /// Tells the other nodes about a change this node has applied (see `AppState::changed`).
    pub fn broadcast(&self, change: Invalidation) {
        self.bus.send(change);
    }

    /// Applies a change (from this node or another).
    pub fn apply(&self, change: &Invalidation) {
        self.epoch.fetch_add(1, Ordering::AcqRel);
        match change {
            Invalidation::Site => {
                self.site.fetch_add(1, Ordering::AcqRel);
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
            // Remembered sessions are the state's (`AppState::changed`), not kept pages.
            Invalidation::Sessions => {}
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

/// How caches may keep a public page whose handler said nothing: store it, but ask again (with
/// `If-None-Match`) before each use, so that a change shows at once; behind a CDN, the CDN may
/// serve it for `cdn_max_age` seconds.
fn shared_page(cdn_max_age: u64) -> HeaderValue {
    match cdn_max_age {
        0 => HeaderValue::from_static("public, no-cache"),
        n => HeaderValue::from_str(&format!("public, max-age=0, s-maxage={n}, stale-while-revalidate=60"))
            .unwrap_or_else(|_| HeaderValue::from_static("public, no-cache")),
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
