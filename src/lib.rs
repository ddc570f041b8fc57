//! newsdesk: a self-hosted bilingual news site and the newsroom behind it.
//!
//! Map of the crate, from the top down (imports point down; `tests/structure.rs` checks it):
//!
//! - The top: [`app`] builds the application (database, sample content, first admin, caches),
//!   serves it and runs the background tasks; [`router`] merges every feature's routes and puts
//!   the layers around them; [`config`] the typed settings, read once from flags and environment.
//! - Features, each a folder with the same files (`mod.rs` with `router()`, `model.rs` pure rules,
//!   `db.rs` queries, `pages.rs` HTML handlers, `api.rs` JSON handlers; a large one is a folder of
//!   its own, as the newsroom's `pages/`, `api/` and `db/` are): [`editions`] (languages,
//!   UI strings, dates, site settings, the home page), [`articles`] (article, section, topic and
//!   author pages, the article API), [`bylines`] (who stories are credited to: staff, desks,
//!   contributors, agencies), [`comments`], [`moderation`], [`accounts`] (readers and
//!   staff, sessions, the `newsdesk user` commands), [`newsroom`] (writing, editing, the workflow,
//!   settings, staff; its permission table), [`fronts`] (the lead and top stories editors choose
//!   for home pages and section fronts, breaking news), [`polls`] (opinion polls and their
//!   votes), [`media`] (uploads), [`trending`] (view counting and
//!   Trending Views), [`search`] (the index and its pages), [`feeds`] (RSS, sitemaps,
//!   robots.txt), [`sitepages`] (the site's own pages: editor's note, editorial policy…, in the
//!   footer), [`notifications`] (what staff are told, in the newsroom and by mail), [`sections`]
//!   and [`topics`] (what editors add, rename, order, hide and merge), [`redirects`] (old
//!   addresses answered with 301 before the 404), [`assets`] (embedded CSS, scripts, fonts and
//!   logo), [`api`] (the OpenAPI document), [`ops`] (`/healthz`, `/metrics`), [`sample`] (the bundled sample content),
//!   [`backup`] (`newsdesk backup` and `restore`), [`import`] (reading a WordPress export).
//! - The shared core the features stand on: [`state`] (what every request shares, and
//!   `AppState::changed`, the one way a change readers see is announced), [`routes`] (how a
//!   feature declares a route: caching, API description), [`cache`] (the page cache, a layer that
//!   knows no feature), [`web`] (the layout's data, error pages, typed path parameters),
//!   [`html`] (`SafeHtml`, the only HTML printed unescaped), [`body`] (a story's one stored body
//!   format: its allowlist, the page's HTML, text and blocks made from it), [`cookies`], [`csrf`], [`error`] (the
//!   one error type), [`idempotency`], [`mail`] (with its durable queue), [`metrics`], [`http`] (the accept loop, slow
//!   clients and load shedding), [`db`] (the pool and every SQLite/PostgreSQL difference),
//!   [`clock`], [`telemetry`].

pub mod accounts;
pub mod api;
pub mod app;
pub mod articles;
pub mod assets;
pub mod backup;
pub mod body;
pub mod bylines;
pub mod cache;
pub mod clock;
pub mod comments;
pub mod config;
pub mod cookies;
pub mod csrf;
pub mod db;
pub mod editions;
pub mod error;
pub mod feeds;
pub mod fronts;
pub mod html;
pub mod http;
pub mod idempotency;
pub mod import;
pub mod mail;
pub mod media;
pub mod metrics;
pub mod moderation;
pub mod newsroom;
pub mod notifications;
pub mod ops;
pub mod polls;
pub mod redirects;
pub mod router;
pub mod routes;
pub mod sample;
pub mod search;
pub mod sections;
pub mod sitepages;
pub mod state;
pub mod telemetry;
pub mod topics;
pub mod trending;
pub mod web;

pub use app::App;
pub use state::AppState;
