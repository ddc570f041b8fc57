//! The integration suite: every test starts the real app on a random port with a fresh
//! database and talks to it over HTTP. Each test runs on SQLite, and on PostgreSQL too when
//! `NEWSDESK_TEST_DATABASE_URL` points at a server (a fresh database is created per test).

// Tests fail loudly on anything unexpected; unwrapping is how they say so.
#![allow(clippy::unwrap_used)]

mod helpers;

mod accounts;
mod api;
mod bad_input;
mod bangla_newsroom;
mod bylines;
mod cache;
mod cli;
mod comments;
mod durability;
mod editor;
mod feeds;
mod fronts;
mod handoffs;
mod hostile;
mod import;
mod media;
mod moderation;
mod multinode;
mod newsroom;
mod ops;
mod polls;
mod properties;
mod reading;
mod redirects;
mod search;
mod sitepages;
mod structure;
mod taxonomy;
mod trending;
mod workplace;
