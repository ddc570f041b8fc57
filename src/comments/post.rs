//! Taking a comment: the checks every way of posting goes through (the article page's form and
//! `POST /api/v1/articles/{id}/comments`), then the insert. A refusal names its status and a
//! reason in the article's language, and stores nothing.

use axum::http::StatusCode;

use super::db;
use super::model::{BodyError, CommentBody, CommentStatus, Refusal, check_limits, moderation};
use crate::accounts::model::SessionUser;
use crate::articles::db::ArticleRow;
use crate::editions::{Lang, format_number};
use crate::error::AppError;
use crate::idempotency::Claim;
use crate::state::AppState;

/// What a reader sent.
#[derive(Debug, Clone, Copy)]
pub struct Attempt<'a> {
    pub body: &'a str,
    pub parent_id: Option<i64>,
    /// The form's honeypot field.
    pub website: Option<&'a str>,
    /// An API client's Idempotency-Key.
    pub claim: Option<&'a Claim>,
}

/// How an attempt ended.
#[derive(Debug)]
pub enum Outcome {
    /// Stored as `approved` or `held`; or stored earlier under the same Idempotency-Key, with
    /// its status now (a moderator may have rejected it, or its author deleted it, since).
    Posted { id: i64, status: CommentStatus, replayed: bool },
    /// Not stored, and why.
    Refused { status: StatusCode, message: String, retry_after: Option<i64> },
}

fn refused(status: StatusCode, message: impl Into<String>, retry_after: Option<i64>) -> Outcome {
    Outcome::Refused { status, message: message.into(), retry_after }
}

/// Checks and stores a comment by `user` on `article`.
pub async fn take(
    state: &AppState,
    user: &SessionUser,
    article: &ArticleRow,
    lang: Lang,
    attempt: Attempt<'_>,
) -> Result<Outcome, AppError> {
    if let Some(id) = earlier(state, user.id, attempt.claim).await? {
        return replayed(state, id).await;
    }
    let outcome = check_and_store(state, user, article, lang, attempt).await?;
    // A retry racing its own first attempt: that one may have been stored meanwhile, and the
    // retry's refusal ("too soon", "the same text") would be wrong. It answers with the first.
    if let Outcome::Refused { .. } = outcome
        && let Some(id) = earlier(state, user.id, attempt.claim).await?
    {
        return replayed(state, id).await;
    }
    Ok(outcome)
}

async fn check_and_store(
    state: &AppState,
    user: &SessionUser,
    article: &ArticleRow,
    lang: Lang,
    attempt: Attempt<'_>,
) -> Result<Outcome, AppError> {
    if let Some((until, reason)) = crate::moderation::db::ban_of(&state.db, user.id, state.clock.now()).await? {
        let when = if until >= crate::moderation::FOREVER {
            "for good".to_owned()
        } else {
            format!("until {}", crate::editions::format_datetime(lang, until, state.config.utc_offset_minutes))
        };
        let message = format!("Your account is banned from commenting {when}. Reason: {reason}");
        return Ok(refused(StatusCode::FORBIDDEN, message, None));
    }
    if attempt.website.is_some_and(|w| !w.trim().is_empty()) {
        return Ok(refused(StatusCode::UNPROCESSABLE_ENTITY, honeypot_text(lang), None));
    }
    let body = match CommentBody::parse(attempt.body) {
        Ok(body) => body,
        Err(e) => return Ok(refused(StatusCode::UNPROCESSABLE_ENTITY, body_text(lang, e), None)),
    };
    let parent_id = attempt.parent_id;
    if let Some(parent) = parent_id {
        let ok = db::find(&state.db, parent).await?.is_some_and(|p| {
            p.article_id == article.id && p.parent_id.is_none() && p.status == CommentStatus::Approved
        });
        if !ok {
            return Ok(refused(StatusCode::UNPROCESSABLE_ENTITY, bad_parent_text(lang), None));
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
        return Ok(refused(status, refusal_text(lang, refusal), retry));
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
    let id = match db::insert(&state.db, new, attempt.claim).await {
        Ok(id) => id,
        // The same key sent twice at once: the one that lost answers with the winner's comment.
        Err(err) if attempt.claim.is_some() && crate::idempotency::lost_race(&err) => {
            match earlier(state, user.id, attempt.claim).await? {
                Some(id) => return replayed(state, id).await,
                None => return Err(err.into()),
            }
        }
        Err(err) => return Err(err.into()),
    };
    super::page_changed(state, article.id).await;
    Ok(Outcome::Posted { id, status: decision.status(), replayed: false })
}

async fn earlier(state: &AppState, user_id: i64, claim: Option<&Claim>) -> Result<Option<i64>, AppError> {
    match claim {
        Some(claim) => crate::idempotency::earlier(&state.db, user_id, claim).await,
        None => Ok(None),
    }
}

async fn replayed(state: &AppState, id: i64) -> Result<Outcome, AppError> {
    let comment = db::find(&state.db, id).await?.ok_or_else(|| AppError::not_found("That comment is gone."))?;
    // As it stands now: a moderator may have decided on it since.
    Ok(Outcome::Posted { id, status: comment.status, replayed: true })
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
