//! The account page: a reader's or staff member's name, password and personal API tokens.

use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::cookie::CookieJar;
use serde::Deserialize;

use super::model::{DisplayName, check_password_rules, random_hex, sha256_hex};
use super::session::{self, CurrentUser};
use super::{db, strings::AccountUi};
use crate::csrf::CsrfToken;
use crate::editions::format_datetime;
use crate::error::{AppError, Result};
use crate::newsroom::policy::Role;
use crate::state::AppState;
use crate::web::{Chrome, PageMeta, PathParams};

use super::pages::{hash_blocking, html, page_meta, verify_blocking};

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
    /// Staff see their API tokens and the newsroom's language; readers have neither.
    staff: bool,
    /// `en` or `bn`.
    newsroom_lang: &'static str,
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
    let mut chrome = chrome;
    // This page is the reader's own, never cached: the "Newsroom" link needs no script here.
    chrome.staff = staff;
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
        newsroom_lang: user.newsroom_lang.unwrap_or_else(|| state.default_edition()).code(),
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
    // The hint follows the account's role as it is now (a promotion, a demotion).
    let hint = session::staff_hint(&state, user.role);
    Ok((CookieJar::new().add(hint), html(StatusCode::OK, &account_page(&state, &csrf, &user, None, None).await?)?)
        .into_response())
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

/// The newsroom language form.
#[derive(Debug, Deserialize)]
pub struct LanguageForm {
    #[serde(default)]
    lang: String,
}

/// `POST /account/newsroom-language`: a staff member chooses the newsroom's language, and lands
/// in the newsroom speaking it.
pub async fn set_newsroom_language(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Form(form): Form<LanguageForm>,
) -> Result<Response> {
    let Some(landing) = crate::newsroom::policy::landing(user.role) else {
        return Err(AppError::Forbidden("The newsroom's language is for newsroom staff.".into()));
    };
    let lang = crate::editions::Lang::parse(&form.lang)
        .ok_or_else(|| AppError::bad_request("Choose English (en) or Bangla (bn) for the newsroom."))?;
    db::set_newsroom_lang(&state.db, user.id, lang).await?;
    Ok(crate::web::see_other(landing))
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
