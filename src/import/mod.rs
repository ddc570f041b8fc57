//! Bringing an archive in from another platform: [`wxr`] reads a WordPress export (WXR) as a
//! stream, [`report`] counts what it holds as the import treats it, and [`wordpress`] is the
//! `newsdesk import wordpress` command.

pub mod report;
pub mod wordpress;
pub mod wxr;

use crate::config::ImportCommand;

/// Runs `newsdesk import …`.
pub fn run(command: &ImportCommand) -> anyhow::Result<()> {
    match command {
        ImportCommand::Wordpress(args) => wordpress::run(args),
    }
}
