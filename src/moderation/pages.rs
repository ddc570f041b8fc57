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
use crate::newsroom::auth::{Staff, StaffPage};
use crate::newsroom::pages::Frame;
use crate::newsroom::policy::{Action, Ownership};
use crate::state::AppState;
use crate::web::{PathParams, see_other};

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
    status: String,
    reports: i64,
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
    let offset = state.config.utc_offset_minutes;
    let rows = db::queue(&state.db, queue)
        .await?
        .into_iter()
        .map(|r| Row {
            body_html: render(&r.body),
            date: format_datetime(Lang::En, r.created_at, offset),
            id: r.id,
            article_id: r.article_id,
            article_title: r.article_title,
            user_id: r.user_id,
            author: r.author,
            decisions: super::open_for(r.status).collect(),
            status: r.status.as_str().into(),
            reports: r.reports,
        })
        .collect();
    let history = db::log(&state.db, 30)
        .await?
        .into_iter()
        .map(|l| {
            let target = l
                .comment_id
                .map(|c| format!("comment #{c}"))
                .or(l.target_user.map(|u| format!("reader #{u}")))
                .unwrap_or_default();
            let reason = if l.reason.is_empty() { String::new() } else { format!(" — {}", l.reason) };
            format!("{} · {} {} {target}{reason}", format_datetime(Lang::En, l.at, offset), l.moderator, l.action)
        })
        .collect();
    let tabs = [("held", "Held"), ("reported", "Reported"), ("recent", "Recent")]
        .into_iter()
        .map(|(q, label)| Tab { label, path: format!("/newsroom/comments?queue={q}"), active: q == name })
        .collect();
    let page = QueueTemplate {
        frame: Frame::new(&state, &staff, "Comments"),
        csrf: csrf.value().to_owned(),
        queue: name,
        tabs,
        rows,
        history,
        notice: q.notice,
    };
    Ok(Html(page.render()?).into_response())
}

/// The decision form.
#[derive(Debug, Deserialize)]
pub struct DecisionForm {
    queue: Option<String>,
}

async fn decide(state: AppState, staff: Staff, id: i64, form: DecisionForm, decision: &str) -> Result<Response> {
    let status = apply(&state, &staff, id, decision, "").await?;
    let queue = form.queue.unwrap_or_else(|| "held".into());
    Ok(see_other(format!("/newsroom/comments?queue={queue}&notice=Comment+{id}+{status}")))
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
    let user_id = form.user_id.parse().map_err(|_| AppError::not_found("There is no reader with this id."))?;
    let days = match form.days.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(d) => Some(d.parse().map_err(|_| AppError::Unprocessable(format!("{d:?} is not a number of days.")))?),
    };
    ban_reader(&state, &staff, &BanInput { user_id, days, reason: form.reason }).await?;
    let queue = form.queue.unwrap_or_else(|| "held".into());
    Ok(see_other(format!("/newsroom/comments?queue={queue}&notice=Reader+{user_id}+banned")))
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
