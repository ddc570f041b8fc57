//! Taking a vote: the checks every way of voting goes through (the poll page's form and
//! `POST /api/v1/polls/{id}/votes`), then the one transaction that counts it. A refusal
//! stores nothing but the attempt, which the flood throttle counts.

use std::net::SocketAddr;

use axum::http::{HeaderMap, HeaderValue, StatusCode, header};

use super::db::{self, PollRow};
use super::model::{self, Refusal, Voter};
use crate::accounts::throttle;
use crate::cookies;
use crate::error::AppError;
use crate::state::AppState;
use crate::trending::model::{VISITOR_COOKIE, is_bot};
use crate::web::client_ip;

/// Vote attempts from one address, whatever the poll: beyond this a client is flooding (429).
pub const FLOOD: throttle::Limit = throttle::Limit { max: 60, window: 60 };

/// Who asks to vote, as the request shows it.
#[derive(Debug, Clone, Copy)]
pub enum Caller {
    /// A logged-in reader (or a token's owner).
    Account(i64),
    /// Anyone else: known by the visitor cookie, or given one.
    Anonymous,
}

/// How an attempt ended.
pub struct Cast {
    /// Counted, or why not.
    pub result: Result<(), Refusal>,
    /// The visitor cookie to give a new visitor, so that their vote stays theirs.
    pub set_cookie: Option<HeaderValue>,
}

impl Cast {
    /// The status a refusal answers with.
    pub fn status(refusal: Refusal) -> StatusCode {
        match refusal {
            Refusal::Bot => StatusCode::FORBIDDEN,
            Refusal::AlreadyVoted | Refusal::Closed | Refusal::AddressCap => StatusCode::CONFLICT,
        }
    }
}

/// The voter of a request; a new visitor also gets the `Set-Cookie` that keeps them known.
pub fn voter(state: &AppState, caller: Caller, headers: &HeaderMap, peer: SocketAddr) -> (Voter, Option<HeaderValue>) {
    match caller {
        Caller::Account(id) => (Voter::Account(id), None),
        Caller::Anonymous => {
            let address = client_ip(headers, peer, &state.config.trusted_proxies);
            let user_agent = headers.get(header::USER_AGENT).and_then(|v| v.to_str().ok()).unwrap_or("");
            let visitor = state.views.visitor(cookies::get(headers, VISITOR_COOKIE).as_deref(), &address, user_agent);
            // A new visitor gets a random key, not the address-and-browser one views fall back
            // on: phones behind one carrier address often send the very same user agent, and
            // the second reader would be told they had voted. The per-address cap bounds what
            // a client that drops its cookie can do.
            let key = if visitor.set_cookie { crate::accounts::model::random_hex(8) } else { visitor.cookie_value() };
            let set_cookie = visitor.set_cookie.then(|| {
                cookies::header(&cookies::new(VISITOR_COOKIE, key.clone(), cookies::A_YEAR_SECS, &state.config))
            });
            (Voter::Visitor { key, address: model::address_hash(&address) }, set_cookie)
        }
    }
}

/// Checks and counts a vote for option `position` of `poll`. A crawler is refused; a client
/// past the flood limit gets a 429; an option the poll does not have is a 422.
pub async fn cast(
    state: &AppState,
    poll: &PollRow,
    position: i64,
    caller: Caller,
    headers: &HeaderMap,
    peer: SocketAddr,
) -> Result<Cast, AppError> {
    let user_agent = headers.get(header::USER_AGENT).and_then(|v| v.to_str().ok()).unwrap_or("");
    if is_bot(user_agent) {
        return Ok(Cast { result: Err(Refusal::Bot), set_cookie: None });
    }
    let address = client_ip(headers, peer, &state.config.trusted_proxies);
    let bucket = format!("poll-vote:{address}");
    if let Err(retry_after) = throttle::check(state, &bucket, FLOOD).await? {
        return Err(AppError::TooManyRequests {
            message: format!("Too many votes from here. Please wait {retry_after} seconds and try again."),
            retry_after,
        });
    }
    throttle::record(state, &bucket).await?;
    let options = db::counts(&state.db, poll.id).await?;
    if !options.iter().any(|o| o.position == position) {
        return Err(AppError::Unprocessable(format!(
            "option: this poll has options 1 to {}; {position} is not one of them.",
            options.len()
        )));
    }
    let (voter, set_cookie) = voter(state, caller, headers, peer);
    let result = db::vote(&state.db, poll.id, position, &voter, state.clock.now()).await?;
    Ok(Cast { result, set_cookie })
}
