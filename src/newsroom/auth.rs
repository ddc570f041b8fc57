//! Who is calling the newsroom: on the API, a staff member's session (with the CSRF token in an
//! `X-CSRF-Token` header for writes) or a personal API token (`Authorization: Bearer …`), as
//! [`Staff`]; on the newsroom's pages, a logged-in staff member, as [`StaffPage`].

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{Method, header};
use axum::response::{IntoResponse, Response};

use super::db;
use super::policy::{Action, Decision, Ownership, Role, decide};
use crate::accounts::db::UserRow;
use crate::accounts::model::SessionUser;
use crate::accounts::model::sha256_hex;
use crate::accounts::session::{CurrentUser, MaybeUser};
use crate::csrf;
use crate::editions::Lang;
use crate::error::{ApiError, AppError};
use crate::state::AppState;

/// An authenticated account calling the newsroom; what it may do is decided per action.
#[derive(Debug, Clone)]
pub struct Staff {
    pub id: i64,
    pub role: Role,
    pub name: String,
    /// The language the newsroom speaks to this person: their choice, else the site's main
    /// edition.
    pub lang: Lang,
    /// Unread notifications, for the menu: counted on newsroom pages only, `None` on the API.
    pub unread: Option<i64>,
}

impl Staff {
    fn from_session(user: &SessionUser, state: &AppState) -> Self {
        let lang = user.newsroom_lang.unwrap_or_else(|| state.default_edition());
        Self { id: user.id, role: user.role, name: user.display_name.clone(), lang, unread: None }
    }

    fn from_user(user: &UserRow, state: &AppState) -> Self {
        let lang = user.newsroom_lang.unwrap_or_else(|| state.default_edition());
        Self { id: user.id, role: user.role, name: user.display_name.clone(), lang, unread: None }
    }

    /// Applies the policy table: `Ok` to go ahead, 403 or 404 otherwise.
    pub fn authorize(&self, action: Action, ownership: Ownership) -> Result<(), AppError> {
        match decide(self.role, action, ownership) {
            Decision::Allow => Ok(()),
            Decision::Forbidden => Err(self.forbidden()),
            Decision::Hidden => Err(AppError::not_found("There is no article with this id.")),
        }
    }

    fn forbidden(&self) -> AppError {
        AppError::Forbidden(format!(
            "Your role ({}) does not allow this. Ask an editor or an admin.",
            self.role.as_str()
        ))
    }

    /// Whether an object created by `owner` is the caller's.
    pub fn ownership(&self, owner: Option<i64>) -> Ownership {
        if owner == Some(self.id) { Ownership::Own } else { Ownership::Other }
    }
}

impl FromRequestParts<AppState> for Staff {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        if let Some(value) = parts.headers.get(header::AUTHORIZATION) {
            let token = value.to_str().ok().and_then(|v| v.strip_prefix("Bearer ")).ok_or_else(|| {
                AppError::Unauthorized("Send the API token as `Authorization: Bearer <token>`.".into())
            })?;
            let user = db::token_user(&state.db, &sha256_hex(token.trim()))
                .await?
                .ok_or_else(|| AppError::Unauthorized("This API token is not valid or has been revoked.".into()))?;
            return Ok(Self::from_user(&user, state));
        }
        let MaybeUser(user) = MaybeUser::from_request_parts(parts, state).await?;
        let user = user.ok_or_else(|| {
            AppError::Unauthorized("Log in, or send a personal API token as `Authorization: Bearer <token>`.".into())
        })?;
        // A session rides along with any request the browser makes, so API writes must also
        // prove they come from our own pages (forms are checked by the CSRF middleware).
        if !matches!(parts.method, Method::GET | Method::HEAD) && parts.uri.path().starts_with("/api/") {
            let expected = crate::cookies::get(&parts.headers, csrf::COOKIE);
            let given = parts.headers.get("x-csrf-token").and_then(|v| v.to_str().ok());
            if !matches!((expected.as_deref(), given), (Some(expected), Some(given)) if csrf::same(expected, given)) {
                return Err(AppError::Forbidden(
                    "Writes with a session need the page's CSRF token in an `X-CSRF-Token` header.".into(),
                )
                .into());
            }
        }
        Ok(Self::from_session(&user, state))
    }
}

/// A staff member on a newsroom page. Anyone else is sent to the login page and brought back
/// (anonymous) or refused with a 403 page (a reader); what the staff member may do with each
/// object is still decided by [`Staff::authorize`].
#[derive(Debug, Clone)]
pub struct StaffPage(pub Staff);

impl FromRequestParts<AppState> for StaffPage {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let CurrentUser(user) = CurrentUser::from_request_parts(parts, state).await?;
        let mut staff = Staff::from_session(&user, state);
        if staff.role == Role::Reader {
            return Err(staff.forbidden().into_response());
        }
        let unread = crate::notifications::db::unread_count(&state.db, staff.id).await;
        staff.unread = Some(unread.map_err(|err| AppError::from(err).into_response())?);
        Ok(Self(staff))
    }
}
