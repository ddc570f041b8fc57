//! The `newsdesk` binary: parse the command line, then hand over to the library.

use clap::Parser;
use newsdesk::config::{Cli, Command};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    newsdesk::telemetry::init();
    match cli.into_command() {
        Command::Serve(args) => {
            let config = args.into_config()?;
            let app = newsdesk::App::build(config, newsdesk::clock::system()).await?;
            app.serve_until_signal().await
        }
        Command::User(command) => newsdesk::accounts::cli::run(command, newsdesk::clock::system()).await,
        Command::Backup(args) => newsdesk::backup::backup(args).await,
        Command::Restore(args) => newsdesk::backup::restore(args).await,
        Command::Import(command) => newsdesk::import::run(&command, newsdesk::clock::system()).await,
    }
}
