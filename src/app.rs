//! Application state, the router that merges every feature's routes, and serving with a
//! graceful shutdown.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use axum::Router;
use axum::http::Request;
use axum::http::{HeaderValue, header};
use tokio::net::TcpListener;
use tokio::sync::watch;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tracing::Level;

use crate::accounts::{self, AdminNotice};
use crate::assets::Assets;
use crate::cache::PageCache;
use crate::clock::Clock;
use crate::config::Config;
use crate::db::Db;
use crate::editions::SiteCache;
use crate::mail::Mailer;
use crate::search::SearchIndex;
use crate::trending::TrendingLists;
use crate::trending::model::ViewCounter;
use crate::{
    api, articles, assets, cache, comments, csrf, editions, feeds, newsroom, ops, sample, search, trending, web,
};

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
    /// Rendered public pages, and the sessions of readers seen in the last seconds.
    pub pages: Arc<PageCache>,
    /// An argon2id hash of a random password: verified against when an email is unknown, so
    /// that a failed login takes as long either way.
    pub dummy_hash: String,
}

impl AppState {
    /// The edition served at `/`: the admins' setting, else the configured one.
    pub fn default_edition(&self) -> crate::editions::Lang {
        self.site.get().default_edition.unwrap_or(self.config.default_edition)
    }
}

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
            let n = sample::load_once(&db, clock.now()).await.context("loading sample content")?;
            if n > 0 {
                tracing::info!(articles = n, "loaded sample content");
            }
        }
        let admin = accounts::ensure_first_admin(&db, &config, clock.now()).await?;
        let site = Arc::new(SiteCache::default());
        site.reload(&db).await?;
        let trending = Arc::new(TrendingLists::default());
        trending.reload(&db, clock.now()).await?;
        let mailer = Mailer::from_config(&config)?;
        crate::metrics::handle();
        let (sender, outbox) = cache::bus::channel(&config.database);
        let pages = Arc::new(PageCache::new(config.page_cache_bytes, sender));
        let search = SearchIndex::open(&search::index::dir(&config.data_dir), &db, clock.now())
            .await
            .context("opening the search index")?;
        let state = AppState(Arc::new(Shared {
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
            dummy_hash: accounts::model::hash_password(&accounts::model::random_password())?,
        }));
        Ok(Self { state, outbox, admin })
    }

    /// Every route of the site, with logging, error pages and panic safety.
    pub fn router(&self) -> Router {
        let state = self.state.clone();
        Router::new()
            .merge(editions::router())
            .merge(accounts::router())
            .merge(comments::router())
            .merge(newsroom::router())
            .merge(articles::router())
            .merge(trending::router())
            .merge(search::router())
            .merge(feeds::router())
            .merge(api::router())
            .merge(assets::router())
            .merge(ops::router())
            .nest_service(
                "/media",
                tower::ServiceBuilder::new()
                    .layer(SetResponseHeaderLayer::if_not_present(
                        header::CACHE_CONTROL,
                        HeaderValue::from_static("public, max-age=31536000, immutable"),
                    ))
                    .service(ServeDir::new(&state.config.media_dir)),
            )
            .route_layer(axum::middleware::from_fn(crate::metrics::tag_route))
            .fallback(web::not_found)
            .layer(axum::middleware::from_fn_with_state(state.clone(), csrf::protect))
            .layer(axum::middleware::from_fn_with_state(state.clone(), web::error_pages))
            // Outside the error pages, so that the answers they make themselves carry them too.
            .layer(SetResponseHeaderLayer::if_not_present(
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_static(web::CONTENT_SECURITY_POLICY),
            ))
            .layer(SetResponseHeaderLayer::if_not_present(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")))
            .layer(SetResponseHeaderLayer::if_not_present(
                header::REFERRER_POLICY,
                HeaderValue::from_static(web::REFERRER_POLICY),
            ))
            .layer(CompressionLayer::new())
            .layer(
                TraceLayer::new_for_http()
                    .make_span_with(|req: &Request<_>| {
                        tracing::info_span!("request", method = %req.method(), path = %req.uri().path())
                    })
                    .on_response(DefaultOnResponse::new().level(Level::INFO)),
            )
            // Outside the log and compression: a cache hit needs neither.
            .layer(axum::middleware::from_fn_with_state(state.clone(), cache::serve::layer))
            // Outermost but for panic safety: a request over the limit costs nothing more.
            .layer(axum::middleware::from_fn_with_state(
                crate::http::Admission::new(state.config.max_concurrent_requests, state.config.queue_wait),
                crate::http::shed,
            ))
            // Before the body is received: what cannot be served is refused at once.
            .layer(axum::middleware::from_fn_with_state(state.clone(), web::refuse_oversized))
            .layer(CatchPanicLayer::custom(web::panicked))
            .with_state(state)
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
        let bus = self.outbox.map(|outbox| tokio::spawn(cache::bus::run(state.clone(), outbox)));
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
/// seconds), following story changes into the search index (every 2 seconds, and at once
/// after this node's own writes), and every ten minutes forgetting expired sessions, reset links,
/// throttle events and day-old idempotency keys.
async fn background(state: AppState, mut stop: watch::Receiver<bool>) {
    let mut views = tokio::time::interval(state.config.view_flush_interval);
    views.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut scheduler = tokio::time::interval(Duration::from_secs(15));
    scheduler.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut housekeeping = tokio::time::interval(Duration::from_secs(600));
    housekeeping.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut search_sync = tokio::time::interval(Duration::from_secs(2));
    search_sync.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            _ = views.tick() => {
                trending::flush(&state).await;
                crate::metrics::upkeep();
            }
            _ = scheduler.tick() => {
                if let Err(err) = newsroom::publish_due(&state).await {
                    tracing::warn!(error = %err, "could not publish scheduled articles");
                }
                // Settings changed on another node reach this one within a tick.
                if let Err(err) = state.site.reload(&state.db).await {
                    tracing::warn!(error = %err, "could not reload site settings");
                }
            }
            _ = search_sync.tick() => sync_search(&state).await,
            _ = state.search.nudged() => sync_search(&state).await,
            _ = housekeeping.tick() => {
                if let Err(err) = accounts::prune_expired(&state).await {
                    tracing::warn!(error = %err, "could not prune expired sessions and throttle events");
                }
                if let Err(err) = crate::idempotency::prune(&state.db, state.clock.now()).await {
                    tracing::warn!(error = %err, "could not forget day-old idempotency keys");
                }
            }
            _ = stop.changed() => return,
        }
    }
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
