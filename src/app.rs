//! Building the application (database, sample content, first admin, caches), serving it with a
//! graceful shutdown, and the node's background tasks. The state is [`crate::state`], the
//! routes and layers [`crate::router`].

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use axum::Router;
use tokio::net::TcpListener;
use tokio::sync::watch;

use crate::accounts::remembered::SessionCache;
use crate::accounts::{self, AdminNotice};
use crate::assets::files::Assets;
use crate::cache::{self, PageCache};
use crate::clock::Clock;
use crate::config::Config;
use crate::db::Db;
use crate::editions::site::SiteCache;
use crate::mail::Mailer;
use crate::mail::queue as mail_queue;
use crate::metrics::Metrics;
use crate::search::{self, SearchIndex};
use crate::state::{AppState, Shared};
use crate::trending::lists::TrendingLists;
use crate::trending::model::ViewCounter;
use crate::{bylines, newsroom, sample, trending};

/// A built application, ready to serve.
pub struct App {
    /// The state handlers see; tests reach into it (clock, flushes).
    pub state: AppState,
    /// On PostgreSQL, the changes this node sends to the others.
    outbox: Option<cache::bus::Outbox>,
    /// What the operator must hear about the admin account.
    pub admin: AdminNotice,
}

impl App {
    /// Connects and migrates the database, loads the sample content on a first start, makes
    /// sure an admin exists, and warms the caches.
    pub async fn build(config: Config, clock: Arc<dyn Clock>) -> anyhow::Result<Self> {
        let db = Db::connect(&config.database).await?;
        db.migrate().await?;
        db.assert_durability().await?;
        if config.load_sample_content {
            let n = sample::load_once(&db, &config.media_dir, clock.now()).await.context("loading sample content")?;
            if n > 0 {
                tracing::info!(articles = n, "loaded sample content");
            }
        }
        let admin = accounts::ensure_first_admin(&db, &config, clock.now()).await?;
        bylines::db::ensure_all(&db).await.context("giving writing staff their bylines")?;
        crate::newsroom::db::convert_legacy_bodies(&db).await.context("converting Markdown story bodies")?;
        let site = Arc::new(SiteCache::default());
        site.reload(&db).await?;
        let trending = Arc::new(TrendingLists::default());
        trending.reload(&db, clock.now()).await?;
        let mailer = Mailer::from_config(&config)?;
        let (sender, outbox) = cache::bus::channel(&config.database);
        let pages = Arc::new(PageCache::new(config.page_cache_bytes, config.cdn_max_age, sender));
        let search = SearchIndex::open(&search::schema::dir(&config.data_dir), &db, clock.now())
            .await
            .context("opening the search index")?;
        // At the cost of real hashes, so that a login to an unknown account takes as long.
        let dummy_hash = accounts::model::hash_password(&accounts::model::random_password(), config.password_cost)?;
        let state = AppState::new(Shared {
            config: Arc::new(config),
            db,
            clock,
            site,
            views: Arc::new(ViewCounter::default()),
            trending,
            assets: Arc::new(Assets::new()),
            mailer,
            search,
            pages,
            sessions: SessionCache::new(),
            metrics: Arc::new(Metrics::new()),
            dummy_hash,
        });
        Ok(Self { state, outbox, admin })
    }

    /// Every route of the site with its layers (see [`crate::router`]).
    pub fn router(&self) -> Router {
        crate::router::router(self.state.clone())
    }

