//! Colleagues on their way in: invitations still waiting for an answer, which an admin can send
//! again (a new link and a new week) or revoke, and a colleague added directly by an admin with
//! a one-time link to choose a password, for sites that cannot send mail.

use serde::{Deserialize, Serialize};
use sqlx::{FromRow, Row};
use utoipa::ToSchema;

use super::invites::{INVITE_TTL_SECS, InviteResult, invitation_mail};
use super::{Account, account};
use crate::accounts::model::{DisplayName, Email, random_hex, sha256_hex};
use crate::editions::{Lang, rfc3339};
use crate::error::AppError;
use crate::newsroom::auth::Staff;
use crate::newsroom::i18n::{fill, tr};
use crate::newsroom::policy::{Action, Ownership, Role};
use crate::state::AppState;

/// Expired invitations stay on the list (to be sent again) this long after they lapse.
const EXPIRED_SHOWN_SECS: i64 = 30 * 86_400;

/// What an account added without a password stores instead of a hash: no password matches it
/// (it is not a hash at all), so the account opens only through its set-password link.
const NO_PASSWORD: &str = "!unset";

/// An invitation not yet accepted, as stored.
#[derive(Debug, Clone, FromRow)]
pub struct PendingRow {
    pub id: i64,
    pub email: String,
    pub role: Role,
    pub invited_by: Option<String>,
    pub created_at: i64,
    pub expires_at: i64,
}

/// Invitations neither accepted nor revoked, newest first, with those that lapsed lately.
pub async fn pending(state: &AppState) -> sqlx::Result<Vec<PendingRow>> {
    sqlx::query_as(
        "SELECT i.id, i.email, i.role, u.display_name AS invited_by, i.created_at, i.expires_at \
         FROM staff_invites i LEFT JOIN users u ON u.id = i.invited_by \
         WHERE i.used_at IS NULL AND i.revoked_at IS NULL AND i.expires_at > $1 \
         ORDER BY i.created_at DESC, i.id DESC LIMIT 200",
    )
    .bind(state.clock.now() - EXPIRED_SHOWN_SECS)
    .fetch_all(&state.db.pool)
    .await
}

/// An invitation waiting for an answer.
#[derive(Debug, Serialize, ToSchema)]
pub struct PendingInvite {
    pub id: i64,
    pub email: String,
    pub role: String,
    pub invited_by: Option<String>,
    pub sent_at: String,
    pub expires_at: String,
    /// The link no longer works; sending it again makes a new one.
    pub expired: bool,
}

impl PendingInvite {
    /// The JSON of a stored invitation.
    pub fn of(row: PendingRow, state: &AppState) -> Self {
        let offset = state.config.utc_offset_minutes;
        Self {
            id: row.id,
            email: row.email,
            role: row.role.as_str().to_owned(),
            invited_by: row.invited_by,
            sent_at: rfc3339(row.created_at, offset),
            expires_at: rfc3339(row.expires_at, offset),
            expired: row.expires_at <= state.clock.now(),
        }
    }
}

fn no_invitation() -> AppError {
    AppError::not_found(
        "There is no invitation waiting with this number: it may have been accepted or revoked. \
         The staff page lists those still waiting.",
    )
}

/// Sends an invitation again with a new link that works for a week; the old link stops working.
pub async fn resend(state: &AppState, staff: &Staff, id: i64) -> Result<InviteResult, AppError> {
    staff.authorize(Action::ManageStaff, Ownership::NotApplicable)?;
    let token = random_hex(32);
    let now = state.clock.now();
    let query = sqlx::query(
        "UPDATE staff_invites SET token_hash = $2, created_at = $3, expires_at = $4 \
         WHERE id = $1 AND used_at IS NULL AND revoked_at IS NULL RETURNING email, role, lang",
    )
    .bind(id)
    .bind(sha256_hex(&token))
    .bind(now)
    .bind(now + INVITE_TTL_SECS);
    let row = crate::db::write_returning(query, &state.db.pool).await?.ok_or_else(no_invitation)?;
    let (email, role): (String, Role) = (row.try_get("email")?, row.try_get("role")?);
    let lang = row.try_get::<Option<Lang>, _>("lang")?.unwrap_or_else(|| state.default_edition());
    let mail = invitation_mail(state, &staff.name, &email, role, lang, &token);
    state.mailer.send(&mail, now).await.map_err(AppError::from)?;
    Ok(InviteResult {
        email,
        role: role.as_str().to_owned(),
        expires_at: rfc3339(now + INVITE_TTL_SECS, state.config.utc_offset_minutes),
    })
}

/// Revokes an invitation: its link stops working at once (it expires now) and it leaves the list.
pub async fn revoke(state: &AppState, staff: &Staff, id: i64) -> Result<String, AppError> {
    staff.authorize(Action::ManageStaff, Ownership::NotApplicable)?;
    let now = state.clock.now();
    let query = sqlx::query(
        "UPDATE staff_invites SET revoked_at = $2, expires_at = $2 \
         WHERE id = $1 AND used_at IS NULL AND revoked_at IS NULL RETURNING email",
    )
    .bind(id)
    .bind(now);
    let row = crate::db::write_returning(query, &state.db.pool).await?.ok_or_else(no_invitation)?;
    Ok(row.try_get("email")?)
}

/// A colleague to add directly.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewColleague {
    pub name: String,
    pub email: String,
    /// reporter, editor, moderator or admin.
    pub role: String,
}

/// A colleague added, and the link that lets them choose their password.
#[derive(Debug, Serialize, ToSchema)]
pub struct AddedColleague {
    pub account: Account,
    /// Works once, until `expires_at`; hand it to the colleague (it is not shown again).
    pub set_password_url: String,
    pub expires_at: String,
    /// `expires_at` in seconds since the epoch, for the page.
    #[serde(skip)]
    pub expires: i64,
}

/// Creates a staff account with no usable password and a set-password link that works once
/// within a week (a password reset link, so it ends like one). Refusals are written in `lang`
/// (the page's language; English on the API).
pub async fn add(
    state: &AppState,
    staff: &Staff,
    input: &NewColleague,
    lang: Lang,
) -> Result<AddedColleague, AppError> {
    staff.authorize(Action::ManageStaff, Ownership::NotApplicable)?;
    let refuse = |why: &'static str| AppError::Unprocessable(tr(lang, why).to_owned());
    let email = Email::parse(&input.email)
        .ok_or_else(|| refuse("Give the colleague's email address, such as name@example.com."))?;
    let name =
        DisplayName::parse(&input.name).map_err(|_| refuse("Give the colleague's name, up to 60 characters."))?;
    let role = Role::parse(&input.role)
        .filter(|r| *r != Role::Reader)
        .ok_or_else(|| refuse("Add a colleague as reporter, editor, moderator or admin."))?;
    let now = state.clock.now();
    let id = crate::accounts::db::insert_user(&state.db, &email, name.as_str(), NO_PASSWORD, role, now)
        .await?
        .ok_or_else(|| {
            let why = "{email} already has an account. Send it an invitation instead: accepting gives that account \
                       the role.";
            AppError::Conflict(fill(tr(lang, why), &[("email", email.as_str())]))
        })?;
    let token = random_hex(32);
    let expires_at = now + INVITE_TTL_SECS;
    crate::accounts::db::insert_reset(&state.db, &sha256_hex(&token), id, expires_at).await?;
    Ok(AddedColleague {
        account: account(&state.db, id).await?,
        set_password_url: format!("{}/password/reset?token={token}", state.config.base_url),
        expires_at: rfc3339(expires_at, state.config.utc_offset_minutes),
        expires: expires_at,
    })
}
