//! What the newsroom does, shared by the JSON API and the newsroom pages: creating and saving
//! articles with a version check, restoring and comparing revisions, and running workflow
//! steps. Checking an editor's input into the content a save writes is in [`checks`].

pub mod checks;
pub mod handoffs;

use super::api::ArticleInput;
use super::api::workflow::StepInput;
use super::auth::Staff;
use super::db::{self, EditRow, StepData};
use super::model::{self, Status, Step, transition};
use super::policy::{Action, Ownership, Role};
use crate::body::text::diff_text;
use crate::editions::Lang;
use crate::error::AppError;
use crate::idempotency::Claim;
use crate::state::AppState;
pub use checks::content;

/// A 422 with a message.
pub fn invalid(message: impl Into<String>) -> AppError {
    AppError::Unprocessable(message.into())
}

/// An article by the id in its path.
pub async fn load(state: &AppState, id: i64) -> Result<EditRow, AppError> {
    let missing = || AppError::not_found("There is no article with this id.");
    db::find(&state.db, id).await?.ok_or_else(missing)
}

/// Creates a draft from `input`.
pub async fn create_article(
    state: &AppState,
    staff: &Staff,
    input: &ArticleInput,
    claim: Option<&Claim>,
) -> Result<(EditRow, Created), AppError> {
    staff.authorize(Action::CreateArticle, Ownership::NotApplicable)?;
    if let Some(id) = earlier_article(state, staff, claim).await? {
        return Ok((load(state, id).await?, Created::Replayed));
    }
    let lang = input
        .lang
        .as_deref()
        .and_then(Lang::parse)
        .ok_or_else(|| invalid("Give the edition: lang must be en or bn."))?;
    let content = content(state, staff, lang, input, None).await?;
    let translation = translation_target(state, staff, lang, input).await?;
    let id =
        match db::create(&state.db, lang, &content, staff.id, translation.flatten(), claim, state.clock.now()).await {
            Ok(id) => id,
            // The same key sent twice at once: the one that lost answers with the winner's article.
            Err(err) if claim.is_some() && crate::idempotency::lost_race(&err) => {
                match earlier_article(state, staff, claim).await? {
                    Some(id) => return Ok((load(state, id).await?, Created::Replayed)),
                    None => return Err(err.into()),
                }
            }
            Err(err) => return Err(err.into()),
        };
    Ok((load(state, id).await?, Created::New))
}

/// Whether a create made something new or answered a repeated Idempotency-Key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Created {
    New,
    Replayed,
}

async fn earlier_article(state: &AppState, staff: &Staff, claim: Option<&Claim>) -> Result<Option<i64>, AppError> {
    match claim {
        Some(claim) => crate::idempotency::earlier(&state.db, staff.id, claim).await,
        None => Ok(None),
    }
}

/// Saves `input` over the article if nobody saved since `input.version`.
pub async fn edit_article(state: &AppState, staff: &Staff, id: i64, input: &ArticleInput) -> Result<EditRow, AppError> {
    save_as(state, staff, id, input, "edit").await
}

/// Brings back the text of an earlier revision as a new save.
pub async fn restore(
    state: &AppState,
    staff: &Staff,
    id: i64,
    revision: i64,
    version: i64,
) -> Result<EditRow, AppError> {
    let row = load(state, id).await?;
    staff.authorize(Action::EditArticle, staff.ownership(row.created_by))?;
    let old = db::revision(&state.db, row.id, revision)
        .await?
        .ok_or_else(|| AppError::not_found(format!("This article has no revision {revision}.")))?;
    let input = ArticleInput {
        lang: None,
        title: Some(old.title),
        standfirst: Some(old.standfirst),
        body: None,
        body_html: Some(old.body.into_string()),
        section: Some(old.section_slug),
        byline: None,
        topics: None,
        slug: Some(old.slug),
        seo_title: None,
        seo_description: None,
        premoderate: None,
        image_id: None,
        translation_id: None,
        version: Some(version),
    };
    save_as(state, staff, id, &input, &format!("restore v{revision}")).await
}

