//! The cluster the multi-node tests run on: two `newsdesk serve` processes on a fresh
//! PostgreSQL database, node B reaching it through a [`DbLink`] the test can cut, and nginx
//! round robin in front of both.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use tokio::time::Instant;

use super::POLL_EVERY;
use super::clients::{ADMIN_EMAIL, ADMIN_PASSWORD, http_client};
use super::db_link::{DbLink, server_address, with_server_address};
use crate::helpers::{Page, PgTestDatabase, TestDb};

/// Two nodes of one site on a fresh database, node B reaching it through a link the test can
/// cut, and nginx in front of both. Everything is stopped and removed when it is dropped.
pub(super) struct Cluster {
    pub(super) a: Node,
    pub(super) b: Node,
    pub(super) proxy: Proxy,
    pub(super) b_database: DbLink,
    /// An anonymous browser: no cookies, redirects not followed.
    pub(super) client: reqwest::Client,
    pool: sqlx::AnyPool,
    _shared: tempfile::TempDir,
    // Last, so that the database is dropped after the processes using it are stopped.
    _database: PgTestDatabase,
}

impl Cluster {
    /// Starts the cluster, or `None` when no PostgreSQL server is configured.
    pub(super) async fn start() -> Option<Self> {
        let Some(TestDb::Postgres(server)) = TestDb::postgres() else {
            return None;
        };
        let nginx = nginx_binary();
        let database = PgTestDatabase::create(&server).await;
        let shared = tempfile::tempdir().expect("temp dir");
        let media = shared.path().join("media");
        std::fs::create_dir(&media).unwrap();
        let proxy_port = free_port();
        let public = format!("http://127.0.0.1:{proxy_port}");
        let b_database = DbLink::open(server_address(&database.url)).await;
        // One after the other: the first start migrates the database and loads the samples.
        let a = Node::start("A", &database.url, &media, &public, shared.path()).await;
        let b_url = with_server_address(&database.url, &format!("127.0.0.1:{}", b_database.port));
        let b = Node::start("B", &b_url, &media, &public, shared.path()).await;
        let proxy = Proxy::start(&nginx, proxy_port, [&a, &b], &shared.path().join("nginx")).await;
        sqlx::any::install_default_drivers();
        let pool = sqlx::any::AnyPoolOptions::new().max_connections(2).connect(&database.url).await.unwrap();
        Some(Self { a, b, proxy, b_database, client: http_client(), pool, _shared: shared, _database: database })
    }

    /// GET a page expecting 200 and HTML.
    pub(super) async fn page(&self, url: &str) -> Page {
        let response = self.client.get(url).send().await.unwrap();
        assert_eq!(response.status(), 200, "GET {url}");
        Page::new(&response.text().await.unwrap())
    }

    /// Headlines of the links to article `id` on the page at `url`.
    pub(super) async fn titles_linking_to(&self, url: &str, id: i64) -> Vec<String> {
        self.page(url).await.texts(&format!("a[href^='/en/news/{id}/']"))
    }

    /// Status and headline of an article page on the node at `base`, following a redirect to
    /// the canonical address on the same node.
    pub(super) async fn headline(&self, base: &str, path: &str) -> (u16, Option<String>) {
        let mut response = self.client.get(format!("{base}{path}")).send().await.unwrap();
        if response.status() == 301 {
            let location = path_of(response.headers()["location"].to_str().unwrap());
            response = self.client.get(format!("{base}{location}")).send().await.unwrap();
        }
        let status = response.status().as_u16();
        let page = Page::new(&response.text().await.unwrap());
        (status, page.texts("article.article h1").into_iter().next())
    }

