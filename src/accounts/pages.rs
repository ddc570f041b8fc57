//! Account pages: register, log in, log out, the account page, password reset.

use std::net::SocketAddr;

use askama::Template;
use axum::Form;
use axum::extract::{ConnectInfo, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::model::{
    DisplayName, Email, PasswordCost, check_password_rules, hash_password, random_hex, safe_next, sha256_hex,
    verify_password,
};
use super::session::{self, CurrentUser, MaybeUser};
use super::throttle::{
    self, LOGIN_PER_ACCOUNT, LOGIN_PER_ADDRESS, REGISTER_PER_ADDRESS, RESET_PER_ADDRESS, RESET_PER_EMAIL,
};
use super::{db, strings::AccountUi};
use crate::csrf::CsrfToken;
use crate::editions::{Lang, format_datetime};
use crate::error::{AppError, Result};
use crate::mail::Mail;
use crate::newsroom::policy::Role;
use crate::state::AppState;
use crate::web::{Chrome, PageMeta, PathParams, client_ip, edition_of_path, encode_query};

/// A reset link works this long.
pub const RESET_TTL_SECS: i64 = 60 * 60;

fn page_meta(state: &AppState, title: &str, site_name: &str, path: &str) -> PageMeta {
    PageMeta {
        title: format!("{title} | {site_name}"),
        description: title.to_owned(),
        canonical: format!("{}{path}", state.config.base_url),
    }
}

fn see_other(location: &str) -> Response {
    (StatusCode::SEE_OTHER, [(header::LOCATION, location.to_owned())]).into_response()
}

fn html(status: StatusCode, template: &impl Template) -> Result<Response> {
    Ok((status, axum::response::Html(template.render()?)).into_response())
}

// Runs argon2 off the async workers: it takes tens of milliseconds of CPU by design.
async fn verify_blocking(password: String, hash: String) -> bool {
    tokio::task::spawn_blocking(move || verify_password(&password, &hash)).await.unwrap_or(false)
}

async fn hash_blocking(password: String, cost: PasswordCost) -> Result<String> {
    tokio::task::spawn_blocking(move || hash_password(&password, cost))
        .await
        .map_err(|e| AppError::Internal(e.into()))?
        .map_err(AppError::Internal)
}

/// `?next=` of the account pages.
#[derive(Debug, Deserialize)]
pub struct NextQuery {
    next: Option<String>,
}

#[derive(Template)]
#[template(path = "accounts/login.html")]
struct LoginTemplate {
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

fn login_page(
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
    let jar = session::start(&state, user.id).await?;
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

#[derive(Template)]
#[template(path = "accounts/account.html")]
struct AccountTemplate {
    chrome: Chrome,
    meta: PageMeta,
    t: &'static AccountUi,
    csrf: String,
    email: String,
    display_name: String,
    error: Option<String>,
    notice: Option<String>,
    /// Staff see their API tokens; readers have none.
    staff: bool,
    tokens: Vec<TokenView>,
    new_token: Option<String>,
}

/// A live API token on the account page.
struct TokenView {
    id: i64,
    name: String,
    created: String,
}

async fn account_page(
    state: &AppState,
    csrf: &CsrfToken,
    user: &crate::accounts::model::SessionUser,
    error: Option<String>,
    notice: Option<String>,
) -> Result<AccountTemplate> {
    let lang = state.default_edition();
    let t = AccountUi::of(lang);
    let chrome = Chrome::new(state, lang, None);
    let staff = user.role != Role::Reader;
    let tokens = if staff {
        crate::newsroom::db::live_tokens(&state.db, user.id)
            .await?
            .into_iter()
            .map(|k| TokenView {
                id: k.id,
                name: k.name,
                created: format_datetime(lang, k.created_at, state.config.utc_offset_minutes),
            })
            .collect()
    } else {
        Vec::new()
    };
    Ok(AccountTemplate {
        meta: page_meta(state, t.account_title, &chrome.site_name, "/account"),
        chrome,
        t,
        csrf: csrf.value().to_owned(),
        email: user.email.clone(),
        display_name: user.display_name.clone(),
        error,
        notice,
        staff,
        tokens,
        new_token: None,
    })
}

/// `GET /account`.
pub async fn account(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    csrf: CsrfToken,
) -> Result<Response> {
    html(StatusCode::OK, &account_page(&state, &csrf, &user, None, None).await?)
}

/// The display name form.
#[derive(Debug, Deserialize)]
pub struct NameForm {
    display_name: String,
}

/// `POST /account/name`.
pub async fn change_name(
    State(state): State<AppState>,
    CurrentUser(mut user): CurrentUser,
    csrf: CsrfToken,
    Form(form): Form<NameForm>,
) -> Result<Response> {
    match DisplayName::parse(&form.display_name) {
        Err(why) => {
            html(StatusCode::UNPROCESSABLE_ENTITY, &account_page(&state, &csrf, &user, Some(why.into()), None).await?)
        }
        Ok(name) => {
            db::set_display_name(&state.db, user.id, name.as_str()).await?;
            // The name shows on the reader's comments, on whatever pages they are.
            state.changed(crate::cache::Invalidation::Site).await;
            user.display_name = name.as_str().to_owned();
            let notice = AccountUi::of(state.default_edition()).name_saved.to_owned();
            html(StatusCode::OK, &account_page(&state, &csrf, &user, None, Some(notice)).await?)
        }
    }
}

/// The password change form.
#[derive(Debug, Deserialize)]
pub struct PasswordForm {
    current_password: String,
    new_password: String,
}

/// `POST /account/password`: needs the current password; ends every session of the account
/// (on every device) and starts a new one here.
pub async fn change_password(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    csrf: CsrfToken,
    Form(form): Form<PasswordForm>,
) -> Result<Response> {
    let t = AccountUi::of(state.default_edition());
    let refusal = if !verify_blocking(form.current_password, user.password_hash.clone()).await {
        Some(t.wrong_current.to_owned())
    } else {
        check_password_rules(&form.new_password).err().map(|why| why.to_string())
    };
    if let Some(why) = refusal {
        return html(StatusCode::UNPROCESSABLE_ENTITY, &account_page(&state, &csrf, &user, Some(why), None).await?);
    }
    let hash = hash_blocking(form.new_password, state.config.password_cost).await?;
    db::set_password_and_end_sessions(&state.db, user.id, &hash).await?;
    session::ended(&state).await;
    let jar = session::start(&state, user.id).await?;
    let page = account_page(&state, &csrf, &user, None, Some(t.password_changed_here.into())).await?;
    Ok((jar, html(StatusCode::OK, &page)?).into_response())
}

/// The new API token form.
#[derive(Debug, Deserialize)]
pub struct TokenForm {
    name: String,
}

/// `POST /account/tokens`: a staff member creates a personal API token, shown once.
pub async fn create_token(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    csrf: CsrfToken,
    Form(form): Form<TokenForm>,
) -> Result<Response> {
    if user.role == Role::Reader {
        return Err(AppError::Forbidden("API tokens are for newsroom staff.".into()));
    }
    let name: String = form.name.trim().chars().take(100).collect();
    let name = if name.is_empty() { "API token".to_owned() } else { name };
    let token = format!("nd_{}", random_hex(32));
    crate::newsroom::db::insert_token(&state.db, user.id, &sha256_hex(&token), &name, state.clock.now()).await?;
    let mut page = account_page(&state, &csrf, &user, None, None).await?;
    page.new_token = Some(token);
    html(StatusCode::OK, &page)
}

/// `POST /account/tokens/{id}/revoke`.
pub async fn revoke_token(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    csrf: CsrfToken,
    PathParams(id): PathParams<i64>,
) -> Result<Response> {
    let missing = || AppError::not_found("You have no live API token with this id.");
    if !crate::newsroom::db::revoke_token(&state.db, user.id, id, state.clock.now()).await? {
        return Err(missing());
    }
    html(StatusCode::OK, &account_page(&state, &csrf, &user, None, Some("The token has been revoked.".into())).await?)
}

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
        let site = state.site.get();
        let mail = Mail {
            to: user.email.clone(),
            subject: format!("Reset your {} password", site.name(Lang::En)),
            body: format!(
                "Someone (we hope you) asked to reset the password of your {site_name} account.\r\n\
                 Open this link within 60 minutes to choose a new password. It works once:\r\n\r\n{link}\r\n\r\n\
                 If you did not ask, ignore this message; your password stays as it is.\r\n\r\n\
                 আপনার {site_bn} অ্যাকাউন্টের পাসওয়ার্ড নতুন করে দিতে ৬০ মিনিটের মধ্যে ওপরের লিংকটি খুলুন। \
                 আপনি অনুরোধ না করে থাকলে এই বার্তাটি উপেক্ষা করুন।\r\n",
                site_name = site.name(Lang::En),
                site_bn = site.name(Lang::Bn),
            ),
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
