//! Staff accounts, for admins: the list of accounts, role changes, disabling (which ends the
//! account's sessions and tokens at once), and invitations by a mailed, single-use link.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::{Form, Json};
use serde::{Deserialize, Serialize};
use sqlx::{FromRow, Row};
use utoipa::ToSchema;

use super::auth::{Staff, StaffPage};
use super::pages::Frame;
use super::policy::{Action, Ownership, Role};
use crate::accounts::model::{DisplayName, Email, check_password_rules, hash_password, random_hex, sha256_hex};
use crate::accounts::session;
use crate::clock::Timestamp;
use crate::csrf::CsrfToken;
use crate::db::Db;
use crate::editions::{Lang, format_datetime};
use crate::error::{ApiResult, AppError, ErrorBody, Result};
use crate::mail::Mail;
use crate::state::AppState;
use crate::web::PathParams;

/// An invitation link works this long.
pub const INVITE_TTL_SECS: i64 = 7 * 86_400;

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

async fn accounts(db: &Db) -> sqlx::Result<Vec<Account>> {
    sqlx::query_as(
        "SELECT id, email, display_name, role, disabled_at FROM users \
         ORDER BY CASE WHEN role = 'reader' THEN 1 ELSE 0 END, display_name LIMIT 500",
    )
    .fetch_all(&db.pool)
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

/// An invitation to send.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InviteInput {
    pub email: String,
    /// reporter, editor, moderator or admin.
    pub role: String,
}

/// An invitation sent.
#[derive(Debug, Serialize, ToSchema)]
pub struct InviteResult {
    pub email: String,
    pub role: String,
    pub expires_at: String,
}

