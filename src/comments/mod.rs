//! Reader comments: shown under articles (approved ones, plus the author's own held ones),
//! posted by logged-in readers within limits, one level of replies, deletable by their author.

pub mod api;
pub mod db;
pub mod model;
pub mod pages;
pub mod post;
pub mod section;

pub use section::{CommentDraft, CommentFormView, PageComments};

use axum::routing::post;

use utoipa_axum::routes;

use crate::comments::model::CommentStatus;
use crate::editions::{Lang, format_datetime, rfc3339};
use crate::routes::Routes;
use crate::state::AppState;

/// Routes of this feature.
pub fn router() -> Routes<AppState> {
    Routes::new()
        .route("/{lang}/news/{id}/comments", post(pages::post_comment))
        .route("/comments/{id}/delete", post(pages::delete_comment))
        .route("/comments/{id}/report", post(crate::moderation::pages::report))
        .api(routes!(api::list, api::post))
}

/// A comment as the article page shows it.
pub struct CommentView {
    pub id: i64,
    pub author: String,
    pub initials: String,
    pub date: String,
    pub iso: String,
    /// Rendered by [`model::render`]: escaped text with links.
    pub body_html: crate::html::SafeHtml,
    pub held: bool,
    pub deleted: bool,
    /// Held for a moderator and not the viewer's own: shown only as a placeholder for its replies.
    pub withheld: bool,
    pub own: bool,
    pub replies: Vec<CommentView>,
}

/// Arranges rows into threads one level deep. A held comment shows only to its author. Deleted
/// comments, and held ones of others, stay only as placeholders for replies that still show.
pub fn threads(rows: &[db::CommentRow], viewer: Option<i64>, lang: Lang, offset: i32) -> Vec<CommentView> {
    let withheld = |r: &db::CommentRow| r.status == CommentStatus::Held && viewer != Some(r.user_id);
    let view = |r: &db::CommentRow| CommentView {
        id: r.id,
        initials: r.author.split_whitespace().filter_map(|w| w.chars().next()).take(2).collect(),
        author: r.author.clone(),
        date: format_datetime(lang, r.created_at, offset),
        iso: rfc3339(r.created_at, offset),
        body_html: if r.status == CommentStatus::Deleted || withheld(r) {
            crate::html::SafeHtml::default()
        } else {
            model::render(&r.body)
        },
        held: r.status == CommentStatus::Held,
        deleted: r.status == CommentStatus::Deleted,
        withheld: withheld(r),
        own: viewer == Some(r.user_id),
        replies: Vec::new(),
    };
    let mut top: Vec<CommentView> = rows.iter().filter(|r| r.parent_id.is_none()).map(view).collect();
    for reply in rows.iter().filter(|r| r.parent_id.is_some() && r.status != CommentStatus::Deleted && !withheld(r)) {
        if let Some(parent) = top.iter_mut().find(|t| Some(t.id) == reply.parent_id) {
            parent.replies.push(view(reply));
        }
    }
    top.retain(|t| !(t.deleted || t.withheld) || !t.replies.is_empty());
    top
}

/// Comments of an article changed: its page is rendered again on every node.
pub async fn page_changed(state: &AppState, article_id: i64) {
    match crate::articles::db::find_published(&state.db, article_id).await {
        Ok(Some(article)) => {
            let lang = article.lang;
            let path = crate::articles::model::article_path(lang, article.id, &article.slug);
            state.changed(crate::cache::Invalidation::Page(path)).await;
        }
        Ok(None) => {}
        // Not knowing the page, drop them all rather than show a stale one.
        Err(_) => state.changed(crate::cache::Invalidation::Stories).await,
    }
}

/// Counts what readers see: approved comments and replies.
pub fn visible_count(threads: &[CommentView]) -> usize {
    threads.iter().map(|t| usize::from(!t.deleted && !t.held) + t.replies.iter().filter(|r| !r.held).count()).sum()
}
