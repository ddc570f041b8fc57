//! Internal notes: the desk's thread on a story, for everyone who may see the story in the
//! newsroom and nobody else. Never public: no public page, feed, search or API reads them.
//! Queries in [`db`], the API in [`api`], the editor page's form in [`pages`].

pub mod api;
pub mod db;
pub mod pages;

use super::actions;
use super::auth::Staff;
use super::policy::Action;
use crate::error::AppError;
use crate::notifications::model::MAX_NOTE;
use crate::state::AppState;

/// Checks a note's text: trimmed, 1 to [`MAX_NOTE`] characters.
pub fn body(text: &str) -> Result<String, AppError> {
    let text = super::model::bounded("note", text, MAX_NOTE).map_err(actions::invalid)?;
    if text.is_empty() {
        return Err(actions::invalid("The note is empty: write something for the desk."));
    }
    Ok(text)
}

/// The article `id` if `staff` may read and add its notes (a 404 or 403 otherwise).
async fn article_for(state: &AppState, staff: &Staff, id: i64) -> Result<super::db::EditRow, AppError> {
    let row = actions::load(state, id).await?;
    staff.authorize(Action::NoteArticle, staff.ownership(row.created_by))?;
    Ok(row)
}

/// Adds a note by `staff` to article `id`; returns its id.
pub async fn add(state: &AppState, staff: &Staff, id: i64, text: &str) -> Result<i64, AppError> {
    let row = article_for(state, staff, id).await?;
    let text = body(text)?;
    Ok(db::insert(&state.db, row.id, staff.id, &text, state.clock.now()).await?)
}

/// The thread of article `id`, oldest first.
pub async fn thread(state: &AppState, staff: &Staff, id: i64) -> Result<Vec<db::NoteRow>, AppError> {
    let row = article_for(state, staff, id).await?;
    Ok(db::thread(&state.db, row.id).await?)
}
