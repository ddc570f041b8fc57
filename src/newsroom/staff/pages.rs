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
use crate::newsroom::auth::{Staff, StaffPage, refusal_in};
use crate::newsroom::i18n::{fill, number, tr};
use crate::newsroom::pages::Frame;
use crate::newsroom::policy::{Action, Ownership, Role};
use crate::state::AppState;
use crate::web::PathParams;

/// The refusals of the staff actions, which the page gives in the person's language.
const REFUSALS: &[&str] = &[
    "You cannot change your own role or disable yourself; ask another admin.",
    "There is no account with this id.",
    "Give a valid email address to invite.",
    "Invite as reporter, editor, moderator or admin.",
    "Write the invitation in en (English) or bn (Bangla).",
    "There is no invitation waiting with this number: it may have been accepted or revoked. The staff page lists \
     those still waiting.",
];

struct AccountLine {
    a: Account,
    /// "disabled 3 May 2026 10:00", empty while the account works.
    disabled: String,
    /// "admin (you)", on the admin's own line.
    you: String,
    /// The accessible name of the role's select: "Role of Rumana Ahmed".
    role_label: String,
}

/// An invitation waiting, as the page shows it.
struct InviteLine {
    id: i64,
    email: String,
    role: &'static str,
    by: String,
    /// "expires 12 May 2026 10:00" (or "expired …").
    expires: String,
}

/// A colleague just added: the link to hand them, shown this once.
struct Added {
    /// "Hand this link to …".
    heading: String,
    /// What the link does and until when.
    explain: String,
    link: String,
}

#[derive(Template)]
#[template(path = "newsroom/staff.html")]
struct StaffTemplate {
    frame: Frame,
    csrf: String,
    me: i64,
    roles: [&'static str; 5],
    /// The languages an invitation may be written in, the site's main edition chosen.
    langs: [Lang; 2],
    main_edition: Lang,
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
    let (lang, offset) = (staff.lang, state.config.utc_offset_minutes);
    let now = state.clock.now();
    let accounts = accounts(&state.db)
        .await?
        .into_iter()
        .map(|a| AccountLine {
            disabled: a
                .disabled_at
                .map(|t| fill(tr(lang, "disabled {date}"), &[("date", &format_datetime(lang, t, offset))]))
                .unwrap_or_default(),
            you: fill(tr(lang, "{role} (you)"), &[("role", tr(lang, a.role.as_str()))]),
            role_label: fill(tr(lang, "Role of {name}"), &[("name", &a.display_name)]),
            a,
        })
        .collect();
    let invites = colleagues::pending(state)
        .await?
        .into_iter()
        .map(|i| {
            let when = if i.expires_at <= now { "expired {date}" } else { "expires {date}" };
            InviteLine {
                id: i.id,
                email: i.email,
                role: i.role.as_str(),
                by: i.invited_by.unwrap_or_default(),
                expires: fill(tr(lang, when), &[("date", &format_datetime(lang, i.expires_at, offset))]),
            }
        })
        .collect();
    let page = StaffTemplate {
        frame: Frame::new(state, staff, tr(lang, "Staff")),
        csrf: csrf.value().to_owned(),
        me: staff.id,
        roles: ["reader", "reporter", "editor", "moderator", "admin"],
        langs: Lang::ALL,
        main_edition: state.default_edition(),
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
    let account = change(&state, &staff, id, &change_to).await.map_err(|e| refusal_in(staff.lang, e, REFUSALS))?;
    let text =
        if account.disabled_at.is_some() { "{email} is now {role} (disabled)." } else { "{email} is now {role}." };
    let role = tr(staff.lang, account.role.as_str());
    Ok(back(&fill(tr(staff.lang, text), &[("email", &account.email), ("role", role)])))
}

/// The invitation form.
#[derive(Debug, Deserialize)]
pub struct InviteForm {
    email: String,
    role: String,
    /// The invitee's language: `en` or `bn`.
    lang: Option<String>,
}

/// `POST /newsroom/invites`.
pub async fn invite_page(
    State(state): State<AppState>,
    StaffPage(staff): StaffPage,
    Form(f): Form<InviteForm>,
) -> Result<Response> {
    let input = InviteInput { email: f.email, role: f.role, lang: f.lang };
    let sent = invite(&state, &staff, &input).await.map_err(|e| refusal_in(staff.lang, e, REFUSALS))?;
    let role = Role::parse(&sent.role).map_or("", |r| tr(staff.lang, r.as_str()));
    Ok(back(&fill(tr(staff.lang, "Invitation sent to {email} as {role}."), &[("email", &sent.email), ("role", role)])))
}

/// `POST /newsroom/invites/{id}/resend`: a new link, mailed again.
pub async fn resend(
    State(state): State<AppState>,
    StaffPage(staff): StaffPage,
    PathParams(id): PathParams<i64>,
) -> Result<Response> {
    let sent = colleagues::resend(&state, &staff, id).await.map_err(|e| refusal_in(staff.lang, e, REFUSALS))?;
    let text = tr(staff.lang, "Invitation sent again to {email}: the new link works for {n} days.");
    Ok(back(&fill(text, &[("email", &sent.email), ("n", &number(staff.lang, 7))])))
}

/// `POST /newsroom/invites/{id}/revoke`.
pub async fn revoke(
    State(state): State<AppState>,
    StaffPage(staff): StaffPage,
    PathParams(id): PathParams<i64>,
) -> Result<Response> {
    let email = colleagues::revoke(&state, &staff, id).await.map_err(|e| refusal_in(staff.lang, e, REFUSALS))?;
    let text = tr(staff.lang, "The invitation to {email} is revoked: its link no longer works.");
    Ok(back(&fill(text, &[("email", &email)])))
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
    match colleagues::add(&state, &staff, &input, staff.lang).await {
        Ok(added) => {
            let lang = staff.lang;
            let expires = format_datetime(lang, added.expires, state.config.utc_offset_minutes);
            let (email, role) = (&added.account.email, tr(lang, added.account.role.as_str()));
            let notice = fill(tr(lang, "{email} is now {role}."), &[("email", email), ("role", role)]);
            let explain = "It lets them choose their password and log in. It works once, until {date}, and is not \
                           shown again: copy it now.";
            let added = Added {
                heading: fill(tr(lang, "Hand this link to {email}"), &[("email", email)]),
                explain: fill(tr(lang, explain), &[("date", &expires)]),
                link: added.set_password_url,
            };
            render(&state, &staff, &csrf, StatusCode::CREATED, Some(notice), None, Some(added)).await
        }
        Err(AppError::Unprocessable(why) | AppError::Conflict(why)) => {
            render(&state, &staff, &csrf, StatusCode::UNPROCESSABLE_ENTITY, None, Some(why), None).await
        }
        Err(other) => Err(other),
    }
}
