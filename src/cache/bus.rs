//! Invalidations between nodes over PostgreSQL `LISTEN/NOTIFY`.
//!
//! A node applies its own changes at once and sends them on the `newsdesk_invalidate` channel
//! after the write has committed; every node listens and applies what the others send. A node
//! that loses its listening connection cannot know what it missed, so on every (re)connect it
//! forgets all its pages. On SQLite there is one node and nothing to send.

use std::time::Duration;

use sqlx::postgres::PgListener;
use tokio::sync::mpsc;

use super::Invalidation;
use crate::app::AppState;
use crate::config::DatabaseUrl;

/// The PostgreSQL channel.
const CHANNEL: &str = "newsdesk_invalidate";

/// Hands invalidations to the task that sends them.
pub struct Sender {
    tx: Option<mpsc::UnboundedSender<Invalidation>>,
}

impl Sender {
    /// Queues a change for the other nodes (nothing on SQLite).
    pub fn send(&self, change: Invalidation) {
        if let Some(tx) = &self.tx {
            let _ = tx.send(change);
        }
    }
}

/// The receiving end of [`Sender`], run by [`run`].
pub struct Outbox {
    rx: mpsc::UnboundedReceiver<Invalidation>,
    url: String,
    node: String,
}

/// A sender and, on PostgreSQL, the outbox the node's background task drains.
pub fn channel(database: &DatabaseUrl) -> (Sender, Option<Outbox>) {
    match database {
        DatabaseUrl::Sqlite(_) => (Sender { tx: None }, None),
        DatabaseUrl::Postgres(url) => {
            let (tx, rx) = mpsc::unbounded_channel();
            let node = crate::accounts::model::random_hex(8);
            (Sender { tx: Some(tx) }, Some(Outbox { rx, url: url.clone(), node }))
        }
    }
}

/// Sends this node's invalidations and applies the other nodes', until the task is dropped.
pub async fn run(state: AppState, outbox: Outbox) {
    let Outbox { mut rx, url, node } = outbox;
    let sender = {
        let state = state.clone();
        let node = node.clone();
        async move {
            while let Some(change) = rx.recv().await {
                let payload = format!("{node} {}", change.encode());
                if let Err(err) =
                    sqlx::query("SELECT pg_notify($1, $2)").bind(CHANNEL).bind(&payload).execute(&state.db.pool).await
                {
                    // The others re-read everything when they reconnect; nothing else to do.
                    tracing::warn!(error = %err, "could not tell the other nodes about a change");
                }
            }
        }
    };
    tokio::join!(sender, listen(state, url, node));
}

async fn listen(state: AppState, url: String, node: String) {
    loop {
        let mut listener = match PgListener::connect(&url).await {
            Ok(listener) => listener,
            Err(err) => {
                tracing::warn!(error = %err, "cannot listen for other nodes' changes; retrying");
                tokio::time::sleep(Duration::from_secs(1)).await;
                continue;
            }
        };
        if let Err(err) = listener.listen(CHANNEL).await {
            tracing::warn!(error = %err, "cannot listen for other nodes' changes; retrying");
            tokio::time::sleep(Duration::from_secs(1)).await;
            continue;
        }
        // Whatever was sent while this node was not listening is unknown: start afresh.
        state.pages.invalidate_all_here();
        loop {
            match listener.try_recv().await {
                Ok(Some(note)) => {
                    let Some((from, text)) = note.payload().split_once(' ') else { continue };
                    if from == node {
                        continue;
                    }
                    if let Some(change) = Invalidation::decode(text) {
                        follow(&state, &change).await;
                        state.pages.apply(&change);
                    }
                }
                // The connection dropped and is being made again: changes may have been missed.
                Ok(None) => state.pages.invalidate_all_here(),
                Err(err) => {
                    tracing::warn!(error = %err, "lost the connection that follows other nodes' changes");
                    tokio::time::sleep(Duration::from_secs(1)).await;
                    break;
                }
            }
        }
    }
}

/// Brings this node's in-memory copies up to date before its pages are dropped, so that the
/// next render sees the change.
async fn follow(state: &AppState, change: &Invalidation) {
    let result = match change {
        Invalidation::Site => state.site.reload(&state.db).await,
        Invalidation::Stories => state.trending.reload(&state.db, state.clock.now()).await.map(|_| ()),
        _ => Ok(()),
    };
    if let Err(err) = result {
        tracing::warn!(error = %err, "could not reload after another node's change");
    }
}
