//! The database out of reach on SQLite: its file locked by another process, and the disk under
//! the data directory full. Requests answer 503 or 507 with a message, reading goes on where it
//! can, and the node recovers by itself, losing nothing acknowledged.

use std::time::Duration;

use sqlx::Connection;
use tokio::time::Instant;

use super::Acknowledged;
use super::server::Server;
use crate::helpers::{PgTestDatabase, TestDb};
use crate::media::files_under;

/// SQLite's wait for a lock (`SQLITE_BUSY_TIMEOUT_MS` in `src/db.rs`).
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Creates the draft `title` through the API with an `Idempotency-Key`; the answer's status and
/// JSON body.
async fn create(server: &Server, token: &str, title: &str, body: &str) -> (u16, serde_json::Value) {
    let response = reqwest::Client::new()
        .post(format!("{}/api/v1/newsroom/articles", server.base))
        .bearer_auth(token)
        .header("idempotency-key", title.replace(' ', "-"))
        .json(&serde_json::json!({"lang": "en", "title": title, "body": body, "section": "sports", "byline": ["sports-desk"]}))
        .timeout(Duration::from_secs(30))
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or_default())
}

/// Creates `title` and records it as acknowledged.
async fn create_acknowledged(server: &Server, token: &str, acknowledged: &Acknowledged, title: &str, body: &str) {
    let (status, answer) = create(server, token, title, body).await;
    assert_eq!(status, 201, "{title}: {answer}");
    // What is stored is the body's stored form, as the answer gives it.
    let stored = answer["body_html"].as_str().unwrap().to_owned();
    acknowledged.lock().await.insert(title.to_owned(), (answer["id"].as_i64().unwrap(), stored));
}

/// `/healthz`: its status and body.
async fn health(server: &Server) -> (u16, serde_json::Value) {
    let response = reqwest::Client::new()
        .get(format!("{}/healthz", server.base))
        .timeout(Duration::from_secs(30))
        .send()
        .await
        .unwrap();
    (response.status().as_u16(), response.json().await.unwrap())
}

