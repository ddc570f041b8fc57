//! Search in both editions: the reader's search page, the search API, and the embedded index
//! that serves them.

pub mod api;
pub mod bangla;
pub mod db;
pub mod index;
pub mod model;
pub mod pages;
pub mod schema;
pub mod snippets;

use axum::routing::get;

pub use index::SearchIndex;

use crate::body::text::plain as plain_text;
use utoipa_axum::routes;

use crate::clock::Timestamp;
use crate::editions::Lang;
use crate::error::AppError;
use crate::routes::Routes;
use crate::state::AppState;
use index::SearchQuery;
use model::{SearchCursor, Sort, clean_query, start_of_day};

/// Routes of this feature.
pub fn router() -> Routes<AppState> {
    Routes::new().private("/{lang}/search", get(pages::search)).api(routes!(api::search))
}

/// The search parameters as they arrive in the query string, before checking.
#[derive(Debug, Default, serde::Deserialize, utoipa::IntoParams)]
pub struct SearchParams {
    /// The words to find; quotes and operators are read as plain text. Cut to 200 characters.
    pub q: Option<String>,
    /// Section slug within the edition.
    pub section: Option<String>,
    /// Stories published on or after this day (`YYYY-MM-DD`, newsroom time).
    #[param(format = Date)]
    pub from: Option<String>,
    /// Stories published on or before this day (`YYYY-MM-DD`, newsroom time).
    #[param(format = Date)]
    pub to: Option<String>,
    /// `relevance` (default) or `newest`.
    #[param(pattern = "^(relevance|newest)$")]
    pub sort: Option<String>,
    /// `next_cursor` of the previous page.
    #[param(pattern = "^[rn]\\.[0-6]?[0-9a-f]{1,15}\\.[1-9][0-9]{0,17}\\.[0-9]{1,18}$")]
    pub cursor: Option<String>,
}

impl SearchParams {
    /// The checked query of edition `lang`; each bad value gets a message naming it.
    pub async fn resolve(&self, state: &AppState, lang: Lang, limit: usize) -> Result<SearchQuery, AppError> {
        let offset = state.config.utc_offset_minutes;
        let day = |name: &str, value: Option<&str>| -> Result<Option<Timestamp>, AppError> {
            match value.map(str::trim) {
                None | Some("") => Ok(None),
                Some(text) => start_of_day(text, offset).map(Some).ok_or_else(|| {
                    AppError::bad_request(format!("“{name}” must be a date written as YYYY-MM-DD, such as 2025-07-04."))
                }),
            }
        };
        let from = day("from", self.from.as_deref())?;
        let until = day("to", self.to.as_deref())?.map(|t| t + 86_400);
        let sort = Sort::parse(self.sort.as_deref())
            .ok_or_else(|| AppError::bad_request("“sort” must be relevance or newest."))?;
        let cursor = match self.cursor.as_deref() {
            None | Some("") => None,
            Some(text) => Some(SearchCursor::parse(text).filter(|c| c.sort == sort).ok_or_else(|| {
                AppError::bad_request("This results link is damaged: its “cursor” is not one we made. Search again.")
            })?),
        };
        let section_id = match self.section.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(slug) => Some(
                crate::articles::db::section_by_slug(&state.db, lang, slug)
                    .await?
                    .ok_or_else(|| AppError::bad_request(format!("There is no section “{slug}” in this edition.")))?
                    .id,
            ),
        };
        Ok(SearchQuery {
            lang,
            text: clean_query(self.q.as_deref().unwrap_or_default()),
            section_id,
            from,
            until,
            sort,
            cursor,
            limit,
        })
    }
}

/// Runs a search, drops any hit the database no longer has published (an unpublish made on
/// another node that this node's index has not caught up with yet), and cuts each hit's
/// passage from its body as the database holds it.
pub async fn run(state: &AppState, query: SearchQuery) -> Result<index::Results, AppError> {
    let mut results = state.search.search(query, state.clock.now()).await.map_err(AppError::from)?;
    let ids: Vec<i64> = results.hits.iter().map(|h| h.id).collect();
    let bodies = db::published_bodies(&state.db, &ids).await?;
    results.hits.retain(|h| bodies.iter().any(|b| b.id == h.id));
    let Some(snippets) = results.body_snippets.take() else { return Ok(results) };
    let hits = std::mem::take(&mut results.hits);
    let (hits, snippets) = tokio::task::spawn_blocking(move || {
        let mut hits = hits;
        for hit in &mut hits {
            let body = bodies.iter().find(|b| b.id == hit.id).map(|b| plain_text(&b.body)).unwrap_or_default();
            if let Some(html) = snippets.html(&body) {
                hit.snippet_html = html;
            }
        }
        (hits, snippets)
    })
    .await
    .map_err(|e| AppError::Internal(e.into()))?;
    results.hits = hits;
    results.body_snippets = Some(snippets);
    Ok(results)
}
