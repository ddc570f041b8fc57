//! Password reset: a mailed link that works once, for an hour, and the page that sets a new
//! password with it.

use std::net::SocketAddr;

use askama::Template;
use axum::Form;
use axum::extract::{ConnectInfo, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde::Deserialize;

use super::model::{Email, check_password_rules, random_hex, safe_next, sha256_hex};
use super::session::{self};
use super::throttle::{self, RESET_PER_ADDRESS, RESET_PER_EMAIL};
use super::{db, strings::AccountUi};
use crate::csrf::CsrfToken;
use crate::editions::Lang;
use crate::error::{AppError, Result};
use crate::mail::Mail;
use crate::newsroom::policy::Role;
use crate::state::AppState;
use crate::web::{Chrome, PageMeta, client_ip, edition_of_path};

use super::pages::{NextQuery, hash_blocking, html, login_page, page_meta};

/// A reset link works this long.
pub const RESET_TTL_SECS: i64 = 60 * 60;

#[derive(Template)]
#[template(path = "accounts/forgot.html")]
struct ForgotTemplate {
    chrome: Chrome,
    meta: PageMeta,
    t: &'static AccountUi,
    csrf: String,
    next: String,
    email: String,
    error: Option<String>,
}

#[derive(Template)]
#[template(path = "accounts/notice.html")]
struct NoticeTemplate {
    chrome: Chrome,
    meta: PageMeta,
    heading: String,
    message: String,
}

fn notice_page(state: &AppState, lang: Lang, heading: &str, message: &str, path: &str) -> Result<Response> {
    let chrome = Chrome::new(state, lang, None);
    let meta = page_meta(state, heading, &chrome.site_name, path);
    html(StatusCode::OK, &NoticeTemplate { chrome, meta, heading: heading.into(), message: message.into() })
}

/// `GET /password/forgot`.
pub async fn forgot_form(
    State(state): State<AppState>,
    csrf: CsrfToken,
    Query(q): Query<NextQuery>,
) -> Result<Response> {
    let next = safe_next(q.next.as_deref());
    let lang = edition_of_path(&next, state.default_edition());
    let t = AccountUi::of(lang);
    let chrome = Chrome::new(&state, lang, None);
    let meta = page_meta(&state, t.forgot_title, &chrome.site_name, "/password/forgot");
    html(
        StatusCode::OK,
        &ForgotTemplate { chrome, meta, t, csrf: csrf.value().to_owned(), next, email: String::new(), error: None },
    )
}

/// The reset request form.
#[derive(Debug, Deserialize)]
pub struct ForgotForm {
    email: String,
    next: Option<String>,
}

/// `POST /password/forgot`: the same answer whether or not the email has an account; mails a
/// single-use link valid for an hour.
pub async fn forgot(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Form(form): Form<ForgotForm>,
) -> Result<Response> {
    let next = safe_next(form.next.as_deref());
    let lang = edition_of_path(&next, state.default_edition());
    let t = AccountUi::of(lang);
    let ip = client_ip(&headers, peer, &state.config.trusted_proxies);
    let typed = form.email.trim().to_lowercase();
    for (bucket, limit) in [(format!("reset:{typed}"), RESET_PER_EMAIL), (format!("reset-ip:{ip}"), RESET_PER_ADDRESS)]
    {
        if let Err(retry_after) = throttle::check(&state, &bucket, limit).await? {
            return Err(throttle::too_many(retry_after, "password reset requests"));
        }
        throttle::record(&state, &bucket).await?;
    }
    if let Some(email) = Email::parse(&form.email)
        && let Some(user) = db::user_by_email(&state.db, &email).await?
    {
        let token = random_hex(32);
        let now = state.clock.now();
        db::insert_reset(&state.db, &sha256_hex(&token), user.id, now + RESET_TTL_SECS).await?;
        let link = format!("{}/password/reset?token={token}", state.config.base_url);
        // Staff read it in their newsroom's language, readers in the edition they asked from.
        let mail_lang = match user.role {
            Role::Reader => lang,
            _ => user.newsroom_lang.unwrap_or_else(|| state.default_edition()),
        };
        let (words, site) = (AccountUi::of(mail_lang), state.site.get());
        let site_name = site.name(mail_lang);
        let mail = Mail {
            to: user.email.clone(),
            subject: words.reset_mail_subject.replace("{site}", site_name),
            body: words.reset_mail_body.replace("{site}", site_name).replace("{link}", &link),
        };
        // The answer must not depend on the account existing, so a mail failure is only logged.
        if let Err(err) = state.mailer.send(&mail, now).await {
            tracing::error!(error = format!("{err:#}"), "could not send a password reset mail");
        }
    }
    notice_page(&state, lang, t.forgot_title, t.reset_sent, "/password/forgot")
}

#[derive(Template)]
#[template(path = "accounts/reset.html")]
struct ResetTemplate {
    chrome: Chrome,
    meta: PageMeta,
    t: &'static AccountUi,
    csrf: String,
    token: String,
    error: Option<String>,
}

/// `?token=` of the reset link.
#[derive(Debug, Deserialize)]
pub struct TokenQuery {
    token: Option<String>,
}

fn reset_page(state: &AppState, csrf: &CsrfToken, token: &str, error: Option<String>) -> ResetTemplate {
    let lang = state.default_edition();
    let t = AccountUi::of(lang);
    let chrome = Chrome::new(state, lang, None);
    ResetTemplate {
        meta: page_meta(state, t.reset_title, &chrome.site_name, "/password/reset"),
        chrome,
        t,
        csrf: csrf.value().to_owned(),
        token: token.to_owned(),
        error,
    }
}

/// `GET /password/reset?token=…`.
pub async fn reset_form(
    State(state): State<AppState>,
    csrf: CsrfToken,
    Query(q): Query<TokenQuery>,
) -> Result<Response> {
    let token = q.token.unwrap_or_default();
    let t = AccountUi::of(state.default_edition());
    if db::valid_reset(&state.db, &sha256_hex(&token), state.clock.now()).await?.is_none() {
        return Err(AppError::bad_request(t.reset_invalid));
    }
    html(StatusCode::OK, &reset_page(&state, &csrf, &token, None))
}

/// The new password form.
#[derive(Debug, Deserialize)]
pub struct ResetForm {
    token: String,
    password: String,
}

/// `POST /password/reset`: sets the password, uses up the link and ends every session.
pub async fn reset(State(state): State<AppState>, csrf: CsrfToken, Form(form): Form<ResetForm>) -> Result<Response> {
    let lang = state.default_edition();
    let t = AccountUi::of(lang);
    let token_hash = sha256_hex(&form.token);
    if db::valid_reset(&state.db, &token_hash, state.clock.now()).await?.is_none() {
        return Err(AppError::bad_request(t.reset_invalid));
    }
    if let Err(why) = check_password_rules(&form.password) {
        return html(StatusCode::UNPROCESSABLE_ENTITY, &reset_page(&state, &csrf, &form.token, Some(why.to_string())));
    }
    let hash = hash_blocking(form.password, state.config.password_cost).await?;
    if db::use_reset(&state.db, &token_hash, &hash, state.clock.now()).await?.is_none() {
        return Err(AppError::bad_request(t.reset_invalid));
    }
    session::ended(&state).await;
    let login = login_page(&state, &csrf, "/", "", None, Some(t.password_changed.into()));
    html(StatusCode::OK, &login)
}
