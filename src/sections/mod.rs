//! Sections as editors manage them (`Action::ManageSections`, editors and admins): added per
//! edition, renamed (the address stays unless a new slug is given, and then the old address and
//! its feed answer 301 through the stored redirects), ordered, hidden and deleted. Readers see
//! the sections through the site settings in memory (`editions::site`), which every change
//! reloads on every node.
//!
//! A hidden section leaves its edition's navigation and home page but keeps its address, its
//! feed and its stories, and still takes new ones: a desk can fill a section before it is shown,
//! and retire one without breaking links. A section is deleted only when no story is filed
//! under it (409 otherwise).
//!
//! The checks and changes here are shared by the JSON API ([`api`]) and the newsroom's page
//! ([`pages`]); the routes are in the newsroom's permission table (`newsroom::routes`).

pub mod api;
pub mod db;
pub mod model;
pub mod pages;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::articles::model::section_path;
use crate::cache::Invalidation;
use crate::editions::Lang;
use crate::error::AppError;
use crate::newsroom::auth::Staff;
use crate::newsroom::i18n::{fill, number, tr};
use crate::newsroom::policy::{Action, Ownership};
use crate::state::AppState;
use db::{Deleted, SectionAdmin};
use pages::{edition_name, quoted};

/// What an editor sends to add or change a section; absent fields stay as they are.
#[derive(Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SectionInput {
    /// `en` or `bn`; only when adding.
    pub lang: Option<String>,
    /// The name readers see in the navigation, 1 to 80 characters.
    pub name: Option<String>,
    /// The address (`/{lang}/category/{slug}`): made from the name when adding without one.
    /// Changing it moves the section; the old address answers 301 to the new one.
    pub slug: Option<String>,
    /// Place in the edition's navigation, 1 for first; the others move down.
    pub position: Option<i64>,
    /// Left out of the navigation and the home page, still reachable at its address.
    pub hidden: Option<bool>,
}

fn invalid(message: impl Into<String>) -> AppError {
    AppError::Unprocessable(message.into())
}

/// A section by the id in its path.
pub async fn load(state: &AppState, id: i64) -> Result<SectionAdmin, AppError> {
    db::find(&state.db, id).await?.ok_or_else(|| AppError::not_found(format!("There is no section {id}.")))
}

/// A taken slug is the edition's unique constraint refusing the write.
fn slug_taken(err: sqlx::Error, lang: Lang, slug: &str, speaker: Lang) -> AppError {
    match &err {
        sqlx::Error::Database(e) if e.is_unique_violation() => AppError::Conflict(fill(
            tr(
                speaker,
                "The slug {slug} is already the address of another section of the {edition} edition; choose another.",
            ),
            &[("slug", &quoted(speaker, slug)), ("edition", edition_name(lang, speaker))],
        )),
        _ => err.into(),
    }
}

/// The edition's section order with `id` moved to `position`, written in `tx`.
async fn reorder(tx: &mut sqlx::AnyConnection, lang: Lang, id: i64, position: i64) -> sqlx::Result<()> {
    let order = db::order(&mut *tx, lang).await?;
    db::set_order(tx, lang, &model::moved(&order, id, position)).await
}

/// The addresses a section's slug names: its front and its feed.
fn addresses(lang: Lang, slug: &str) -> [String; 2] {
    let page = section_path(lang, slug);
    let feed = format!("{page}/feed.xml");
    [page, feed]
}

/// Adds a section, last in its edition's navigation unless a position is given.
pub async fn create(state: &AppState, staff: &Staff, input: &SectionInput) -> Result<SectionAdmin, AppError> {
    staff.authorize(Action::ManageSections, Ownership::NotApplicable)?;
    let code = input.lang.as_deref().unwrap_or("");
    let lang = Lang::parse(code)
        .ok_or_else(|| invalid(format!("Give the edition: `lang` must be en or bn, not {code:?}.")))?;
    let name = model::name(input.name.as_deref().unwrap_or("")).map_err(invalid)?;
    let slug = model::slug_or_from_name(input.slug.as_deref(), &name).map_err(invalid)?;
    let mut tx = state.db.begin().await?;
    let id = db::insert(&mut tx, lang, &slug, &name, input.hidden.unwrap_or(false))
        .await
        .map_err(|e| slug_taken(e, lang, &slug, staff.lang))?;
    // The address is a page now, whatever it redirected to before.
    for path in addresses(lang, &slug) {
        crate::redirects::db::release(&mut tx, &path).await?;
    }
    if let Some(position) = input.position {
        reorder(&mut tx, lang, id, position).await?;
    }
    tx.commit().await?;
    state.changed(Invalidation::Site).await;
    load(state, id).await
}

/// Changes a section: name, slug (the old address then redirects), place, hidden.
pub async fn update(state: &AppState, staff: &Staff, id: i64, input: &SectionInput) -> Result<SectionAdmin, AppError> {
    staff.authorize(Action::ManageSections, Ownership::NotApplicable)?;
    let current = load(state, id).await?;
    if input.lang.as_deref().is_some_and(|l| l != current.lang.code()) {
        return Err(invalid("A section stays in its edition; add one to the other edition instead."));
    }
    let name = match &input.name {
        Some(name) => model::name(name).map_err(invalid)?,
        None => current.name.clone(),
    };
    let slug = match input.slug.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(slug) => model::slug(slug).map_err(invalid)?,
        None => current.slug.clone(),
    };
    let hidden = input.hidden.unwrap_or(current.hidden != 0);
    let lang = current.lang;
    let mut tx = state.db.begin().await?;
    db::update(&mut tx, id, &slug, &name, hidden).await.map_err(|e| slug_taken(e, lang, &slug, staff.lang))?;
    if slug != current.slug {
        let now = state.clock.now();
        for (old, new) in addresses(lang, &current.slug).into_iter().zip(addresses(lang, &slug)) {
            crate::redirects::db::release(&mut tx, &new).await?;
            crate::redirects::db::add(&mut tx, &old, &new, now, Some(staff.id)).await?;
        }
    }
    if let Some(position) = input.position {
        reorder(&mut tx, lang, id, position).await?;
    }
    let renamed = name != current.name || slug != current.slug;
    if renamed {
        db::stamp_stories(&mut tx, id, state.clock.now()).await?;
    }
    tx.commit().await?;
    state.changed(Invalidation::Site).await;
    if renamed {
        // Story pages, lists, feeds and trending name the section; the search index reads the
        // stamped stories again.
        state.changed(Invalidation::Stories).await;
        state.search.nudge();
    }
    load(state, id).await
}

/// Deletes a section that holds no story; one that does is refused with 409.
pub async fn delete(state: &AppState, staff: &Staff, id: i64) -> Result<(), AppError> {
    staff.authorize(Action::ManageSections, Ownership::NotApplicable)?;
    let current = load(state, id).await?;
    let mut tx = state.db.begin().await?;
    match db::delete(&mut tx, id).await? {
        Deleted::HasStories(n) => {
            let message = match n {
                1 => "The section {name} holds 1 story: move it to another section first, or hide the section instead.",
                _ => {
                    "The section {name} holds {n} stories: move them to another section first, or hide the section instead."
                }
            };
            return Err(AppError::Conflict(fill(
                tr(staff.lang, message),
                &[("name", &quoted(staff.lang, &current.name)), ("n", &number(staff.lang, n))],
            )));
        }
        Deleted::Done => {}
    }
    for path in addresses(current.lang, &current.slug) {
        crate::redirects::db::drop_leading_to(&mut tx, &path).await?;
    }
    tx.commit().await?;
    state.changed(Invalidation::Site).await;
    Ok(())
}
