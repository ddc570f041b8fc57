//! The newsroom's redirects page, `/newsroom/redirects?q=&after=`: the stored redirects in the
//! order of their old paths, 50 a page, searched by either path, each with a button that removes
//! it, and a form for a new one. Plain forms, each with its CSRF token; no JavaScript needed.

use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;

use super::{PAGE_SIZE, RedirectInput, page_of};
use crate::csrf::CsrfToken;
use crate::editions::{format_datetime, rfc3339};
use crate::error::{AppError, Result};
use crate::newsroom::auth::{Staff, StaffPage};
use crate::newsroom::i18n::{fill, number, tr};
use crate::newsroom::pages::Frame;
use crate::newsroom::policy::{Action, Ownership};
use crate::redirects::model::location;
use crate::sections::pages::quoted;
use crate::state::AppState;
use crate::web::{encode_query, see_other};

/// A redirect as the page shows it.
struct Row {
    from: String,
    to: String,
    /// The addresses the paths are linked to.
    from_link: String,
    to_link: String,
    /// When it was made, as the newsroom writes dates, and for `<time datetime>`.
    added: String,
    at: String,
    by: String,
    /// The accessible name of the row's button.
    remove_label: String,
}

/// What the new-redirect form shows again after a refusal.
#[derive(Default)]
struct Values {
    from: String,
    to: String,
}

#[derive(Template)]
#[template(path = "redirects/newsroom.html")]
struct PageTemplate {
    frame: Frame,
    csrf: String,
    about: &'static str,
    q: String,
    /// "12 redirects in all."
    total: String,
    rows: Vec<Row>,
    /// The next page's address, if there is one.
    next: Option<String>,
    /// Whether this is a later page (offer the first again).
    later: bool,
    /// What an empty search says, with the text searched for.
    no_match: String,
    values: Values,
    error: Option<String>,
    notice: Option<String>,
}

/// `?q=&after=&notice=` of the page.
#[derive(Debug, Deserialize)]
pub struct PageQuery {
    #[serde(default)]
    q: String,
    after: Option<String>,
    notice: Option<String>,
}

/// The new-redirect form.
#[derive(Debug, Deserialize)]
pub struct AddForm {
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    /// The search the page was showing.
    #[serde(default)]
    q: String,
}

/// A row's remove button.
#[derive(Debug, Deserialize)]
pub struct RemoveForm {
    #[serde(default)]
    from: String,
    #[serde(default)]
    q: String,
}

/// What the page says first: when a redirect is followed, and where they come from.
const ABOUT: &str = "An old address listed here answers with a permanent redirect (301) to its new one, but only when no page of the site lives there. Renaming a section or a topic adds its redirects here by itself, and so does an import. A browser that followed a redirect may keep it for an hour after it is removed.";

/// The address a stored path is linked to: as the site writes it (a WordPress plain address keeps
/// its query).
fn link(path: &str) -> String {
    if path.starts_with("/?") { path.to_owned() } else { location(path, None) }
}

/// The page, for the search `q` from `after`.
async fn render(
    state: &AppState,
    staff: &Staff,
    csrf: &CsrfToken,
    (q, after): (&str, Option<&str>),
    values: Values,
    error: Option<String>,
    notice: Option<String>,
) -> Result<String> {
    let lang = staff.lang;
    let offset = state.config.utc_offset_minutes;
    let (found, next) = page_of(state, q, after, PAGE_SIZE).await?;
    let count = crate::redirects::db::count(&state.db).await?;
    let rows = found
        .into_iter()
        .map(|r| Row {
            from_link: link(&r.from_path),
            to_link: link(&r.to_path),
            added: format_datetime(lang, r.created_at, offset),
            at: rfc3339(r.created_at, offset),
            by: r.created_by.unwrap_or_else(|| tr(lang, "an import").to_owned()),
            remove_label: fill(tr(lang, "Remove the redirect from {from}"), &[("from", &r.from_path)]),
            from: r.from_path,
            to: r.to_path,
        })
        .collect();
    let total = match count {
        1 => tr(lang, "1 redirect in all."),
        _ => tr(lang, "{n} redirects in all."),
    };
    let page = PageTemplate {
        frame: Frame::new(state, staff, tr(lang, "Redirects")),
        csrf: csrf.value().to_owned(),
        about: tr(lang, ABOUT),
        total: fill(total, &[("n", &number(lang, count))]),
        rows,
        next: next.map(|n| format!("{}&after={}", list_path(q), encode_query(&n))),
        later: after.is_some_and(|a| !a.is_empty()),
        no_match: fill(tr(lang, "No redirect's old or new address contains {q}."), &[("q", &quoted(lang, q))]),
        q: q.to_owned(),
        values,
        error,
        notice,
    };
    Ok(page.render()?)
}

/// The list's address for the search `q`.
fn list_path(q: &str) -> String {
    format!("/newsroom/redirects?q={}", encode_query(q))
}

/// Back to the list, on the search it was sent from, with a notice.
fn done(q: &str, notice: &str) -> Response {
    see_other(format!("{}&notice={}", list_path(q), encode_query(notice)))
}

/// `GET /newsroom/redirects`.
pub async fn page(
    State(state): State<AppState>,
    StaffPage(staff): StaffPage,
    csrf: CsrfToken,
    Query(query): Query<PageQuery>,
) -> Result<Response> {
    staff.authorize(Action::ManageRedirects, Ownership::NotApplicable)?;
    let listing = (query.q.as_str(), query.after.as_deref());
    Ok(Html(render(&state, &staff, &csrf, listing, Values::default(), None, query.notice).await?).into_response())
}

/// `POST /newsroom/redirects`: adds a redirect; a refused one shows the page again with the
/// message, as typed.
pub async fn create(
    State(state): State<AppState>,
    StaffPage(staff): StaffPage,
    csrf: CsrfToken,
    Form(form): Form<AddForm>,
) -> Result<Response> {
    staff.authorize(Action::ManageRedirects, Ownership::NotApplicable)?;
    let input = RedirectInput { from: form.from.clone(), to: form.to.clone() };
    match super::create(&state, &staff, &input).await {
        Ok(row) => {
            let notice = fill(
                tr(staff.lang, "Redirect added: {from} now leads to {to}."),
                &[("from", &row.from_path), ("to", &row.to_path)],
            );
            Ok(done(&form.q, &notice))
        }
        Err(err @ AppError::Unprocessable(_)) => {
            let values = Values { from: form.from, to: form.to };
            let html = render(&state, &staff, &csrf, (&form.q, None), values, Some(err.to_string()), None).await?;
            Ok((err.status(), Html(html)).into_response())
        }
        Err(other) => Err(other),
    }
}

/// `POST /newsroom/redirects/remove`: removes the redirect of a row.
pub async fn remove(
    State(state): State<AppState>,
    StaffPage(staff): StaffPage,
    Form(form): Form<RemoveForm>,
) -> Result<Response> {
    let from = super::remove(&state, &staff, &form.from).await?;
    let notice = fill(tr(staff.lang, "Redirect from {from} removed."), &[("from", &from)]);
    Ok(done(&form.q, &notice))
}
