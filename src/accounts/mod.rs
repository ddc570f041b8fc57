//! Accounts: readers and staff share one table and one login. Registration, login with
//! throttling, database sessions, the account page, password reset by mailed link, and the
//! first admin on an empty database.

pub mod account;
pub mod cli;
pub mod db;
pub mod model;
pub mod pages;
pub mod password;
pub mod remembered;
pub mod session;
pub mod strings;
pub mod throttle;

use axum::routing::{get, post};

use crate::routes::Routes;
use crate::state::AppState;

/// Routes of this feature.
pub fn router() -> Routes<AppState> {
    Routes::new()
        .route("/login", get(pages::login_form).post(pages::login))
        .route("/logout", post(pages::logout))
        .route("/register", get(pages::register_form).post(pages::register))
        .route("/account", get(account::account))
        .route("/account/name", post(account::change_name))
        .route("/account/password", post(account::change_password))
        .route("/account/newsroom-language", post(account::set_newsroom_language))
        .route("/account/tokens", post(account::create_token))
        .route("/account/tokens/{id}/revoke", post(account::revoke_token))
        .route("/password/forgot", get(password::forgot_form).post(password::forgot))
        .route("/password/reset", get(password::reset_form).post(password::reset))
}

use anyhow::Context;

use crate::clock::Timestamp;
use crate::config::Config;
use crate::db::Db;
use crate::newsroom::policy::Role;

/// Deletes expired sessions and reset links, and throttle events older than a day.
pub async fn prune_expired(state: &AppState) -> sqlx::Result<()> {
    let now = state.clock.now();
    db::prune(&state.db, now - 86_400, now, now - session::IDLE_SECS).await
}

/// What the operator needs to hear about the admin account at start.
#[derive(Debug)]
pub enum AdminNotice {
    /// An admin was created now with this password (shown once if it was generated).
    Created { email: String, password: Option<String> },
    /// An admin already existed.
    Exists { email: String },
}

/// Creates the first admin when the database has none. The password comes from the
/// configuration, or is generated and returned so that it can be printed once.
pub async fn ensure_first_admin(db: &Db, config: &Config, now: Timestamp) -> anyhow::Result<AdminNotice> {
    if let Some(email) = db::first_admin_email(db).await? {
        return Ok(AdminNotice::Exists { email });
    }
    let email = model::Email::parse(&config.admin_email)
        .with_context(|| format!("NEWSDESK_ADMIN_EMAIL {:?} is not an email address", config.admin_email))?;
    let (password, generated) = match &config.admin_password {
        Some(secret) => (secret.0.clone(), false),
        None => (model::random_password(), true),
    };
    model::check_password_rules(&password).context("NEWSDESK_ADMIN_PASSWORD is not acceptable")?;
    let hash = model::hash_password(&password, config.password_cost)?;
    db::insert_user(db, &email, "Admin", &hash, Role::Admin, now)
        .await?
        .with_context(|| format!("{} already has an account that is not an admin", email.as_str()))?;
    Ok(AdminNotice::Created { email: email.as_str().to_owned(), password: generated.then_some(password) })
}
