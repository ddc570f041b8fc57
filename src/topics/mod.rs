//! Topics (tags) as the newsroom manages them: whoever tags stories may create one
//! (`Action::CreateTopics`: reporters, editors, admins); editors and admins rename them (the
//! address stays unless a new slug is given, and then the old address and its feed answer 301),
//! describe them and give them a photo, merge one into another of the same edition (its stories
//! move, its page answers 301 to the other's) and delete them (`Action::ManageTopics`).
//!
//! A rename, merge or delete stamps the stories concerned as changed, so that every node's
//! search index reads them again, and re-renders the edition's pages. Pickers search topics
//! through the public `GET /api/v1/topics` ([`api::search`]).

pub mod api;
pub mod db;
pub mod model;
pub mod pages;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::routes;

use crate::articles::model::topic_path;
use crate::cache::Invalidation;
use crate::editions::Lang;
use crate::error::AppError;
use crate::newsroom::auth::Staff;
use crate::newsroom::i18n::{fill, number, tr};
use crate::newsroom::policy::{Action, Ownership};
use crate::routes::Routes;
use crate::sections::model::{name as checked_name, slug as checked_slug, slug_or_from_name};
use crate::sections::pages::{edition_name, quoted};
use crate::state::AppState;
use db::{Details, TopicAdmin};

/// Routes of this feature outside the newsroom; the newsroom's are in its permission table
/// (`newsroom::routes`).
pub fn router() -> Routes<AppState> {
    Routes::new().api(routes!(api::search))
}

/// What the newsroom sends to create or change a topic; absent fields stay as they are.
#[derive(Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TopicInput {
    /// `en` or `bn`; only when creating.
    pub lang: Option<String>,
    /// 1 to 80 characters.
    pub name: Option<String>,
    /// The address (`/{lang}/topic/{slug}`): made from the name when creating without one.
    /// Changing it moves the topic; the old address answers 301 to the new one.
    pub slug: Option<String>,
    /// Shown on the topic's page; up to 1,000 characters, empty removes it.
    pub description: Option<String>,
    /// An image of the media library shown on the topic's page; 0 removes it.
    pub image_id: Option<i64>,
}

/// Which topic to merge into.
#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MergeInput {
    /// The topic (of the same edition) that takes the stories.
    pub into: i64,
}

fn invalid(message: impl Into<String>) -> AppError {
    AppError::Unprocessable(message.into())
}

/// A topic by the id in its path.
pub async fn load(state: &AppState, id: i64) -> Result<TopicAdmin, AppError> {
    db::find(&state.db, id).await?.ok_or_else(|| AppError::not_found(format!("There is no topic {id}.")))
}

/// A taken slug is the edition's unique constraint refusing the write.
fn slug_taken(err: sqlx::Error, lang: Lang, slug: &str, speaker: Lang) -> AppError {
    match &err {
        sqlx::Error::Database(e) if e.is_unique_violation() => AppError::Conflict(fill(
            tr(
                speaker,
                "The slug {slug} is already the address of another topic of the {edition} edition; choose another.",
            ),
            &[("slug", &quoted(speaker, slug)), ("edition", edition_name(lang, speaker))],
        )),
        _ => err.into(),
    }
}

/// The photo a change asks for: an image of the library (checked), none (0), or as it was.
async fn checked_image(
    state: &AppState,
    speaker: Lang,
    given: Option<i64>,
    current: Option<i64>,
) -> Result<Option<i64>, AppError> {
    match given {
        None => Ok(current),
        Some(0) => Ok(None),
        Some(id) => match crate::media::db::find(&state.db, id).await? {
            Some(_) => Ok(Some(id)),
            None => Err(invalid(fill(
                tr(speaker, "There is no image {id} in the media library: upload it first, or pick another."),
                &[("id", &number(speaker, id))],
            ))),
        },
    }
}

/// The addresses a topic's slug names: its page and its feed.
fn addresses(lang: Lang, slug: &str) -> [String; 2] {
    let page = topic_path(lang, slug);
    let feed = format!("{page}/feed.xml");
    [page, feed]
}

/// A change to a topic readers see: its edition's pages are rendered again, and the stamped
/// stories are read again by the search index.
async fn announce(state: &AppState, lang: Lang) {
    state.changed(Invalidation::Edition(lang)).await;
    state.search.nudge();
}