/// Waits (at most `within`) until `/healthz` says ok; how long that took.
async fn healthy_within(server: &Server, within: Duration) -> Duration {
    let started = Instant::now();
    loop {
        let (status, body) = health(server).await;
        if status == 200 {
            return started.elapsed();
        }
        assert!(started.elapsed() < within, "still {status} {body} after {within:?}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

#[tokio::test]
async fn sqlite_locked_by_another_process_answers_503_and_recovers_by_itself() {
    let server = Server::start(TestDb::Sqlite).await;
    let token = server.admin_token().await;
    let acknowledged = Acknowledged::default();
    create_acknowledged(&server, &token, &acknowledged, "Writer lock before", "Written before the lock.").await;
    let client = reqwest::Client::builder().cookie_store(true).timeout(Duration::from_secs(30)).build().unwrap();
    let file = server.data_dir().join("newsdesk.db");

    // 1. Another program holds the write lock (`sqlite3 newsdesk.db` with `BEGIN IMMEDIATE`).
    let mut locker = sqlx::sqlite::SqliteConnection::connect(&format!("sqlite://{}", file.display())).await.unwrap();
    sqlx::raw_sql("BEGIN IMMEDIATE").execute(&mut locker).await.unwrap();
    let started = Instant::now();
    let (status, answer) = create(&server, &token, "Writer lock during", "Sent while locked.").await;
    let waited = started.elapsed();
    assert_eq!(status, 503, "{answer}");
    assert_eq!(answer["error"]["code"], "unavailable");
    assert!(answer["error"]["message"].as_str().unwrap().contains("try again"), "{answer}");
    assert!(waited < BUSY_TIMEOUT + Duration::from_secs(3), "the write waited {waited:?}");
    // Readers read on: WAL lets them past the writer's lock.
    for path in ["/", "/en/search?q=dhaka", "/bn/"] {
        assert_eq!(client.get(format!("{}{path}", server.base)).send().await.unwrap().status(), 200, "{path}");
    }
    let (status, body) = health(&server).await;
    assert_eq!(status, 503, "{body}");
    assert_eq!(body["status"], "degraded");
    assert_eq!(body["database"]["reachable"], true);
    assert_eq!(body["database"]["writable"], false);
    // A form answers with a page saying what to do.
    let login = client.get(format!("{}/login", server.base)).send().await.unwrap().text().await.unwrap();
    let csrf = crate::helpers::Page::new(&login).attrs("input[name=csrf]", "value").remove(0);
    let refused = client
        .post(format!("{}/login", server.base))
        .form(&[
            ("csrf", csrf.as_str()),
            ("email", "nobody@durability.test"),
            ("password", "whatever it is"),
            ("next", "/"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 503);
    assert!(refused.headers()["content-type"].to_str().unwrap().starts_with("text/html"));
    assert!(refused.text().await.unwrap().contains("not answering right now"));

    sqlx::raw_sql("ROLLBACK").execute(&mut locker).await.unwrap();
    locker.close().await.unwrap();
    let recovered = healthy_within(&server, Duration::from_secs(10)).await;
    create_acknowledged(&server, &token, &acknowledged, "Writer lock during", "Sent while locked.").await;

    // Nobody else can hold the file exclusively, so that reading stops too: while newsdesk has
    // it open in WAL mode, its shared lock refuses another program's exclusive one.
    let mut locker = sqlx::sqlite::SqliteConnection::connect(&format!("sqlite://{}", file.display())).await.unwrap();
    let exclusive = sqlx::raw_sql("PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE; SELECT COUNT(*) FROM articles;")
        .execute(&mut locker)
        .await;
    assert!(exclusive.is_err(), "another program took the file exclusively");
    locker.close().await.unwrap();

    server.audit(&acknowledged, 0).await;
    server.audit_exact(&acknowledged.lock().await.clone()).await;
    server.assert_log_clean();
    eprintln!("SQLite locked: write refused after {waited:?}; healthy again {recovered:?} after the lock was released");
}

/// Uploads a photo through the API; the answer's status and JSON body.
async fn upload(server: &Server, token: &str) -> (u16, serde_json::Value) {
    let form = reqwest::multipart::Form::new()
        .part("file", reqwest::multipart::Part::bytes(crate::media::png(1200, 800)).file_name("disk.png"))
        .text("alt", "A photo sent while the disk is full");
    let response = reqwest::Client::new()
        .post(format!("{}/api/v1/newsroom/media", server.base))
        .bearer_auth(token)
        .multipart(form)
        .timeout(Duration::from_secs(30))
        .send()
        .await
        .unwrap();
    (response.status().as_u16(), response.json().await.unwrap_or_default())
}

/// A small file system mounted over a directory, unmounted when dropped.
struct SmallDisk(std::path::PathBuf);

impl SmallDisk {
    /// Mounts a tmpfs of `mb` MB at `dir`; `None` where this machine does not allow it.
    fn mount(dir: &std::path::Path, mb: u32) -> Option<Self> {
        let mounted = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={mb}m"), "newsdesk-test", &dir.display().to_string()])
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        mounted.then(|| Self(dir.to_owned()))
    }

    fn path(&self) -> &std::path::Path {
        &self.0
    }

    /// Writes a file of zeros until the disk is full.
    fn fill(&self) -> std::path::PathBuf {
        use std::io::Write;
        let path = self.0.join("filler");
        let mut file = std::fs::File::create(&path).unwrap();
        // Down to the last byte: a small file (an image's rendition) must not fit in what is left.
        for size in [64 * 1024, 4096, 1] {
            let chunk = vec![0u8; size];
            while file.write_all(&chunk).is_ok() {}
        }
        let _ = file.sync_all();
        path
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg("-l").arg(&self.0).status();
    }
}

#[tokio::test]
async fn a_full_disk_refuses_writes_with_507_keeps_reading_and_resumes() {
    let dir = tempfile::tempdir().unwrap();
    let Some(disk) = SmallDisk::mount(dir.path(), 64) else {
        eprintln!("mounting a tmpfs is not allowed here (needs root): the disk-full test is skipped");
        return;
    };
    let server = Server::start_on(dir, None).await;
    full_disk_refuses_writes_keeps_reading_and_resumes(server, &disk).await;
    drop(disk);
}

/// PostgreSQL's tables on a small disk of their own (its write-ahead log elsewhere, as when it
/// has a volume of its own: a full log volume stops the server, which is the "database out of
/// reach" case above): the same as for SQLite.
#[tokio::test]
async fn postgres_on_a_full_disk_refuses_writes_with_507_keeps_reading_and_resumes() {
    let Some((cluster, disk)) = PgCluster::create_on_small_disk(160) else {
        eprintln!(
            "no PostgreSQL binaries, postgres account or tmpfs mounts here: the PostgreSQL disk-full test is skipped"
        );
        return;
    };
    // newsdesk's own data directory (its media) is on the small disk too.
    let data_dir = tempfile::tempdir_in(disk.path()).unwrap();
    let server = Server::start_on(data_dir, Some(PgTestDatabase::create(&cluster.url()).await)).await;
    full_disk_refuses_writes_keeps_reading_and_resumes(server, &disk).await;
    drop(cluster);
    drop(disk);
}

/// Fills `disk` (under the database's files and the media) and checks that writes and uploads
/// are refused with 507 and a message, nothing half-written is kept, pages are still served,
/// and the refused write is taken once space returns.
async fn full_disk_refuses_writes_keeps_reading_and_resumes(mut server: Server, disk: &SmallDisk) {
    let token = server.admin_token().await;
    let acknowledged = Acknowledged::default();
    create_acknowledged(&server, &token, &acknowledged, "Writer disk before", "Written with room to spare.").await;
    let filler = disk.fill();

    // Write stories of 60 KB until the database can grow no more: what SQLite's log still had
    // room for is acknowledged; then every write is refused, with 507 and a message.
    let body = format!("{}ঢাকা", "ঢাকা ".repeat(6_000));
    let mut refused = None;
    for n in 1..=500 {
        let title = format!("Writer disk full {n}");
        let (status, answer) = create(&server, &token, &title, &body).await;
        match status {
            201 => {
                acknowledged
                    .lock()
                    .await
                    .insert(title, (answer["id"].as_i64().unwrap(), answer["body_html"].as_str().unwrap().to_owned()));
            }
            _ => {
                refused = Some((n, status, answer));
                break;
            }
        }
    }
    let (n, status, answer) = refused.expect("a write was refused on a full disk");
    assert_eq!(status, 507, "{answer}");
    assert_eq!(answer["error"]["code"], "storage_full");
    assert!(answer["error"]["message"].as_str().unwrap().contains("disk space"), "{answer}");
    // Refused again, and nothing of it was kept.
    assert_eq!(create(&server, &token, &format!("Writer disk full {n}"), &body).await.0, 507);
    // An image cannot be stored either: 507, and no file of it is left behind.
    let media_files = files_under(&server.data_dir().join("media"));
    let (status, answer) = upload(&server, &token).await;
    assert_eq!(status, 507, "an upload on a full disk: {answer}");
    assert_eq!(answer["error"]["code"], "storage_full");
    assert_eq!(files_under(&server.data_dir().join("media")), media_files, "a refused upload left files");
    // A new API token is refused, or (when its small row still fits) handed out and usable: one
    // that was rolled back must never be handed out.
    let (status, answer) = server.ask_for_admin_token().await;
    match status {
        507 => {}
        201 => {
            let staff = reqwest::Client::new()
                .get(format!("{}/api/v1/newsroom/staff", server.base))
                .bearer_auth(answer["token"].as_str().unwrap())
                .send()
                .await
                .unwrap();
            assert_eq!(staff.status(), 200, "the token handed out on a full disk does not work");
        }
        _ => panic!("a new token on a full disk: {status} {answer}"),
    }
    let client = reqwest::Client::builder().timeout(Duration::from_secs(30)).build().unwrap();
    for path in ["/", "/bn/", "/en/search?q=another", "/en/category/sports"] {
        let response = client.get(format!("{}{path}", server.base)).send().await.unwrap();
        assert_eq!(response.status(), 200, "{path} while the disk is full");
    }
    // The database answers; whether a write can start depends on whether SQLite must grow its
    // log to begin one, so /healthz may say either.
    let (_, healthz) = health(&server).await;
    assert_eq!(healthz["database"]["reachable"], true, "{healthz}");

    // Space returns: the same request is taken.
    std::fs::remove_file(filler).unwrap();
    let started = Instant::now();
    let title = format!("Writer disk full {n}");
    loop {
        let (status, answer) = create(&server, &token, &title, &body).await;
        if status == 201 {
            acknowledged
                .lock()
                .await
                .insert(title, (answer["id"].as_i64().unwrap(), answer["body_html"].as_str().unwrap().to_owned()));
            break;
        }
        assert!(started.elapsed() < Duration::from_secs(10), "still {status} {answer} once space returned");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let resumed = started.elapsed();
    let (status, answer) = upload(&server, &token).await;
    assert_eq!(status, 201, "an upload once space returned: {answer}");
    server.audit_exact(&acknowledged.lock().await.clone()).await;
    server.audit(&acknowledged, 0).await; // integrity check
    server.assert_log_clean();
    let (status, _) = server.terminate().await;
    assert!(status.success(), "exit {status}");
    server.restart().await;
    server.audit_exact(&acknowledged.lock().await.clone()).await;
    eprintln!(
        "disk full ({}): {} writes acknowledged before the first 507, writes resumed {resumed:?} after space returned",
        if server.database_url().is_some() { "PostgreSQL" } else { "SQLite" },
        n - 1
    );
}

/// A PostgreSQL cluster of the test's own, on a free port, run by the `postgres` account (as
/// root is refused); stopped with `-m immediate` when dropped.
struct PgCluster {
    bin: std::path::PathBuf,
    data: std::path::PathBuf,
    port: u16,
    _dir: tempfile::TempDir,
}

impl PgCluster {
    /// `None` where this machine has no PostgreSQL binaries or no `postgres` account to run them.
    fn create() -> Option<Self> {
        let dir = tempfile::tempdir().ok()?;
        let data = dir.path().join("pgdata");
        Self::create_in(dir, data, &[])
    }

    /// A cluster whose tables are on a tmpfs of `mb` MB and whose write-ahead log is not.
    fn create_on_small_disk(mb: u32) -> Option<(Self, SmallDisk)> {
        let dir = tempfile::tempdir().ok()?;
        let tables = dir.path().join("tables");
        std::fs::create_dir(&tables).ok()?;
        let disk = SmallDisk::mount(&tables, mb)?;
        let wal = dir.path().join("wal").display().to_string();
        let cluster = Self::create_in(dir, tables.join("pgdata"), &["--waldir", &wal])?;
        Some((cluster, disk))
    }

    fn create_in(dir: tempfile::TempDir, data: std::path::PathBuf, initdb_args: &[&str]) -> Option<Self> {
        let bin = std::fs::read_dir("/usr/lib/postgresql").ok()?.flatten().map(|e| e.path().join("bin")).max()?;
        std::fs::create_dir(&data).ok()?;
        let owned = std::process::Command::new("chown").args(["-R", "postgres:postgres"]).arg(dir.path()).status();
        let opened = std::process::Command::new("chmod").args(["755"]).arg(dir.path()).status();
        if !owned.is_ok_and(|s| s.success()) || !opened.is_ok_and(|s| s.success()) {
            return None;
        }
        let port = std::net::TcpListener::bind("127.0.0.1:0").ok()?.local_addr().ok()?.port();
        let cluster = Self { bin, data, port, _dir: dir };
        let initdb = cluster.bin.join("initdb");
        let mut args = vec!["-D".to_owned(), cluster.data.display().to_string()];
        args.extend(["-A", "trust", "-U", "postgres"].map(str::to_owned));
        args.extend(initdb_args.iter().map(|a| (*a).to_owned()));
        cluster.as_postgres(&initdb, &args.iter().map(String::as_str).collect::<Vec<_>>()).then_some(())?;
        cluster.start().then_some(cluster)
    }

    fn as_postgres(&self, program: &std::path::Path, args: &[&str]) -> bool {
        std::process::Command::new("runuser")
            .args(["-u", "postgres", "--"])
            .arg(program)
            .args(args)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    }

    fn pg_ctl(&self, args: &[&str]) -> bool {
        let data = self.data.display().to_string();
        let mut all = vec!["-D", data.as_str()];
        all.extend_from_slice(args);
        self.as_postgres(&self.bin.join("pg_ctl"), &all)
    }

    fn start(&self) -> bool {
        let options = format!("-p {} -c listen_addresses=127.0.0.1 -c unix_socket_directories=''", self.port);
        let log = self.data.join("server.log").display().to_string();
        self.pg_ctl(&["-o", &options, "-l", &log, "-w", "start"])
    }

    /// A crash of the database server: no checkpoint, no goodbye to clients.
    fn stop_immediately(&self) -> bool {
        self.pg_ctl(&["-m", "immediate", "-w", "stop"])
    }

    fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }
}

impl Drop for PgCluster {
    fn drop(&mut self) {
        self.stop_immediately();
    }
}

#[tokio::test]
async fn postgres_stopped_immediately_under_write_load_loses_nothing_acknowledged() {
    let Some(cluster) = PgCluster::create() else {
        eprintln!("no PostgreSQL binaries or postgres account here: the pg_ctl stop -m immediate test is skipped");
        return;
    };
    let rounds: usize = std::env::var("NEWSDESK_PG_CRASH_ROUNDS").ok().and_then(|r| r.parse().ok()).unwrap_or(5);
    let server = Server::start(TestDb::Postgres(cluster.url())).await;
    let token = server.admin_token().await;
    let acknowledged = Acknowledged::default();
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let writers: Vec<_> = (0..4)
        .map(|w| {
            tokio::spawn(super::write_until_stopped(
                server.base.clone(),
                token.clone(),
                w,
                acknowledged.clone(),
                stop.clone(),
            ))
        })
        .collect();
    let mut slowest = Duration::ZERO;
    for round in 1..=rounds {
        tokio::time::sleep(Duration::from_millis(500 + 250 * (round as u64 % 4))).await;
        assert!(cluster.stop_immediately(), "round {round}: pg_ctl stop -m immediate");
        // While the database is down, a write is refused with 503, within the pool's 3 s wait.
        let started = Instant::now();
        let (status, answer) = create(&server, &token, &format!("Writer crash probe {round}"), "Never stored.").await;
        assert_eq!(status, 503, "round {round}: {answer}");
        assert!(started.elapsed() < Duration::from_secs(6), "round {round}: refused after {:?}", started.elapsed());
        assert_eq!(health(&server).await.1["status"], "degraded");
        assert!(cluster.start(), "round {round}: pg_ctl start");
        let recovered = healthy_within(&server, Duration::from_secs(10)).await;
        slowest = slowest.max(recovered);
        server.audit(&acknowledged, round).await;
    }
    stop.store(true, std::sync::atomic::Ordering::SeqCst);
    for writer in writers {
        writer.await.unwrap();
    }
    let acknowledged = acknowledged.lock().await.clone();
    server.audit_exact(&acknowledged).await;
    server.assert_log_clean();
    assert!(acknowledged.len() >= rounds, "the writers kept writing: {}", acknowledged.len());
    eprintln!(
        "PostgreSQL stopped -m immediate: {rounds} rounds, {} articles acknowledged, all present once and intact; node healthy at most {slowest:?} after the database was back",
        acknowledged.len()
    );
}
