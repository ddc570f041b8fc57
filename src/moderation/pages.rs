//! The moderation queues in the browser, and the readers' "Report" button.

use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;

use super::api::{BanInput, apply, ban_reader, queue_param};
use super::db;
use crate::accounts::session::CurrentUser;
use crate::articles::article::find;
use crate::articles::model::article_path;
use crate::comments::model::{CommentStatus, render};
use crate::csrf::CsrfToken;
use crate::editions::{Lang, format_datetime};
use crate::error::{AppError, Result};
use crate::newsroom::auth::{Staff, StaffPage, refusal_in};
use crate::newsroom::i18n::{fill, number, tr};
use crate::newsroom::pages::Frame;
use crate::newsroom::policy::{Action, Ownership};
use crate::state::AppState;
use crate::web::{PathParams, encode_query, see_other};

/// The refusals of moderation and bans, which the pages give in the person's language.
pub const REFUSALS: &[&str] = &[
    "There is no comment with this id.",
    "Another moderator decided on this comment just now. Reload the queue and look again.",
    "Give the reason for the ban; the reader is told it.",
    "There is no reader with this id.",
    "This reader is not banned: they may already comment.",
];

struct Tab {
    label: &'static str,
    path: String,
    active: bool,
}

struct Row {
    id: i64,
    article_id: i64,
    article_title: String,
    user_id: i64,
    author: String,
    date: String,
    status: &'static str,
    reports: i64,
    /// "3 report(s)".
    reports_label: String,
    /// The summary of the ban form: "Ban …".
    ban_label: String,
    body_html: crate::html::SafeHtml,
    /// The decisions open for the comment as it stands.
    decisions: Vec<&'static super::Decision>,
}