    /// GETs `url` on the proxy until both nodes have answered; returns each node's page.
    pub(super) async fn on_every_node(&self, url: &str) -> Vec<(&'static str, Page)> {
        let mut pages: Vec<(&'static str, Page)> = Vec::new();
        for _ in 0..4 {
            let response = self.client.get(url).send().await.unwrap();
            let upstream = response.headers()["x-upstream"].to_str().unwrap();
            let node = [&self.a, &self.b]
                .into_iter()
                .find(|n| n.base == format!("http://{upstream}"))
                .unwrap_or_else(|| panic!("the proxy answered from {upstream}"))
                .name;
            assert_eq!(response.status(), 200, "GET {url} on node {node}");
            if !pages.iter().any(|(n, _)| *n == node) {
                pages.push((node, Page::new(&response.text().await.unwrap())));
            }
            if pages.len() == 2 {
                return pages;
            }
        }
        panic!(
            "the proxy sent four requests for {url} to one node: {:?}",
            pages.iter().map(|(n, _)| n).collect::<Vec<_>>()
        )
    }

    /// GET with a stopwatch: a node that hangs fails here, after [`super::clients::CLIENT_TIMEOUT`].
    pub(super) async fn timed(&self, url: &str) -> Answer {
        let started = Instant::now();
        let response = match self.client.get(url).send().await {
            Ok(response) => response,
            Err(e) => panic!("GET {url}: no answer after {:?}: {e}", started.elapsed()),
        };
        let status = response.status().as_u16();
        let content_type =
            response.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
        let body = response.text().await.unwrap_or_default();
        Answer { status, content_type, body, took: started.elapsed() }
    }

    /// Counted views of an article, from the database.
    pub(super) async fn view_count(&self, id: i64) -> i64 {
        sqlx::query_scalar("SELECT view_count FROM articles WHERE id = $1")
            .bind(id)
            .fetch_one(&self.pool)
            .await
            .unwrap()
    }

    /// Comments stored, whatever their state.
    pub(super) async fn comment_count(&self) -> i64 {
        sqlx::query_scalar("SELECT COUNT(*) FROM comments").fetch_one(&self.pool).await.unwrap()
    }

    /// The address of an English topic page.
    pub(super) async fn any_topic_path(&self) -> String {
        let slug: String = sqlx::query_scalar("SELECT slug FROM topics WHERE lang = 'en' ORDER BY id LIMIT 1")
            .fetch_one(&self.pool)
            .await
            .expect("the sample content has English topics");
        format!("/en/topic/{slug}")
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        if std::thread::panicking() {
            for log in [&self.a.log, &self.b.log, &self.proxy.error_log] {
                eprintln!("---- last lines of {}:\n{}", log.display(), tail(log, 40));
            }
        }
    }
}

/// A response with how long it took.
pub(super) struct Answer {
    pub(super) status: u16,
    content_type: String,
    pub(super) body: String,
    took: Duration,
}

impl Answer {
    /// Asserts a quick 503 as an HTML page telling the reader to come back.
    pub(super) fn assert_unavailable_page(&self, what: &str) {
        assert_eq!(self.status, 503, "{what}: {}", self.body);
        assert!(self.took <= Duration::from_secs(5), "{what}: took {:?}", self.took);
        assert!(self.content_type.starts_with("text/html"), "{what}: {}", self.content_type);
        let message = Page::new(&self.body).texts(".error-page .message").join(" ");
        assert!(message.contains("try again"), "{what}: a message saying what to do, got {message:?}");
    }
}

/// A `newsdesk serve` process.
pub(super) struct Node {
    pub(super) name: &'static str,
    pub(super) base: String,
    log: PathBuf,
    process: Child,
    _data_dir: tempfile::TempDir,
}

impl Node {
    /// Starts the real binary on a free port and waits for `/healthz`.
    async fn start(name: &'static str, database_url: &str, media: &Path, public: &str, logs: &Path) -> Self {
        let port = free_port();
        let data_dir = tempfile::tempdir().expect("temp dir");
        let log = logs.join(format!("node-{name}.log"));
        let out = std::fs::File::create(&log).unwrap();
        let mut command = Command::new(env!("CARGO_BIN_EXE_newsdesk"));
        // Only what the test sets: no NEWSDESK_* of the environment leaks into the node.
        for (key, _) in std::env::vars_os() {
            if key.to_string_lossy().starts_with("NEWSDESK_") {
                command.env_remove(key);
            }
        }
        command
            .arg("serve")
            .args(["--bind", &format!("127.0.0.1:{port}")])
            .arg("--data-dir")
            .arg(data_dir.path())
            .args(["--database-url", database_url, "--base-url", public])
            .args(["--admin-email", ADMIN_EMAIL, "--admin-password", ADMIN_PASSWORD])
            .args(["--trusted-proxies", "127.0.0.1", "--view-flush-seconds", "1"])
            // `--media-dir` by its variable: a binary without the flag yet still starts.
            .env("NEWSDESK_MEDIA_DIR", media)
            .stdin(Stdio::null())
            .stdout(out.try_clone().unwrap())
            .stderr(out);
        let process = command.spawn().expect("start newsdesk");
        let mut node = Self { name, base: format!("http://127.0.0.1:{port}"), log, process, _data_dir: data_dir };
        node.wait_until_healthy().await;
        node
    }

