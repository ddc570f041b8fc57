//! Who is calling the newsroom: on the API, a staff member's session (with the CSRF token in an
//! `X-CSRF-Token` header for writes) or a personal API token (`Authorization: Bearer …`), as
//! [`Staff`]; on the newsroom's pages, a logged-in staff member, as [`StaffPage`].

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{Method, header};
use axum::response::{IntoResponse, Response};

use super::db;
use super::i18n::{fill, tr};
use super::policy::{Action, Decision, Ownership, Role, decide};
use crate::accounts::db::UserRow;
use crate::accounts::model::SessionUser;
use crate::accounts::model::sha256_hex;
use crate::accounts::session::{CurrentUser, MaybeUser};
use crate::csrf;
use crate::editions::Lang;
use crate::error::{ApiError, AppError};
use crate::state::AppState;

/// What an action is, as a refusal names it.
fn doing(action: Action) -> &'static str {
    use Action::*;
    match action {
        ListArticles | ViewArticle | ViewRevisions => "reading the newsroom's stories",
        CreateArticle | EditArticle | SubmitArticle => "writing or editing stories",
        PublishArticle | ScheduleArticle | UnpublishArticle | CorrectArticle => {
            "publishing, scheduling, unpublishing or correcting stories"
        }
        ModerateComments => "moderating readers' comments",
        BanReaders => "banning readers",
        ViewReaders => "the list of readers",
        UploadMedia => "the media library",
        ManageSettings => "the site's settings",
        ManageStaff => "managing staff accounts and invitations",
        CurateFront => "curating the front pages, the breaking-news banner and polls",
        ManagePages => "the site's own pages",
        ReturnArticle => "returning stories to their reporters",
        NoteArticle => "the desk's notes on a story",
        ReadNotifications => "notifications",
        ListBylines => "the bylines",
        EditByline => "editing another person's byline",
        ManageBylines => "adding, retiring and merging desks, contributors and agencies",
        ManageSections => "managing the sections",
        CreateTopics => "creating topics",
        ManageTopics => "renaming, merging and deleting topics",
        ManageRedirects => "the redirects of old addresses",
    }
}

/// What each role can do in the newsroom, and where: the way on from a refusal (in English;
/// `tr` gives it in the person's language).
pub fn what_you_can_do(role: Role) -> &'static str {
    match role {
        Role::Reader => {
            "The newsroom is for the site's staff, and this is a reader's account. If you work here, an admin can \
             invite you; until then you can read and comment on the site."
        }
        Role::Reporter => {
            "As a reporter you write your own stories, add images from the media library, keep your byline and \
             submit stories for review; editors publish them. Your stories are in the article list at /newsroom."
        }
        Role::Editor => {
            "As an editor you write, edit, schedule, publish and correct every story, and curate the front pages, \
             polls, the site's pages, bylines, sections and topics; start from the article list at /newsroom. \
             Comments are the moderators' work, staff accounts and settings the admins'."
        }
        Role::Moderator => {
            "As a moderator you look after readers' comments and ban or unban readers: the comment queue is at \
             /newsroom/comments and the readers at /newsroom/readers."
        }
        Role::Admin => "As an admin you may open every page of the newsroom, starting at /newsroom.",
    }
}

/// `err` with its message in `lang` when it is one of the `known` English messages: the
/// refusals the newsroom's shared actions give (in English on the API), for the pages.
pub fn refusal_in(lang: Lang, err: AppError, known: &[&'static str]) -> AppError {
    let said = |message: &str| known.iter().find(|k| **k == message).map(|k| tr(lang, k).to_owned());
    match err {
        AppError::NotFound(m) => AppError::NotFound(said(&m).unwrap_or(m)),
        AppError::Conflict(m) => AppError::Conflict(said(&m).unwrap_or(m)),
        AppError::Unprocessable(m) => AppError::Unprocessable(said(&m).unwrap_or(m)),
        other => other,
    }
}

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
    /// This staff member as the JSON API answers them: in English, since the API is for programs
    /// whatever language its caller chose for the newsroom's pages.
    pub fn for_api(&self) -> Self {
        Self { lang: Lang::En, ..self.clone() }
    }

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
            Decision::Forbidden => Err(self.forbidden(Some(action))),
            Decision::Hidden => Err(AppError::not_found("There is no article with this id.")),
        }
    }

    /// The refusal of `action` (or of the whole newsroom): what the role does not include, and
    /// what this person can do instead, so that no refusal is a dead end; in their language.
    fn forbidden(&self, action: Option<Action>) -> AppError {
        let refused = match action {
            Some(action) => fill(
                tr(self.lang, "Your role ({role}) does not include {doing}. "),
                &[("role", tr(self.lang, self.role.as_str())), ("doing", tr(self.lang, doing(action)))],
            ),
            None => String::new(),
        };
        AppError::Forbidden(format!("{refused}{}", tr(self.lang, what_you_can_do(self.role))))
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
            return Err(staff.forbidden(None).into_response());
        }
        let unread = crate::notifications::db::unread_count(&state.db, staff.id).await;
        staff.unread = Some(unread.map_err(|err| AppError::from(err).into_response())?);
        Ok(Self(staff))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_known_refusal_is_given_in_the_persons_language_and_others_are_left_as_they_are() {
        let known = &["There is no reader with this id."];
        let bangla = refusal_in(Lang::Bn, AppError::not_found("There is no reader with this id."), known);
        assert_eq!(bangla.to_string(), "এই নম্বরে কোনো পাঠক নেই।");
        let english = refusal_in(Lang::En, AppError::not_found("There is no reader with this id."), known);
        assert_eq!(english.to_string(), "There is no reader with this id.");
        let unknown = refusal_in(Lang::Bn, AppError::Conflict("Something else.".into()), known);
        assert_eq!(unknown.to_string(), "Something else.");
    }

    #[test]
    fn every_refusal_of_a_role_reads_in_bangla() {
        for role in Role::ALL {
            assert_ne!(tr(Lang::Bn, what_you_can_do(role)), what_you_can_do(role), "{role:?}");
        }
        // The routes name every action there is.
        for entry in crate::newsroom::route_table() {
            assert_ne!(tr(Lang::Bn, doing(entry.action)), doing(entry.action), "{:?}", entry.action);
        }
    }
}
