//! `newsdesk user add | set-role | disable`: account management for the operator, on the same
//! database as a running server.

use std::io::Read;
use std::sync::Arc;

use anyhow::{Context, bail};

use super::db;
use super::model::{DisplayName, Email, PasswordCost, check_password_rules, hash_password, random_password};
use crate::clock::Clock;
use crate::config::UserCommand;
use crate::db::Db;
use crate::newsroom::policy::Role;

fn email(text: &str) -> anyhow::Result<Email> {
    Email::parse(text).with_context(|| format!("{text:?} is not an email address"))
}

fn role(text: &str) -> anyhow::Result<Role> {
    Role::parse(text)
        .with_context(|| format!("unknown role {text:?}: use reader, reporter, editor, moderator or admin"))
}

async fn open(db: &crate::config::DbArgs) -> anyhow::Result<Db> {
    let db = Db::connect(&db.database()?).await?;
    db.migrate().await?;
    Ok(db)
}

/// Runs one `user` command and prints what it did.
pub async fn run(command: UserCommand, clock: Arc<dyn Clock>) -> anyhow::Result<()> {
    match command {
        UserCommand::Add { db, email: address, name, role: wanted, password_stdin } => {
            let (email, role) = (email(&address)?, role(&wanted)?);
            let name = DisplayName::parse(&name).map_err(anyhow::Error::msg)?;
            let (password, generated) = if password_stdin {
                let mut text = String::new();
                std::io::stdin().read_to_string(&mut text).context("reading the password from standard input")?;
                (text.trim_end_matches(['\r', '\n']).to_owned(), false)
            } else {
                (random_password(), true)
            };
            check_password_rules(&password)?;
            let db = open(&db).await?;
            let hash = hash_password(&password, PasswordCost::Standard)?;
            if db::insert_user(&db, &email, name.as_str(), &hash, role, clock.now()).await?.is_none() {
                bail!("{} already has an account; use `newsdesk user set-role` to change its role", email.as_str());
            }
            println!("created {} ({})", email.as_str(), role.as_str());
            if generated {
                println!("password: {password}");
            }
        }
        UserCommand::SetRole { db, email: address, role: wanted } => {
            let (email, role) = (email(&address)?, role(&wanted)?);
            if !db::set_role(&open(&db).await?, &email, role).await? {
                bail!("there is no account {}", email.as_str());
            }
            println!("{} is now {}", email.as_str(), role.as_str());
        }
        UserCommand::Disable { db, email: address } => {
            let email = email(&address)?;
            if !db::disable(&open(&db).await?, &email, clock.now()).await? {
                bail!("there is no account {}", email.as_str());
            }
            println!("{} is disabled; its sessions and API tokens have ended", email.as_str());
        }
    }
    Ok(())
}
