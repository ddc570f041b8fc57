//! Invitations to the newsroom: an admin's invitation is stored and its single-use link
//! mailed; the invited person opens it, chooses a name and password, and is logged in as staff.

use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use serde::{Deserialize, Serialize};
use sqlx::Row;
use utoipa::ToSchema;

use crate::accounts::model::{DisplayName, Email, check_password_rules, hash_password, random_hex, sha256_hex};
use crate::accounts::session;
use crate::clock::Timestamp;
use crate::csrf::CsrfToken;
use crate::editions::Lang;
use crate::error::{AppError, Result};
use crate::mail::Mail;
use crate::newsroom::auth::Staff;
use crate::newsroom::i18n::{fill, tr};
use crate::newsroom::policy::{Action, Ownership, Role};
use crate::state::AppState;

/// An invitation link works this long.
pub const INVITE_TTL_SECS: i64 = 7 * 86_400;

/// An invitation to send.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InviteInput {
    pub email: String,
    /// reporter, editor, moderator or admin.
    pub role: String,
    /// The invitee's language, `en` or `bn`: the mail is written in it and the new account's
    /// newsroom speaks it. The site's main edition when left out.
    #[serde(default)]
    pub lang: Option<String>,
}

/// An invitation sent.
#[derive(Debug, Serialize, ToSchema)]
pub struct InviteResult {
    pub email: String,
    pub role: String,
    pub expires_at: String,
}

