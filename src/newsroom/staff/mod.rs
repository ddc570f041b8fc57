//! Staff accounts, for admins: the list of staff, role changes and disabling (which ends the
//! account's sessions and tokens at once). The JSON handlers are in [`api`], the page in
//! [`pages`], invitations by a mailed, single-use link in [`invites`], pending invitations and
//! colleagues added without mail in [`colleagues`]. Readers have their own page
//! (`newsroom::readers`).

pub mod api;
pub mod colleagues;
pub mod invites;
pub mod pages;

use serde::{Deserialize, Serialize};
use sqlx::{FromRow, Row};
use utoipa::ToSchema;

use super::auth::Staff;
use super::policy::{Action, Ownership, Role};
use crate::accounts::model::Email;
use crate::db::Db;
use crate::error::AppError;
use crate::state::AppState;

/// An account as the staff list shows it.
#[derive(Debug, Clone, Serialize, ToSchema, FromRow)]
pub struct Account {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    #[schema(value_type = String)]
    pub role: Role,
    /// When the account was disabled, if it was (seconds since the epoch).
    pub disabled_at: Option<i64>,
}

/// The staff: every account that is not a reader's, by name.
async fn accounts(db: &Db) -> sqlx::Result<Vec<Account>> {
    sqlx::query_as(
        "SELECT id, email, display_name, role, disabled_at FROM users WHERE role <> 'reader' \
         ORDER BY display_name, id LIMIT 500",
    )
    .fetch_all(&db.pool)
    .await
}

/// One account as the staff list shows it.
async fn account(db: &Db, id: i64) -> sqlx::Result<Account> {
    sqlx::query_as("SELECT id, email, display_name, role, disabled_at FROM users WHERE id = $1")
        .bind(id)
        .fetch_one(&db.pool)
        .await
}

/// A change to one account.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AccountChange {
    pub role: Option<String>,
    /// `true` disables the account (sessions and tokens end at once).
    pub disabled: Option<bool>,
}

/// Applies a change to an account; admins cannot change or disable themselves.
pub async fn change(
    state: &AppState,
    staff: &Staff,
    id: i64,
    c: &AccountChange,
) -> std::result::Result<Account, AppError> {
    staff.authorize(Action::ManageStaff, Ownership::NotApplicable)?;
    if id == staff.id {
        return Err(AppError::Unprocessable(
            "You cannot change your own role or disable yourself; ask another admin.".into(),
        ));
    }
    let row = sqlx::query("SELECT email FROM users WHERE id = $1").bind(id).fetch_optional(&state.db.pool).await?;
    let email: String =
        row.ok_or_else(|| AppError::not_found("There is no account with this id."))?.try_get("email")?;
    let email =
        Email::parse(&email).ok_or_else(|| AppError::Internal(anyhow::anyhow!("stored email {email:?} is invalid")))?;
    if let Some(role) = &c.role {
        let role = Role::parse(role).ok_or_else(|| AppError::Unprocessable(format!("Unknown role {role:?}.")))?;
        crate::accounts::db::set_role(&state.db, &email, role).await?;
    }
    match c.disabled {
        Some(true) => {
            crate::accounts::db::disable(&state.db, &email, state.clock.now()).await?;
            crate::accounts::session::ended(state).await;
        }
        Some(false) => {
            sqlx::query("UPDATE users SET disabled_at = NULL WHERE id = $1").bind(id).execute(&state.db.pool).await?;
        }
        None => {}
    }
    sqlx::query_as("SELECT id, email, display_name, role, disabled_at FROM users WHERE id = $1")
        .bind(id)
        .fetch_one(&state.db.pool)
        .await
        .map_err(AppError::from)
}
