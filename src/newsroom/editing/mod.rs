//! What the story editor does around the story itself: an autosaved copy of what is being
//! typed (apart from the story's versions and revisions, restored when the editor is opened
//! again), who else has the story open, links that show a draft as its public page to someone
//! without an account, and converting legacy Bijoy text.

pub mod api;
pub mod db;
pub mod pages;

use crate::accounts::model::{random_hex, sha256_hex};
use crate::error::AppError;
use crate::newsroom::actions;
use crate::newsroom::auth::Staff;
use crate::newsroom::db::EditRow;
use crate::newsroom::policy::{Action, Ownership};
use crate::state::AppState;

/// Someone counts as having the story open this long after their page was last heard from.
pub const PRESENCE_SECS: i64 = 20;

/// How long a preview link works.
pub const PREVIEW_SECS: i64 = 7 * 86_400;

/// The story behind an editor's request (`None`: a story not yet created), checked against
/// what the staff member may do with it.
pub async fn editable(state: &AppState, staff: &Staff, article: Option<i64>) -> Result<Option<EditRow>, AppError> {
    match article {
        None | Some(0) => {
            staff.authorize(Action::CreateArticle, Ownership::NotApplicable)?;
            Ok(None)
        }
        Some(id) => {
            let row = actions::load(state, id).await?;
            staff.authorize(Action::EditArticle, staff.ownership(row.created_by))?;
            Ok(Some(row))
        }
    }
}

/// The names of the others editing the story now, after noting that `staff` is.
pub async fn editing_with(state: &AppState, staff: &Staff, article_id: i64) -> Result<Vec<String>, AppError> {
    let now = state.clock.now();
    db::seen(&state.db, article_id, staff.id, now).await?;
    Ok(db::others(&state.db, article_id, staff.id, now - PRESENCE_SECS).await?)
}

/// A new preview link of a story: its address (shown once) and when it expires.
pub async fn preview_link(state: &AppState, staff: &Staff, id: i64) -> Result<(String, i64), AppError> {
    let row = actions::load(state, id).await?;
    staff.authorize(Action::EditArticle, staff.ownership(row.created_by))?;
    let token = random_hex(24);
    let expires_at = state.clock.now() + PREVIEW_SECS;
    db::insert_preview(&state.db, &sha256_hex(&token), row.id, staff.id, expires_at).await?;
    Ok((format!("{}/preview/{token}", state.config.base_url), expires_at))
}