/// The line difference of an article's body (and its headlines) between two revisions;
/// `from` defaults to the one before `to`, `to` to the latest.
pub async fn compare(
    state: &AppState,
    staff: &Staff,
    id: i64,
    from: Option<i64>,
    to: Option<i64>,
) -> Result<Comparison, AppError> {
    let row = load(state, id).await?;
    staff.authorize(Action::ViewRevisions, staff.ownership(row.created_by))?;
    let (from, to) = Comparison::versions(from, to, row.version);
    let missing = |v: i64| AppError::not_found(format!("This article has no revision {v}."));
    let old = db::revision(&state.db, row.id, from).await?.ok_or_else(|| missing(from))?;
    let new = db::revision(&state.db, row.id, to).await?.ok_or_else(|| missing(to))?;
    let (old_text, new_text) = (diff_text(&old.body), diff_text(&new.body));
    Ok(Comparison::of(row.id, (from, &old.title, &old_text), (to, &new.title, &new_text)))
}

/// The translation link `input` asks for: `None` to leave it, `Some(None)` to remove it.
async fn translation_target(
    state: &AppState,
    staff: &Staff,
    lang: Lang,
    input: &ArticleInput,
) -> Result<Option<Option<i64>>, AppError> {
    match input.translation_id {
        None => Ok(None),
        Some(0) => Ok(Some(None)),
        Some(id) => {
            let unknown = || invalid(format!("There is no article {id} to link as the translation."));
            let other = db::find(&state.db, id).await?.ok_or_else(unknown)?;
            // Linking rewrites the other article too, so the caller must be allowed to edit it;
            // an article they may not see is answered like a missing one.
            match staff.authorize(Action::EditArticle, staff.ownership(other.created_by)) {
                Ok(()) => {}
                Err(AppError::NotFound(_)) => return Err(unknown()),
                Err(refused) => return Err(refused),
            }
            if other.lang == lang {
                return Err(invalid("A translation must be in the other edition."));
            }
            Ok(Some(Some(other.id)))
        }
    }
}

/// Two revisions compared.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Comparison {
    pub id: i64,
    pub from: i64,
    pub to: i64,
    pub title_from: String,
    pub title_to: String,
    pub body: Vec<model::DiffLine>,
}

impl Comparison {
    /// The versions to compare when `from` or `to` is left out: `to` the latest, `from` the
    /// one before it.
    pub fn versions(from: Option<i64>, to: Option<i64>, latest: i64) -> (i64, i64) {
        let to = to.unwrap_or(latest);
        (from.unwrap_or(to.saturating_sub(1).max(1)), to)
    }

    /// Revisions `(version, title, body)` of the article or page `id`, compared line by line.
    pub fn of(id: i64, (from, title_from, old): (i64, &str, &str), (to, title_to, new): (i64, &str, &str)) -> Self {
        Self {
            id,
            from,
            to,
            title_from: title_from.to_owned(),
            title_to: title_to.to_owned(),
            body: model::diff(old, new),
        }
    }
}

async fn save_as(
    state: &AppState,
    staff: &Staff,
    id: i64,
    input: &ArticleInput,
    action: &str,
) -> Result<EditRow, AppError> {
    let row = load(state, id).await?;
    staff.authorize(Action::EditArticle, staff.ownership(row.created_by))?;
    if staff.role == Role::Reporter && row.status != Status::Draft {
        return Err(AppError::Forbidden(
            "This story has been submitted for review and is with the editors now. You can still read it, \
             and edit it again if it comes back to you as a draft."
                .into(),
        ));
    }
    if input.lang.as_deref().is_some_and(|l| Lang::parse(l) != Some(row.lang)) {
        return Err(invalid("An article cannot move to the other edition; create its translation instead."));
    }
    let version = input.version.ok_or_else(|| invalid("Send the `version` your change is based on."))?;
    check_version(state, &row, version).await?;
    let lang = row.lang;
    let content = content(state, staff, lang, input, Some(&row)).await?;
    let translation = translation_target(state, staff, lang, input).await?;
    if db::save(&state.db, row.id, version, &content, staff.id, action, state.clock.now()).await?.is_none() {
        let fresh = load(state, id).await?;
        check_version(state, &fresh, version).await?;
    }
    if let Some(other) = translation {
        db::link_translation(&state.db, row.id, other).await?;
    }
    after_public_change(state, row.status).await;
    load(state, id).await
}

