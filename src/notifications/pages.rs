//! Notifications in the browser: the list with links, marking one or all read, and the switch
//! for notification mail.

use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;

use super::api::{mark, text_of};
use super::db;
use super::model::ui;
use crate::csrf::CsrfToken;
use crate::editions::{Lang, format_datetime};
use crate::error::{AppError, Result};
use crate::newsroom::auth::StaffPage;
use crate::newsroom::i18n::tr;
use crate::newsroom::pages::Frame;
use crate::newsroom::policy::{Action, Ownership};
use crate::state::AppState;
use crate::web::see_other;

/// A line of the list.
struct Line {
    id: i64,
    text: String,
    link: String,
    at: String,
    unread: bool,
}

#[derive(Template)]
#[template(path = "newsroom/notifications.html")]
struct NotificationsTemplate {
    frame: Frame,
    csrf: String,
    lines: Vec<Line>,
    email: bool,
    error: Option<String>,
    t: Words,
}

/// The page's words (see [`super::model::ui`]).
struct Words {
    none: &'static str,
    unread: &'static str,
    mark_read: &'static str,
    mark_all_read: &'static str,
    email_on: &'static str,
    email_off: &'static str,
    turn_off: &'static str,
    turn_on: &'static str,
}

impl Words {
    fn new(lang: Lang) -> Self {
        Self {
            none: tr(lang, ui::NONE),
            unread: tr(lang, ui::UNREAD),
            mark_read: tr(lang, ui::MARK_READ),
            mark_all_read: tr(lang, ui::MARK_ALL_READ),
            email_on: tr(lang, ui::EMAIL_ON),
            email_off: tr(lang, ui::EMAIL_OFF),
            turn_off: tr(lang, ui::TURN_EMAIL_OFF),
            turn_on: tr(lang, ui::TURN_EMAIL_ON),
        }
    }
}

async fn render(
    state: &AppState,
    staff: &crate::newsroom::auth::Staff,
    csrf: &CsrfToken,
    status: axum::http::StatusCode,
    error: Option<String>,
) -> Result<Response> {
    let offset = state.config.utc_offset_minutes;
    let lines = db::list(&state.db, staff.id, 100)
        .await?
        .iter()
        .map(|r| Line {
            id: r.id,
            text: text_of(r, staff.lang, offset),
            link: r.link.clone(),
            at: format_datetime(staff.lang, r.created_at, offset),
            unread: r.read_at.is_none(),
        })
        .collect();
    let page = NotificationsTemplate {
        frame: Frame::new(state, staff, tr(staff.lang, ui::TITLE)),
        csrf: csrf.value().to_owned(),
        lines,
        email: db::email_on(&state.db, staff.id).await?,
        error,
        t: Words::new(staff.lang),
    };
    Ok((status, Html(page.render()?)).into_response())
}

/// `GET /newsroom/notifications`.
pub async fn page(State(state): State<AppState>, StaffPage(staff): StaffPage, csrf: CsrfToken) -> Result<Response> {
    staff.authorize(Action::ReadNotifications, Ownership::NotApplicable)?;
    render(&state, &staff, &csrf, axum::http::StatusCode::OK, None).await
}

/// The mark-read form: one `id`, or `all`.
#[derive(Debug, Deserialize)]
pub struct ReadForm {
    id: Option<String>,
    all: Option<String>,
}

/// `POST /newsroom/notifications/read`: marks one or all read, then shows the list again.
pub async fn read(
    State(state): State<AppState>,
    StaffPage(staff): StaffPage,
    csrf: CsrfToken,
    Form(form): Form<ReadForm>,
) -> Result<Response> {
    staff.authorize(Action::ReadNotifications, Ownership::NotApplicable)?;
    let ids = match form.id.as_deref().map(str::trim).filter(|i| !i.is_empty()) {
        Some(id) => Some(vec![id.parse::<i64>().map_err(|_| AppError::not_found(ui::UNKNOWN))?]),
        None => None,
    };
    match mark(&state, &staff, ids, form.all.is_some()).await {
        Ok(()) => Ok(see_other("/newsroom/notifications")),
        Err(AppError::Unprocessable(message)) => {
            // The page sends one id or all, so the only refusal it can meet is "nothing chosen".
            let message =
                if message == ui::NOTHING_CHOSEN { tr(staff.lang, ui::NOTHING_CHOSEN).to_owned() } else { message };
            render(&state, &staff, &csrf, axum::http::StatusCode::UNPROCESSABLE_ENTITY, Some(message)).await
        }
        Err(other) => Err(other),
    }
}

/// The mail switch: `email` is `on` or `off`.
#[derive(Debug, Deserialize)]
pub struct EmailForm {
    email: String,
}

/// `POST /newsroom/notifications/email`: turns notification mail on or off.
pub async fn email(
    State(state): State<AppState>,
    StaffPage(staff): StaffPage,
    csrf: CsrfToken,
    Form(form): Form<EmailForm>,
) -> Result<Response> {
    staff.authorize(Action::ReadNotifications, Ownership::NotApplicable)?;
    let on = match form.email.as_str() {
        "on" => true,
        "off" => false,
        _ => {
            let message = Some(tr(staff.lang, ui::EMAIL_CHOICE).to_owned());
            return render(&state, &staff, &csrf, axum::http::StatusCode::UNPROCESSABLE_ENTITY, message).await;
        }
    };
    db::set_email(&state.db, staff.id, on).await?;
    Ok(see_other("/newsroom/notifications"))
}
