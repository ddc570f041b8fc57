//! Bringing an archive in from another platform: [`wxr`] reads a WordPress export (WXR) as a
//! stream, [`report`] counts what it holds as the import treats it, [`items`] brings each item
//! in (its rules in [`model`], its bodies through [`content`], its writes in [`db`]), and
//! [`wordpress`] is the `newsdesk import wordpress` command.

pub mod content;
pub mod db;
pub mod items;
pub mod model;
pub mod report;
pub mod wordpress;
pub mod wxr;

use std::sync::Arc;

use crate::clock::Clock;
use crate::config::ImportCommand;

/// Runs `newsdesk import …`.
pub async fn run(command: &ImportCommand, clock: Arc<dyn Clock>) -> anyhow::Result<()> {
    match command {
        ImportCommand::Wordpress(args) => wordpress::run(args, clock).await,
    }
}
