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
use crate::config::DatabaseUrl;
use crate::db::Db;

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
            // A random name, so that a node skips its own notes.
            let node = format!("{:016x}", rand::random::<u64>());
            (Sender { tx: Some(tx) }, Some(Outbox { rx, url: url.clone(), node }))
        }
    }
}

/// What a node does with the other nodes' changes.
pub trait Follower: Send + Sync + 'static {
    /// Applies another node's change: in-memory copies, then kept pages.
    fn follow(&self, change: &Invalidation) -> impl std::future::Future<Output = ()> + Send;

    /// Forgets everything kept, as after a lost connection (changes may have been missed).
    fn forget_all(&self);
}

/// Sends this node's invalidations and applies the other nodes', until the task is dropped.
/// `listening` is told once the node first listens (what it kept before is forgotten then).
pub async fn run(db: Db, outbox: Outbox, follower: impl Follower, listening: tokio::sync::oneshot::Sender<()>) {
    let Outbox { mut rx, url, node } = outbox;
    let sender = {
        let node = node.clone();
        async move {
            while let Some(change) = rx.recv().await {
                let payload = format!("{node} {}", change.encode());
                if let Err(err) =
                    sqlx::query("SELECT pg_notify($1, $2)").bind(CHANNEL).bind(&payload).execute(&db.pool).await
                {
                    // The others re-read everything when they reconnect; nothing else to do.
                    tracing::warn!(error = %err, "could not tell the other nodes about a change");
                }
            }
        }
    };
    tokio::join!(sender, listen(&follower, url, node, listening));
}

async fn listen(follower: &impl Follower, url: String, node: String, listening: tokio::sync::oneshot::Sender<()>) {
    let mut listening = Some(listening);
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
        follower.forget_all();
        if let Some(listening) = listening.take() {
            let _ = listening.send(());
        }
        loop {
            match listener.try_recv().await {
                Ok(Some(note)) => {
                    let Some((from, text)) = note.payload().split_once(' ') else { continue };
                    if from == node {
                        continue;
                    }
                    if let Some(change) = Invalidation::decode(text) {
                        follower.follow(&change).await;
                    }
                }
                // The connection dropped and is being made again: changes may have been missed.
                Ok(None) => follower.forget_all(),
                Err(err) => {
                    tracing::warn!(error = %err, "lost the connection that follows other nodes' changes");
                    tokio::time::sleep(Duration::from_secs(1)).await;
                    break;
                }
            }
        }
    }
}
