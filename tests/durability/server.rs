//! The real `newsdesk` binary as a process the test can kill with SIGKILL and start again on
//! the same port and data, with a direct database connection for auditing what it stored.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use sqlx::Row;
use tokio::time::Instant;

use super::Acknowledged;
use crate::helpers::{PgTestDatabase, TestDb};

const ADMIN_EMAIL: &str = "admin@durability.test";
const ADMIN_PASSWORD: &str = "durability admin pass";

/// A server process, its data directory and its database.
pub(super) struct Server {
    pub(super) base: String,
    port: u16,
    data_dir: tempfile::TempDir,
    database_url: Option<String>,
    process: Child,
    audit: sqlx::AnyPool,
    sqlite: bool,
    // Last: dropped after the process is gone.
    _database: Option<PgTestDatabase>,
}

impl Server {
    /// Starts the binary on a free port with a fresh database of the given kind.
    pub(super) async fn start(db: TestDb) -> Self {
        let database = match &db {
            TestDb::Postgres(server) => Some(PgTestDatabase::create(server).await),
            TestDb::Sqlite => None,
        };
        Self::start_on(tempfile::tempdir().expect("temp dir"), database).await
    }

    /// As [`Server::start`], with more flags for `serve`; restarts keep them.
    pub(super) async fn start_with(db: TestDb, flags: &[&str]) -> Self {
        let database = match &db {
            TestDb::Postgres(server) => Some(PgTestDatabase::create(server).await),
            TestDb::Sqlite => None,
        };
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("flags"), flags.join("\n")).unwrap();
        Self::start_on(dir, database).await
    }

    /// Starts the binary on a free port with this data directory and, for PostgreSQL, database.
    pub(super) async fn start_on(data_dir: tempfile::TempDir, database: Option<PgTestDatabase>) -> Self {
        let database_url = database.as_ref().map(|d| d.url.clone());
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let mut process = spawn(port, &data_dir.path().to_path_buf(), database_url.as_deref());
        let base = format!("http://127.0.0.1:{port}");
        wait_until_ready(&base, &data_dir.path().join("server.log"), &mut process).await;
        sqlx::any::install_default_drivers();
        let audit_url = database_url
            .clone()
            .unwrap_or_else(|| format!("sqlite://{}", data_dir.path().join("newsdesk.db").display()));
        let audit = sqlx::any::AnyPoolOptions::new().max_connections(1).connect(&audit_url).await.unwrap();
        let sqlite = database.is_none();
        Self { base, port, data_dir, database_url, process, audit, sqlite, _database: database }
    }

    /// The server's process id.
    pub(super) fn pid(&self) -> u32 {
        self.process.id()
    }

    /// What the server has logged so far (warnings and errors).
    pub(super) fn log(&self) -> String {
        std::fs::read_to_string(self.data_dir.path().join("server.log")).unwrap_or_default()
    }

    /// Fails when the log shows a panic or a request that failed with a 500.
    pub(super) fn assert_log_clean(&self) {
        let log = self.log();
        assert!(!log.contains("panicked"), "a panic:\n{log}");
        assert!(!log.contains("request failed"), "a request failed with a 500:\n{log}");
    }

    /// The data directory.
    pub(super) fn data_dir(&self) -> &std::path::Path {
        self.data_dir.path()
    }

    /// The PostgreSQL database's URL, when the site runs on PostgreSQL.
    pub(super) fn database_url(&self) -> Option<&str> {
        self.database_url.as_deref()
    }

    /// An API token of the admin, who may create articles.
    pub(super) async fn admin_token(&self) -> String {
        let (status, answer) = self.ask_for_admin_token().await;
        assert_eq!(status, 201, "{answer}");
        answer["token"].as_str().unwrap().to_owned()
    }

    /// Asks for a new API token as the admin: the status and JSON answer.
    pub(super) async fn ask_for_admin_token(&self) -> (u16, serde_json::Value) {
        let response = reqwest::Client::new()
            .post(format!("{}/api/v1/auth/token", self.base))
            .json(&serde_json::json!({"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD}))
            .send()
            .await
            .unwrap();
        (response.status().as_u16(), response.json().await.unwrap_or_default())
    }

    /// SIGKILL: no shutdown, no flush, whatever was in flight is cut.
    pub(super) fn kill_9(&mut self) {
        self.process.kill().unwrap();
        self.process.wait().unwrap();
    }

    /// SIGTERM; returns the exit status and how long the server took to stop.
    pub(super) async fn terminate(&mut self) -> (std::process::ExitStatus, Duration) {
        let started = Instant::now();
        let sent = Command::new("kill").args(["-TERM", &self.process.id().to_string()]).status().unwrap();
        assert!(sent.success());
        loop {
            if let Some(status) = self.process.try_wait().unwrap() {
                return (status, started.elapsed());
            }
            assert!(started.elapsed() < Duration::from_secs(20), "still running 20 s after SIGTERM");
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }

    /// Starts the binary again on the same port and data; returns how long until it was ready.
    pub(super) async fn restart(&mut self) -> Duration {
        let started = Instant::now();
        self.process = spawn(self.port, &self.data_dir.path().to_path_buf(), self.database_url.as_deref());
        wait_until_ready(&self.base, &self.data_dir.path().join("server.log"), &mut self.process).await;
        started.elapsed()
    }

    /// Reader `n`, logged in: an HTTP client with the session and the page's CSRF token. The
    /// account is made old enough for the established pace (one comment per 10 s).
    pub(super) async fn reader(&self, n: usize) -> (reqwest::Client, String) {
        let email = format!("reader{n}@durability.test");
        let mut command = Command::new(env!("CARGO_BIN_EXE_newsdesk"));
        command.args(["user", "add", "--email", &email, "--name", &format!("Reader {n}"), "--role", "reader"]);
        command.args(["--password-stdin", "--data-dir"]).arg(self.data_dir.path());
        if let Some(url) = &self.database_url {
            command.args(["--database-url", url]);
        }
        let mut child = command.stdin(Stdio::piped()).stdout(Stdio::null()).spawn().unwrap();
        use std::io::Write;
        child.stdin.take().unwrap().write_all(b"reader pass phrase\n").unwrap();
        assert!(child.wait().unwrap().success());
        sqlx::query("UPDATE users SET created_at = 0 WHERE email = $1")
            .bind(&email)
            .execute(&self.audit)
            .await
            .unwrap();
        let client = reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(10))
            .build()
            .unwrap();
        let form = client.get(format!("{}/login", self.base)).send().await.unwrap().text().await.unwrap();
        let csrf = crate::helpers::Page::new(&form).attrs("input[name=csrf]", "value").remove(0);
        let login = client
            .post(format!("{}/login", self.base))
            .form(&[
                ("csrf", csrf.as_str()),
                ("email", email.as_str()),
                ("password", "reader pass phrase"),
                ("next", "/"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(login.status(), 303, "reader {n} logs in");
        (client, csrf)
    }

    /// The readers' comments as stored: body → (id, body).
    pub(super) async fn stored_comments(&self) -> BTreeMap<String, (i64, String)> {
        let rows = sqlx::query("SELECT id, body FROM comments WHERE body LIKE 'Commenter %' ORDER BY id")
            .fetch_all(&self.audit)
            .await
            .unwrap();
        let mut stored = BTreeMap::new();
        for row in rows {
            let body: String = row.get("body");
            let id: i64 = row.get("id");
            assert!(stored.insert(body.clone(), (id, body.clone())).is_none(), "comment stored twice: {body}");
        }
        stored
    }

    /// After a round: every acknowledged comment is there, intact, once.
    pub(super) async fn audit_comments(&self, acknowledged: &BTreeMap<String, (i64, String)>, round: usize) {
        let stored = self.stored_comments().await;
        for (body, expected) in acknowledged {
            assert_eq!(
                stored.get(body),
                Some(expected),
                "round {round}: acknowledged comment {body:?} is missing or changed"
            );
        }
    }

    /// One number from the database.
    pub(super) async fn scalar(&self, sql: &'static str) -> i64 {
        sqlx::query_scalar(sql).fetch_one(&self.audit).await.unwrap()
    }

    /// Runs a statement on the database directly, as an operator could.
    pub(super) async fn execute(&self, sql: &'static str) {
        sqlx::query(sql).execute(&self.audit).await.unwrap();
    }

    /// The writers' articles as stored: title → (id, body), and titles stored more than once.
    async fn stored(&self) -> (BTreeMap<String, (i64, String)>, Vec<String>) {
        let rows = sqlx::query("SELECT id, title, body FROM articles WHERE title LIKE 'Writer %' ORDER BY id")
            .fetch_all(&self.audit)
            .await
            .unwrap();
        let mut stored = BTreeMap::new();
        let mut twice = Vec::new();
        for row in rows {
            let title: String = row.get("title");
            if stored.insert(title.clone(), (row.get::<i64, _>("id"), row.get::<String, _>("body"))).is_some() {
                twice.push(title);
            }
        }
        (stored, twice)
    }

    /// After a round: every acknowledged article is there, intact, once; SQLite's file is sound.
    pub(super) async fn audit(&self, acknowledged: &Acknowledged, round: usize) {
        let acknowledged = acknowledged.lock().await.clone();
        let (stored, twice) = self.stored().await;
        assert!(twice.is_empty(), "round {round}: stored twice: {twice:?}");
        for (title, expected) in &acknowledged {
            assert_eq!(
                stored.get(title),
                Some(expected),
                "round {round}: acknowledged {title:?} is missing or changed"
            );
        }
        if self.sqlite {
            let check: String = sqlx::query_scalar("PRAGMA integrity_check").fetch_one(&self.audit).await.unwrap();
            assert_eq!(check, "ok", "round {round}");
        }
    }

    /// After a round of the kill -9 test, at a cost that does not grow with the table: rows new
    /// since the last round are read and checked for duplicates; every write acknowledged since
    /// then must be among them, intact; the older rows are counted (none lost, none added) and a
    /// window of 200 of them chosen by `round` is read again and compared; SQLite's file is
    /// checked whole. Every 50th round reads the whole table as [`Server::audit`] does.
    pub(super) async fn audit_round(&self, audited: &mut Audited, acknowledged: &Acknowledged, round: usize) {
        if round.is_multiple_of(50) {
            self.audit(acknowledged, round).await;
        }
        // Taken before reading: whatever was acknowledged by now was committed by now.
        let unchecked: Vec<(String, (i64, String))> = acknowledged
            .lock()
            .await
            .iter()
            .filter(|(title, _)| !audited.checked.contains(*title))
            .map(|(title, stored)| (title.clone(), stored.clone()))
            .collect();
        // PostgreSQL hands out ids before commit, so a row with a lower id than one already read
        // may still be committing then: the last `SETTLING` ids are read again next round, and
        // only the ids below them are counted as settled.
        const SETTLING: i64 = 1_000;
        let settled = (audited.through - SETTLING).max(0);
        let rows =
            sqlx::query("SELECT id, title, body FROM articles WHERE title LIKE 'Writer %' AND id > $1 ORDER BY id")
                .bind(settled)
                .fetch_all(&self.audit)
                .await
                .unwrap();
        let old_rows = audited.ids.range(..=settled).count();
        for row in rows {
            let (id, title, body): (i64, String, String) = (row.get("id"), row.get("title"), row.get("body"));
            audited.through = audited.through.max(id);
            match audited.seen.get(&title) {
                Some(first) if first.0 == id => {
                    assert_eq!(first.1, body, "round {round}: row {id} changed since it was first read");
                }
                Some((first, _)) => panic!("round {round}: {title:?} stored twice (ids {first} and {id})"),
                None => {
                    audited.seen.insert(title.clone(), (id, body));
                    audited.ids.insert(id, title);
                }
            }
        }
        let counted: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM articles WHERE title LIKE 'Writer %' AND id <= $1")
            .bind(settled)
            .fetch_one(&self.audit)
            .await
            .unwrap();
        assert_eq!(counted as usize, old_rows, "round {round}: rows lost or added below id {settled}");
        for (title, expected) in unchecked {
            assert_eq!(
                audited.seen.get(&title),
                Some(&expected),
                "round {round}: acknowledged {title:?} is missing or changed"
            );
            audited.checked.insert(title);
        }
        if let Some(&from) = audited.ids.keys().nth((round * 7919) % old_rows.max(1)) {
            let window = sqlx::query("SELECT id, title, body FROM articles WHERE title LIKE 'Writer %' AND id >= $1 AND id <= $2 ORDER BY id LIMIT 200")
                .bind(from)
                .bind(settled)
                .fetch_all(&self.audit)
                .await
                .unwrap();
            for row in window {
                let (id, title, body): (i64, String, String) = (row.get("id"), row.get("title"), row.get("body"));
                assert_eq!(
                    audited.seen.get(&title),
                    Some(&(id, body)),
                    "round {round}: row {id} changed since it was first read"
                );
            }
        }
        if self.sqlite {
            let check: String = sqlx::query_scalar("PRAGMA integrity_check").fetch_one(&self.audit).await.unwrap();
            assert_eq!(check, "ok", "round {round}");
        }
    }

    /// At the end, with every writer's last request acknowledged: exactly what was acknowledged.
    pub(super) async fn audit_exact(&self, acknowledged: &BTreeMap<String, (i64, String)>) {
        let (stored, twice) = self.stored().await;
        assert!(twice.is_empty(), "stored twice: {twice:?}");
        let extra: Vec<_> = stored.keys().filter(|t| !acknowledged.contains_key(*t)).collect();
        let lost: Vec<_> = acknowledged.keys().filter(|t| !stored.contains_key(*t)).collect();
        let changed: Vec<_> =
            acknowledged.iter().filter(|(t, v)| stored.get(*t).is_some_and(|s| s != *v)).map(|(t, _)| t).collect();
        assert!(
            extra.is_empty() && lost.is_empty() && changed.is_empty(),
            "stored but not acknowledged: {extra:?}; lost: {lost:?}; changed: {changed:?}"
        );
    }
}

/// What the kill -9 rounds have read so far, for [`Server::audit_round`].
#[derive(Default)]
pub(super) struct Audited {
    /// The highest id read.
    through: i64,
    /// Every writer's row read: title → (id, body), and id → title.
    seen: BTreeMap<String, (i64, String)>,
    ids: BTreeMap<i64, String>,
    /// Acknowledged titles already found intact.
    checked: std::collections::BTreeSet<String>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}

fn spawn(port: u16, data_dir: &PathBuf, database_url: Option<&str>) -> Child {
    // Flags given to `start_with`, kept beside the data for restarts.
    let flags = std::fs::read_to_string(data_dir.join("flags")).unwrap_or_default();
    let log = std::fs::OpenOptions::new().create(true).append(true).open(data_dir.join("server.log")).unwrap();
    let mut command = Command::new(env!("CARGO_BIN_EXE_newsdesk"));
    for (key, _) in std::env::vars_os() {
        if key.to_string_lossy().starts_with("NEWSDESK_") {
            command.env_remove(key);
        }
    }
    command
        .arg("serve")
        .args(["--bind", &format!("127.0.0.1:{port}")])
        .arg("--data-dir")
        .arg(data_dir)
        .args(["--admin-email", ADMIN_EMAIL, "--admin-password", ADMIN_PASSWORD])
        .env("RUST_LOG", "warn")
        .stdin(Stdio::null())
        .stdout(log.try_clone().unwrap())
        .stderr(log);
    if let Some(url) = database_url {
        command.args(["--database-url", url]);
    }
    command.args(flags.lines().filter(|f| !f.is_empty()));
    command.spawn().expect("start newsdesk")
}

/// Waits for `/healthz`; a process that exits, or is not ready in 60 s, is killed and fails the test.
async fn wait_until_ready(base: &str, log: &std::path::Path, process: &mut Child) {
    let client = reqwest::Client::builder().timeout(Duration::from_secs(2)).build().unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if let Some(status) = process.try_wait().unwrap() {
            panic!(
                "newsdesk exited ({status}) before it was ready:\n{}",
                std::fs::read_to_string(log).unwrap_or_default()
            );
        }
        if Instant::now() >= deadline {
            let _ = process.kill();
            let _ = process.wait();
        }
        if let Ok(response) = client.get(format!("{base}/healthz")).send().await
            && response.status() == 200
        {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "not ready after 60 s:\n{}",
            std::fs::read_to_string(log).unwrap_or_default()
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}