    /// Absolute URL of a path on this node.
    pub(super) fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    async fn wait_until_healthy(&mut self) {
        let client = http_client();
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            if let Some(status) = self.process.try_wait().unwrap() {
                panic!("node {} exited ({status}) before it was healthy:\n{}", self.name, tail(&self.log, 40));
            }
            if let Ok(response) = client.get(self.url("/healthz")).timeout(Duration::from_secs(2)).send().await
                && response.status() == 200
            {
                return;
            }
            assert!(Instant::now() < deadline, "node {} not healthy after 60 s:\n{}", self.name, tail(&self.log, 40));
            tokio::time::sleep(POLL_EVERY).await;
        }
    }
}

impl Drop for Node {
    fn drop(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}

/// nginx in front of both nodes, round robin, as Debian ships it.
pub(super) struct Proxy {
    pub(super) base: String,
    error_log: PathBuf,
    process: Child,
}

impl Proxy {
    async fn start(nginx: &Path, port: u16, nodes: [&Node; 2], prefix: &Path) -> Self {
        std::fs::create_dir_all(prefix).unwrap();
        let p = prefix.display();
        let servers: String = nodes
            .iter()
            .map(|n| format!("        server {} max_fails=0;\n", n.base.trim_start_matches("http://")))
            .collect();
        // Every request goes to the node round robin picks and stays there (no retry on the
        // other node), and the answer names that node.
        let conf = format!(
            "daemon off;
master_process off;
pid {p}/nginx.pid;
error_log {p}/error.log warn;
events {{ worker_connections 256; }}
http {{
    access_log off;
    client_body_temp_path {p}/client_body;
    proxy_temp_path {p}/proxy;
    fastcgi_temp_path {p}/fastcgi;
    uwsgi_temp_path {p}/uwsgi;
    scgi_temp_path {p}/scgi;
    client_max_body_size 12m;
    upstream newsdesk {{
{servers}    }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://newsdesk;
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For $remote_addr;
            proxy_next_upstream off;
            proxy_read_timeout 30s;
            add_header X-Upstream $upstream_addr always;
        }}
    }}
}}
"
        );
        let conf_path = prefix.join("nginx.conf");
        std::fs::write(&conf_path, conf).unwrap();
        let error_log = prefix.join("error.log");
        let process = Command::new(nginx)
            .arg("-e")
            .arg(&error_log)
            .arg("-p")
            .arg(prefix)
            .arg("-c")
            .arg(&conf_path)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(prefix.join("stderr.log")).unwrap())
            .spawn()
            .expect("start nginx");
        let mut proxy = Self { base: format!("http://127.0.0.1:{port}"), error_log, process };
        let client = http_client();
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if let Some(status) = proxy.process.try_wait().unwrap() {
                panic!(
                    "nginx exited ({status}):\n{}\n{}",
                    tail(&proxy.error_log, 20),
                    tail(&prefix.join("stderr.log"), 20)
                );
            }
            if let Ok(response) = client.get(proxy.url("/healthz")).send().await
                && response.status() == 200
            {
                return proxy;
            }
            assert!(Instant::now() < deadline, "nginx not answering after 10 s:\n{}", tail(&proxy.error_log, 20));
            tokio::time::sleep(POLL_EVERY).await;
        }
    }

    /// Absolute URL of a path on the proxy.
    pub(super) fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}

/// The nginx binary; CI installs Debian's `nginx-light`. Missing, it fails the test.
fn nginx_binary() -> PathBuf {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .chain(["/usr/sbin".into(), "/usr/local/sbin".into()])
        .map(|dir| dir.join("nginx"))
        .find(|candidate| candidate.is_file())
        .unwrap_or_else(|| {
            panic!(
                "the multi-node tests need nginx in front of the nodes, and it is not installed: \
                 apt-get install -y --no-install-recommends nginx-light (or unset NEWSDESK_TEST_DATABASE_URL)"
            )
        })
}

/// The path of an absolute or root-relative URL.
pub(super) fn path_of(url: &str) -> String {
    match url.find("://") {
        Some(i) => url[i + 3..].find('/').map_or("/".to_owned(), |j| url[i + 3 + j..].to_owned()),
        None => url.to_owned(),
    }
}

/// A port that was free a moment ago.
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// The last `lines` lines of a log file.
fn tail(path: &Path, lines: usize) -> String {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let all: Vec<&str> = text.lines().collect();
    all[all.len().saturating_sub(lines)..].join("\n")
}

#[test]
fn paths_are_taken_from_absolute_and_relative_urls() {
    assert_eq!(path_of("http://127.0.0.1:9/media/a.png"), "/media/a.png");
    assert_eq!(path_of("/en/news/1/x"), "/en/news/1/x");
}
