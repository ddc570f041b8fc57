//! Accounts: readers and staff share one table and one login. This part creates the first
//! admin on an empty database; login, sessions and roles in use come with reader accounts.

pub mod db;
pub mod model;

use anyhow::Context;

use crate::clock::Timestamp;
use crate::config::Config;
use crate::db::Db;

/// What the operator needs to hear about the admin account at start.
#[derive(Debug)]
pub enum AdminNotice {
    /// An admin was created now with this password (shown once if it was generated).
    Created {
        email: String,
        password: Option<String>,
    },
    /// An admin already existed.
    Exists { email: String },
}

/// Creates the first admin when the database has none. The password comes from the
/// configuration, or is generated and returned so that it can be printed once.
pub async fn ensure_first_admin(
    db: &Db,
    config: &Config,
    now: Timestamp,
) -> anyhow::Result<AdminNotice> {
    if let Some(email) = db::first_admin_email(db).await? {
        return Ok(AdminNotice::Exists { email });
    }
    let email = model::Email::parse(&config.admin_email).with_context(|| {
        format!(
            "NEWSDESK_ADMIN_EMAIL {:?} is not an email address",
            config.admin_email
        )
    })?;
    let (password, generated) = match &config.admin_password {
        Some(secret) => (secret.0.clone(), false),
        None => (model::random_password(), true),
    };
    model::check_password_rules(&password).context("NEWSDESK_ADMIN_PASSWORD is not acceptable")?;
    let hash = model::hash_password(&password)?;
    db::insert_user(db, &email, "Admin", &hash, "admin", now).await?;
    Ok(AdminNotice::Created {
        email: email.as_str().to_owned(),
        password: generated.then_some(password),
    })
}
