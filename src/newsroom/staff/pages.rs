//! The staff page: the accounts with their role and disable forms, and the invitation form.

use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;

use super::invites::{InviteInput, invite};
use super::{Account, AccountChange, accounts, change};
use crate::csrf::CsrfToken;
use crate::editions::{Lang, format_datetime};
use crate::error::Result;
use crate::newsroom::auth::StaffPage;
use crate::newsroom::pages::Frame;
use crate::newsroom::policy::{Action, Ownership};
use crate::state::AppState;
use crate::web::PathParams;

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
