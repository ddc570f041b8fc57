//! What the newsroom does with the site's pages, shared by the JSON API and the newsroom's
//! forms: checking input, creating, saving with a version check, publishing, restoring and
//! comparing revisions, ordering the footer. Every change readers can see is announced with
//! `Invalidation::Site`, since the footer of every page lists the published pages.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::db::{self, Content, PageRow};
use super::model::{self, PageSlug};
use crate::editions::Lang;
use crate::error::AppError;
use crate::newsroom::actions::{Comparison, invalid};
use crate::newsroom::auth::Staff;
use crate::newsroom::policy::{Action, Ownership};
use crate::state::AppState;

/// What an editor sends to create or change a page; absent fields stay as they are.
#[derive(Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PageInput {
    /// `en` or `bn`; only when creating.
    pub lang: Option<String>,
    pub title: Option<String>,
    /// Markdown.
    pub body: Option<String>,
    /// The address under `/{lang}/`: lowercase letters (English or Bangla), digits, hyphens.
    pub slug: Option<String>,
    /// The same page in the other edition (page id); 0 removes the link.
    pub translation_id: Option<i64>,
    /// The version the change is based on (required when changing).
    pub version: Option<i64>,
}

/// A page by the id in its path.
pub async fn load(state: &AppState, id: i64) -> Result<PageRow, AppError> {
    db::find(&state.db, id).await?.ok_or_else(|| AppError::not_found("There is no page with this id."))
}

/// The checked content of `input` over what `current` holds.
fn content(input: &PageInput, current: Option<&PageRow>) -> Result<Content, AppError> {
    let pick = |given: &Option<String>, stored: Option<&String>, field: &str| {
        given.clone().or_else(|| stored.cloned()).ok_or_else(|| invalid(format!("Give the page's `{field}`.")))
    };
    let title = model::title(&pick(&input.title, current.map(|c| &c.title), "title")?).map_err(invalid)?;
    let body_md = model::body(&input.body.clone().or_else(|| current.map(|c| c.body_md.clone())).unwrap_or_default())
        .map_err(invalid)?;
    let slug = PageSlug::parse(&pick(&input.slug, current.map(|c| &c.slug), "slug")?).map_err(invalid)?;
    Ok(Content { slug: slug.as_str().to_owned(), title, body_html: crate::html::markdown(&body_md), body_md })
}

/// A taken slug is the edition's unique constraint refusing the write.
fn slug_taken(err: sqlx::Error, lang: Lang, slug: &str) -> AppError {
    match &err {
        sqlx::Error::Database(e) if e.is_unique_violation() => invalid(format!(
            "The slug “{slug}” is already the address of another page of the {} edition.",
            lang.ui().edition_name
        )),
        _ => err.into(),
    }
}

/// Creates a draft page.
pub async fn create(state: &AppState, staff: &Staff, input: &PageInput) -> Result<PageRow, AppError> {
    staff.authorize(Action::ManagePages, Ownership::NotApplicable)?;
    let lang = input
        .lang
        .as_deref()
        .and_then(Lang::parse)
        .ok_or_else(|| invalid("Give the edition: `lang` must be en or bn."))?;
    let content = content(input, None)?;
    let translation = translation_target(state, lang, input).await?;
    let id = db::create(&state.db, lang, &content, Some(staff.id), state.clock.now())
        .await
        .map_err(|e| slug_taken(e, lang, &content.slug))?;
    if let Some(other) = translation {
        db::link_translation(&state.db, id, other).await?;
        if other.is_some() {
            state.changed(crate::cache::Invalidation::Site).await;
        }
    }
    load(state, id).await
}

/// Saves `input` over the page if nobody changed it since `input.version`.
pub async fn edit(state: &AppState, staff: &Staff, id: i64, input: &PageInput) -> Result<PageRow, AppError> {
    save_as(state, staff, id, input, "edit").await
}

async fn save_as(
    state: &AppState,
    staff: &Staff,
    id: i64,
    input: &PageInput,
    action: &str,
) -> Result<PageRow, AppError> {
    staff.authorize(Action::ManagePages, Ownership::NotApplicable)?;
    let row = load(state, id).await?;
    if input.lang.as_deref().is_some_and(|l| Lang::parse(l) != Some(row.lang)) {
        return Err(invalid("A page cannot move to the other edition; create its translation there instead."));
    }
    let version = input.version.ok_or_else(|| invalid("Send the `version` your change is based on."))?;
    check_version(state, &row, version).await?;
    let content = content(input, Some(&row))?;
    let translation = translation_target(state, row.lang, input).await?;
    let saved = db::save(&state.db, id, version, &content, staff.id, action, state.clock.now())
        .await
        .map_err(|e| slug_taken(e, row.lang, &content.slug))?;
    if saved.is_none() {
        check_version(state, &load(state, id).await?, version).await?;
        return Err(AppError::Conflict("The page changed while it was saved; reload it and try again.".into()));
    }
    if let Some(other) = translation {
        db::link_translation(&state.db, id, other).await?;
    }
    let after = load(state, id).await?;
    if row.is_published() || translation.is_some() {
        state.changed(crate::cache::Invalidation::Site).await;
    }
    Ok(after)
}

