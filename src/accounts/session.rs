//! Login sessions: random ids in an `HttpOnly`, `SameSite=Lax` cookie, stored hashed in the
//! database so that every app node knows them; idle and absolute expiry. Handlers say who may
//! call them with the [`MaybeUser`] and [`CurrentUser`] extractors.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum_extra::extract::cookie::{Cookie, CookieJar};

use super::db::{self, UserRow};
use super::model::{SessionUser, random_hex, sha256_hex};
use crate::cookies;
use crate::error::AppError;
use crate::newsroom::policy::Role;
use crate::state::AppState;
use crate::web::encode_query;

/// Name of the session cookie.
pub const COOKIE: &str = "nd_session";
/// A session unused this long ends.
pub const IDLE_SECS: i64 = 14 * 86_400;
/// A session ends this long after login, used or not.
pub const ABSOLUTE_SECS: i64 = 30 * 86_400;
/// Activity is written at most this often per session.
const TOUCH_EVERY_SECS: i64 = 300;

/// The logged-in reader of a request to a cached page: remembered for a few seconds, else
/// looked up (and its activity recorded) as for any request.
pub async fn remembered(state: &AppState, headers: &axum::http::HeaderMap) -> Result<Option<SessionUser>, AppError> {
    let Some(token) = cookies::get(headers, COOKIE) else { return Ok(None) };
    let hash = sha256_hex(&token);
    if let Some(user) = state.sessions.get(&hash) {
        return Ok(Some(user));
    }
    let user = lookup(state, &hash).await?;
    if let Some(user) = &user {
        state.sessions.insert(hash, user.clone());
    }
    Ok(user)
}

/// Sessions ended here (logout, new password, disabled account): no node may go on trusting its
/// remembered copy.
pub async fn ended(state: &AppState) {
    state.changed(crate::cache::Invalidation::Sessions).await;
}

/// The user, if the request carries a live session.
#[derive(Debug, Clone)]
pub struct MaybeUser(pub Option<SessionUser>);

/// A logged-in user; anyone else is sent to the login page and brought back afterwards.
#[derive(Debug, Clone)]
pub struct CurrentUser(pub SessionUser);

impl FromRequestParts<AppState> for MaybeUser {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        if let Some(known) = parts.extensions.get::<MaybeUser>() {
            return Ok(known.clone());
        }
        let user = match cookies::get(&parts.headers, COOKIE) {
            Some(token) => lookup(state, &sha256_hex(&token)).await?,
            None => None,
        };
        let found = MaybeUser(user);
        parts.extensions.insert(found.clone());
        Ok(found)
    }
}

async fn lookup(state: &AppState, hash: &str) -> Result<Option<SessionUser>, AppError> {
    let now = state.clock.now();
    let Some((user, last_seen)) = db::session_user(&state.db, hash, now, now - IDLE_SECS).await? else {
        return Ok(None);
    };
    if now - last_seen >= TOUCH_EVERY_SECS {
        db::touch_session(&state.db, hash, now).await?;
    }
    Ok(Some(SessionUser::new(user, hash.to_owned())))
}

impl SessionUser {
    fn new(u: UserRow, session_hash: String) -> Self {
        SessionUser {
            id: u.id,
            email: u.email,
            display_name: u.display_name,
            role: u.role,
            created_at: u.created_at,
            newsroom_lang: u.newsroom_lang,
            password_hash: u.password_hash,
            session_hash,
        }
    }
}

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        match MaybeUser::from_request_parts(parts, state).await {
            Ok(MaybeUser(Some(user))) => Ok(CurrentUser(user)),
            Ok(MaybeUser(None)) => {
                let here = parts.uri.path_and_query().map_or("/", |p| p.as_str());
                let location = format!("/login?next={}", encode_query(here));
                Err((StatusCode::SEE_OTHER, [(header::LOCATION, location)]).into_response())
            }
            Err(err) => Err(err.into_response()),
        }
    }
}

/// Starts a session for `user_id`; returns the cookie that carries it, for the answer's jar.
pub async fn start(state: &AppState, user_id: i64) -> Result<CookieJar, AppError> {
    let token = random_hex(32);
    let now = state.clock.now();
    db::insert_session(&state.db, &sha256_hex(&token), user_id, now, now + ABSOLUTE_SECS).await?;
    Ok(CookieJar::new().add(cookies::new(COOKIE, token, ABSOLUTE_SECS, &state.config)))
}

/// The jar that removes the session cookie (and the staff hint) from the browser.
pub fn clear_cookie(state: &AppState) -> CookieJar {
    CookieJar::new().add(cookies::removal(COOKIE, &state.config)).add(staff_hint(state, Role::Reader))
}

/// Name of the hint cookie that says the browser's account is staff's.
pub const STAFF_HINT: &str = "nd_staff";

/// The hint for public pages, which every reader shares from the page cache and so cannot name
/// the reader: `nd_staff=1` for staff, which a line of the layout's script turns into the
/// header's "Newsroom" link; for anyone else, its removal. It grants nothing (every newsroom
/// request checks the session), so it is readable by the page and outlives no session by much.
pub fn staff_hint(state: &AppState, role: Role) -> Cookie<'static> {
    let secure = state.config.secure_cookies();
    match role {
        Role::Reader => cookies::hint(STAFF_HINT, String::new(), 0, secure),
        _ => cookies::hint(STAFF_HINT, "1".into(), ABSOLUTE_SECS, secure),
    }
}
