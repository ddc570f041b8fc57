//! A TCP link between a node and PostgreSQL that a test can cut and restore.

use std::sync::{Arc, Mutex};

use tokio::net::{TcpListener, TcpStream};
use tokio::task::{JoinHandle, JoinSet};

/// A TCP link to PostgreSQL that the test can cut — every connection dropped, new ones closed
/// at once, as when the network between a node and its database fails — and restore. The port
/// stays bound while the link is cut, so that no other socket of the machine can take it.
pub(super) struct DbLink {
    pub(super) port: u16,
    upstream: String,
    listener: Arc<TcpListener>,
    /// Forwarding while the link is up; closing every new connection while it is cut.
    task: Mutex<Option<JoinHandle<()>>>,
}

impl DbLink {
    pub(super) async fn open(upstream: String) -> Self {
        let listener = Arc::new(TcpListener::bind("127.0.0.1:0").await.unwrap());
        let port = listener.local_addr().unwrap().port();
        let task = tokio::spawn(forward(listener.clone(), upstream.clone()));
        Self { port, upstream, listener, task: Mutex::new(Some(task)) }
    }

    pub(super) async fn cut(&self) {
        self.replace(tokio::spawn(refuse(self.listener.clone()))).await;
    }

    pub(super) async fn restore(&self) {
        self.replace(tokio::spawn(forward(self.listener.clone(), self.upstream.clone()))).await;
    }

    async fn replace(&self, next: JoinHandle<()>) {
        let previous = self.task.lock().unwrap().replace(next);
        if let Some(task) = previous {
            task.abort();
            let _ = task.await;
        }
    }
}

impl Drop for DbLink {
    fn drop(&mut self) {
        if let Some(task) = self.task.lock().unwrap().take() {
            task.abort();
        }
    }
}

/// Pipes every accepted connection to `upstream`. The connections are tasks of this one, so
/// aborting it closes them all.
async fn forward(listener: Arc<TcpListener>, upstream: String) {
    let mut connections = JoinSet::new();
    loop {
        while connections.try_join_next().is_some() {}
        let Ok((mut inbound, _)) = listener.accept().await else { continue };
        let upstream = upstream.clone();
        connections.spawn(async move {
            if let Ok(mut outbound) = TcpStream::connect(&upstream).await {
                let _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
            }
        });
    }
}

/// Closes every new connection as soon as it arrives: the database is out of reach.
async fn refuse(listener: Arc<TcpListener>) {
    loop {
        if let Ok((inbound, _)) = listener.accept().await {
            drop(inbound);
        }
    }
}

/// The parts of a `postgres://user:pass@host:port/db?…` URL before, at and after `host:port`.
fn split_server(url: &str) -> (&str, &str, &str) {
    let start = url.find("://").map(|i| i + 3).expect("a postgres:// URL");
    let end = url[start..].find(['/', '?']).map_or(url.len(), |i| start + i);
    let host = url[start..end].rfind('@').map_or(start, |i| start + i + 1);
    (&url[..host], &url[host..end], &url[end..])
}

/// `host:port` of a PostgreSQL URL, with the default port when it names none.
pub(super) fn server_address(url: &str) -> String {
    let (_, address, _) = split_server(url);
    assert!(!address.is_empty(), "the multi-node tests need NEWSDESK_TEST_DATABASE_URL to name a TCP host");
    let has_port =
        address.rsplit_once(':').is_some_and(|(_, p)| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    if has_port { address.to_owned() } else { format!("{address}:5432") }
}

/// The URL with `host:port` replaced by `address`.
pub(super) fn with_server_address(url: &str, address: &str) -> String {
    let (before, _, after) = split_server(url);
    format!("{before}{address}{after}")
}

#[test]
fn database_urls_are_rewritten_to_go_through_the_link() {
    assert_eq!(server_address("postgres://postgres@127.0.0.1:5432/postgres"), "127.0.0.1:5432");
    assert_eq!(server_address("postgres://u:p@db.internal/newsdesk?sslmode=disable"), "db.internal:5432");
    assert_eq!(
        with_server_address("postgres://u:p@db.internal/newsdesk?sslmode=disable", "127.0.0.1:40000"),
        "postgres://u:p@127.0.0.1:40000/newsdesk?sslmode=disable"
    );
}
