//! Posting and deleting comments from the article page.

use axum::Form;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::CommentDraft;
use super::db;
use super::model::{BodyError, CommentBody, Refusal, check_limits, moderation};
use crate::accounts::session::{CurrentUser, MaybeUser};
use crate::app::AppState;
use crate::articles::model::article_path;
use crate::articles::pages::{find, parse_lang, render_article};
use crate::csrf::CsrfToken;
use crate::editions::{Lang, format_number};
use crate::error::{AppError, Result};
use crate::web::edition;

/// The comment form.
#[derive(Debug, Deserialize)]
pub struct CommentForm {
    body: String,
    parent_id: Option<String>,
    /// Hidden from people; bots fill it in.
    website: Option<String>,
}

fn refusal_text(lang: Lang, refusal: Refusal) -> String {
    match (lang, refusal) {
        (Lang::En, Refusal::TooSoon(s)) => format!("Please wait {s} seconds before posting another comment."),
        (Lang::Bn, Refusal::TooSoon(s)) => format!("আরেকটি মন্তব্যের আগে {} সেকেন্ড অপেক্ষা করুন।", format_number(lang, s)),
        (Lang::En, Refusal::DailyLimit) => {
            "New accounts can post 10 comments on their first day. You can comment again tomorrow.".into()
        }
        (Lang::Bn, Refusal::DailyLimit) => "নতুন অ্যাকাউন্ট প্রথম দিনে ১০টি মন্তব্য করতে পারে। কাল আবার মন্তব্য করতে পারবেন।".into(),
        (Lang::En, Refusal::Duplicate) => "You posted this same comment a few minutes ago.".into(),
        (Lang::Bn, Refusal::Duplicate) => "কয়েক মিনিট আগে আপনি হুবহু এই মন্তব্যটি করেছেন।".into(),
    }
}

fn body_text(lang: Lang, error: BodyError) -> String {
    match (lang, error) {
        (Lang::En, BodyError::Empty) => "Your comment is empty. Write something before posting.".into(),
        (Lang::Bn, BodyError::Empty) => "মন্তব্যটি খালি। প্রকাশের আগে কিছু লিখুন।".into(),
        (Lang::En, BodyError::TooLong(n)) => {
            format!("A comment may have at most 5000 characters; yours has {n}. Please shorten it.")
        }
        (Lang::Bn, BodyError::TooLong(n)) => format!(
            "একটি মন্তব্যে সর্বোচ্চ ৫০০০ অক্ষর থাকতে পারে; আপনারটিতে আছে {}। একটু ছোট করুন।",
            format_number(lang, n as i64)
        ),
    }
}

fn honeypot_text(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "Your comment was not posted because the form looked filled in by a program. Please try again.",
        Lang::Bn => "ফর্মটি কোনো প্রোগ্রামে পূরণ করা মনে হওয়ায় মন্তব্যটি প্রকাশ হয়নি। আবার চেষ্টা করুন।",
    }
}

fn bad_parent_text(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "The comment you are replying to is no longer there. You can post yours as a new comment.",
        Lang::Bn => "যে মন্তব্যের উত্তর দিচ্ছেন সেটি আর নেই। আপনারটি নতুন মন্তব্য হিসেবে দিতে পারেন।",
    }
}

/// `POST /{lang}/news/{id}/comments`: posts a comment or reply. A refusal shows the article
/// again with the reason and the typed text, and stores nothing.
pub async fn post_comment(
    State(state): State<AppState>,
    Path((lang, id)): Path<(String, String)>,
    MaybeUser(viewer): MaybeUser,
    csrf: CsrfToken,
    Form(form): Form<CommentForm>,
) -> Result<Response> {
    let lang = edition(&lang)?;
    let article = find(&state, &id).await?;
    let lang_of_article = parse_lang(&article.lang);
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
    if let Some((until, reason)) = crate::moderation::db::ban_of(&state.db, user.id, state.clock.now()).await? {
        let when = if until >= crate::moderation::FOREVER {
            "for good".to_owned()
        } else {
            format!("until {}", crate::editions::format_datetime(lang, until, state.config.utc_offset_minutes))
        };
        return refuse(
            StatusCode::FORBIDDEN,
            format!("Your account is banned from commenting {when}. Reason: {reason}"),
            None,
        )
        .await;
    }
    if form.website.as_deref().is_some_and(|w| !w.trim().is_empty()) {
        return refuse(StatusCode::UNPROCESSABLE_ENTITY, honeypot_text(lang).into(), None).await;
    }
    let body = match CommentBody::parse(&form.body) {
        Ok(body) => body,
        Err(e) => return refuse(StatusCode::UNPROCESSABLE_ENTITY, body_text(lang, e), None).await,
    };
    if let Some(parent) = parent_id {
        let ok = db::find(&state.db, parent)
            .await?
            .is_some_and(|p| p.article_id == article.id && p.parent_id.is_none() && p.status == "approved");
        if !ok {
            return refuse(StatusCode::UNPROCESSABLE_ENTITY, bad_parent_text(lang).into(), None).await;
        }
    }
    let now = state.clock.now();
    let fingerprint = body.fingerprint();
    let recent =
        db::recent_activity(&state.db, user.id, user.created_at, &fingerprint, now - super::model::DUPLICATE_SECS)
            .await?;
    if let Err(refusal) = check_limits(user.created_at, now, recent.last_at, recent.since_first_day, recent.duplicate) {
        let (status, retry) = match refusal {
            Refusal::TooSoon(s) => (StatusCode::TOO_MANY_REQUESTS, Some(s)),
            Refusal::DailyLimit => {
                (StatusCode::TOO_MANY_REQUESTS, Some(user.created_at + super::model::NEW_ACCOUNT_SECS - now))
            }
            Refusal::Duplicate => (StatusCode::UNPROCESSABLE_ENTITY, None),
        };
        return refuse(status, refusal_text(lang, refusal), retry).await;
    }
    let premoderated = article.premoderate != 0 || state.site.get().premoderation;
    let decision = if premoderated {
        super::model::Moderation::Held
    } else {
        moderation(&body, user.created_at, now, &state.config.comment_blocklist)
    };
    let new = db::NewComment {
        article_id: article.id,
        user_id: user.id,
        parent_id,
        body: &body,
        moderation: decision,
        at: now,
    };
    let comment_id = db::insert(&state.db, new).await?;
    super::page_changed(&state, article.id).await;
    let location = format!("{}#comment-{comment_id}", article_path(lang, article.id, &article.slug));
    Ok((StatusCode::SEE_OTHER, [(header::LOCATION, location)]).into_response())
}

/// `POST /comments/{id}/delete`: a reader deletes their own comment.
pub async fn delete_comment(
    State(state): State<AppState>,
    Path(id): Path<String>,
    CurrentUser(user): CurrentUser,
) -> Result<Response> {
    let missing = || AppError::not_found("There is no such comment.");
    let id: i64 = id.parse().map_err(|_| missing())?;
    let comment = db::find(&state.db, id).await?.ok_or_else(missing)?;
    if comment.user_id != user.id {
        return Err(AppError::Forbidden("You can only delete your own comments.".into()));
    }
    db::delete_own(&state.db, id, user.id).await?;
    super::page_changed(&state, comment.article_id).await;
    let article = find(&state, &comment.article_id.to_string()).await?;
    let location = format!("{}#comments", article_path(parse_lang(&article.lang), article.id, &article.slug));
    Ok((StatusCode::SEE_OTHER, [(header::LOCATION, location)]).into_response())
}
