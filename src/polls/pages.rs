//! A poll's own page, `/{lang}/polls/{id}`: the live results, and for a reader who has not
//! voted while the poll is open, the form that casts the vote (with the page's CSRF token).
//! Rendered per request: counts move with every vote, and kept pages never do.

use std::net::SocketAddr;

use askama::Template;
use axum::Form;
use axum::extract::{ConnectInfo, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;

use super::api::public_poll;
use super::db::{self, PollRow};
use super::model::{Phase, Refusal, Voter, Words, percent, refusal_text, total_text, words};
use super::vote::{Caller, Cast, cast};
use crate::accounts::session::MaybeUser;
use crate::csrf::CsrfToken;
use crate::editions::{Lang, format_number};
use crate::error::{AppError, Result};
use crate::state::AppState;
use crate::trending::model::VISITOR_COOKIE;
use crate::web::{Chrome, PageMeta, PathParams};

/// An answer with its count.
pub struct ResultView {
    pub position: i64,
    pub label: String,
    /// "12 · 40%" in the edition's digits.
    pub count: String,
    pub percent: i64,
    /// Chosen on the home page, to be confirmed here.
    pub checked: bool,
}

#[derive(Template)]
#[template(path = "polls/results.html")]
struct ResultsTemplate {
    chrome: Chrome,
    meta: PageMeta,
    id: i64,
    question: String,
    path: String,
    api: String,
    words: &'static Words,
    results: Vec<ResultView>,
    total: String,
    open: bool,
    /// The form's CSRF token, when this reader may still vote.
    csrf: Option<String>,
    notice: Option<String>,
    error: Option<String>,
    script: String,
}

/// `?option=` chosen on a kept page, `?voted=1` after a vote.
#[derive(Debug, Default, Deserialize)]
pub struct ResultsQuery {
    option: Option<String>,
    voted: Option<String>,
}

/// What the page shows besides the results.
struct Shown<'a> {
    chosen: Option<i64>,
    notice: Option<String>,
    error: Option<String>,
    csrf: &'a CsrfToken,
    may_vote: bool,
}

async fn render(state: &AppState, lang: Lang, row: &PollRow, shown: Shown<'_>) -> Result<Response> {
    let w = words(lang);
    let counts = db::counts(&state.db, row.id).await?;
    let total: i64 = counts.iter().map(|o| o.votes).sum();
    let open = Phase::at(row.opens_at, row.closes_at, state.clock.now()) == Phase::Open;
    let results = counts
        .into_iter()
        .map(|o| {
            let share = percent(o.votes, total);
            ResultView {
                position: o.position,
                count: format!("{} · {}%", format_number(lang, o.votes), format_number(lang, share)),
                percent: share,
                checked: shown.chosen == Some(o.position),
                label: o.label,
            }
        })
        .collect();
    let path = super::poll_path(lang, row.id);
    let chrome = Chrome::new(state, lang, None);
    let meta = PageMeta {
        title: format!("{} | {}", row.question, chrome.site_name),
        description: row.question.clone(),
        canonical: format!("{}{}", state.config.base_url, path),
    };
    let page = ResultsTemplate {
        chrome,
        meta,
        id: row.id,
        question: row.question.clone(),
        api: format!("/api/v1/polls/{}", row.id),
        path,
        words: w,
        results,
        total: total_text(lang, total),
        open,
        csrf: (open && shown.may_vote).then(|| shown.csrf.value().to_owned()),
        notice: shown.notice,
        error: shown.error,
        script: state.assets.poll_js_path().to_owned(),
    };
    Ok(Html(page.render()?).into_response())
}

/// A poll of the edition in the address that readers may see.
async fn find(state: &AppState, lang: Lang, id: i64) -> Result<PollRow> {
    let row = public_poll(state, id).await?;
    if row.lang != lang {
        return Err(AppError::not_found(format!("There is no poll {id} in this edition.")));
    }
    Ok(row)
}

/// The voter a request names without giving it anything: the account, or the visitor cookie.
fn known_voter(viewer: Option<i64>, headers: &HeaderMap) -> Option<Voter> {
    match viewer {
        Some(id) => Some(Voter::Account(id)),
        None => crate::cookies::get(headers, VISITOR_COOKIE)
            .filter(|c| c.len() == 16 && u64::from_str_radix(c, 16).is_ok())
            .map(|key| Voter::Visitor { key, address: String::new() }),
    }
}

/// `GET /{lang}/polls/{id}`.
pub async fn results(
    State(state): State<AppState>,
    PathParams((lang, id)): PathParams<(Lang, i64)>,
    MaybeUser(viewer): MaybeUser,
    csrf: CsrfToken,
    headers: HeaderMap,
    Query(q): Query<ResultsQuery>,
) -> Result<Response> {
    let row = find(&state, lang, id).await?;
    let voted = match known_voter(viewer.map(|u| u.id), &headers) {
        Some(voter) => db::has_voted(&state.db, row.id, &voter).await?,
        None => false,
    };
    let w = words(lang);
    let notice = if q.voted.is_some() && voted {
        Some(w.thanks.to_owned())
    } else if voted {
        Some(w.already.to_owned())
    } else {
        None
    };
    let chosen = q.option.and_then(|o| o.parse().ok());
    let shown = Shown { chosen, notice, error: None, csrf: &csrf, may_vote: !voted };
    let mut response = render(&state, lang, &row, shown).await?;
    response.headers_mut().insert(header::CACHE_CONTROL, axum::http::HeaderValue::from_static("private, no-store"));
    Ok(response)
}

/// The vote form.
#[derive(Debug, Deserialize)]
pub struct VoteForm {
    option: Option<String>,
}

/// `POST /{lang}/polls/{id}`: casts a vote, then shows the results (303 to the poll's page); a
/// refused vote shows the page again with the reason.
pub async fn vote(
    State(state): State<AppState>,
    PathParams((lang, id)): PathParams<(Lang, i64)>,
    MaybeUser(viewer): MaybeUser,
    csrf: CsrfToken,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Form(form): Form<VoteForm>,
) -> Result<Response> {
    let row = find(&state, lang, id).await?;
    let w = words(lang);
    let position = form.option.as_deref().and_then(|o| o.trim().parse::<i64>().ok()).unwrap_or(0);
    let caller = viewer.map_or(Caller::Anonymous, |u| Caller::Account(u.id));
    let refuse = |status: StatusCode, error: String, may_vote: bool| {
        let state = state.clone();
        let row = row.clone();
        let csrf = csrf.clone();
        async move {
            let shown = Shown { chosen: None, notice: None, error: Some(error), csrf: &csrf, may_vote };
            let mut response = render(&state, lang, &row, shown).await?;
            *response.status_mut() = status;
            Ok::<Response, AppError>(response)
        }
    };
    let Cast { result, set_cookie } = match cast(&state, &row, position, caller, &headers, peer).await {
        Ok(cast) => cast,
        Err(AppError::Unprocessable(_)) => {
            return refuse(StatusCode::UNPROCESSABLE_ENTITY, w.unknown_option.to_owned(), true).await;
        }
        Err(other) => return Err(other),
    };
    let mut response = match result {
        Ok(()) => crate::web::see_other(format!("{}?voted=1#poll-results", super::poll_path(lang, row.id))),
        Err(refusal) => {
            let may_vote = matches!(refusal, Refusal::Bot);
            refuse(Cast::status(refusal), refusal_text(lang, refusal).to_owned(), may_vote).await?
        }
    };
    if let Some(cookie) = set_cookie {
        response.headers_mut().append(header::SET_COOKIE, cookie);
    }
    Ok(response)
}
