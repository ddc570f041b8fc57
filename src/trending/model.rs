//! Trending Views as pure rules: who counts as a visitor, which requests are bots, how views
//! decay, and the in-memory counter that batches views between writes.

use std::collections::HashMap;
use std::hash::{BuildHasher, RandomState};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

use crate::clock::Timestamp;

/// A view loses half its weight every six hours.
pub const HALF_LIFE_SECS: f64 = 6.0 * 3600.0;
/// Only articles published in the last seven days can trend.
pub const WINDOW_SECS: i64 = 7 * 86_400;
/// One visitor counts once per article in this many seconds.
pub const DEDUP_SECS: i64 = 30 * 60;
/// Name of the first-party cookie that identifies a visitor for view counting.
pub const VISITOR_COOKIE: &str = "nd_vid";

const SHARDS: usize = 16;

/// `score` observed at `from`, decayed to `to`.
pub fn decay(score: f64, from: Timestamp, to: Timestamp) -> f64 {
    score * ((from - to) as f64 / HALF_LIFE_SECS).exp2()
}

/// The ordering key of a score observed at `at`: comparing keys compares decayed scores at any
/// common later time, so rows need no rewrite as time passes.
pub fn trend_key(score: f64, at: Timestamp) -> Option<f64> {
    (score > 0.0).then(|| score.log2() + at as f64 / HALF_LIFE_SECS)
}

// Lower-case fragments of user agents of crawlers, link previewers and scripted clients.
const BOT_MARKERS: &[&str] = &[
    "bot",
    "crawl",
    "spider",
    "slurp",
    "facebookexternalhit",
    "mediapartners",
    "embedly",
    "preview",
    "whatsapp",
    "telegram",
    "curl/",
    "wget/",
    "python-",
    "go-http-client",
    "java/",
    "okhttp",
    "headlesschrome",
    "lighthouse",
    "pingdom",
    "uptime",
    "ahrefs",
    "semrush",
    "yandex",
    "baidu",
    "feedfetcher",
    "archive.org",
];

/// Whether a request comes from a crawler or script rather than a reader. A missing user agent
/// is not a browser.
pub fn is_bot(user_agent: &str) -> bool {
    let ua = user_agent.to_ascii_lowercase();
    ua.trim().is_empty() || BOT_MARKERS.iter().any(|m| ua.contains(m))
}

/// How a visitor is known: by their cookie, or else by address and user agent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Visitor {
    /// The key views are deduplicated by.
    pub key: u64,
    /// Whether the response must set the visitor cookie.
    pub set_cookie: bool,
}

impl Visitor {
    /// The cookie value that names this visitor.
    pub fn cookie_value(&self) -> String {
        format!("{:016x}", self.key)
    }
}

/// At most this many views of one article count from one address per [`DEDUP_SECS`], however
/// many visitor cookies it presents: a script minting cookies cannot inflate Trending Views.
pub const PER_ADDRESS_CAP: u32 = 20;

/// At most this many (visitor, article) pairs are remembered for deduplication, about 40 MB:
/// a burst of 20,000 new readers a second for half a minute fits; beyond it a flood of new
/// visitors (a script minting cookies from many addresses) is not counted rather than
/// exhausting memory.
pub const MAX_TRACKED: usize = 1_000_000;

// Keys are keyed hashes of (visitor, article) and (address, article); times are Unix seconds
// as u32 (good until 2106). 17 bytes a pair instead of 33.
#[derive(Default)]
struct Shard {
    // hash(visitor, article) → when that visitor's view last counted.
    seen: HashMap<u64, u32>,
    // article → views counted since the last flush.
    pending: HashMap<i64, u64>,
    // hash(address, article) → (window start, views counted from that address in it).
    per_address: HashMap<u64, (u32, u32)>,
}

/// Counts views in memory, at most one per visitor and article per [`DEDUP_SECS`].
pub struct ViewCounter {
    shards: Vec<Mutex<Shard>>,
    hasher: RandomState,
    /// Pairs remembered in `seen`, across shards.
    tracked: AtomicUsize,
    /// Views not counted because [`MAX_TRACKED`] pairs were remembered.
    pub refused: AtomicU64,
    /// Held while views are written, so that two flushes (the periodic one and the one at
    /// shutdown) never overlap and a finished flush means the views are stored.
    pub writing: tokio::sync::Mutex<()>,
}