/// Stores an invitation and mails its link.
pub async fn invite(
    state: &AppState,
    staff: &Staff,
    input: &InviteInput,
) -> std::result::Result<InviteResult, AppError> {
    staff.authorize(Action::ManageStaff, Ownership::NotApplicable)?;
    let email = Email::parse(&input.email)
        .ok_or_else(|| AppError::Unprocessable("Give a valid email address to invite.".into()))?;
    let role = Role::parse(&input.role)
        .filter(|r| *r != Role::Reader)
        .ok_or_else(|| AppError::Unprocessable("Invite as reporter, editor, moderator or admin.".into()))?;
    let lang = match input.lang.as_deref().map(str::trim).filter(|l| !l.is_empty()) {
        None => state.default_edition(),
        Some(code) => Lang::parse(code)
            .ok_or_else(|| AppError::Unprocessable("Write the invitation in en (English) or bn (Bangla).".into()))?,
    };
    let token = random_hex(32);
    let now = state.clock.now();
    sqlx::query(
        "INSERT INTO staff_invites (token_hash, email, role, invited_by, created_at, expires_at, lang) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(sha256_hex(&token))
    .bind(email.as_str())
    .bind(role)
    .bind(staff.id)
    .bind(now)
    .bind(now + INVITE_TTL_SECS)
    .bind(lang)
    .execute(&state.db.pool)
    .await?;
    let mail = invitation_mail(state, &staff.name, email.as_str(), role, lang, &token);
    state.mailer.send(&mail, now).await.map_err(AppError::from)?;
    Ok(InviteResult {
        email: email.as_str().to_owned(),
        role: role.as_str().to_owned(),
        expires_at: crate::editions::rfc3339(now + INVITE_TTL_SECS, state.config.utc_offset_minutes),
    })
}

/// The mail that carries an invitation's link, from `inviter`, in the invitee's `lang`.
pub(super) fn invitation_mail(
    state: &AppState,
    inviter: &str,
    email: &str,
    role: Role,
    lang: Lang,
    token: &str,
) -> Mail {
    let site = state.site.get();
    let link = format!("{}/invite?token={token}", state.config.base_url);
    let body = "{inviter} invites you to join the {site} newsroom as {role}.\r\nOpen this link within 7 days to choose \
                your password. It works once:\r\n\r\n{link}\r\n";
    let values = [("inviter", inviter), ("site", site.name(lang)), ("role", tr(lang, role.as_str())), ("link", &link)];
    Mail {
        to: email.to_owned(),
        subject: fill(tr(lang, "You are invited to the {site} newsroom"), &[("site", site.name(lang))]),
        body: fill(tr(lang, body), &values),
    }
}

/// A live invitation, as its link opens it.
struct LiveInvite {
    email: String,
    role: Role,
    /// The invitation's language; the site's main edition for one sent before it had one.
    lang: Lang,
}

/// The live invitation of `token`, if there is one.
async fn live_invite(state: &AppState, token: &str, now: Timestamp) -> sqlx::Result<Option<LiveInvite>> {
    let row = sqlx::query(
        "SELECT email, role, lang FROM staff_invites WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2",
    )
    .bind(sha256_hex(token))
    .bind(now)
    .fetch_optional(&state.db.pool)
    .await?;
    row.map(|r| {
        let lang: Option<Lang> = r.try_get("lang")?;
        let lang = lang.unwrap_or_else(|| state.default_edition());
        Ok(LiveInvite { email: r.try_get("email")?, role: r.try_get("role")?, lang })
    })
    .transpose()
}

#[derive(Template)]
#[template(path = "accounts/invite.html")]
struct AcceptTemplate {
    chrome: crate::web::Chrome,
    meta: crate::web::PageMeta,
    lang: Lang,
    csrf: String,
    token: String,
    email: String,
    role: &'static str,
    /// "You are invited as {role} with the address {email}." around its two values.
    invited: [&'static str; 3],
    name: String,
    error: Option<String>,
}

impl AcceptTemplate {
    /// The page's text in the invitation's language.
    fn t(&self, english: &'static str) -> &'static str {
        tr(self.lang, english)
    }
}

/// The acceptance page, in the invitation's language.
fn accept_page(
    state: &AppState,
    csrf: &CsrfToken,
    token: &str,
    invite: &LiveInvite,
    name: &str,
    error: Option<String>,
) -> Result<String> {
    let lang = invite.lang;
    let chrome = crate::web::Chrome::new(state, lang, None);
    let meta = crate::web::PageMeta {
        title: fill(tr(lang, "Join the newsroom | {site}"), &[("site", &chrome.site_name)]),
        description: tr(lang, "Accept an invitation to the newsroom.").into(),
        canonical: format!("{}/invite", state.config.base_url),
    };
    // The role comes before the address in both languages.
    let sentence = tr(lang, "You are invited as {role} with the address {email}.");
    let (before, rest) = sentence.split_once("{role}").unwrap_or((sentence, ""));
    let (between, after) = rest.split_once("{email}").unwrap_or((rest, ""));
    Ok(AcceptTemplate {
        chrome,
        meta,
        lang,
        csrf: csrf.value().to_owned(),
        token: token.into(),
        email: invite.email.clone(),
        role: tr(lang, invite.role.as_str()),
        invited: [before, between, after],
        name: name.into(),
        error,
    }
    .render()?)
}

const INVITE_INVALID: &str = "This invitation has expired or has already been used. Ask an admin for a new one.";

/// `?token=` of the invitation link.
#[derive(Debug, Deserialize)]
pub struct TokenQuery {
    token: Option<String>,
}

/// `GET /invite?token=…`: the form to accept an invitation.
pub async fn accept_form(
    State(state): State<AppState>,
    csrf: CsrfToken,
    Query(q): Query<TokenQuery>,
) -> Result<Response> {
    let token = q.token.unwrap_or_default();
    let invite =
        live_invite(&state, &token, state.clock.now()).await?.ok_or_else(|| AppError::bad_request(INVITE_INVALID))?;
    Ok(Html(accept_page(&state, &csrf, &token, &invite, "", None)?).into_response())
}

/// The acceptance form.
#[derive(Debug, Deserialize)]
pub struct AcceptForm {
    token: String,
    display_name: String,
    password: String,
}

/// `POST /invite`: creates the staff account (or gives an existing account the role), uses up
/// the invitation and logs in.
pub async fn accept(State(state): State<AppState>, csrf: CsrfToken, Form(f): Form<AcceptForm>) -> Result<Response> {
    let now = state.clock.now();
    let invite = live_invite(&state, &f.token, now).await?.ok_or_else(|| AppError::bad_request(INVITE_INVALID))?;
    let refuse = |why: String| -> Result<Response> {
        Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            Html(accept_page(&state, &csrf, &f.token, &invite, &f.display_name, Some(why))?),
        )
            .into_response())
    };
    let name = match DisplayName::parse(&f.display_name) {
        Ok(n) => n,
        Err(why) => return refuse(why.into()),
    };
    if let Err(why) = check_password_rules(&f.password) {
        return refuse(why.to_string());
    }
    let password = f.password.clone();
    let cost = state.config.password_cost;
    let hash = tokio::task::spawn_blocking(move || hash_password(&password, cost))
        .await
        .map_err(|e| AppError::Internal(e.into()))?
        .map_err(AppError::from)?;
    let used = sqlx::query(
        "UPDATE staff_invites SET used_at = $2 WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2",
    )
    .bind(sha256_hex(&f.token))
    .bind(now)
    .execute(&state.db.pool)
    .await?;
    if used.rows_affected() != 1 {
        return Err(AppError::bad_request(INVITE_INVALID));
    }
    let (email, role) = (&invite.email, invite.role);
    let mail =
        Email::parse(email).ok_or_else(|| AppError::Internal(anyhow::anyhow!("invite email {email:?} is invalid")))?;
    let user_id = match crate::accounts::db::insert_user(&state.db, &mail, name.as_str(), &hash, role, now).await? {
        Some(id) => id,
        None => promote_existing(&state, &mail, role, &hash, now).await?,
    };
    // The newsroom speaks the invitation's language until the person chooses otherwise; one
    // already chosen (by a reader who had an account) is theirs and stays.
    sqlx::query("UPDATE users SET newsroom_lang = $2 WHERE id = $1 AND newsroom_lang IS NULL")
        .bind(user_id)
        .bind(invite.lang)
        .execute(&state.db.pool)
        .await?;
    let jar = session::start(&state, user_id).await?.add(session::staff_hint(&state, role));
    Ok((jar, (StatusCode::SEE_OTHER, [(header::LOCATION, "/newsroom")])).into_response())
}

/// The invited person already reads the site: their account gets the role and the new
/// password, unless an admin disabled it, which an old invitation must not undo. Their earlier
/// sessions and tokens end. Returns the account's id.
async fn promote_existing(state: &AppState, mail: &Email, role: Role, hash: &str, now: Timestamp) -> Result<i64> {
    let query = sqlx::query(
        "UPDATE users SET role = $2, password_hash = $3 WHERE email = $1 AND disabled_at IS NULL RETURNING id",
    )
    .bind(mail.as_str())
    .bind(role)
    .bind(hash);
    let row = crate::db::write_returning(query, &state.db.pool)
        .await?
        .ok_or_else(|| AppError::Forbidden("This account has been disabled; ask an admin.".into()))?;
    let id: i64 = row.try_get("id")?;
    crate::bylines::db::ensure_for_user(&state.db, id).await?;
    sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(id).execute(&state.db.pool).await?;
    crate::accounts::session::ended(state).await;
    sqlx::query("UPDATE api_tokens SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL")
        .bind(id)
        .bind(now)
        .execute(&state.db.pool)
        .await?;
    Ok(id)
}
