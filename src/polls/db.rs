//! Poll queries. Counts are always read from the votes table, so every node shows the same;
//! a vote, its one-per-voter key and the per-address cap are written in one transaction.

use sqlx::{AnyConnection, FromRow, Row};

use super::model::{ADDRESS_WINDOW_SECS, PER_ADDRESS_CAP, PollDraft, Refusal, Voter};
use crate::clock::Timestamp;
use crate::db::Db;
use crate::editions::Lang;

/// A poll as stored.
#[derive(Debug, Clone, FromRow)]
pub struct PollRow {
    pub id: i64,
    pub lang: Lang,
    pub question: String,
    pub article_id: Option<i64>,
    pub opens_at: i64,
    pub closes_at: i64,
    pub version: i64,
    pub created_at: i64,
    pub updated_at: i64,
}

/// A query over whole poll rows: `SELECT <every column of PollRow> FROM polls <rest>`, as one literal.
macro_rules! select_polls {
    ($rest:literal) => {
        concat!(
            "SELECT id, lang, question, article_id, opens_at, closes_at, version, created_at, updated_at FROM polls ",
            $rest
        )
    };
}

/// An option with its votes.
#[derive(Debug, Clone, FromRow)]
pub struct OptionCount {
    pub position: i64,
    pub label: String,
    pub votes: i64,
}

/// One poll by id.
pub async fn find(db: &Db, id: i64) -> sqlx::Result<Option<PollRow>> {
    sqlx::query_as(select_polls!("WHERE id = $1")).bind(id).fetch_optional(&db.pool).await
}

/// Polls of both editions, the latest to open first.
pub async fn list(db: &Db, limit: i64) -> sqlx::Result<Vec<PollRow>> {
    sqlx::query_as(select_polls!("ORDER BY opens_at DESC, id DESC LIMIT $1")).bind(limit).fetch_all(&db.pool).await
}

/// The open poll of an edition that opened last: the one its home page shows.
pub async fn newest_open(db: &Db, lang: Lang, now: Timestamp) -> sqlx::Result<Option<PollRow>> {
    sqlx::query_as(select_polls!(
        "WHERE lang = $1 AND opens_at <= $2 AND closes_at > $2 ORDER BY opens_at DESC, id DESC LIMIT 1"
    ))
    .bind(lang)
    .bind(now)
    .fetch_optional(&db.pool)
    .await
}

/// The poll tied to an article that opened last (open or closed): the one its page shows.
pub async fn of_article(db: &Db, article_id: i64, now: Timestamp) -> sqlx::Result<Option<PollRow>> {
    sqlx::query_as(select_polls!("WHERE article_id = $1 AND opens_at <= $2 ORDER BY opens_at DESC, id DESC LIMIT 1"))
        .bind(article_id)
        .bind(now)
        .fetch_optional(&db.pool)
        .await
}

/// The options of a poll in order, with their votes.
pub async fn counts(db: &Db, poll_id: i64) -> sqlx::Result<Vec<OptionCount>> {
    sqlx::query_as(
        "SELECT o.position, o.label, \
         (SELECT COUNT(*) FROM poll_votes v WHERE v.poll_id = o.poll_id AND v.position = o.position) AS votes \
         FROM poll_options o WHERE o.poll_id = $1 ORDER BY o.position",
    )
    .bind(poll_id)
    .fetch_all(&db.pool)
    .await
}

/// Whether this voter's vote in the poll is counted.
pub async fn has_voted(db: &Db, poll_id: i64, voter: &Voter) -> sqlx::Result<bool> {
    let row = sqlx::query("SELECT 1 AS one FROM poll_votes WHERE poll_id = $1 AND voter = $2")
        .bind(poll_id)
        .bind(voter.key())
        .fetch_optional(&db.pool)
        .await?;
    Ok(row.is_some())
}

/// What an editor stores: the checked poll and where it is shown.
pub struct NewPoll<'a> {
    pub lang: Lang,
    pub draft: &'a PollDraft,
    pub article_id: Option<i64>,
}

/// Stores a new poll with its options; returns its id.
pub async fn insert(db: &Db, poll: &NewPoll<'_>, by: Option<i64>, now: Timestamp) -> sqlx::Result<i64> {
    let mut tx = db.begin().await?;
    let id = insert_in(&mut tx, poll, by, now, None).await?.unwrap_or_default();
    tx.commit().await?;
    Ok(id)
}

