//! newsdesk: a self-hosted bilingual news site and the newsroom behind it.
//!
//! Map of the crate:
//! - [`config`] typed settings from flags and environment; [`app`] builds state and the router;
//! - [`db`] the connection pool and the SQLite/PostgreSQL differences; [`error`] the one error type;
//! - features, each with the same files (`model`, `db`, `pages`, `api`): [`editions`] (languages,
//!   UI strings, dates, home page), [`articles`] (article, section, topic and author pages),
//!   [`trending`] (view counting and the Trending Views list), [`accounts`] (users);
//! - [`sample`] the bundled sample content, [`assets`] embedded CSS, fonts and logo,
//!   [`api`] the OpenAPI document and JSON errors, [`ops`] health checks;
//! - [`http`] connections (time limits for slow clients) and shedding beyond the request limit.

pub mod accounts;
pub mod api;
pub mod app;
pub mod articles;
pub mod assets;
pub mod backup;
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
pub mod html;
pub mod http;
pub mod idempotency;
pub mod mail;
pub mod media;
pub mod metrics;
pub mod moderation;
pub mod newsroom;
pub mod ops;
pub mod router;
pub mod routes;
pub mod sample;
pub mod search;
pub mod state;
pub mod telemetry;
pub mod trending;
pub mod web;

pub use app::App;
pub use state::AppState;
