//! The durable mail queue: a message is a row of `mail_queue`, inserted in the transaction of
//! the change that causes it (a story returned, an invitation), and sent later by each node's
//! background sender ([`deliver_due`]). So a request never waits for a mail server, a crash
//! between the commit and the send loses nothing, and a failed send is tried again with
//! exponential back-off.
//!
//! Sending once: a sender first *claims* a row with one guarded UPDATE that moves its
//! `claimed_until` into the future; of several nodes (or tasks) only one UPDATE can match, and
//! the others pass on. It then sends and marks the row sent. The one window left is a crash
//! after the mail server accepted the message and before the mark is written: the lease then
//! runs out and the row is sent again (at least once, never lost). It is kept as small as it can
//! be: the mark is the very next statement after the send, and nothing else runs in between.

use sqlx::{Any, Row, Transaction};

use super::{Mail, Mailer};
use crate::clock::Timestamp;
use crate::db::Db;

/// How long a claim holds a row: longer than a send may take (lettre gives up on an SMTP server
/// after a minute), so that no other sender takes a row still being sent.
pub const LEASE_SECS: i64 = 300;
/// Tries before a row is given up (it stays, with its last error, for the operator).
pub const MAX_ATTEMPTS: i64 = 10;
/// The wait after the first failure; each further failure doubles it, up to [`MAX_BACKOFF_SECS`].
pub const FIRST_BACKOFF_SECS: i64 = 30;
/// The longest wait between two tries.
pub const MAX_BACKOFF_SECS: i64 = 6 * 3600;
/// Rows one round of the sender takes at most, so a long queue does not hold the task.
const ROUND: usize = 50;

/// The wait before the next try after `attempts` failed ones (1 → 30 s, 2 → 60 s, …).
pub fn backoff(attempts: i64) -> i64 {
    let doublings = u32::try_from(attempts.saturating_sub(1).clamp(0, 20)).unwrap_or(20);
    FIRST_BACKOFF_SECS.saturating_mul(1_i64 << doublings).min(MAX_BACKOFF_SECS)
}

/// Queues `mail` inside the caller's transaction: it leaves only if that transaction commits.
pub async fn enqueue(tx: &mut Transaction<'_, Any>, mail: &Mail, now: Timestamp) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO mail_queue (to_address, subject, body, created_at, next_attempt_at) VALUES ($1, $2, $3, $4, $4)",
    )
    .bind(&mail.to)
    .bind(&mail.subject)
    .bind(&mail.body)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Queues `mail` in a transaction of its own.
pub async fn enqueue_now(db: &Db, mail: &Mail, now: Timestamp) -> sqlx::Result<()> {
    let mut tx = db.begin().await?;
    enqueue(&mut tx, mail, now).await?;
    tx.commit().await
}

/// A claimed row.
struct Claimed {
    id: i64,
    mail: Mail,
    attempts: i64,
}

/// Claims the oldest due row, if any: only the sender whose UPDATE matches gets it.
async fn claim(db: &Db, now: Timestamp) -> sqlx::Result<Option<Claimed>> {
    // The inner SELECT may pick the same row on two nodes; the outer condition is checked again
    // on the row itself (under its write lock), so only the first UPDATE changes it.
    let row = sqlx::query(
        "UPDATE mail_queue SET claimed_until = $1 + $2, attempts = attempts + 1 \
         WHERE id = (SELECT id FROM mail_queue WHERE sent_at IS NULL AND next_attempt_at <= $1 \
                     AND claimed_until <= $1 AND attempts < $3 ORDER BY next_attempt_at, id LIMIT 1) \
         AND sent_at IS NULL AND claimed_until <= $1 \
         RETURNING id, to_address, subject, body, attempts",
    )
    .bind(now)
    .bind(LEASE_SECS)
    .bind(MAX_ATTEMPTS)
    .fetch_optional(&db.pool)
    .await?;
    row.map(|r| {
        Ok(Claimed {
            id: r.try_get("id")?,
            attempts: r.try_get("attempts")?,
            mail: Mail { to: r.try_get("to_address")?, subject: r.try_get("subject")?, body: r.try_get("body")? },
        })
    })
    .transpose()
}

/// Sends what is due; returns how many were sent. Failures are written to their rows and tried
/// again later; only a database error ends the round early.
pub async fn deliver_due(db: &Db, mailer: &Mailer, now: Timestamp) -> sqlx::Result<usize> {
    let mut sent = 0;
    for _ in 0..ROUND {
        let Some(row) = claim(db, now).await? else { break };
        match mailer.send(&row.mail, now).await {
            Ok(()) => {
                // At once: a crash from here to the commit is the one window in which the mail
                // could go twice (see the module's note).
                sqlx::query("UPDATE mail_queue SET sent_at = $2, last_error = NULL WHERE id = $1")
                    .bind(row.id)
                    .bind(now)
                    .execute(&db.pool)
                    .await?;
                sent += 1;
            }
            Err(err) => {
                let error = format!("{err:#}");
                if row.attempts >= MAX_ATTEMPTS {
                    tracing::error!(mail = row.id, error, "gave up sending a mail after {MAX_ATTEMPTS} tries");
                } else {
                    tracing::warn!(
                        mail = row.id,
                        attempt = row.attempts,
                        error,
                        "could not send a mail; will try again"
                    );
                }
                sqlx::query(
                    "UPDATE mail_queue SET claimed_until = 0, next_attempt_at = $2, last_error = $3 WHERE id = $1",
                )
                .bind(row.id)
                .bind(now + backoff(row.attempts))
                .bind(error.chars().take(1000).collect::<String>())
                .execute(&db.pool)
                .await?;
            }
        }
    }
    Ok(sent)
}

/// Forgets mail sent more than `keep_secs` ago; unsent rows stay.
pub async fn prune(db: &Db, now: Timestamp, keep_secs: i64) -> sqlx::Result<u64> {
    let done = sqlx::query("DELETE FROM mail_queue WHERE sent_at IS NOT NULL AND sent_at < $1")
        .bind(now - keep_secs)
        .execute(&db.pool)
        .await?;
    Ok(done.rows_affected())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wait_doubles_after_each_failure_up_to_a_cap() {
        assert_eq!(backoff(1), 30);
        assert_eq!(backoff(2), 60);
        assert_eq!(backoff(3), 120);
        assert_eq!(backoff(40), MAX_BACKOFF_SECS);
        assert_eq!(backoff(0), 30);
    }
}
