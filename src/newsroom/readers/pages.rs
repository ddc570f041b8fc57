//! The readers page: search, pages, and the ban and unban forms for moderators.

use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;

use super::api::{cursor, page_of};
use crate::csrf::CsrfToken;
use crate::editions::{format_date, format_datetime};
use crate::error::{AppError, Result};
use crate::moderation::api::{BanInput, ban_reader, unban_reader};
use crate::newsroom::auth::{StaffPage, refusal_in};
use crate::newsroom::i18n::{fill, number, tr};
use crate::newsroom::pages::Frame;
use crate::newsroom::policy::{Action, Decision, Ownership, decide};
use crate::state::AppState;
use crate::web::{PathParams, encode_query, see_other};

/// A reader as the page shows them.
struct ReaderLine {
    id: i64,
    name: String,
    email: String,
    joined: String,
    /// The comment count, in the page's digits.
    comments: String,
    /// "until 3 May 2026 10:00: spam", empty when not banned.
    banned: String,
    disabled: bool,
    /// The accessible name of the ban reason: "Reason for banning …".
    reason_label: String,
}

/// A choice of the ban's length.
struct BanLength {
    /// Days, or empty for good.
    value: &'static str,
    label: String,
}

#[derive(Template)]
#[template(path = "newsroom/readers.html")]
struct ReadersTemplate {
    frame: Frame,
    csrf: String,
    q: String,
    readers: Vec<ReaderLine>,
    /// The next page's address, if there is one.
    next: Option<String>,
    /// Whether this is a later page (offer the first again).
    later: bool,
    may_ban: bool,
    ban_lengths: Vec<BanLength>,
    /// What an empty search says, with the words searched for.
    no_match: String,
    notice: Option<String>,
}

/// `?q=&cursor=&notice=` of the page.
#[derive(Debug, Deserialize)]
pub struct ReadersQuery {
    q: Option<String>,
    cursor: Option<String>,
    notice: Option<String>,
}

/// `GET /newsroom/readers`.
pub async fn page(
    State(state): State<AppState>,
    StaffPage(staff): StaffPage,
    csrf: CsrfToken,
    Query(query): Query<ReadersQuery>,
) -> Result<Response> {
    staff.authorize(Action::ViewReaders, Ownership::NotApplicable)?;
    let q = query.q.unwrap_or_default();
    let before = cursor(query.cursor.as_deref())?;
    let (rows, next) = page_of(&state, &q, before).await?;
    let (lang, offset) = (staff.lang, state.config.utc_offset_minutes);
    let now = state.clock.now();
    let readers = rows
        .into_iter()
        .map(|r| ReaderLine {
            banned: match r.banned_until.filter(|until| *until > now) {
                Some(until) if until >= crate::moderation::FOREVER => {
                    fill(tr(lang, "banned for good: {reason}"), &[("reason", &r.ban_reason)])
                }
                Some(until) => fill(
                    tr(lang, "banned until {date}: {reason}"),
                    &[("date", &format_datetime(lang, until, offset)), ("reason", &r.ban_reason)],
                ),
                None => String::new(),
            },
            reason_label: fill(tr(lang, "Reason for banning {name}"), &[("name", &r.display_name)]),
            id: r.id,
            name: r.display_name,
            email: r.email,
            joined: format_date(lang, r.created_at, offset),
            comments: number(lang, r.comments),
            disabled: r.disabled_at.is_some(),
        })
        .collect();
    let no_match =
        "No reader's name or email contains “{q}”. Try part of a name, or the part of the address before the @.";
    let ban_lengths = [("1", "1 day"), ("7", "{n} days"), ("30", "{n} days"), ("", "for good")]
        .into_iter()
        .map(|(value, label)| BanLength {
            value,
            label: fill(tr(lang, label), &[("n", &number(lang, value.parse().unwrap_or(0)))]),
        })
        .collect();
    let page = ReadersTemplate {
        frame: Frame::new(&state, &staff, tr(lang, "Readers")),
        ban_lengths,
        no_match: fill(tr(lang, no_match), &[("q", &q)]),
        csrf: csrf.value().to_owned(),
        next: next.map(|n| format!("/newsroom/readers?q={}&cursor={n}", encode_query(&q))),
        later: before.is_some(),
        q,
        readers,
        may_ban: decide(staff.role, Action::BanReaders, Ownership::NotApplicable) == Decision::Allow,
        notice: query.notice,
    };
    Ok(Html(page.render()?).into_response())
}

/// Back to the readers page, on the search it was sent from, with a notice.
fn back(q: &str, notice: &str) -> Response {
    see_other(format!("/newsroom/readers?q={}&notice={}", encode_query(q), encode_query(notice)))
}

/// The ban form of a reader's line.
#[derive(Debug, Deserialize)]
pub struct BanForm {
    reason: String,
    /// Days, or empty for good.
    days: Option<String>,
    q: Option<String>,
}

/// `POST /newsroom/readers/{id}/ban`.
pub async fn ban(
    State(state): State<AppState>,
    StaffPage(staff): StaffPage,
    PathParams(id): PathParams<i64>,
    Form(form): Form<BanForm>,
) -> Result<Response> {
    let days = match form.days.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(d) => Some(d.parse().map_err(|_| {
            let why = tr(staff.lang, "{days} is not a number of days: choose one from the list, or for good.");
            AppError::Unprocessable(fill(why, &[("days", &format!("{d:?}"))]))
        })?),
    };
    let input = BanInput { user_id: id, days, reason: form.reason };
    ban_reader(&state, &staff, &input)
        .await
        .map_err(|e| refusal_in(staff.lang, e, crate::moderation::pages::REFUSALS))?;
    let notice = fill(tr(staff.lang, "Reader {id} is banned from commenting."), &[("id", &number(staff.lang, id))]);
    Ok(back(form.q.as_deref().unwrap_or(""), &notice))
}

/// The unban form of a reader's line.
#[derive(Debug, Deserialize)]
pub struct UnbanForm {
    q: Option<String>,
}

/// `POST /newsroom/readers/{id}/unban`.
pub async fn unban(
    State(state): State<AppState>,
    StaffPage(staff): StaffPage,
    PathParams(id): PathParams<i64>,
    Form(form): Form<UnbanForm>,
) -> Result<Response> {
    unban_reader(&state, &staff, id)
        .await
        .map_err(|e| refusal_in(staff.lang, e, crate::moderation::pages::REFUSALS))?;
    let notice = fill(tr(staff.lang, "Reader {id} may comment again."), &[("id", &number(staff.lang, id))]);
    Ok(back(form.q.as_deref().unwrap_or(""), &notice))
}