/// Refuses a change based on an older version, naming who saved last.
pub async fn check_version(state: &AppState, row: &EditRow, version: i64) -> Result<(), AppError> {
    if row.version == version {
        return Ok(());
    }
    let last = db::revisions(&state.db, row.id).await?.into_iter().next();
    let by = last.and_then(|r| r.author).unwrap_or_else(|| "someone".into());
    Err(AppError::Conflict(format!(
        "This article changed since you opened it: you have version {version}, it is now at version {} (last saved by {by}). \
         Reload it, and apply your change again.",
        row.version
    )))
}

/// Public pages showing the article must show the change now: search follows, and when the
/// story is public the trending lists are reloaded and both editions' pages rendered again.
async fn after_public_change(state: &AppState, status_before: Status) {
    state.search.nudge();
    if matches!(status_before, Status::Published | Status::Scheduled) {
        stories_changed(state).await;
    }
}

/// A public story changed (published, edited, taken down): every node renders its pages again.
pub async fn stories_changed(state: &AppState) {
    state.changed(crate::cache::Invalidation::Stories).await;
}

/// The note a step carries: required to return a story (the reporter must learn what to
/// change), optional otherwise.
fn step_note(step: Step, note: Option<&str>) -> Result<Option<String>, AppError> {
    let note = note.map(str::trim).filter(|n| !n.is_empty());
    match note {
        Some(note) => Ok(Some(model::bounded("note", note, crate::notifications::model::MAX_NOTE).map_err(invalid)?)),
        None if step == Step::Return => {
            Err(invalid("Say what the reporter should change: the note is required to return a story."))
        }
        None => Ok(None),
    }
}

/// Runs one workflow step.
pub async fn run_step(
    state: &AppState,
    staff: &Staff,
    id: i64,
    input: StepInput,
    step: Step,
    action: Action,
) -> Result<EditRow, AppError> {
    let row = load(state, id).await?;
    staff.authorize(action, staff.ownership(row.created_by))?;
    let version = input.version.unwrap_or(row.version);
    check_version(state, &row, version).await?;
    let from = row.status;
    let to = transition(from, step).map_err(AppError::Conflict)?;
    let now = state.clock.now();
    let mut data = StepData::default();
    if step == Step::Schedule {
        let at = input
            .at
            .as_deref()
            .ok_or_else(|| invalid("Give the time to publish as `at`, e.g. 2026-12-01T08:00:00+06:00."))?;
        let at = chrono::DateTime::parse_from_rfc3339(at)
            .map_err(|_| invalid(format!("`at` is not an RFC 3339 time: {at:?}")))?
            .timestamp();
        data.scheduled_at = Some(model::schedule_time(at, now).map_err(invalid)?);
    }
    if step == Step::Correct {
        let note = input
            .note
            .as_deref()
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .ok_or_else(|| invalid("Give the correction as `note`."))?;
        data.correction_note = Some(model::bounded("correction note", note, 2000).map_err(invalid)?);
    } else {
        data.note = step_note(step, input.note.as_deref())?;
    }
    let data = handoffs::notify(state, Some(staff), &row, step, data);
    if db::set_status(&state.db, row.id, version, from, to, &data, step.as_str(), Some(staff.id), now).await?.is_none()
    {
        let fresh = load(state, id).await?;
        check_version(state, &fresh, version).await?;
        return Err(AppError::Conflict("The article changed while this step ran; reload and try again.".into()));
    }
    state.search.nudge();
    if from == Status::Published || to == Status::Published {
        stories_changed(state).await;
    }
    load(state, id).await
}
