//! What a kept article page does for each reader the page cache serves it to: counts the view,
//! and puts a logged-in reader's own comment box (their form, held comments and delete buttons)
//! in the page.

use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;

use axum::extract::ConnectInfo;
use axum::http::request::Parts;

use crate::accounts::session;
use crate::cache::{ForReader, PerReader};
use crate::comments::{CommentDraft, PageComments};
use crate::state::WeakState;

/// The per-reader part of one article page.
pub struct ArticleReaders {
    /// Weak: the page is kept inside the state.
    pub state: WeakState,
    /// The article's comments as stored when the page was rendered.
    pub comments: PageComments,
}

impl PerReader for ArticleReaders {
    fn serve<'a>(&'a self, request: &'a Parts) -> Pin<Box<dyn Future<Output = ForReader> + Send + 'a>> {
        Box::pin(async move {
            let mut own = ForReader::default();
            let Some(state) = self.state.upgrade() else { return own };
            let headers = &request.headers;
            // Behind a CDN the page's beacon counts the view, as the CDN answers most readers.
            if state.config.cdn_max_age == 0
                && let Some(ConnectInfo(peer)) = request.extensions.get::<ConnectInfo<SocketAddr>>()
                && let Some(cookie) =
                    crate::trending::count_view(&state, self.comments.article_id, *peer, &request.method, headers)
            {
                own.cookies.push(cookie);
            }
            if !crate::cookies::has(headers, session::COOKIE) {
                return own;
            }
            // A database hiccup leaves the reader with the public page rather than an error.
            let Ok(Some(user)) = session::remembered(&state, headers).await else { return own };
            let (csrf, new_cookie) = crate::csrf::token_for(headers, &state.config);
            own.cookies.extend(new_cookie);
            let draft = CommentDraft::from_query(request.uri.query());
            match self.comments.render(Some(&user), &csrf, &draft) {
                Ok(section) => own.hole = Some(section),
                Err(err) => tracing::error!(error = %err, "rendering a comment section"),
            }
            own
        })
    }

    fn weight(&self) -> usize {
        self.comments.weight()
    }
}
