//! Account pages: register, log in and log out, and what the other account pages share. The
//! account page is [`super::account`], password reset [`super::password`].

use std::net::SocketAddr;

use askama::Template;
use axum::Form;
use axum::extract::{ConnectInfo, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::model::{DisplayName, Email, PasswordCost, check_password_rules, hash_password, safe_next, verify_password};
use super::session::{self, MaybeUser};
use super::throttle::{self, LOGIN_PER_ACCOUNT, LOGIN_PER_ADDRESS, REGISTER_PER_ADDRESS};
use super::{db, strings::AccountUi};
use crate::csrf::CsrfToken;
use crate::error::{AppError, Result};
use crate::newsroom::policy::Role;
use crate::state::AppState;
use crate::web::{Chrome, PageMeta, client_ip, edition_of_path, encode_query, see_other};

pub(super) fn page_meta(state: &AppState, title: &str, site_name: &str, path: &str) -> PageMeta {
    PageMeta {
        title: format!("{title} | {site_name}"),
        description: title.to_owned(),
        canonical: format!("{}{path}", state.config.base_url),
    }
}

pub(super) fn html(status: StatusCode, template: &impl Template) -> Result<Response> {
    Ok((status, axum::response::Html(template.render()?)).into_response())
}

// Runs argon2 off the async workers: it takes tens of milliseconds of CPU by design.
pub(super) async fn verify_blocking(password: String, hash: String) -> bool {
    tokio::task::spawn_blocking(move || verify_password(&password, &hash)).await.unwrap_or(false)
}

pub(super) async fn hash_blocking(password: String, cost: PasswordCost) -> Result<String> {
    tokio::task::spawn_blocking(move || hash_password(&password, cost))
        .await
        .map_err(|e| AppError::Internal(e.into()))?
        .map_err(AppError::Internal)
}

/// `?next=` of the account pages.
#[derive(Debug, Deserialize)]
pub struct NextQuery {
    pub(super) next: Option<String>,
}

#[derive(Template)]
#[template(path = "accounts/login.html")]
pub(super) struct LoginTemplate {
    chrome: Chrome,
    meta: PageMeta,
    t: &'static AccountUi,
    csrf: String,
    next: String,
    next_query: String,
    email: String,
    error: Option<String>,
    notice: Option<String>,
}

pub(super) fn login_page(
    state: &AppState,
    csrf: &CsrfToken,
    next: &str,
    email: &str,
    error: Option<String>,
    notice: Option<String>,
) -> LoginTemplate {
    let lang = edition_of_path(next, state.default_edition());
    let t = AccountUi::of(lang);
    let chrome = Chrome::new(state, lang, None);
    LoginTemplate {
        meta: page_meta(state, t.login_title, &chrome.site_name, "/login"),
        chrome,
        t,
        csrf: csrf.value().to_owned(),
        next: next.to_owned(),
        next_query: encode_query(next),
        email: email.to_owned(),
        error,
        notice,
    }
}

/// `GET /login`.
pub async fn login_form(
    State(state): State<AppState>,
    csrf: CsrfToken,
    Query(q): Query<NextQuery>,
) -> Result<Response> {
    let next = safe_next(q.next.as_deref());
    html(StatusCode::OK, &login_page(&state, &csrf, &next, "", None, None))
}

/// The login form.
#[derive(Debug, Deserialize)]
pub struct LoginForm {
    email: String,
    password: String,
    next: Option<String>,
}

/// `POST /login`: throttled per address and account; the same answer for an unknown email and a
/// wrong password; a new session id on every login.
pub async fn login(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    MaybeUser(previous): MaybeUser,
    csrf: CsrfToken,
    Form(form): Form<LoginForm>,
) -> Result<Response> {
    let next = safe_next(form.next.as_deref());
    let ip = client_ip(&headers, peer, &state.config.trusted_proxies);
    let typed = form.email.trim().to_lowercase();
    let account_bucket = format!("login:{ip}:{typed}");
    let address_bucket = format!("login-ip:{ip}");
    for (bucket, limit) in [(&account_bucket, LOGIN_PER_ACCOUNT), (&address_bucket, LOGIN_PER_ADDRESS)] {
        if let Err(retry_after) = throttle::check(&state, bucket, limit).await? {
            return Err(throttle::too_many(retry_after, "failed logins"));
        }
    }
    let user = match Email::parse(&form.email) {
        Some(email) => db::user_by_email(&state.db, &email).await?,
        None => None,
    };
    // An unknown email still costs one argon2 verification, so timing does not tell.
    let hash = user.as_ref().map_or_else(|| state.dummy_hash.clone(), |u| u.password_hash.clone());
    let matches = verify_blocking(form.password, hash).await && user.is_some();
    let Some(user) = user.filter(|_| matches) else {
        throttle::record(&state, &account_bucket).await?;
        throttle::record(&state, &address_bucket).await?;
        let lang = edition_of_path(&next, state.default_edition());
        let error = AccountUi::of(lang).bad_login.to_owned();
        return html(StatusCode::UNAUTHORIZED, &login_page(&state, &csrf, &next, form.email.trim(), Some(error), None));
    };
    db::throttle_clear(&state.db, &account_bucket).await?;
    if let Some(old) = previous {
        db::delete_session(&state.db, &old.session_hash).await?;
        session::ended(&state).await;
    }
    let jar = session::start(&state, user.id).await?.add(session::staff_hint(&state, user.role));
    // Sent to no page in particular, staff land where their work is.
    let next = match crate::newsroom::policy::landing(user.role) {
        Some(landing) if next == "/" => landing.to_owned(),
        _ => next,
    };
    Ok((jar, see_other(&next)).into_response())
}

/// `POST /logout`: ends the session on the server and in the browser.
pub async fn logout(State(state): State<AppState>, MaybeUser(user): MaybeUser) -> Result<Response> {
    if let Some(user) = user {
        db::delete_session(&state.db, &user.session_hash).await?;
        session::ended(&state).await;
    }
    Ok((session::clear_cookie(&state), see_other("/")).into_response())
}

#[derive(Template)]
#[template(path = "accounts/register.html")]
struct RegisterTemplate {
    chrome: Chrome,
    meta: PageMeta,
    t: &'static AccountUi,
    csrf: String,
    next: String,
    next_query: String,
    email: String,
    display_name: String,
    error: Option<String>,
}

fn register_page(
    state: &AppState,
    csrf: &CsrfToken,
    next: &str,
    email: &str,
    name: &str,
    error: Option<String>,
) -> RegisterTemplate {
    let lang = edition_of_path(next, state.default_edition());
    let t = AccountUi::of(lang);
    let chrome = Chrome::new(state, lang, None);
    RegisterTemplate {
        meta: page_meta(state, t.register_title, &chrome.site_name, "/register"),
        chrome,
        t,
        csrf: csrf.value().to_owned(),
        next: next.to_owned(),
        next_query: encode_query(next),
        email: email.to_owned(),
        display_name: name.to_owned(),
        error,
    }
}

/// `GET /register`.
pub async fn register_form(
    State(state): State<AppState>,
    csrf: CsrfToken,
    Query(q): Query<NextQuery>,
) -> Result<Response> {
    let next = safe_next(q.next.as_deref());
    html(StatusCode::OK, &register_page(&state, &csrf, &next, "", "", None))
}

/// The registration form.
#[derive(Debug, Deserialize)]
pub struct RegisterForm {
    email: String,
    display_name: String,
    password: String,
    next: Option<String>,
}

/// `POST /register`: creates a reader account and logs it in.
pub async fn register(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    csrf: CsrfToken,
    Form(form): Form<RegisterForm>,
) -> Result<Response> {
    let next = safe_next(form.next.as_deref());
    let t = AccountUi::of(edition_of_path(&next, state.default_edition()));
    let refuse = |error: String| {
        html(
            StatusCode::UNPROCESSABLE_ENTITY,
            &register_page(&state, &csrf, &next, form.email.trim(), form.display_name.trim(), Some(error)),
        )
    };
    let Some(email) = Email::parse(&form.email) else { return refuse(t.bad_email.into()) };
    let name = match DisplayName::parse(&form.display_name) {
        Ok(name) => name,
        Err(why) => return refuse(why.into()),
    };
    if let Err(why) = check_password_rules(&form.password) {
        return refuse(why.to_string());
    }
    let ip = client_ip(&headers, peer, &state.config.trusted_proxies);
    let bucket = format!("register-ip:{ip}");
    if let Err(retry_after) = throttle::check(&state, &bucket, REGISTER_PER_ADDRESS).await? {
        return Err(throttle::too_many(retry_after, "new accounts"));
    }
    let hash = hash_blocking(form.password.clone(), state.config.password_cost).await?;
    let Some(user_id) =
        db::insert_user(&state.db, &email, name.as_str(), &hash, Role::Reader, state.clock.now()).await?
    else {
        return refuse(t.email_taken.into());
    };
    throttle::record(&state, &bucket).await?;
    let jar = session::start(&state, user_id).await?;
    Ok((jar, see_other(&next)).into_response())
}
