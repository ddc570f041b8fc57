//! The state every request shares, and the one way a change readers must see is announced.
//!
//! This module sits below the features: it holds their caches (site settings, trending lists,
//! assets, kept pages, remembered sessions) but none of their handlers, so features import it
//! and it imports no feature's pages or API.

use std::sync::{Arc, Weak};

use crate::accounts::remembered::SessionCache;
use crate::assets::files::Assets;
use crate::cache::bus::Follower;
use crate::cache::{Invalidation, PageCache};
use crate::clock::Clock;
use crate::config::Config;
use crate::db::Db;
use crate::editions::Lang;
use crate::editions::site::SiteCache;
use crate::mail::Mailer;
use crate::metrics::Metrics;
use crate::search::SearchIndex;
use crate::trending::lists::TrendingLists;
use crate::trending::model::ViewCounter;

/// Shared by every request; cloning it (as every middleware does per request) is one atomic
/// increment.
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

impl std::ops::Deref for AppState {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.0
    }
}

/// What [`AppState`] holds.
pub struct Shared {
    pub config: Arc<Config>,
    pub db: Db,
    pub clock: Arc<dyn Clock>,
    pub site: Arc<SiteCache>,
    pub views: Arc<ViewCounter>,
    pub trending: Arc<TrendingLists>,
    pub assets: Arc<Assets>,
    pub mailer: Mailer,
    pub search: Arc<SearchIndex>,
    /// Rendered public pages.
    pub pages: Arc<PageCache>,
    /// Sessions of readers seen in the last seconds (see `accounts::session::remembered`).
    pub sessions: SessionCache,
    /// This node's counters for `/metrics`.
    pub metrics: Arc<Metrics>,
    /// An argon2id hash of a random password: verified against when an email is unknown, so
    /// that a failed login takes as long either way.
    pub dummy_hash: String,
}

/// A reference to the state that does not keep it alive, for what the state itself holds (a
/// kept page's per-reader part): the node's database pool closes when the app is dropped.
#[derive(Clone)]
pub struct WeakState(Weak<Shared>);

impl WeakState {
    /// The state, while the app still runs.
    pub fn upgrade(&self) -> Option<AppState> {
        self.0.upgrade().map(AppState)
    }
}

impl AppState {
    /// Wraps what the state holds.
    pub fn new(shared: Shared) -> Self {
        Self(Arc::new(shared))
    }

    /// A reference that does not keep the state alive.
    pub fn downgrade(&self) -> WeakState {
        WeakState(Arc::downgrade(&self.0))
    }

    /// The edition served at `/`: the admins' setting, else the configured one.
    pub fn default_edition(&self) -> Lang {
        self.site.get().default_edition.unwrap_or(self.config.default_edition)
    }

    /// Announces a committed change that readers must see: this node's in-memory copies follow
    /// it, the kept pages it touches are dropped, and the other nodes are told. Every write
    /// that changes what public pages show ends here.
    pub async fn changed(&self, change: Invalidation) {
        self.follow(&change).await;
        self.pages.broadcast(change);
    }

    /// Takes in a change made outside every node (a `newsdesk import` run): this node's copies
    /// and kept pages follow it, and nothing is sent, since every node notices it the same way.
    pub async fn noticed(&self, change: Invalidation) {
        self.follow(&change).await;
    }

    /// Drops the kept pages that time alone has changed on this node: yesterday's date in the
    /// header, a breaking-news banner whose end has come, a poll that opened or closed. Every node follows its own clock, so
    /// nothing is sent to the others.
    pub fn follow_the_clock(&self) {
        for change in self.site.time_passed(self.clock.now(), self.config.utc_offset_minutes) {
            self.pages.apply(&change);
        }
    }

    /// Reloads the trending lists; the pages of an edition whose list changed are rendered
    /// again. Every node reloads its own lists, so this change is not sent to the others.
    pub async fn reload_trending(&self) {
        match self.trending.reload(&self.db, self.clock.now()).await {
            Ok(changed) => {
                for lang in changed {
                    self.pages.apply(&Invalidation::Edition(lang));
                }
            }
            Err(err) => tracing::warn!(error = %err, "could not reload trending lists"),
        }
    }
}

impl Follower for AppState {
    /// Brings this node's copies up to date before its pages are dropped, so that the next
    /// render sees the change.
    async fn follow(&self, change: &Invalidation) {
        match change {
            Invalidation::Site => {
                if let Err(err) = self.site.reload(&self.db).await {
                    tracing::warn!(error = %err, "could not reload the site settings after a change");
                }
                self.sessions.clear();
            }
            Invalidation::Stories => self.reload_trending().await,
            Invalidation::Sessions => self.sessions.clear(),
            Invalidation::Edition(_) | Invalidation::Page(_) => {}
        }
        self.pages.apply(change);
    }

    fn forget_all(&self) {
        self.sessions.clear();
        self.pages.invalidate_all_here();
    }
}