    /// Serves on `listener` until `shutdown` completes, then lets in-flight requests finish (for
    /// at most [`DRAIN`]) and writes the views counted so far.
    pub async fn serve(
        self,
        listener: TcpListener,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> anyhow::Result<()> {
        let router = self.router();
        let state = self.state;
        let (stop_tx, stop_rx) = watch::channel(false);
        let flusher = tokio::spawn(background(state.clone(), stop_rx));
        let bus = match self.outbox {
            Some(outbox) => {
                let (listening, listens) = tokio::sync::oneshot::channel();
                let bus = tokio::spawn(cache::bus::run(state.db.clone(), outbox, state.clone(), listening));
                // Pages are served once the node hears the others' changes (or after a short
                // wait, if it cannot yet: it forgets its pages when it does).
                if tokio::time::timeout(Duration::from_secs(5), listens).await.is_err() {
                    tracing::warn!("not yet listening for other nodes' changes; serving meanwhile");
                }
                Some(bus)
            }
            None => None,
        };
        let patience = crate::http::Patience {
            headers: state.config.client_timeout,
            body_stall: state.config.client_timeout,
            body: state.config.body_deadline,
        };
        // The signal stops accepting; the connections open get at most DRAIN, then are cut.
        let open = crate::http::accept_until(listener, router, patience, shutdown).await;
        tokio::select! {
            () = open.shutdown() => {}
            () = tokio::time::sleep(DRAIN) => {
                tracing::warn!("requests still running {} s after the signal were cut", DRAIN.as_secs());
            }
        }
        let _ = stop_tx.send(true);
        let _ = flusher.await;
        if let Some(bus) = bus {
            bus.abort();
        }
        trending::flush(&state).await;
        tracing::info!("stopped; page views written");
        Ok(())
    }

    /// Binds the configured address, prints where the site is and how to log in, and serves
    /// until SIGTERM or Ctrl-C.
    pub async fn serve_until_signal(self) -> anyhow::Result<()> {
        let listener = TcpListener::bind(self.state.config.bind)
            .await
            .with_context(|| format!("listening on {}", self.state.config.bind))?;
        let base = &self.state.config.base_url;
        println!("newsdesk is running at {base}/");
        match &self.admin {
            AdminNotice::Created { email, password: Some(password) } => println!(
                "Admin account created: log in at {base}/login as {email} with password {password}\n\
                 (this password is shown only once; change it after logging in)"
            ),
            AdminNotice::Created { email, password: None } => {
                println!("Admin account created: log in at {base}/login as {email} with NEWSDESK_ADMIN_PASSWORD")
            }
            AdminNotice::Exists { email } => {
                println!("Admin account: log in at {base}/login as {email}")
            }
        }
        self.serve(listener, shutdown_signal()).await
    }
}

/// How long requests in flight may take to finish after SIGTERM.
pub const DRAIN: Duration = Duration::from_secs(10);

/// Background work of a node: writing page views, publishing scheduled articles (every 15
/// seconds), re-rendering pages that time changes (every second: the date line at midnight, a
/// banner's end), following story changes into the search index (every 2 seconds, and at once
/// after this node's own writes), checking for comments waiting too long for moderation (with the
/// scheduler), sending queued mail (a task of its own, every 2 seconds), and every ten minutes
/// forgetting expired sessions, reset links, throttle events, day-old idempotency keys and mail
/// sent a month ago.
async fn background(state: AppState, mut stop: watch::Receiver<bool>) {
    let mut views = tokio::time::interval(state.config.view_flush_interval);
    views.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut scheduler = tokio::time::interval(Duration::from_secs(15));
    scheduler.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut housekeeping = tokio::time::interval(Duration::from_secs(600));
    housekeeping.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut clock = tokio::time::interval(Duration::from_secs(1));
    clock.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut search_sync = tokio::time::interval(Duration::from_secs(2));
    search_sync.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    // What an import last brought in: when it moves on, every kept page may be out of date.
    let mut last_mark = content_mark(&state).await;
    // The mail sender runs as a task of its own, so a slow mail server holds nothing else.
    let mail = tokio::spawn(send_mail(state.clone(), stop.clone()));
    loop {
        tokio::select! {
            _ = views.tick() => {
                trending::flush(&state).await;
                state.metrics.upkeep();
            }
            _ = scheduler.tick() => {
                if let Err(err) = newsroom::publish_due(&state).await {
                    tracing::warn!(error = %err, "could not publish scheduled articles");
                }
                // Settings changed on another node reach this one within a tick.
                if let Err(err) = state.site.reload(&state.db).await {
                    tracing::warn!(error = %err, "could not reload site settings");
                }
                crate::notifications::check_waiting_comments(&state).await;
                let mark = content_mark(&state).await;
                if mark != last_mark {
                    last_mark = mark;
                    // New sections and stories: every page, on this node (each reads the mark).
                    state.noticed(crate::cache::Invalidation::Site).await;
                    state.search.nudge();
                }
            }
            _ = clock.tick() => state.follow_the_clock(),
            _ = search_sync.tick() => sync_search(&state).await,
            _ = state.search.nudged() => sync_search(&state).await,
            _ = housekeeping.tick() => {
                if let Err(err) = accounts::prune_expired(&state).await {
                    tracing::warn!(error = %err, "could not prune expired sessions and throttle events");
                }
                if let Err(err) = crate::idempotency::prune(&state.db, state.clock.now()).await {
                    tracing::warn!(error = %err, "could not forget day-old idempotency keys");
                }
                if let Err(err) = mail_queue::prune(&state.db, state.clock.now(), SENT_MAIL_KEPT_SECS).await {
                    tracing::warn!(error = %err, "could not forget mail sent a month ago");
                }
            }
            _ = stop.changed() => {
                let _ = mail.await;
                return;
            }
        }
    }
}

/// How long sent mail stays in the queue's table, for the operator to look up.
const SENT_MAIL_KEPT_SECS: i64 = 30 * 86_400;

/// Sends the queued mail that is due, every two seconds, until the node stops. A send under way
/// when the node stops is finished or, if the process dies, claimed again once its lease ends.
async fn send_mail(state: AppState, mut stop: watch::Receiver<bool>) {
    let mut tick = tokio::time::interval(Duration::from_secs(2));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            _ = tick.tick() => {
                if let Err(err) = mail_queue::deliver_due(&state.db, &state.mailer, state.clock.now()).await {
                    tracing::warn!(error = %err, "could not send queued mail");
                }
            }
            _ = stop.changed() => return,
        }
    }
}

/// The mark an import leaves when it ends (`import::db::CONTENT_MARK`), if any.
async fn content_mark(state: &AppState) -> Option<String> {
    crate::editions::db::setting(&state.db, crate::import::db::CONTENT_MARK).await.ok().flatten()
}

async fn sync_search(state: &AppState) {
    if let Err(err) = state.search.sync_from_db(&state.db, state.clock.now()).await {
        tracing::warn!(error = %err, "could not bring the search index up to date");
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    tracing::info!("shutting down: finishing in-flight requests");
    // Give the log line a chance to reach the terminal before connections close.
    tokio::time::sleep(Duration::from_millis(10)).await;
}