/// Inserts a poll inside a transaction; `None` when a sample poll with this key exists already.
async fn insert_in(
    tx: &mut AnyConnection,
    poll: &NewPoll<'_>,
    by: Option<i64>,
    now: Timestamp,
    sample_key: Option<&str>,
) -> sqlx::Result<Option<i64>> {
    let row = sqlx::query(
        "INSERT INTO polls (lang, question, article_id, opens_at, closes_at, created_by, created_at, updated_at, sample_key) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8) ON CONFLICT (sample_key) DO NOTHING RETURNING id",
    )
    .bind(poll.lang)
    .bind(&poll.draft.question)
    .bind(poll.article_id)
    .bind(poll.draft.opens_at)
    .bind(poll.draft.closes_at)
    .bind(by)
    .bind(now)
    .bind(sample_key)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let id: i64 = row.try_get("id")?;
    insert_options(tx, id, &poll.draft.options).await?;
    Ok(Some(id))
}

async fn insert_options(tx: &mut AnyConnection, id: i64, options: &[String]) -> sqlx::Result<()> {
    for (i, label) in options.iter().enumerate() {
        sqlx::query("INSERT INTO poll_options (poll_id, position, label) VALUES ($1, $2, $3)")
            .bind(id)
            .bind(i as i64 + 1)
            .bind(label)
            .execute(&mut *tx)
            .await?;
    }
    Ok(())
}

/// How a change ended.
#[derive(Debug)]
pub enum Updated {
    Done(PollRow),
    /// The poll changed since `version` (or is gone).
    Stale,
    /// Votes are counted for the options, so their number may not change (their words may).
    OptionsLocked,
}

/// Replaces a poll's question, options, times and article, if it is still at `version`.
pub async fn update(db: &Db, id: i64, version: i64, poll: &NewPoll<'_>, now: Timestamp) -> sqlx::Result<Updated> {
    let mut tx = db.begin().await?;
    let changed = sqlx::query(
        "UPDATE polls SET question = $1, article_id = $2, opens_at = $3, closes_at = $4, \
         version = version + 1, updated_at = $5 WHERE id = $6 AND version = $7",
    )
    .bind(&poll.draft.question)
    .bind(poll.article_id)
    .bind(poll.draft.opens_at)
    .bind(poll.draft.closes_at)
    .bind(now)
    .bind(id)
    .bind(version)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if changed == 0 {
        return Ok(Updated::Stale);
    }
    let existing: i64 = sqlx::query("SELECT COUNT(*) AS n FROM poll_options WHERE poll_id = $1")
        .bind(id)
        .fetch_one(&mut *tx)
        .await?
        .try_get("n")?;
    let votes: i64 = sqlx::query("SELECT COUNT(*) AS n FROM poll_votes WHERE poll_id = $1")
        .bind(id)
        .fetch_one(&mut *tx)
        .await?
        .try_get("n")?;
    if votes > 0 && existing != poll.draft.options.len() as i64 {
        return Ok(Updated::OptionsLocked);
    }
    if votes > 0 {
        for (i, label) in poll.draft.options.iter().enumerate() {
            sqlx::query("UPDATE poll_options SET label = $1 WHERE poll_id = $2 AND position = $3")
                .bind(label)
                .bind(id)
                .bind(i as i64 + 1)
                .execute(&mut *tx)
                .await?;
        }
    } else {
        sqlx::query("DELETE FROM poll_options WHERE poll_id = $1").bind(id).execute(&mut *tx).await?;
        insert_options(&mut tx, id, &poll.draft.options).await?;
    }
    let row = sqlx::query_as(select_polls!("WHERE id = $1")).bind(id).fetch_one(&mut *tx).await?;
    tx.commit().await?;
    Ok(Updated::Done(row))
}

/// Closes a poll now, if it is still at `version`; `None` when it is not.
pub async fn close(db: &Db, id: i64, version: i64, now: Timestamp) -> sqlx::Result<Option<PollRow>> {
    let row = crate::db::write_returning(
        sqlx::query(
            "UPDATE polls SET closes_at = $1, opens_at = CASE WHEN opens_at > $1 THEN $1 ELSE opens_at END, \
             version = version + 1, updated_at = $1 WHERE id = $2 AND version = $3 \
             RETURNING id, lang, question, article_id, opens_at, closes_at, version, created_at, updated_at",
        )
        .bind(now)
        .bind(id)
        .bind(version),
        &db.pool,
    )
    .await?;
    row.map(|r| PollRow::from_row(&r)).transpose()
}

/// Deletes a poll with its options and votes; the edition it belonged to, if it existed.
pub async fn delete(db: &Db, id: i64) -> sqlx::Result<Option<Lang>> {
    let row =
        crate::db::write_returning(sqlx::query("DELETE FROM polls WHERE id = $1 RETURNING lang").bind(id), &db.pool)
            .await?;
    row.map(|r| r.try_get("lang")).transpose()
}

