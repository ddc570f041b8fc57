//! Stored redirects: old addresses of the site (a section or topic whose slug changed, a merged
//! topic, the pages of an imported site) answered with a 301 to where they live now.
//!
//! They cost nothing to pages that exist: the table is read only when a public GET or HEAD
//! would otherwise answer 404 (`web::error_pages` asks [`lookup`]). A 301 is never kept by the
//! page cache, which keeps only 200s, so adding a redirect drops no kept page; whoever makes an
//! address a redirect that used to be a page (a slug change) announces that change as usual.
//! [`db::add`] keeps the table collapsed and free of loops, inside the caller's transaction, so
//! the newsroom and an import add redirects the same way.

pub mod db;
pub mod model;

use crate::db::Db;

/// Where a request for `path` (as it arrived, percent-encoded) with `query` should go instead,
/// as a `Location` value; `None` when the address is not a stored redirect.
pub async fn lookup(db: &Db, path: &str, query: Option<&str>) -> sqlx::Result<Option<String>> {
    let Ok(from) = model::normalize(path) else { return Ok(None) };
    let mut to = db::target(db, &from).await?;
    if to.is_none()
        && let Some(other) = model::other_form(&from)
    {
        // `/about/` → `/about` must not answer `/about` itself when that page is gone.
        to = db::target(db, &other).await?.filter(|to| *to != from);
    }
    Ok(to.map(|to| model::location(&to, query)))
}

/// Where a request for `/` with `query` should go instead: the old address of an imported
/// WordPress site in its plain form (`/?p=12`), if one is stored.
pub async fn lookup_plain(db: &Db, query: &str) -> sqlx::Result<Option<String>> {
    let Some(from) = model::query_form(query) else { return Ok(None) };
    Ok(db::target(db, &from).await?.map(|to| model::location(&to, None)))
}
