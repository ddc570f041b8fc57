//! Notification queries: sending one to its audience inside the transaction of the change (with
//! its mail queued in the same transaction), a person's list and unread count, marking read,
//! the mail switch, and the alert about comments waiting for moderation.

use sqlx::{Any, FromRow, Row, Transaction};

use super::model::{self, COMMENTS_WAIT_SECS, Kind, Params};
use crate::clock::Timestamp;
use crate::db::Db;
use crate::editions::Lang;
use crate::mail::{Mail, queue};

/// Who hears about an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    /// Editors and admins.
    Editors,
    /// Moderators and admins.
    Moderators,
    /// One person (a story's reporter); nobody when the story has no known author.
    Person(Option<i64>),
}

/// Something to tell.
#[derive(Debug, Clone)]
pub struct Event {
    pub kind: Kind,
    pub article_id: Option<i64>,
    /// Who caused it: never told about their own doing.
    pub actor: Option<i64>,
    pub audience: Audience,
    pub params: Params,
    /// The newsroom path it leads to.
    pub link: String,
}

/// What a notification mail needs to say where it comes from, in either language.
#[derive(Debug, Clone)]
pub struct Letterhead {
    pub site_name: String,
    pub site_name_bn: String,
    /// The language of those who chose none: the site's main edition.
    pub default_lang: Lang,
    pub base_url: String,
    pub utc_offset_minutes: i32,
}

/// Tells `event` to its audience inside `tx`: a notification each, and a queued mail for those
/// who take mail, in the language each chose for the newsroom (else the site's main edition).
/// Returns how many were told.
pub async fn send_in(
    tx: &mut Transaction<'_, Any>,
    event: &Event,
    letterhead: &Letterhead,
    now: Timestamp,
) -> sqlx::Result<usize> {
    let (role, person) = match event.audience {
        Audience::Editors => ("editor", 0),
        Audience::Moderators => ("moderator", 0),
        Audience::Person(Some(id)) => ("", id),
        Audience::Person(None) => return Ok(0),
    };
    let recipients = sqlx::query(
        "SELECT id, email, notify_email, newsroom_lang FROM users WHERE disabled_at IS NULL AND id <> $3 \
         AND (($1 <> '' AND role IN ($1, 'admin')) OR ($1 = '' AND id = $2 AND role <> 'reader')) ORDER BY id",
    )
    .bind(role)
    .bind(person)
    .bind(event.actor.unwrap_or(0))
    .fetch_all(&mut **tx)
    .await?;
    let params = serde_json::to_string(&event.params).unwrap_or_else(|_| "{}".into());
    for recipient in &recipients {
        let id: i64 = recipient.try_get("id")?;
        sqlx::query(
            "INSERT INTO notifications (user_id, kind, article_id, params, link, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(id)
        .bind(event.kind.as_str())
        .bind(event.article_id)
        .bind(&params)
        .bind(&event.link)
        .bind(now)
        .execute(&mut **tx)
        .await?;
        if recipient.try_get::<i64, _>("notify_email")? != 0 {
            let chosen: Option<String> = recipient.try_get("newsroom_lang")?;
            let lang = chosen.as_deref().and_then(Lang::parse).unwrap_or(letterhead.default_lang);
            let (subject, body) = model::mail(event.kind, &event.params, &event.link, &letterhead.to(lang));
            let mail = Mail { to: recipient.try_get("email")?, subject, body };
            queue::enqueue(tx, &mail, now).await?;
        }
    }
    Ok(recipients.len())
}

impl Letterhead {
    /// The mail's setting for a recipient who reads `lang`.
    fn to(&self, lang: Lang) -> model::MailContext<'_> {
        let site = match lang {
            Lang::Bn if !self.site_name_bn.is_empty() => &self.site_name_bn,
            _ => &self.site_name,
        };
        model::MailContext { lang, site, base_url: &self.base_url, offset_minutes: self.utc_offset_minutes }
    }
}

/// A stored notification.
#[derive(Debug, Clone, FromRow)]
pub struct NotificationRow {
    pub id: i64,
    pub kind: String,
    pub article_id: Option<i64>,
    pub params: String,
    pub link: String,
    pub created_at: i64,
    pub read_at: Option<i64>,
}

/// How many notifications of `user` are unread.
pub async fn unread_count(db: &Db, user: i64) -> sqlx::Result<i64> {
    sqlx::query_scalar("SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND read_at IS NULL")
        .bind(user)
        .fetch_one(&db.pool)
        .await
}

