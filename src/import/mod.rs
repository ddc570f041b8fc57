//! Bringing an archive in from another platform. [`wxr`] reads a WordPress export (WXR) as a
//! stream; the importer that turns its items into stories, pages, sections, topics, bylines,
//! media, comments and redirects builds on it.

pub mod wxr;