/// Refuses a change based on an older version, naming who changed it last.
async fn check_version(state: &AppState, row: &PageRow, version: i64) -> Result<(), AppError> {
    if row.version == version {
        return Ok(());
    }
    let last = db::revisions(&state.db, row.id).await?.into_iter().next();
    let by = last.and_then(|r| r.author).unwrap_or_else(|| "someone".into());
    Err(AppError::Conflict(format!(
        "This page changed since you opened it: you have version {version}, it is now at version {} (last saved by {by}). \
         Reload it, and apply your change again.",
        row.version
    )))
}

/// The translation link `input` asks for: `None` to leave it, `Some(None)` to remove it.
async fn translation_target(state: &AppState, lang: Lang, input: &PageInput) -> Result<Option<Option<i64>>, AppError> {
    match input.translation_id {
        None => Ok(None),
        Some(0) => Ok(Some(None)),
        Some(id) => {
            let other = db::find(&state.db, id)
                .await?
                .ok_or_else(|| invalid(format!("There is no page {id} to link as the translation_id.")))?;
            if other.lang == lang {
                return Err(invalid("The translation_id must name a page of the other edition."));
            }
            Ok(Some(Some(other.id)))
        }
    }
}

/// Publishes the page (`true`) or takes it down; `version`, when given, must be current.
pub async fn set_published(
    state: &AppState,
    staff: &Staff,
    id: i64,
    version: Option<i64>,
    published: bool,
) -> Result<PageRow, AppError> {
    staff.authorize(Action::ManagePages, Ownership::NotApplicable)?;
    let row = load(state, id).await?;
    let version = version.unwrap_or(row.version);
    check_version(state, &row, version).await?;
    if row.is_published() == published {
        return Ok(row);
    }
    if db::set_published(&state.db, id, version, published, staff.id, state.clock.now()).await?.is_none() {
        check_version(state, &load(state, id).await?, version).await?;
        return Err(AppError::Conflict("The page changed meanwhile; reload it and try again.".into()));
    }
    // The footer of every page and the page's own address change at once.
    state.changed(crate::cache::Invalidation::Site).await;
    load(state, id).await
}

/// Deletes a page; a published one leaves the site at once.
pub async fn delete(state: &AppState, staff: &Staff, id: i64) -> Result<(), AppError> {
    staff.authorize(Action::ManagePages, Ownership::NotApplicable)?;
    let row = load(state, id).await?;
    db::delete(&state.db, id).await?;
    if row.is_published() || row.translation_id.is_some() {
        state.changed(crate::cache::Invalidation::Site).await;
    }
    Ok(())
}

/// Brings back the text of an earlier revision as a new save.
pub async fn restore(
    state: &AppState,
    staff: &Staff,
    id: i64,
    revision: i64,
    version: i64,
) -> Result<PageRow, AppError> {
    staff.authorize(Action::ManagePages, Ownership::NotApplicable)?;
    let old = db::revision(&state.db, id, revision)
        .await?
        .ok_or_else(|| AppError::not_found(format!("This page has no revision {revision}.")))?;
    let input = PageInput {
        title: Some(old.title),
        body: Some(old.body_md),
        slug: Some(old.slug),
        version: Some(version),
        ..PageInput::default()
    };
    save_as(state, staff, id, &input, &format!("restore v{revision}")).await
}

/// The line difference of a page's body (and its titles) between two revisions; `from`
/// defaults to the one before `to`, `to` to the latest.
pub async fn compare(
    state: &AppState,
    staff: &Staff,
    id: i64,
    from: Option<i64>,
    to: Option<i64>,
) -> Result<Comparison, AppError> {
    staff.authorize(Action::ManagePages, Ownership::NotApplicable)?;
    let row = load(state, id).await?;
    let (from, to) = Comparison::versions(from, to, row.version);
    let missing = |v: i64| AppError::not_found(format!("This page has no revision {v}."));
    let old = db::revision(&state.db, id, from).await?.ok_or_else(|| missing(from))?;
    let new = db::revision(&state.db, id, to).await?.ok_or_else(|| missing(to))?;
    Ok(Comparison::of(id, (from, &old.title, &old.body_md), (to, &new.title, &new.body_md)))
}

/// Sets the footer order of an edition: `ids` first, in that order. Admins only.
pub async fn set_order(state: &AppState, staff: &Staff, lang: Lang, ids: &[i64]) -> Result<(), AppError> {
    staff.authorize(Action::ManageSettings, Ownership::NotApplicable)?;
    for id in ids {
        match db::find(&state.db, *id).await? {
            Some(page) if page.lang == lang => {}
            _ => return Err(invalid(format!("There is no page {id} in the {} edition to order.", lang.code()))),
        }
    }
    db::set_order(&state.db, lang, ids).await?;
    state.changed(crate::cache::Invalidation::Site).await;
    Ok(())
}