/// Counts a vote for option `position` of an open poll, once per voter and, without an
/// account, within the per-address cap; the refusal otherwise. Nothing is written when
/// refused.
pub async fn vote(
    db: &Db,
    poll_id: i64,
    position: i64,
    voter: &Voter,
    now: Timestamp,
) -> sqlx::Result<Result<(), Refusal>> {
    let mut tx = db.begin().await?;
    // The poll's times are read in the vote's transaction: a vote that lands as an editor
    // closes the poll is taken only if it came first.
    let open = sqlx::query("SELECT 1 AS one FROM polls WHERE id = $1 AND opens_at <= $2 AND closes_at > $2")
        .bind(poll_id)
        .bind(now)
        .fetch_optional(&mut *tx)
        .await?;
    if open.is_none() {
        return Ok(Err(Refusal::Closed));
    }
    let counted = sqlx::query(
        "INSERT INTO poll_votes (poll_id, position, voter, created_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (poll_id, voter) DO NOTHING RETURNING poll_id",
    )
    .bind(poll_id)
    .bind(position)
    .bind(voter.key())
    .bind(now)
    .fetch_optional(&mut *tx)
    .await?;
    if counted.is_none() {
        return Ok(Err(Refusal::AlreadyVoted));
    }
    if let Voter::Visitor { address, .. } = voter {
        // One statement: a window that has passed starts again at one; within the window the
        // count moves only while under the cap. No row back means the cap is reached, and the
        // vote above is rolled back with it.
        let within = sqlx::query(
            "INSERT INTO poll_address_votes (poll_id, address, window_start, votes) VALUES ($1, $2, $3, 1) \
             ON CONFLICT (poll_id, address) DO UPDATE SET \
             votes = CASE WHEN poll_address_votes.window_start <= $4 THEN 1 ELSE poll_address_votes.votes + 1 END, \
             window_start = CASE WHEN poll_address_votes.window_start <= $4 THEN $3 ELSE poll_address_votes.window_start END \
             WHERE poll_address_votes.window_start <= $4 OR poll_address_votes.votes < $5 \
             RETURNING votes",
        )
        .bind(poll_id)
        .bind(address)
        .bind(now)
        .bind(now - ADDRESS_WINDOW_SECS)
        .bind(PER_ADDRESS_CAP)
        .fetch_optional(&mut *tx)
        .await?;
        if within.is_none() {
            return Ok(Err(Refusal::AddressCap));
        }
    }
    tx.commit().await?;
    Ok(Ok(()))
}

/// Times after `now` at which a poll opens or closes, with its edition, soonest first: the
/// moments an edition's pages must be rendered again to show or drop a poll.
pub async fn boundaries(db: &Db, now: Timestamp) -> sqlx::Result<Vec<(Lang, i64)>> {
    let rows = sqlx::query(
        "SELECT lang, opens_at AS at FROM polls WHERE opens_at > $1 \
         UNION ALL SELECT lang, closes_at AS at FROM polls WHERE closes_at > $1 ORDER BY at",
    )
    .bind(now)
    .fetch_all(&db.pool)
    .await?;
    rows.iter().map(|r| -> sqlx::Result<(Lang, i64)> { Ok((r.try_get("lang")?, r.try_get("at")?)) }).collect()
}

/// Whether an article exists, and its edition.
pub async fn article_lang(db: &Db, article_id: i64) -> sqlx::Result<Option<Lang>> {
    let row = sqlx::query("SELECT lang FROM articles WHERE id = $1").bind(article_id).fetch_optional(&db.pool).await?;
    row.map(|r| r.try_get("lang")).transpose()
}

/// The sample polls: one open on each edition's home page for a year from `now`.
pub async fn insert_sample(tx: &mut AnyConnection, now: Timestamp) -> sqlx::Result<()> {
    let year = 365 * 86_400;
    let samples: [(&str, Lang, &str, [&str; 3]); 2] = [
        (
            "poll-en",
            Lang::En,
            "Should Dhaka's schools keep classes online on days of severe air pollution?",
            ["Yes, children's health comes first", "No, classrooms matter more", "Only for the youngest pupils"],
        ),
        (
            "poll-bn",
            Lang::Bn,
            "তীব্র বায়ুদূষণের দিনে ঢাকার স্কুলগুলোতে কি অনলাইনে ক্লাস হওয়া উচিত?",
            ["হ্যাঁ, শিশুদের স্বাস্থ্য আগে", "না, শ্রেণিকক্ষই বেশি জরুরি", "শুধু ছোট শিশুদের জন্য"],
        ),
    ];
    for (key, lang, question, options) in samples {
        let draft = PollDraft {
            question: question.to_owned(),
            options: options.iter().map(|o| (*o).to_owned()).collect(),
            opens_at: now,
            closes_at: now + year,
        };
        insert_in(tx, &NewPoll { lang, draft: &draft, article_id: None }, None, now, Some(key)).await?;
    }
    Ok(())
}