impl Default for ViewCounter {
    fn default() -> Self {
        Self {
            shards: (0..SHARDS).map(|_| Mutex::default()).collect(),
            hasher: RandomState::new(),
            tracked: AtomicUsize::new(0),
            refused: AtomicU64::new(0),
            writing: tokio::sync::Mutex::new(()),
        }
    }
}

fn secs(t: Timestamp) -> u32 {
    u32::try_from(t).unwrap_or(u32::MAX)
}

impl ViewCounter {
    /// Identifies the visitor of a request. A well-formed cookie wins; without one the key is a
    /// keyed hash of address and user agent, which the response then stores in the cookie so
    /// the same reader keeps the same key.
    pub fn visitor(&self, cookie: Option<&str>, address: &str, user_agent: &str) -> Visitor {
        if let Some(key) = cookie.filter(|c| c.len() == 16).and_then(|c| u64::from_str_radix(c, 16).ok()) {
            return Visitor { key, set_cookie: false };
        }
        Visitor { key: self.hasher.hash_one((address, user_agent)), set_cookie: true }
    }

    /// The key of a client address for the per-address cap.
    pub fn address_key(&self, address: &str) -> u64 {
        self.hasher.hash_one(address)
    }

    /// Counts a view unless this visitor was counted on this article in the last half hour, or
    /// its address already reached [`PER_ADDRESS_CAP`] views of the article in that time, or
    /// [`MAX_TRACKED`] visitors are remembered.
    pub fn record(&self, visitor: u64, address: u64, article_id: i64, now: Timestamp) -> bool {
        let seen_key = self.hasher.hash_one((visitor, article_id));
        let address_key = self.hasher.hash_one((address, article_id));
        {
            let shard = self.shards[(address_key as usize) % SHARDS].lock().unwrap_or_else(|e| e.into_inner());
            if let Some(&(since, n)) = shard.per_address.get(&address_key)
                && now - i64::from(since) < DEDUP_SECS
                && n >= PER_ADDRESS_CAP
            {
                return false;
            }
        }
        {
            let mut shard = self.shards[(seen_key as usize) % SHARDS].lock().unwrap_or_else(|e| e.into_inner());
            match shard.seen.get(&seen_key) {
                Some(&at) if now - i64::from(at) < DEDUP_SECS => return false,
                Some(_) => {}
                None if self.tracked.load(Ordering::Relaxed) >= MAX_TRACKED => {
                    self.refused.fetch_add(1, Ordering::Relaxed);
                    return false;
                }
                None => {
                    self.tracked.fetch_add(1, Ordering::Relaxed);
                }
            }
            shard.seen.insert(seen_key, secs(now));
            *shard.pending.entry(article_id).or_default() += 1;
        }
        let mut shard = self.shards[(address_key as usize) % SHARDS].lock().unwrap_or_else(|e| e.into_inner());
        let entry = shard.per_address.entry(address_key).or_insert((secs(now), 0));
        if now - i64::from(entry.0) >= DEDUP_SECS {
            *entry = (secs(now), 0);
        }
        entry.1 += 1;
        true
    }

    /// Takes the views counted since the last call, summed per article, and forgets visitors
    /// whose window has passed.
    pub fn take_pending(&self, now: Timestamp) -> HashMap<i64, u64> {
        let mut all: HashMap<i64, u64> = HashMap::new();
        for shard in &self.shards {
            let mut shard = shard.lock().unwrap_or_else(|e| e.into_inner());
            for (article, n) in shard.pending.drain() {
                *all.entry(article).or_default() += n;
            }
            let before = shard.seen.len();
            shard.seen.retain(|_, at| now - i64::from(*at) < DEDUP_SECS);
            self.tracked.fetch_sub(before - shard.seen.len(), Ordering::Relaxed);
            shard.per_address.retain(|_, (since, _)| now - i64::from(*since) < DEDUP_SECS);
            // After a burst, give the memory back.
            if shard.seen.capacity() > 4 * shard.seen.len() + 1024 {
                shard.seen.shrink_to_fit();
            }
            if shard.per_address.capacity() > 4 * shard.per_address.len() + 1024 {
                shard.per_address.shrink_to_fit();
            }
        }
        all
    }

