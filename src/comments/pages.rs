//! Posting and deleting comments from the article page.

use axum::Form;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::CommentDraft;
use super::db;
use super::post::{Attempt, Outcome, take};
use crate::accounts::session::{CurrentUser, MaybeUser};
use crate::articles::article::{find, render_article};
use crate::articles::model::article_path;
use crate::csrf::CsrfToken;
use crate::editions::Lang;
use crate::state::AppState;

use crate::error::{AppError, Result};
use crate::web::PathParams;

/// The comment form.
#[derive(Debug, Deserialize)]
pub struct CommentForm {
    body: String,
    parent_id: Option<String>,
    /// Hidden from people; bots fill it in.
    website: Option<String>,
}

/// `POST /{lang}/news/{id}/comments`: posts a comment or reply. A refusal shows the article
/// again with the reason and the typed text, and stores nothing.
pub async fn post_comment(
    State(state): State<AppState>,
    PathParams((lang, id)): PathParams<(Lang, i64)>,
    MaybeUser(viewer): MaybeUser,
    csrf: CsrfToken,
    Form(form): Form<CommentForm>,
) -> Result<Response> {
    let article = find(&state, id).await?;
    let lang_of_article = article.lang;
    if lang_of_article != lang {
        return Err(AppError::not_found("There is no story at this address."));
    }
    let Some(user) = viewer else {
        return Err(AppError::Forbidden(
            "You need to log in to leave a comment. Nothing was posted; log in and try again.".into(),
        ));
    };
    let parent_id = form.parent_id.as_deref().filter(|p| !p.is_empty()).map(|p| p.parse::<i64>().unwrap_or(0));
    let refuse = |status: StatusCode, error: String, retry_after: Option<i64>| {
        let draft = CommentDraft { body: form.body.clone(), parent_id, error: Some(error) };
        let state = state.clone();
        let article = article.clone();
        let csrf = csrf.clone();
        let user = user.clone();
        async move {
            let mut response = render_article(&state, lang, article, Some(&user), csrf.value(), &draft).await?;
            *response.status_mut() = status;
            if let Some(seconds) = retry_after {
                response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(seconds));
            }
            Ok(response)
        }
    };
    let attempt = Attempt { body: &form.body, parent_id, website: form.website.as_deref(), claim: None };
    let comment_id = match take(&state, &user, &article, lang, attempt).await? {
        Outcome::Posted { id, .. } => id,
        Outcome::Refused { status, message, retry_after } => return refuse(status, message, retry_after).await,
    };
    let location = format!("{}#comment-{comment_id}", article_path(lang, article.id, &article.slug));
    Ok((StatusCode::SEE_OTHER, [(header::LOCATION, location)]).into_response())
}

/// `POST /comments/{id}/delete`: a reader deletes their own comment.
pub async fn delete_comment(
    State(state): State<AppState>,
    PathParams(id): PathParams<i64>,
    CurrentUser(user): CurrentUser,
) -> Result<Response> {
    let missing = || AppError::not_found("There is no such comment.");
    let comment = db::find(&state.db, id).await?.ok_or_else(missing)?;
    if comment.user_id != user.id {
        return Err(AppError::Forbidden("You can only delete your own comments.".into()));
    }
    db::delete_own(&state.db, id, user.id).await?;
    super::page_changed(&state, comment.article_id).await;
    let article = find(&state, comment.article_id).await?;
    let location = format!("{}#comments", article_path(article.lang, article.id, &article.slug));
    Ok((StatusCode::SEE_OTHER, [(header::LOCATION, location)]).into_response())
}
