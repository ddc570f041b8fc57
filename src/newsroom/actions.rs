//! What the newsroom does, shared by the JSON API and the newsroom pages: checking input,
//! creating and saving articles with a version check, and running workflow steps.

use super::api::ArticleInput;
use super::api::workflow::StepInput;
use super::auth::Staff;
use super::db::{self, Content, EditRow, StepData};
use super::model::{self, MAX_BODY, MAX_STANDFIRST, Status, Step, transition};
use super::policy::{Action, Ownership, Role};
use crate::articles::model::Slug;
use crate::editions::Lang;
use crate::error::AppError;
use crate::idempotency::Claim;
use crate::state::AppState;

/// A 422 with a message.
pub fn invalid(message: impl Into<String>) -> AppError {
    AppError::Unprocessable(message.into())
}

/// Checks the input against the article as it is (`None` when creating) and builds the content.
pub async fn content(
    state: &AppState,
    lang: Lang,
    input: &ArticleInput,
    current: Option<&EditRow>,
) -> Result<Content, AppError> {
    let title =
        model::title(input.title.as_deref().or(current.map(|c| c.title.as_str())).unwrap_or("")).map_err(invalid)?;
    let standfirst = model::bounded(
        "standfirst",
        input.standfirst.as_deref().or(current.map(|c| c.standfirst.as_str())).unwrap_or(""),
        MAX_STANDFIRST,
    )
    .map_err(invalid)?;
    let body_md =
        model::bounded("body", input.body.as_deref().or(current.map(|c| c.body_md.as_str())).unwrap_or(""), MAX_BODY)
            .map_err(invalid)?;
    let section = input
        .section
        .as_deref()
        .or(current.map(|c| c.section_slug.as_str()))
        .ok_or_else(|| invalid("Choose a section."))?;
    let section_id = db::section_id(&state.db, lang, section)
        .await?
        .ok_or_else(|| invalid(format!("There is no section {section:?} in the {} edition.", lang.code())))?;
    let byline_ids = checked_bylines(state, input, current).await?;
    let topic_ids = checked_topics(state, lang, input, current).await?;
    let slug = slug_for(input, current, &title);
    let premoderate = input.premoderate.or(current.map(|c| c.premoderate != 0)).unwrap_or(false);
    let image_id = checked_image(state, input, current).await?;
    Ok(Content {
        premoderate,
        image_id,
        body_html: crate::html::markdown(&body_md),
        seo_title: model::bounded(
            "SEO title",
            input.seo_title.as_deref().or(current.map(|c| c.seo_title.as_str())).unwrap_or(""),
            200,
        )
        .map_err(invalid)?,
        seo_description: model::bounded(
            "SEO description",
            input.seo_description.as_deref().or(current.map(|c| c.seo_description.as_str())).unwrap_or(""),
            400,
        )
        .map_err(invalid)?,
        title,
        standfirst,
        body_md,
        slug,
        section_id,
        byline_ids,
        topic_ids,
    })
}

/// The bylines the input gives, else the article's own; at least one, each known.
async fn checked_bylines(
    state: &AppState,
    input: &ArticleInput,
    current: Option<&EditRow>,
) -> Result<Vec<i64>, AppError> {
    let byline_slugs = match (&input.byline, current) {
        (Some(b), _) => b.clone(),
        (None, Some(c)) => {
            crate::articles::db::bylines_of(&state.db, c.id).await?.into_iter().map(|b| b.slug).collect()
        }
        (None, None) => Vec::new(),
    };
    let byline_slugs = unique(byline_slugs);
    if byline_slugs.is_empty() {
        return Err(invalid("Give a byline: a desk or at least one reporter."));
    }
    db::byline_ids(&state.db, &byline_slugs).await?.map_err(|s| invalid(format!("There is no desk or reporter {s:?}.")))
}

/// The topics the input gives, else the article's own; each a topic of the edition.
async fn checked_topics(
    state: &AppState,
    lang: Lang,
    input: &ArticleInput,
    current: Option<&EditRow>,
) -> Result<Vec<i64>, AppError> {
    let topic_slugs = match (&input.topics, current) {
        (Some(t), _) => t.clone(),
        (None, Some(c)) => crate::articles::db::topics_of(&state.db, c.id).await?.into_iter().map(|t| t.slug).collect(),
        (None, None) => Vec::new(),
    };
    let topic_slugs = unique(topic_slugs);
    db::topic_ids(&state.db, lang, &topic_slugs)
        .await?
        .map_err(|s| invalid(format!("There is no topic {s:?} in the {} edition.", lang.code())))
}

/// The address slug: the one given, the article's own, or one made from the headline.
fn slug_for(input: &ArticleInput, current: Option<&EditRow>, title: &str) -> String {
    match (&input.slug, current) {
        (Some(s), _) => Slug::from_title(s).as_str().to_owned(),
        // A published address stays stable when the headline is edited.
        (None, Some(c)) if input.title.is_none() || c.published_at.is_some() => c.slug.clone(),
        _ => Slug::from_title(title).as_str().to_owned(),
    }
}

/// The featured image: the one given (0 removes it), which must be in the media library, or
/// the article's own.
async fn checked_image(
    state: &AppState,
    input: &ArticleInput,
    current: Option<&EditRow>,
) -> Result<Option<i64>, AppError> {
    Ok(match input.image_id {
        Some(0) => None,
        Some(id) => Some(
            crate::media::db::find(&state.db, id)
                .await?
                .ok_or_else(|| invalid(format!("There is no image {id} in the media library.")))?
                .id,
        ),
        None => current.and_then(|c| c.image_id),
    })
}

/// The slugs in their order, each once.
fn unique(slugs: Vec<String>) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    slugs.into_iter().filter(|s| seen.insert(s.clone())).collect()
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
    let content = content(state, lang, input, None).await?;
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
        body: Some(old.body_md),
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
    let to = to.unwrap_or(row.version);
    let from = from.unwrap_or(to.saturating_sub(1).max(1));
    let missing = |v: i64| AppError::not_found(format!("This article has no revision {v}."));
    let old = db::revision(&state.db, row.id, from).await?.ok_or_else(|| missing(from))?;
    let new = db::revision(&state.db, row.id, to).await?.ok_or_else(|| missing(to))?;
    Ok(Comparison {
        id: row.id,
        from,
        to,
        title_from: old.title,
        title_to: new.title,
        body: model::diff(&old.body_md, &new.body_md),
    })
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
        return Err(AppError::Forbidden("This article has been submitted; only editors can change it now.".into()));
    }
    if input.lang.as_deref().is_some_and(|l| Lang::parse(l) != Some(row.lang)) {
        return Err(invalid("An article cannot move to the other edition; create its translation instead."));
    }
    let version = input.version.ok_or_else(|| invalid("Send the `version` your change is based on."))?;
    check_version(state, &row, version).await?;
    let lang = row.lang;
    let content = content(state, lang, input, Some(&row)).await?;
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
    }
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
