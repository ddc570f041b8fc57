//! The staff page: the staff with their role and disable forms, the invitation form, the
//! invitations still waiting (to send again or revoke), and adding a colleague directly.

use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;

use super::colleagues::{self, NewColleague};
use super::invites::{InviteInput, invite};
use super::{Account, AccountChange, accounts, change};
use crate::csrf::CsrfToken;
use crate::editions::{Lang, format_datetime};
use crate::error::{AppError, Result};
use crate::newsroom::auth::{Staff, StaffPage};
use crate::newsroom::pages::Frame;
use crate::newsroom::policy::{Action, Ownership};
use crate::state::AppState;
use crate::web::PathParams;

struct AccountLine {
    a: Account,
    disabled: String,
}

/// An invitation waiting, as the page shows it.
struct InviteLine {
    id: i64,
    email: String,
    role: &'static str,
    by: String,
    expires: String,
    expired: bool,
}

/// A colleague just added: the link to hand them, shown this once.
struct Added {
    email: String,
    link: String,
    expires: String,
}

#[derive(Template)]
#[template(path = "newsroom/staff.html")]
struct StaffTemplate {
    frame: Frame,
    csrf: String,
    me: i64,
    roles: [&'static str; 5],
    accounts: Vec<AccountLine>,
    invites: Vec<InviteLine>,
    notice: Option<String>,
    error: Option<String>,
    added: Option<Added>,
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
    render(&state, &staff, &csrf, StatusCode::OK, q.notice, None, None).await
}

/// The staff page, with a notice, an error or a colleague just added.
async fn render(
    state: &AppState,
    staff: &Staff,
    csrf: &CsrfToken,
    status: StatusCode,
    notice: Option<String>,
    error: Option<String>,
    added: Option<Added>,
) -> Result<Response> {
    let offset = state.config.utc_offset_minutes;
    let now = state.clock.now();
    let accounts = accounts(&state.db)
        .await?
        .into_iter()
        .map(|a| AccountLine {
            disabled: a.disabled_at.map(|t| format_datetime(Lang::En, t, offset)).unwrap_or_default(),
            a,
        })
        .collect();
    let invites = colleagues::pending(state)
        .await?
        .into_iter()
        .map(|i| InviteLine {
            id: i.id,
            email: i.email,
            role: i.role.as_str(),
            by: i.invited_by.unwrap_or_default(),
            expires: format_datetime(Lang::En, i.expires_at, offset),
            expired: i.expires_at <= now,
        })
        .collect();
    let page = StaffTemplate {
        frame: Frame::new(state, staff, "Staff"),
        csrf: csrf.value().to_owned(),
        me: staff.id,
        roles: ["reader", "reporter", "editor", "moderator", "admin"],
        accounts,
        invites,
        notice,
        error,
        added,
    };
    Ok((status, Html(page.render()?)).into_response())
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

/// `POST /newsroom/invites/{id}/resend`: a new link, mailed again.
pub async fn resend(
    State(state): State<AppState>,
    StaffPage(staff): StaffPage,
    PathParams(id): PathParams<i64>,
) -> Result<Response> {
    let sent = colleagues::resend(&state, &staff, id).await?;
    Ok(back(&format!("Invitation sent again to {}: the new link works for 7 days.", sent.email)))
}

/// `POST /newsroom/invites/{id}/revoke`.
pub async fn revoke(
    State(state): State<AppState>,
    StaffPage(staff): StaffPage,
    PathParams(id): PathParams<i64>,
) -> Result<Response> {
    let email = colleagues::revoke(&state, &staff, id).await?;
    Ok(back(&format!("The invitation to {email} is revoked: its link no longer works.")))
}

/// The form to add a colleague directly.
#[derive(Debug, Deserialize)]
pub struct ColleagueForm {
    name: String,
    email: String,
    role: String,
}

/// `POST /newsroom/colleagues`: the account is made and the page shows its set-password link,
/// this once; a refusal shows the page again with the reason.
pub async fn add(
    State(state): State<AppState>,
    StaffPage(staff): StaffPage,
    csrf: CsrfToken,
    Form(f): Form<ColleagueForm>,
) -> Result<Response> {
    let input = NewColleague { name: f.name, email: f.email, role: f.role };
    match colleagues::add(&state, &staff, &input).await {
        Ok(added) => {
            let expires = format_datetime(Lang::En, added.expires, state.config.utc_offset_minutes);
            let notice = format!("{} is now {}.", added.account.email, added.account.role.as_str());
            let added = Added { email: added.account.email, link: added.set_password_url, expires };
            render(&state, &staff, &csrf, StatusCode::CREATED, Some(notice), None, Some(added)).await
        }
        Err(AppError::Unprocessable(why) | AppError::Conflict(why)) => {
            render(&state, &staff, &csrf, StatusCode::UNPROCESSABLE_ENTITY, None, Some(why), None).await
        }
        Err(other) => Err(other),
    }
}
