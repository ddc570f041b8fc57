//! Polls in the newsroom: the checks and changes its API ([`api`]) and its pages ([`pages`])
//! share. Editors and admins may do all of it (`Action::CurateFront`); every change that
//! readers see re-renders the poll's edition.

pub mod api;
pub mod pages;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::db::{self, NewPoll, PollRow, Updated};
use super::model::{FieldError, PollDraft};
use crate::editions::Lang;
use crate::error::AppError;
use crate::newsroom::auth::Staff;
use crate::newsroom::policy::{Action, Ownership};
use crate::state::AppState;

/// What an editor sends to create or change a poll; absent fields stay as they are.
#[derive(Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PollInput {
    /// `en` or `bn`; only when creating.
    pub lang: Option<String>,
    /// Up to 300 characters.
    pub question: Option<String>,
    /// 2 to 6 answers, each up to 150 characters. Once votes are counted they may be reworded
    /// but not added or removed.
    pub options: Option<Vec<String>>,
    /// RFC 3339; when creating, now if left out.
    pub opens_at: Option<String>,
    /// RFC 3339, after `opens_at`; required when creating.
    pub closes_at: Option<String>,
    /// The story of the same edition to show the poll under; 0 removes the link.
    pub article_id: Option<i64>,
    /// The version the change is based on (required when changing).
    pub version: Option<i64>,
}

fn invalid(error: FieldError) -> AppError {
    AppError::Unprocessable(error.to_string())
}

fn time(field: &'static str, text: &str) -> Result<i64, AppError> {
    chrono::DateTime::parse_from_rfc3339(text.trim()).map(|t| t.timestamp()).map_err(|_| {
        invalid(FieldError::new(field, format!("{text:?} is not an RFC 3339 time such as 2026-12-01T08:00:00+06:00.")))
    })
}

/// The article a poll of `lang` may be tied to: it exists and is of the same edition.
async fn checked_article(state: &AppState, lang: Lang, article_id: Option<i64>) -> Result<Option<i64>, AppError> {
    let Some(id) = article_id.filter(|id| *id != 0) else { return Ok(None) };
    match db::article_lang(&state.db, id).await? {
        None => Err(invalid(FieldError::new("article_id", format!("There is no article {id}.")))),
        Some(other) if other != lang => Err(invalid(FieldError::new(
            "article_id",
            format!(
                "Article {id} is in the {} edition; this poll is in the {} edition.",
                other.ui().edition_name,
                lang.ui().edition_name
            ),
        ))),
        Some(_) => Ok(Some(id)),
    }
}

/// A poll by id, for the newsroom (whatever its phase).
pub async fn load(state: &AppState, id: i64) -> Result<PollRow, AppError> {
    db::find(&state.db, id).await?.ok_or_else(|| AppError::not_found(format!("There is no poll {id}.")))
}

/// Creates a poll.
pub async fn create(state: &AppState, staff: &Staff, input: &PollInput) -> Result<PollRow, AppError> {
    staff.authorize(Action::CurateFront, Ownership::NotApplicable)?;
    let code = input.lang.as_deref().unwrap_or("");
    let lang = Lang::parse(code)
        .ok_or_else(|| invalid(FieldError::new("lang", format!("The edition must be en or bn, not {code:?}."))))?;
    let now = state.clock.now();
    let opens_at =
        input.opens_at.as_deref().filter(|t| !t.trim().is_empty()).map_or(Ok(now), |t| time("opens_at", t))?;
    let closes_at = match input.closes_at.as_deref().filter(|t| !t.trim().is_empty()) {
        Some(t) => time("closes_at", t)?,
        None => return Err(invalid(FieldError::new("closes_at", "Give the time the poll closes."))),
    };
    let draft = PollDraft::parse(
        input.question.as_deref().unwrap_or(""),
        input.options.as_deref().unwrap_or(&[]),
        opens_at,
        closes_at,
    )
    .map_err(invalid)?;
    let article_id = checked_article(state, lang, input.article_id).await?;
    let id = db::insert(&state.db, &NewPoll { lang, draft: &draft, article_id }, Some(staff.id), now).await?;
    super::changed(state, lang).await;
    load(state, id).await
}

/// Changes a poll, if it is still at the version the change names.
pub async fn update(state: &AppState, staff: &Staff, id: i64, input: &PollInput) -> Result<PollRow, AppError> {
    staff.authorize(Action::CurateFront, Ownership::NotApplicable)?;
    let row = load(state, id).await?;
    let version = input.version.ok_or_else(|| {
        invalid(FieldError::new("version", "Send the version your change is based on, as the poll's `version`."))
    })?;
    if input.lang.as_deref().is_some_and(|l| l != row.lang.code()) {
        return Err(invalid(FieldError::new("lang", "A poll stays in its edition; make a new one for the other.")));
    }
    let options = match &input.options {
        Some(options) => options.clone(),
        None => db::counts(&state.db, id).await?.into_iter().map(|o| o.label).collect(),
    };
    let opens_at = input.opens_at.as_deref().map_or(Ok(row.opens_at), |t| time("opens_at", t))?;
    let closes_at = input.closes_at.as_deref().map_or(Ok(row.closes_at), |t| time("closes_at", t))?;
    let question = input.question.as_deref().unwrap_or(&row.question);
    let draft = PollDraft::parse(question, &options, opens_at, closes_at).map_err(invalid)?;
    let article_id = checked_article(state, row.lang, input.article_id.or(row.article_id)).await?;
    let poll = NewPoll { lang: row.lang, draft: &draft, article_id };
    match db::update(&state.db, id, version, &poll, state.clock.now()).await? {
        Updated::Done(saved) => {
            super::changed(state, saved.lang).await;
            Ok(saved)
        }
        Updated::Stale => Err(stale(state, id, version).await),
        Updated::OptionsLocked => Err(invalid(FieldError::new(
            "options",
            "Votes are counted for this poll's options: they may be reworded, but not added or removed.",
        ))),
    }
}

async fn stale(state: &AppState, id: i64, version: i64) -> AppError {
    match db::find(&state.db, id).await {
        Ok(Some(now)) => AppError::Conflict(format!(
            "This poll changed since version {version}: it is at version {}. Reload it and make your change again.",
            now.version
        )),
        Ok(None) => AppError::not_found(format!("There is no poll {id}.")),
        Err(err) => err.into(),
    }
}

/// Closes a poll now: no vote counts after this.
pub async fn close(state: &AppState, staff: &Staff, id: i64, version: i64) -> Result<PollRow, AppError> {
    staff.authorize(Action::CurateFront, Ownership::NotApplicable)?;
    load(state, id).await?;
    match db::close(&state.db, id, version, state.clock.now()).await? {
        Some(row) => {
            super::changed(state, row.lang).await;
            Ok(row)
        }
        None => Err(stale(state, id, version).await),
    }
}

/// Deletes a poll with its votes.
pub async fn delete(state: &AppState, staff: &Staff, id: i64) -> Result<(), AppError> {
    staff.authorize(Action::CurateFront, Ownership::NotApplicable)?;
    let lang =
        db::delete(&state.db, id).await?.ok_or_else(|| AppError::not_found(format!("There is no poll {id}.")))?;
    super::changed(state, lang).await;
    Ok(())
}