/// Stores an invitation and mails its link.
pub async fn invite(
    state: &AppState,
    staff: &Staff,
    input: &InviteInput,
) -> std::result::Result<InviteResult, AppError> {
    staff.authorize(Action::ManageStaff, Ownership::NotApplicable)?;
    let email = Email::parse(&input.email)
        .ok_or_else(|| AppError::Unprocessable("Give a valid email address to invite.".into()))?;
    let role = Role::parse(&input.role)
        .filter(|r| *r != Role::Reader)
        .ok_or_else(|| AppError::Unprocessable("Invite as reporter, editor, moderator or admin.".into()))?;
    let token = random_hex(32);
    let now = state.clock.now();
    sqlx::query(
        "INSERT INTO staff_invites (token_hash, email, role, invited_by, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(sha256_hex(&token))
    .bind(email.as_str())
    .bind(role)
    .bind(staff.id)
    .bind(now)
    .bind(now + INVITE_TTL_SECS)
    .execute(&state.db.pool)
    .await?;
    let site = state.site.get();
    let link = format!("{}/invite?token={token}", state.config.base_url);
    let mail = Mail {
        to: email.as_str().to_owned(),
        subject: format!("You are invited to the {} newsroom", site.name(Lang::En)),
        body: format!(
            "{} invites you to join the {} newsroom as {}.\r\nOpen this link within 7 days to choose your password. It works once:\r\n\r\n{link}\r\n",
            staff.name,
            site.name(Lang::En),
            role.as_str()
        ),
    };
    state.mailer.send(&mail, now).await.map_err(AppError::from)?;
    Ok(InviteResult {
        email: email.as_str().to_owned(),
        role: role.as_str().to_owned(),
        expires_at: crate::editions::rfc3339(now + INVITE_TTL_SECS, state.config.utc_offset_minutes),
    })
}

/// Every account, staff first.
#[utoipa::path(get, path = "/api/v1/newsroom/staff", tag = "newsroom", responses((status = 200, body = [Account]), (status = 403, body = ErrorBody)))]
pub async fn list(State(state): State<AppState>, staff: Staff) -> ApiResult<Json<Vec<Account>>> {
    staff.authorize(Action::ManageStaff, Ownership::NotApplicable)?;
    Ok(Json(accounts(&state.db).await?))
}

/// Changes an account's role or disables it.
#[utoipa::path(patch, path = "/api/v1/newsroom/staff/{id}", tag = "newsroom", params(("id" = i64, Path)), request_body = AccountChange,
    responses((status = 200, body = Account), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn patch(
    State(state): State<AppState>,
    staff: Staff,
    PathParams(id): PathParams<i64>,
    Json(c): Json<AccountChange>,
) -> ApiResult<Json<Account>> {
    Ok(Json(change(&state, &staff, id, &c).await?))
}

/// Invites someone to the newsroom by email.
#[utoipa::path(post, path = "/api/v1/newsroom/invites", tag = "newsroom", request_body = InviteInput,
    responses((status = 201, body = InviteResult), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn post_invite(
    State(state): State<AppState>,
    staff: Staff,
    Json(input): Json<InviteInput>,
) -> ApiResult<Response> {
    Ok((StatusCode::CREATED, Json(invite(&state, &staff, &input).await?)).into_response())
}

struct AccountLine {
    a: Account,
    disabled: String,
}

#[derive(Template)]
#[template(path = "newsroom/staff.html")]
struct StaffTemplate {
    frame: Frame,
    csrf: String,
    me: i64,
    roles: [&'static str; 5],
    accounts: Vec<AccountLine>,
    notice: Option<String>,
}

/// `?notice=` after an action.
#[derive(Debug, Deserialize)]
pub struct NoticeQuery {
    notice: Option<String>,
}

/// `GET /newsroom/staff`.
pub async fn page(
    State(state): State<AppState>,
    StaffPage(staff): StaffPage,
    csrf: CsrfToken,
    Query(q): Query<NoticeQuery>,
) -> Result<Response> {
    staff.authorize(Action::ManageStaff, Ownership::NotApplicable)?;
    let offset = state.config.utc_offset_minutes;
    let accounts = accounts(&state.db)
        .await?
        .into_iter()
        .map(|a| AccountLine {
            disabled: a.disabled_at.map(|t| format_datetime(Lang::En, t, offset)).unwrap_or_default(),
            a,
        })
        .collect();
    let page = StaffTemplate {
        frame: Frame::new(&state, &staff, "Staff"),
        csrf: csrf.value().to_owned(),
        me: staff.id,
        roles: ["reader", "reporter", "editor", "moderator", "admin"],
        accounts,
        notice: q.notice,
    };
    Ok(Html(page.render()?).into_response())
}

fn back(notice: &str) -> Response {
    let location = format!("/newsroom/staff?notice={}", crate::web::encode_query(notice));
    (StatusCode::SEE_OTHER, [(header::LOCATION, location)]).into_response()
}

/// The role / disable form.
#[derive(Debug, Deserialize)]
pub struct AccountForm {
    role: Option<String>,
    disabled: Option<String>,
}

/// `POST /newsroom/staff/{id}`.
pub async fn update(
    State(state): State<AppState>,
    StaffPage(staff): StaffPage,
    PathParams(id): PathParams<i64>,
    Form(f): Form<AccountForm>,
) -> Result<Response> {
    let change_to = AccountChange { role: f.role, disabled: f.disabled.map(|d| d == "1") };
    let account = change(&state, &staff, id, &change_to).await?;
    Ok(back(&format!(
        "{} is now {}{}.",
        account.email,
        account.role.as_str(),
        if account.disabled_at.is_some() { " (disabled)" } else { "" }
    )))
}

/// The invitation form.
#[derive(Debug, Deserialize)]
pub struct InviteForm {
    email: String,
    role: String,
}

/// `POST /newsroom/invites`.
pub async fn invite_page(
    State(state): State<AppState>,
    StaffPage(staff): StaffPage,
    Form(f): Form<InviteForm>,
) -> Result<Response> {
    let sent = invite(&state, &staff, &InviteInput { email: f.email, role: f.role }).await?;
    Ok(back(&format!("Invitation sent to {} as {}.", sent.email, sent.role)))
}

/// A live invitation: its email and role.
async fn live_invite(db: &Db, token: &str, now: Timestamp) -> sqlx::Result<Option<(String, Role)>> {
    let row = sqlx::query(
        "SELECT email, role FROM staff_invites WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2",
    )
    .bind(sha256_hex(token))
    .bind(now)
    .fetch_optional(&db.pool)
    .await?;
    row.map(|r| Ok((r.try_get("email")?, r.try_get("role")?))).transpose()
}

#[derive(Template)]
#[template(path = "accounts/invite.html")]
struct AcceptTemplate {
    chrome: crate::web::Chrome,
    meta: crate::web::PageMeta,
    csrf: String,
    token: String,
    email: String,
    role: String,
    name: String,
    error: Option<String>,
}

fn accept_page(
    state: &AppState,
    csrf: &CsrfToken,
    token: &str,
    email: &str,
    role: &str,
    name: &str,
    error: Option<String>,
) -> Result<String> {
    let chrome = crate::web::Chrome::new(state, state.default_edition(), None);
    let meta = crate::web::PageMeta {
        title: format!("Join the newsroom | {}", chrome.site_name),
        description: "Accept an invitation to the newsroom.".into(),
        canonical: format!("{}/invite", state.config.base_url),
    };
    Ok(AcceptTemplate {
        chrome,
        meta,
        csrf: csrf.value().to_owned(),
        token: token.into(),
        email: email.into(),
        role: role.into(),
        name: name.into(),
        error,
    }
    .render()?)
}

const INVITE_INVALID: &str = "This invitation has expired or has already been used. Ask an admin for a new one.";

/// `?token=` of the invitation link.
#[derive(Debug, Deserialize)]
pub struct TokenQuery {
    token: Option<String>,
}

/// `GET /invite?token=…`: the form to accept an invitation.
pub async fn accept_form(
    State(state): State<AppState>,
    csrf: CsrfToken,
    Query(q): Query<TokenQuery>,
) -> Result<Response> {
    let token = q.token.unwrap_or_default();
    let (email, role) = live_invite(&state.db, &token, state.clock.now())
        .await?
        .ok_or_else(|| AppError::bad_request(INVITE_INVALID))?;
    Ok(Html(accept_page(&state, &csrf, &token, &email, role.as_str(), "", None)?).into_response())
}

/// The acceptance form.
#[derive(Debug, Deserialize)]
pub struct AcceptForm {
    token: String,
    display_name: String,
    password: String,
}

/// `POST /invite`: creates the staff account (or gives an existing account the role), uses up
/// the invitation and logs in.
pub async fn accept(State(state): State<AppState>, csrf: CsrfToken, Form(f): Form<AcceptForm>) -> Result<Response> {
    let now = state.clock.now();
    let (email, role) =
        live_invite(&state.db, &f.token, now).await?.ok_or_else(|| AppError::bad_request(INVITE_INVALID))?;
    let refuse = |why: String| -> Result<Response> {
        Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            Html(accept_page(&state, &csrf, &f.token, &email, role.as_str(), &f.display_name, Some(why))?),
        )
            .into_response())
    };
    let name = match DisplayName::parse(&f.display_name) {
        Ok(n) => n,
        Err(why) => return refuse(why.into()),
    };
    if let Err(why) = check_password_rules(&f.password) {
        return refuse(why.to_string());
    }
    let password = f.password.clone();
    let cost = state.config.password_cost;
    let hash = tokio::task::spawn_blocking(move || hash_password(&password, cost))
        .await
        .map_err(|e| AppError::Internal(e.into()))?
        .map_err(AppError::from)?;
    let used = sqlx::query(
        "UPDATE staff_invites SET used_at = $2 WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2",
    )
    .bind(sha256_hex(&f.token))
    .bind(now)
    .execute(&state.db.pool)
    .await?;
    if used.rows_affected() != 1 {
        return Err(AppError::bad_request(INVITE_INVALID));
    }
    let mail =
        Email::parse(&email).ok_or_else(|| AppError::Internal(anyhow::anyhow!("invite email {email:?} is invalid")))?;
    let user_id = match crate::accounts::db::insert_user(&state.db, &mail, name.as_str(), &hash, role, now).await? {
        Some(id) => id,
        None => {
            // The invited person already reads the site: their account gets the role and the new
            // password, unless an admin disabled it, which an old invitation must not undo.
            let query = sqlx::query(
                "UPDATE users SET role = $2, password_hash = $3 WHERE email = $1 AND disabled_at IS NULL RETURNING id",
            )
            .bind(mail.as_str())
            .bind(role)
            .bind(&hash);
            let row = crate::db::write_returning(query, &state.db.pool)
                .await?
                .ok_or_else(|| AppError::Forbidden("This account has been disabled; ask an admin.".into()))?;
            let id: i64 = row.try_get("id")?;
            sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(id).execute(&state.db.pool).await?;
            crate::accounts::session::ended(&state).await;
            sqlx::query("UPDATE api_tokens SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL")
                .bind(id)
                .bind(now)
                .execute(&state.db.pool)
                .await?;
            id
        }
    };
    let jar = session::start(&state, user_id).await?;
    Ok((jar, (StatusCode::SEE_OTHER, [(header::LOCATION, "/newsroom")])).into_response())
}
