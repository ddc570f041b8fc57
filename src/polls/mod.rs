//! Opinion polls: editors put a question with 2 to 6 answers to an edition's readers for a
//! time, on its home page (the newest open poll) and under the story it is tied to.
//!
//! Kept pages carry the question and a form that is the same for every reader: it leads to the
//! poll's own page (`/{lang}/polls/{id}`, rendered per request), where the reader confirms the
//! vote with the page's CSRF token and sees the live counts; with JavaScript, `assets/poll.js`
//! votes through the API and shows the counts in place. Votes are rows in the database, one per
//! account or visitor cookie (a unique key), capped per address in the same transaction, so
//! counts are the same on every node and a vote never drops a kept page. Creating, changing,
//! closing or deleting a poll re-renders its edition's pages.

pub mod api;
pub mod db;
pub mod model;
pub mod newsroom;
pub mod pages;
pub mod vote;

use axum::routing::get;
use utoipa_axum::routes;

use crate::editions::Lang;
use crate::routes::Routes;
use crate::state::AppState;
use model::{Phase, Words, words};

/// Routes of this feature; the newsroom's are in its permission table (`newsroom::routes`).
pub fn router() -> Routes<AppState> {
    Routes::new()
        .private("/{lang}/polls/{id}", get(pages::results).post(pages::vote))
        .api(routes!(api::show))
        .api(routes!(api::vote))
}

/// The address of a poll's own page.
pub fn poll_path(lang: Lang, id: i64) -> String {
    format!("/{}/polls/{id}", lang.code())
}

/// An answer as a kept page shows it (no counts: they live on the poll's page).
pub struct OptionView {
    pub position: i64,
    pub label: String,
}

/// A poll as the home and article pages show it: the same for every reader.
pub struct PollView {
    pub id: i64,
    pub question: String,
    pub options: Vec<OptionView>,
    /// The poll's own page, where votes are confirmed and results shown.
    pub path: String,
    pub api: String,
    pub open: bool,
    pub words: &'static Words,
    /// The script that votes without leaving the page.
    pub script: String,
}

impl PollView {
    async fn load(state: &AppState, row: db::PollRow) -> sqlx::Result<Self> {
        let options = db::counts(&state.db, row.id)
            .await?
            .into_iter()
            .map(|o| OptionView { position: o.position, label: o.label })
            .collect();
        Ok(Self {
            id: row.id,
            path: poll_path(row.lang, row.id),
            api: format!("/api/v1/polls/{}", row.id),
            open: Phase::at(row.opens_at, row.closes_at, state.clock.now()) == Phase::Open,
            words: words(row.lang),
            question: row.question,
            options,
            script: state.assets.poll_js_path().to_owned(),
        })
    }
}

/// The poll an edition's home page shows: the newest open one.
pub async fn for_home(state: &AppState, lang: Lang) -> sqlx::Result<Option<PollView>> {
    match db::newest_open(&state.db, lang, state.clock.now()).await? {
        Some(row) => Ok(Some(PollView::load(state, row).await?)),
        None => Ok(None),
    }
}

/// The poll an article page shows: the newest one tied to it that has opened.
pub async fn for_article(state: &AppState, article_id: i64) -> sqlx::Result<Option<PollView>> {
    match db::of_article(&state.db, article_id, state.clock.now()).await? {
        Some(row) => Ok(Some(PollView::load(state, row).await?)),
        None => Ok(None),
    }
}

/// A poll of `lang` changed: that edition's kept pages (home, the tied article) are rendered
/// again on every node.
pub async fn changed(state: &AppState, lang: Lang) {
    state.changed(crate::cache::Invalidation::Edition(lang)).await;
}