/// Creates a topic.
pub async fn create(state: &AppState, staff: &Staff, input: &TopicInput) -> Result<TopicAdmin, AppError> {
    staff.authorize(Action::CreateTopics, Ownership::NotApplicable)?;
    let code = input.lang.as_deref().unwrap_or("");
    let lang = Lang::parse(code)
        .ok_or_else(|| invalid(format!("Give the edition: `lang` must be en or bn, not {code:?}.")))?;
    let name = checked_name(input.name.as_deref().unwrap_or("")).map_err(invalid)?;
    let slug = slug_or_from_name(input.slug.as_deref(), &name).map_err(invalid)?;
    let description = model::description(input.description.as_deref().unwrap_or("")).map_err(invalid)?;
    let image_id = checked_image(state, staff.lang, input.image_id, None).await?;
    let details = Details { description: &description, image_id };
    let mut tx = state.db.begin().await?;
    let id =
        db::insert(&mut tx, lang, &slug, &name, &details).await.map_err(|e| slug_taken(e, lang, &slug, staff.lang))?;
    // The address is a page now, whatever it redirected to before.
    for path in addresses(lang, &slug) {
        crate::redirects::db::release(&mut tx, &path).await?;
    }
    tx.commit().await?;
    load(state, id).await
}

/// Changes a topic: name, slug (the old address then redirects), description, photo.
pub async fn update(state: &AppState, staff: &Staff, id: i64, input: &TopicInput) -> Result<TopicAdmin, AppError> {
    staff.authorize(Action::ManageTopics, Ownership::NotApplicable)?;
    let current = load(state, id).await?;
    if input.lang.as_deref().is_some_and(|l| l != current.lang.code()) {
        return Err(invalid("A topic stays in its edition; create one in the other edition instead."));
    }
    let name = match &input.name {
        Some(name) => checked_name(name).map_err(invalid)?,
        None => current.name.clone(),
    };
    let slug = match input.slug.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(slug) => checked_slug(slug).map_err(invalid)?,
        None => current.slug.clone(),
    };
    let description = match &input.description {
        Some(text) => model::description(text).map_err(invalid)?,
        None => current.description.clone(),
    };
    let image_id = checked_image(state, staff.lang, input.image_id, current.image_id).await?;
    let lang = current.lang;
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    db::update(&mut tx, id, &slug, &name, &Details { description: &description, image_id })
        .await
        .map_err(|e| slug_taken(e, lang, &slug, staff.lang))?;
    if slug != current.slug {
        for (old, new) in addresses(lang, &current.slug).into_iter().zip(addresses(lang, &slug)) {
            crate::redirects::db::release(&mut tx, &new).await?;
            crate::redirects::db::add(&mut tx, &old, &new, now, Some(staff.id)).await?;
        }
    }
    if name != current.name || slug != current.slug {
        db::stamp_stories(&mut tx, id, now).await?;
    }
    tx.commit().await?;
    announce(state, lang).await;
    load(state, id).await
}

/// Merges topic `id` into topic `into` of the same edition: its stories take `into`, it is
/// deleted, and its page and feed answer 301 to those of `into`.
pub async fn merge(state: &AppState, staff: &Staff, id: i64, into: i64) -> Result<TopicAdmin, AppError> {
    staff.authorize(Action::ManageTopics, Ownership::NotApplicable)?;
    let from = load(state, id).await?;
    if into == id {
        return Err(invalid(tr(
            staff.lang,
            "A topic cannot be merged into itself: pick the topic that should take its stories.",
        )));
    }
    let target = db::find(&state.db, into).await?.ok_or_else(|| {
        invalid(fill(tr(staff.lang, "There is no topic {id} to merge into."), &[("id", &number(staff.lang, into))]))
    })?;
    if target.lang != from.lang {
        let message = tr(
            staff.lang,
            "Topic {one} is in the {edition} edition and {other} in the {other_edition} edition: only topics of one edition can be merged.",
        );
        return Err(invalid(fill(
            message,
            &[
                ("one", &quoted(staff.lang, &from.name)),
                ("edition", edition_name(from.lang, staff.lang)),
                ("other", &quoted(staff.lang, &target.name)),
                ("other_edition", edition_name(target.lang, staff.lang)),
            ],
        )));
    }
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    db::stamp_stories(&mut tx, id, now).await?;
    db::merge(&mut tx, id, into).await?;
    for (old, new) in addresses(from.lang, &from.slug).into_iter().zip(addresses(target.lang, &target.slug)) {
        crate::redirects::db::add(&mut tx, &old, &new, now, Some(staff.id)).await?;
    }
    tx.commit().await?;
    announce(state, from.lang).await;
    load(state, into).await
}

/// Deletes a topic; its stories lose it, and the addresses that redirected to it are dropped.
pub async fn delete(state: &AppState, staff: &Staff, id: i64) -> Result<(), AppError> {
    staff.authorize(Action::ManageTopics, Ownership::NotApplicable)?;
    let current = load(state, id).await?;
    let mut tx = state.db.begin().await?;
    db::stamp_stories(&mut tx, id, state.clock.now()).await?;
    db::delete(&mut tx, id).await?;
    for path in addresses(current.lang, &current.slug) {
        crate::redirects::db::drop_leading_to(&mut tx, &path).await?;
    }
    tx.commit().await?;
    announce(state, current.lang).await;
    Ok(())
}