    /// Views counted and not yet written, for metrics.
    pub fn pending_total(&self) -> u64 {
        self.shards.iter().map(|s| s.lock().unwrap_or_else(|e| e.into_inner()).pending.values().sum::<u64>()).sum()
    }

    /// Puts views back after a failed write, so that they go out with the next flush.
    pub fn restore(&self, views: HashMap<i64, u64>) {
        let mut shard = self.shards[0].lock().unwrap_or_else(|e| e.into_inner());
        for (article, n) in views {
            *shard.pending.entry(article).or_default() += n;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_view_halves_every_six_hours() {
        assert!((decay(8.0, 0, 6 * 3600) - 4.0).abs() < 1e-9);
        assert!((decay(8.0, 0, 18 * 3600) - 1.0).abs() < 1e-9);
    }

    #[test]
    fn keys_order_like_decayed_scores() {
        // 10 views a day ago weigh 10/16; 1 view now weighs 1.
        let old = trend_key(10.0, 0).unwrap();
        let new = trend_key(1.0, 86_400).unwrap();
        assert!(new > old);
        assert_eq!(trend_key(0.0, 5), None);
    }

    #[test]
    fn bots_and_missing_user_agents_do_not_count() {
        assert!(is_bot("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"));
        assert!(is_bot("facebookexternalhit/1.1"));
        assert!(is_bot(""));
        assert!(!is_bot("Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/126.0 Mobile Safari/537.36"));
    }

    #[test]
    fn one_visitor_counts_once_per_half_hour() {
        let counter = ViewCounter::default();
        assert!(counter.record(7, 70, 1, 1000));
        assert!(!counter.record(7, 70, 1, 1000 + DEDUP_SECS - 1));
        assert!(counter.record(8, 80, 1, 1000));
        assert!(counter.record(7, 70, 2, 1000));
        assert!(counter.record(7, 70, 1, 1000 + DEDUP_SECS));
        let pending = counter.take_pending(1000 + DEDUP_SECS);
        assert_eq!(pending.get(&1), Some(&3));
        assert_eq!(pending.get(&2), Some(&1));
        assert!(counter.take_pending(1000 + DEDUP_SECS).is_empty());
    }

    #[test]
    fn one_address_counts_at_most_the_cap_whatever_its_cookies() {
        let counter = ViewCounter::default();
        let counted = (0..100).filter(|v| counter.record(*v, 5, 1, 1000)).count();
        assert_eq!(counted, PER_ADDRESS_CAP as usize);
        assert!(counter.record(500, 6, 1, 1000), "another address still counts");
        assert!(counter.record(501, 5, 1, 1000 + DEDUP_SECS), "and the cap resets with the window");
    }

    #[test]
    fn a_flood_of_new_visitors_stops_at_the_bound_and_resumes_when_they_expire() {
        let counter = ViewCounter::default();
        counter.tracked.store(MAX_TRACKED - 2, Ordering::Relaxed);
        assert!(counter.record(1, 1, 1, 1000));
        assert!(counter.record(2, 2, 1, 1000));
        assert!(!counter.record(3, 3, 1, 1000), "the bound is reached");
        assert_eq!(counter.refused.load(Ordering::Relaxed), 1);
        assert!(!counter.record(1, 1, 1, 1000), "a remembered visitor is still deduplicated");
        counter.take_pending(1000 + DEDUP_SECS);
        assert_eq!(counter.tracked.load(Ordering::Relaxed), MAX_TRACKED - 2, "expired pairs are forgotten");
        assert!(counter.record(3, 3, 1, 1000 + DEDUP_SECS));
    }

    #[test]
    fn a_visitor_without_cookie_keeps_the_key_the_cookie_then_carries() {
        let counter = ViewCounter::default();
        let first = counter.visitor(None, "10.0.0.1", "Firefox");
        assert!(first.set_cookie);
        let again = counter.visitor(Some(&first.cookie_value()), "10.0.0.9", "Firefox");
        assert_eq!(again, Visitor { key: first.key, set_cookie: false });
        assert!(counter.visitor(Some("not-hex-at-all!!"), "10.0.0.1", "Firefox").set_cookie);
    }
}