#[derive(Template)]
#[template(path = "newsroom/comments.html")]
struct QueueTemplate {
    frame: Frame,
    csrf: String,
    queue: String,
    tabs: Vec<Tab>,
    rows: Vec<Row>,
    /// What goes between a comment's author and its story's link, and after the link.
    on: [&'static str; 2],
    history: Vec<String>,
    notice: Option<String>,
}

/// `?queue=&notice=`.
#[derive(Debug, Deserialize)]
pub struct QueueQuery {
    queue: Option<String>,
    notice: Option<String>,
}

/// `GET /newsroom/comments`: a queue with its decisions and the moderation history.
pub async fn queue(
    State(state): State<AppState>,
    StaffPage(staff): StaffPage,
    csrf: CsrfToken,
    Query(q): Query<QueueQuery>,
) -> Result<Response> {
    staff.authorize(Action::ModerateComments, Ownership::NotApplicable)?;
    let queue = queue_param(q.queue.as_deref())?;
    let name = q.queue.filter(|n| !n.is_empty()).unwrap_or_else(|| "held".into());
    let (lang, offset) = (staff.lang, state.config.utc_offset_minutes);
    let rows = db::queue(&state.db, queue)
        .await?
        .into_iter()
        .map(|r| Row {
            body_html: render(&r.body),
            date: format_datetime(lang, r.created_at, offset),
            reports_label: fill(tr(lang, "{n} report(s)"), &[("n", &number(lang, r.reports))]),
            ban_label: fill(tr(lang, "Ban {name}"), &[("name", &r.author)]),
            id: r.id,
            article_id: r.article_id,
            article_title: r.article_title,
            user_id: r.user_id,
            author: r.author,
            decisions: super::open_for(r.status).collect(),
            status: r.status.as_str(),
            reports: r.reports,
        })
        .collect();
    let history = db::log(&state.db, 30).await?.into_iter().map(|l| history_line(lang, offset, l)).collect();
    let tabs = [("held", "Held"), ("reported", "Reported"), ("recent", "Recent")]
        .into_iter()
        .map(|(q, label)| Tab { label, path: format!("/newsroom/comments?queue={q}"), active: q == name })
        .collect();
    // The author comes first in both languages; the story's link sits where the text says.
    let on = tr(lang, "{author} on {article}").trim_start_matches("{author}");
    let on = on.split_once("{article}").map_or([on, ""], |(between, after)| [between, after]);
    let page = QueueTemplate {
        frame: Frame::new(&state, &staff, tr(lang, "Comments")),
        on,
        csrf: csrf.value().to_owned(),
        queue: name,
        tabs,
        rows,
        history,
        notice: q.notice,
    };
    Ok(Html(page.render()?).into_response())
}

/// A line of the moderation history: when, who, did what to which comment or reader, and why.
fn history_line(lang: Lang, offset: i32, l: db::LogRow) -> String {
    let target = match (l.comment_id, l.target_user) {
        (Some(c), _) => fill(tr(lang, "comment #{n}"), &[("n", &number(lang, c))]),
        (None, Some(u)) => fill(tr(lang, "reader #{n}"), &[("n", &number(lang, u))]),
        (None, None) => String::new(),
    };
    let did = match l.action.as_str() {
        "approved" => tr(lang, "{who} approved {target}"),
        "held" => tr(lang, "{who} held {target}"),
        "rejected" => tr(lang, "{who} rejected {target}"),
        "deleted" => tr(lang, "{who} deleted {target}"),
        "ban" => tr(lang, "{who} ban {target}"),
        "unban" => tr(lang, "{who} unban {target}"),
        _ => "{who} {action} {target}",
    };
    let did = fill(did, &[("who", &l.moderator), ("action", &l.action), ("target", &target)]);
    let reason = if l.reason.is_empty() { String::new() } else { format!(" — {}", l.reason) };
    format!("{} · {did}{reason}", format_datetime(lang, l.at, offset))
}

/// The decision form.
#[derive(Debug, Deserialize)]
pub struct DecisionForm {
    queue: Option<String>,
}

async fn decide(state: AppState, staff: Staff, id: i64, form: DecisionForm, decision: &str) -> Result<Response> {
    let status = apply(&state, &staff, id, decision, "").await.map_err(|e| refusal_in(staff.lang, e, REFUSALS))?;
    let queue = form.queue.unwrap_or_else(|| "held".into());
    let status = tr(staff.lang, status);
    let notice = fill(tr(staff.lang, "Comment {id} {status}"), &[("id", &number(staff.lang, id)), ("status", status)]);
    Ok(see_other(format!("/newsroom/comments?queue={queue}&notice={}", encode_query(&notice))))
}

/// `POST /newsroom/comments/{id}/approve`.
pub async fn approve(
    State(state): State<AppState>,
    StaffPage(staff): StaffPage,
    PathParams(id): PathParams<i64>,
    Form(form): Form<DecisionForm>,
) -> Result<Response> {
    decide(state, staff, id, form, "approve").await
}

/// `POST /newsroom/comments/{id}/hold`.
pub async fn hold(
    State(state): State<AppState>,
    StaffPage(staff): StaffPage,
    PathParams(id): PathParams<i64>,
    Form(form): Form<DecisionForm>,
) -> Result<Response> {
    decide(state, staff, id, form, "hold").await
}

/// `POST /newsroom/comments/{id}/reject`.
pub async fn reject(
    State(state): State<AppState>,
    StaffPage(staff): StaffPage,
    PathParams(id): PathParams<i64>,
    Form(form): Form<DecisionForm>,
) -> Result<Response> {
    decide(state, staff, id, form, "reject").await
}

/// `POST /newsroom/comments/{id}/delete`.
pub async fn delete(
    State(state): State<AppState>,
    StaffPage(staff): StaffPage,
    PathParams(id): PathParams<i64>,
    Form(form): Form<DecisionForm>,
) -> Result<Response> {
    decide(state, staff, id, form, "delete").await
}

/// The ban form.
#[derive(Debug, Deserialize)]
pub struct BanForm {
    user_id: String,
    days: Option<String>,
    reason: String,
    queue: Option<String>,
}

/// `POST /newsroom/bans`.
pub async fn ban(
    State(state): State<AppState>,
    StaffPage(staff): StaffPage,
    Form(form): Form<BanForm>,
) -> Result<Response> {
    let lang = staff.lang;
    let user_id =
        form.user_id.parse().map_err(|_| AppError::not_found(tr(lang, "There is no reader with this id.")))?;
    let days = match form.days.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(d) => Some(d.parse().map_err(|_| {
            AppError::Unprocessable(fill(tr(lang, "{days} is not a number of days."), &[("days", &format!("{d:?}"))]))
        })?),
    };
    let input = BanInput { user_id, days, reason: form.reason };
    ban_reader(&state, &staff, &input).await.map_err(|e| refusal_in(lang, e, REFUSALS))?;
    let queue = form.queue.unwrap_or_else(|| "held".into());
    let notice = fill(tr(staff.lang, "Reader {id} banned"), &[("id", &number(staff.lang, user_id))]);
    Ok(see_other(format!("/newsroom/comments?queue={queue}&notice={}", encode_query(&notice))))
}

/// `POST /comments/{id}/report`: a logged-in reader reports a comment to the moderators.
pub async fn report(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    PathParams(id): PathParams<i64>,
) -> Result<Response> {
    let missing = || AppError::not_found("There is no such comment.");
    let comment = crate::comments::db::find(&state.db, id)
        .await?
        .filter(|c| c.status == CommentStatus::Approved)
        .ok_or_else(missing)?;
    db::report(&state.db, id, user.id, state.clock.now()).await?;
    let article = find(&state, comment.article_id).await?;
    let path = article_path(article.lang, article.id, &article.slug);
    Ok(see_other(format!("{path}?reported={id}#comment-{id}")))
}