/// The newest notifications of `user`, unread and read.
pub async fn list(db: &Db, user: i64, limit: i64) -> sqlx::Result<Vec<NotificationRow>> {
    sqlx::query_as(
        "SELECT id, kind, article_id, params, link, created_at, read_at FROM notifications \
         WHERE user_id = $1 ORDER BY id DESC LIMIT $2",
    )
    .bind(user)
    .bind(limit)
    .fetch_all(&db.pool)
    .await
}

/// Marks notifications of `user` read: those of `ids` (all of them, or none when one is not the
/// user's), or all when `ids` is `None`. Returns how many of the given ids are the user's.
pub async fn mark_read(db: &Db, user: i64, ids: Option<&[i64]>, now: Timestamp) -> sqlx::Result<u64> {
    let Some(ids) = ids else {
        let done = sqlx::query("UPDATE notifications SET read_at = $2 WHERE user_id = $1 AND read_at IS NULL")
            .bind(user)
            .bind(now)
            .execute(&db.pool)
            .await?;
        return Ok(done.rows_affected());
    };
    let mut tx = db.begin().await?;
    let mut found = 0;
    for id in ids {
        let done =
            sqlx::query("UPDATE notifications SET read_at = COALESCE(read_at, $3) WHERE id = $1 AND user_id = $2")
                .bind(id)
                .bind(user)
                .bind(now)
                .execute(&mut *tx)
                .await?;
        found += done.rows_affected();
    }
    // All or nothing: a list with someone else's id marks none of it.
    if found == ids.len() as u64 {
        tx.commit().await?;
    }
    Ok(found)
}

/// Whether `user` takes notification mail.
pub async fn email_on(db: &Db, user: i64) -> sqlx::Result<bool> {
    let on: Option<i64> =
        sqlx::query_scalar("SELECT notify_email FROM users WHERE id = $1").bind(user).fetch_optional(&db.pool).await?;
    Ok(on.unwrap_or(0) != 0)
}

/// Turns notification mail on or off for `user`.
pub async fn set_email(db: &Db, user: i64, on: bool) -> sqlx::Result<()> {
    sqlx::query("UPDATE users SET notify_email = $2 WHERE id = $1")
        .bind(user)
        .bind(i64::from(on))
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// Tells moderators and admins when held comments have waited longer than
/// [`COMMENTS_WAIT_SECS`], once per batch: an alert covers every comment held at that moment,
/// and the next comes only when a comment held after it has waited as long. Of several nodes
/// ticking at once, the one whose guarded UPDATE moves the mark sends it. Returns whether an
/// alert went out.
pub async fn alert_waiting_comments(db: &Db, letterhead: &Letterhead, now: Timestamp) -> sqlx::Result<bool> {
    let mark: i64 = sqlx::query_scalar("SELECT upto FROM notice_marks WHERE name = 'comments_waiting'")
        .fetch_optional(&db.pool)
        .await?
        .unwrap_or(0);
    let overdue = sqlx::query(
        "SELECT COUNT(*) AS waiting, COALESCE(MAX(id), 0) AS newest FROM comments \
         WHERE status = 'held' AND created_at <= $1",
    )
    .bind(now - COMMENTS_WAIT_SECS)
    .fetch_one(&db.pool)
    .await?;
    let waiting: i64 = overdue.try_get("waiting")?;
    let newest: i64 = overdue.try_get("newest")?;
    if waiting == 0 || newest <= mark {
        return Ok(false);
    }
    let mut tx = db.begin().await?;
    let moved = sqlx::query(
        "UPDATE notice_marks SET upto = (SELECT COALESCE(MAX(id), 0) FROM comments WHERE status = 'held') \
         WHERE name = 'comments_waiting' AND upto = $1 RETURNING upto",
    )
    .bind(mark)
    .fetch_optional(&mut *tx)
    .await?;
    if moved.is_none() {
        return Ok(false);
    }
    let event = Event {
        kind: Kind::CommentsWaiting,
        article_id: None,
        actor: None,
        audience: Audience::Moderators,
        params: Params { count: waiting, ..Params::default() },
        link: "/newsroom/comments?queue=held".into(),
    };
    send_in(&mut tx, &event, letterhead, now).await?;
    tx.commit().await?;
    Ok(true)
}
