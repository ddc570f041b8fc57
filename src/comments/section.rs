//! The comments section of an article page: the per-reader part of an otherwise shared page.
//!
//! The page cache keeps the article's comments ([`PageComments`]) beside the page, and fills
//! the section per request: the login note for anonymous readers, the form, the reader's own
//! held comments and their delete buttons for a logged-in one. No database round trip is
//! needed for it.

use askama::Template;

use super::db::{self, CommentRow};
use super::{CommentView, threads, visible_count};
use crate::accounts::model::SessionUser;
use crate::db::Db;
use crate::editions::{Lang, Ui};
use crate::web::login_link;

/// What the comment form holds: empty, or the text of a refused comment with the reason.
#[derive(Debug, Default)]
pub struct CommentDraft {
    pub body: String,
    pub parent_id: Option<i64>,
    pub error: Option<String>,
}

impl CommentDraft {
    /// The draft a page address asks for: `?reply_to=ID` opens the form as a reply.
    pub fn from_query(query: Option<&str>) -> Self {
        let parent_id = query
            .into_iter()
            .flat_map(|q| q.split('&'))
            .find_map(|pair| pair.strip_prefix("reply_to="))
            .and_then(|v| v.parse().ok());
        Self { parent_id, ..Self::default() }
    }
}

/// The comment form as a logged-in reader sees it.
pub struct CommentFormView {
    pub action: String,
    pub author: String,
    pub body: String,
    pub parent_id: Option<i64>,
    pub replying_to: String,
    pub cancel_path: String,
    pub error: Option<String>,
}

#[derive(Template)]
#[template(path = "comments/section.html")]
struct SectionTemplate<'a> {
    ui: &'static Ui,
    comments: Vec<CommentView>,
    /// In the edition's digits.
    comment_count: String,
    form: Option<CommentFormView>,
    csrf: &'a str,
    login_path: String,
}

/// An article's comments as stored with its page: approved, deleted (placeholders for
/// replies) and held ones (shown only to their author).
pub struct PageComments {
    pub article_id: i64,
    pub lang: Lang,
    /// The article's address.
    pub path: String,
    pub offset_minutes: i32,
    rows: Vec<CommentRow>,
}

impl PageComments {
    /// Loads the comments of an article for its page.
    pub async fn load(db: &Db, article_id: i64, lang: Lang, path: String, offset_minutes: i32) -> sqlx::Result<Self> {
        let rows = db::for_page(db, article_id).await?;
        Ok(Self { article_id, lang, path, offset_minutes, rows })
    }

    /// Bytes held, for the cache's size bound.
    pub fn weight(&self) -> usize {
        self.rows.iter().map(|r| r.body.len() + r.author.len() + 64).sum::<usize>() + self.path.len()
    }

    /// The section as `viewer` sees it; `csrf` is the reader's form token.
    pub fn render(&self, viewer: Option<&SessionUser>, csrf: &str, draft: &CommentDraft) -> askama::Result<String> {
        let viewer_id = viewer.map(|v| v.id);
        let comments = threads(&self.rows, viewer_id, self.lang, self.offset_minutes);
        let form = viewer.map(|v| {
            // A reply names its parent; an unknown parent falls back to a new comment.
            let parent = draft.parent_id.and_then(|p| comments.iter().find(|c| c.id == p && !c.deleted && !c.withheld));
            CommentFormView {
                action: format!("/{}/news/{}/comments", self.lang.code(), self.article_id),
                author: v.display_name.clone(),
                body: draft.body.clone(),
                parent_id: parent.map(|c| c.id),
                replying_to: parent.map(|c| c.author.clone()).unwrap_or_default(),
                cancel_path: self.path.clone(),
                error: draft.error.clone(),
            }
        });
        SectionTemplate {
            ui: self.lang.ui(),
            comment_count: crate::editions::format_number(self.lang, visible_count(&comments) as i64),
            comments,
            form,
            csrf: if viewer.is_some() { csrf } else { "" },
            login_path: login_link(&self.path, "comments"),
        }
        .render()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reply_to_in_the_query_opens_a_reply() {
        assert_eq!(CommentDraft::from_query(Some("reply_to=12")).parent_id, Some(12));
        assert_eq!(CommentDraft::from_query(Some("a=1&reply_to=7")).parent_id, Some(7));
        assert_eq!(CommentDraft::from_query(Some("reply_to=x")).parent_id, None);
        assert_eq!(CommentDraft::from_query(None).parent_id, None);
    }
}
