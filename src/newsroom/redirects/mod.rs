//! The newsroom's list of redirects (`Action::ManageRedirects`, editors and admins): the old
//! addresses of the site (a renamed section, a merged topic, an imported WordPress site's
//! `/2024/05/slug/` and `/?p=12`) that answer 301 to where they live now. Editors see them a page
//! at a time, searched by either path, add one by hand (an old link printed somewhere, an address
//! an import did not know) and remove one.
//!
//! The table and its rules are the redirects feature's (`crate::redirects`): an added redirect is
//! stored collapsed, and one that would loop is refused. A redirect may name an address where a
//! page lives; it is only asked when no page answers, so nothing warns about it. The checks and
//! changes here are shared by the JSON API ([`api`]) and the page ([`pages`]); the routes are in
//! the newsroom's permission table (`newsroom::routes`).

pub mod api;
pub mod pages;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::editions::Lang;
use crate::error::AppError;
use crate::newsroom::auth::Staff;
use crate::newsroom::i18n::{fill, reword, tr};
use crate::newsroom::policy::{Action, Ownership};
use crate::redirects::db::{self, Added, RedirectRow};
use crate::redirects::model::normalize;
use crate::state::AppState;

/// Redirects on one page of the list.
pub const PAGE_SIZE: i64 = 50;

/// What an editor sends to add a redirect.
#[derive(Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RedirectInput {
    /// The old address: a path of this site, such as `/2024/05/slug/`, or a WordPress plain
    /// address such as `/?p=12`. It may be a page of the site too: the redirect is only asked
    /// when no page answers there.
    #[serde(default)]
    pub from: String,
    /// Where it leads now: a path of this site. When it is itself redirected, the final address
    /// is stored.
    #[serde(default)]
    pub to: String,
}

/// The messages of `crate::redirects::model::normalize`, for the newsroom's languages.
const PATH_REFUSALS: &[&str] = &[
    "The path {path} is not UTF-8 text once decoded.",
    "The path {path} may hold a query only in WordPress's plain form, such as /?p=12.",
    "The path {path} must start with “/”: give the address without the site's name.",
    "The path {path} may not hold a query, a fragment or control characters.",
    "The path may be at most {n} bytes long.",
    "The path {path} must be a path of this site: it may not start with “//” or hold “\\”.",
];

fn invalid(message: impl Into<String>) -> AppError {
    AppError::Unprocessable(message.into())
}

/// Why `from` → `to` (both valid) was refused as a loop, and what to do about it.
fn looping(speaker: Lang, from: &str, to: &str) -> AppError {
    let (from, to) = (normalize(from).unwrap_or_else(|_| from.into()), normalize(to).unwrap_or_else(|_| to.into()));
    let message = if from == to {
        "A path cannot lead to itself: {from} is both the old address and the new one."
    } else {
        "{to} already leads to {from}: a redirect from {from} to {to} would loop. Remove the redirect from {to} first if it is {from} that has moved."
    };
    invalid(fill(tr(speaker, message), &[("from", &from), ("to", &to)]))
}

/// Adds a redirect (or changes where an old address leads); the stored row, whose `to` is the
/// final address.
pub async fn create(state: &AppState, staff: &Staff, input: &RedirectInput) -> Result<RedirectRow, AppError> {
    staff.authorize(Action::ManageRedirects, Ownership::NotApplicable)?;
    let (from, to) = (input.from.trim(), input.to.trim());
    if from.is_empty() || to.is_empty() {
        return Err(invalid(tr(staff.lang, "Give both paths: the old address (from) and where it leads now (to).")));
    }
    // An old WordPress address is somewhere to come from, never to go: its query would be lost.
    if normalize(to).is_ok_and(|to| to.starts_with("/?")) {
        let message =
            tr(staff.lang, "The new address {to} is an old WordPress address: give the path of a page of this site.");
        return Err(invalid(fill(message, &[("to", to)])));
    }
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let to = match db::add(&mut tx, from, to, now, Some(staff.id)).await? {
        Added::Stored { to } => to,
        Added::Loop => return Err(looping(staff.lang, from, to)),
        Added::Invalid(message) => return Err(invalid(reword(staff.lang, &message, PATH_REFUSALS).unwrap_or(message))),
    };
    tx.commit().await?;
    // Stored means `from` is a path.
    let from = normalize(from).map_err(invalid)?;
    Ok(RedirectRow { from_path: from, to_path: to, created_at: now, created_by: Some(staff.name.clone()) })
}

/// Removes the redirect from `from` (encoded or not); the stored path. 404 when there is none.
pub async fn remove(state: &AppState, staff: &Staff, from: &str) -> Result<String, AppError> {
    staff.authorize(Action::ManageRedirects, Ownership::NotApplicable)?;
    let from = from.trim();
    if let Ok(path) = normalize(from)
        && db::remove(&state.db, &path).await?
    {
        return Ok(path);
    }
    Err(AppError::not_found(fill(tr(staff.lang, "There is no redirect from {from}."), &[("from", from)])))
}

/// One page of at most `limit` redirects whose paths contain `q`, after the old path `after`,
/// and the cursor of the next page (the last old path), if there is one.
pub async fn page_of(
    state: &AppState,
    q: &str,
    after: Option<&str>,
    limit: i64,
) -> sqlx::Result<(Vec<RedirectRow>, Option<String>)> {
    let after = after.filter(|a| !a.is_empty());
    let mut rows = db::list(&state.db, q, after, limit + 1).await?;
    let more = rows.len() as i64 > limit;
    rows.truncate(limit as usize);
    let next = if more { rows.last().map(|r| r.from_path.clone()) } else { None };
    Ok((rows, next))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::redirects::model::MAX_PATH_BYTES;

    #[test]
    fn every_refusal_of_a_path_is_said_in_bangla() {
        let long = format!("/{}", "a".repeat(MAX_PATH_BYTES));
        for bad in ["no-slash", "/x%FF", "/?q=1", "/x?y=1", long.as_str(), "//evil.example"] {
            let message = normalize(bad).unwrap_err();
            let bangla = reword(Lang::Bn, &message, PATH_REFUSALS);
            assert!(bangla.is_some_and(|b| b != message), "{message}");
        }
    }
}
