//! Nothing acknowledged is lost: `Idempotency-Key` on the API's creates, and the real binary
//! killed with SIGKILL at random moments while editors write through the API, and queued mail
//! that outlives a kill -9 between its commit and its send.

mod faults;
mod load;
mod mail;
mod server;

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use serde_json::json;
use tokio::sync::Mutex;

use crate::helpers::{TestApp, TestDb};
use mail::queued_mail_survives_kill_9_between_commit_and_send_and_goes_once;
use server::{Audited, Server};

crate::on_both_databases!(
    a_repeated_idempotency_key_returns_the_first_article,
    idempotency_keys_are_checked_and_kept_per_account,
    acknowledged_writes_survive_kill_9_at_random_moments,
    sigterm_under_load_lets_requests_in_flight_finish_and_exits_0,
    a_backup_taken_under_load_restores_everything_acknowledged_before_it,
    page_views_lost_to_kill_9_are_at_most_those_since_the_last_write,
    queued_mail_survives_kill_9_between_commit_and_send_and_goes_once,
);

/// A draft's request body.
fn draft(title: &str) -> serde_json::Value {
    json!({"lang": "en", "title": title, "body": format!("{title}: ঢাকা, *body*."), "section": "sports", "byline": ["sports-desk"]})
}

async fn a_repeated_idempotency_key_returns_the_first_article(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let editor = app.staff("editor", "Idem Editor").await;
    let client = reqwest::Client::new();
    let url = app.url("/api/v1/newsroom/articles");
    let send = |key: &'static str, body: serde_json::Value| {
        client.post(&url).bearer_auth(&editor.token).header("idempotency-key", key).json(&body).send()
    };
    let first = send("retry-1", draft("Once only")).await.unwrap();
    assert_eq!(first.status(), 201);
    assert!(first.headers().get("idempotent-replayed").is_none());
    let first: serde_json::Value = first.json().await.unwrap();
    let again = send("retry-1", draft("Once only")).await.unwrap();
    assert_eq!(again.status(), 201);
    assert_eq!(again.headers()["idempotent-replayed"], "true");
    let again: serde_json::Value = again.json().await.unwrap();
    assert_eq!(again["id"], first["id"]);
    assert_eq!(again["title"], "Once only");

    // Five at once with one key: one article, and every answer names it.
    let racers: Vec<_> = (0..5)
        .map(|_| {
            let request =
                client.post(&url).bearer_auth(&editor.token).header("idempotency-key", "race-1").json(&draft("Raced"));
            tokio::spawn(async move { request.send().await })
        })
        .collect();
    let mut ids = Vec::new();
    for racer in racers {
        let answer = racer.await.unwrap().unwrap();
        assert_eq!(answer.status(), 201);
        ids.push(answer.json::<serde_json::Value>().await.unwrap()["id"].as_i64().unwrap());
    }
    ids.dedup();
    assert_eq!(ids.len(), 1, "{ids:?}");
    let pool = app.state.db.pool.clone();
    let count = |title: &'static str| {
        let pool = pool.clone();
        async move {
            sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM articles WHERE title = $1")
                .bind(title)
                .fetch_one(&pool)
                .await
                .unwrap()
        }
    };
    assert_eq!(count("Once only").await, 1);
    assert_eq!(count("Raced").await, 1);
    // Without a key every request creates.
    for _ in 0..2 {
        let response = client.post(&url).bearer_auth(&editor.token).json(&draft("No key")).send().await.unwrap();
        assert_eq!(response.status(), 201);
    }
    assert_eq!(count("No key").await, 2);
}

async fn idempotency_keys_are_checked_and_kept_per_account(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let editor = app.staff("editor", "Key Editor").await;
    let other = app.staff("editor", "Other Editor").await;
    let client = reqwest::Client::new();
    let url = app.url("/api/v1/newsroom/articles");
    let post = |token: &str, key: &str, body: serde_json::Value| {
        client.post(&url).bearer_auth(token).header("idempotency-key", key).json(&body).send()
    };
    assert_eq!(post(&editor.token, "k-1", draft("First use")).await.unwrap().status(), 201);
    // The same key with another request: refused, nothing stored.
    let reused = post(&editor.token, "k-1", draft("Something else")).await.unwrap();
    assert_eq!(reused.status(), 422);
    let message = reused.json::<serde_json::Value>().await.unwrap()["error"]["message"].as_str().unwrap().to_owned();
    assert!(message.contains("already used for a different request"), "{message}");
    // Another account's key space is its own.
    let theirs = post(&other.token, "k-1", draft("Their first use")).await.unwrap();
    assert_eq!(theirs.status(), 201);
    assert!(theirs.headers().get("idempotent-replayed").is_none());
    // Keys that are not 1 to 255 visible ASCII characters.
    for bad in ["", " spaced key ", &"k".repeat(256), "ключ"] {
        let response = client
            .post(&url)
            .bearer_auth(&editor.token)
            .header("idempotency-key", reqwest::header::HeaderValue::from_bytes(bad.as_bytes()).unwrap())
            .json(&draft("Bad key"))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 400, "{bad:?}");
    }
    let titles: Vec<String> = sqlx::query_scalar("SELECT title FROM articles WHERE created_by IN ($1, $2) ORDER BY id")
        .bind(editor.id)
        .bind(other.id)
        .fetch_all(&app.state.db.pool)
        .await
        .unwrap();
    assert_eq!(titles, ["First use", "Their first use"]);
}

/// Rounds of kill -9: `NEWSDESK_KILL_ROUNDS`, 50 unless set (500 in the full battery).
fn kill_rounds() -> usize {
    std::env::var("NEWSDESK_KILL_ROUNDS").ok().and_then(|r| r.parse().ok()).unwrap_or(50)
}

/// What the writers were told was stored: title → (id, body).
type Acknowledged = Arc<Mutex<BTreeMap<String, (i64, String)>>>;

async fn acknowledged_writes_survive_kill_9_at_random_moments(db: TestDb) {
    let engine = if matches!(db, TestDb::Sqlite) { "SQLite" } else { "PostgreSQL" };
    let mut server = Server::start(db).await;
    let token = server.admin_token().await;
    let acknowledged: Acknowledged = Arc::default();
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let writers: Vec<_> = (0..4)
        .map(|w| {
            tokio::spawn(write_until_stopped(server.base.clone(), token.clone(), w, acknowledged.clone(), stop.clone()))
        })
        .collect();
    // Readers commenting through the API at the pace an established account may (one comment
    // per 10 s each), with an Idempotency-Key per comment.
    let comments: Acknowledged = Arc::default();
    let mut commenters = Vec::new();
    for c in 0..6 {
        let (client, csrf) = server.reader(c).await;
        commenters.push(tokio::spawn(comment_until_stopped(
            server.base.clone(),
            client,
            csrf,
            c,
            comments.clone(),
            stop.clone(),
        )));
    }
    let mut rng = Rng::seeded();
    let mut slowest_restart = Duration::ZERO;
    let rounds = kill_rounds();
    let mut audited = Audited::default();
    for round in 1..=rounds {
        tokio::time::sleep(Duration::from_millis(rng.below(400) + 50)).await;
        server.kill_9();
        let ready = server.restart().await;
        slowest_restart = slowest_restart.max(ready);
        assert!(ready <= Duration::from_secs(5), "round {round}: ready again after {ready:?}");
        server.audit_round(&mut audited, &acknowledged, round).await;
        server.audit_comments(&comments.lock().await.clone(), round).await;
    }
    stop.store(true, std::sync::atomic::Ordering::SeqCst);
    for writer in writers.into_iter().chain(commenters) {
        writer.await.unwrap();
    }
    let acknowledged = acknowledged.lock().await;
    server.audit_exact(&acknowledged).await;
    let comments = comments.lock().await;
    assert_eq!(server.stored_comments().await, *comments, "exactly the acknowledged comments");
    eprintln!(
        "kill -9 on {engine}: {rounds} rounds, {} articles and {} comments acknowledged, all present once and intact; slowest restart {slowest_restart:?} (seed {})",
        acknowledged.len(),
        comments.len(),
        rng.seed
    );
    assert!(acknowledged.len() >= rounds, "the writers kept writing: {}", acknowledged.len());
    assert!(comments.len() >= 6, "the commenters kept commenting: {}", comments.len());
}

async fn sigterm_under_load_lets_requests_in_flight_finish_and_exits_0(db: TestDb) {
    let mut server = Server::start(db).await;
    let token = server.admin_token().await;
    let acknowledged: Acknowledged = Arc::default();
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let writers: Vec<_> = (0..4)
        .map(|w| {
            tokio::spawn(write_once_each(server.base.clone(), token.clone(), w, acknowledged.clone(), stop.clone()))
        })
        .collect();
    let readers: Vec<_> = (0..4).map(|_| tokio::spawn(read_until_refused(server.base.clone(), stop.clone()))).collect();
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let (status, took) = server.terminate().await;
    stop.store(true, std::sync::atomic::Ordering::SeqCst);
    assert_eq!(status.code(), Some(0), "exit status after SIGTERM");
    assert!(took <= Duration::from_secs(11), "drained within 10 s: {took:?}");
    let mut cut = Vec::new();
    for task in writers.into_iter().chain(readers) {
        cut.extend(task.await.unwrap());
    }
    assert!(cut.is_empty(), "requests cut short or failed by the shutdown: {cut:?}");
    server.restart().await;
    let acknowledged = acknowledged.lock().await;
    assert!(!acknowledged.is_empty());
    server.audit_exact(&acknowledged).await;
}

async fn a_backup_taken_under_load_restores_everything_acknowledged_before_it(db: TestDb) {
    let mut server = Server::start(db.clone()).await;
    let token = server.admin_token().await;
    let client = reqwest::Client::new();
    let photo = reqwest::multipart::Form::new()
        .part("file", reqwest::multipart::Part::bytes(crate::media::png(600, 400)).file_name("photo.png"))
        .text("alt", "Kept in the backup");
    let uploaded: serde_json::Value = client
        .post(format!("{}/api/v1/newsroom/media", server.base))
        .bearer_auth(&token)
        .multipart(photo)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let photo_path = url_path(uploaded["url"].as_str().unwrap());
    let acknowledged: Acknowledged = Arc::default();
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let writers: Vec<_> = (0..4)
        .map(|w| {
            tokio::spawn(write_until_stopped(server.base.clone(), token.clone(), w, acknowledged.clone(), stop.clone()))
        })
        .collect();
    tokio::time::sleep(Duration::from_millis(800)).await;

    // Taken while the writers go on.
    let before = acknowledged.lock().await.clone();
    let place = tempfile::tempdir().unwrap();
    let backup = place.path().join("backup");
    let restored_dir = tempfile::tempdir().unwrap();
    let restored_database = match &db {
        TestDb::Sqlite => {
            let made = newsdesk(&["backup", "--data-dir", path(server.data_dir()), "--to", path(&backup)]);
            assert!(made.contains("backup written to"), "{made}");
            let again = newsdesk_fails(&["backup", "--data-dir", path(server.data_dir()), "--to", path(&backup)]);
            assert!(again.contains("already exists"), "{again}");
            None
        }
        TestDb::Postgres(pg_server) => {
            let url = server.database_url().unwrap().to_owned();
            let refused = newsdesk_fails(&["backup", "--database-url", &url, "--to", path(&backup)]);
            assert!(refused.contains("pg_dump"), "{refused}");
            run("pg_dump", &["--format=custom", "--file", path(&place.path().join("site.dump")), &url]);
            let copy = crate::helpers::PgTestDatabase::create(pg_server).await;
            run("pg_restore", &["--no-owner", "--dbname", &copy.url, path(&place.path().join("site.dump"))]);
            copy_dir(&server.data_dir().join("media"), &restored_dir.path().join("media"));
            Some(copy)
        }
    };
    tokio::time::sleep(Duration::from_millis(300)).await;
    stop.store(true, std::sync::atomic::Ordering::SeqCst);
    for writer in writers {
        writer.await.unwrap();
    }
    let total = acknowledged.lock().await.len();
    server.kill_9();

    if matches!(db, TestDb::Sqlite) {
        let refused = newsdesk_fails(&["restore", "--from", path(&backup), "--data-dir", path(server.data_dir())]);
        assert!(refused.contains("is not empty"), "{refused}");
        let half = place.path().join("half");
        std::fs::create_dir(&half).unwrap();
        std::fs::copy(backup.join("newsdesk.db"), half.join("newsdesk.db")).unwrap();
        let incomplete =
            newsdesk_fails(&["restore", "--from", path(&half), "--data-dir", path(&place.path().join("x"))]);
        assert!(incomplete.contains("not a complete backup"), "{incomplete}");
        let done = newsdesk(&["restore", "--from", path(&backup), "--data-dir", path(restored_dir.path())]);
        assert!(done.contains("restored"), "{done}");
    }
    let restored = Server::start_on(restored_dir, restored_database).await;
    restored.audit(&Arc::new(Mutex::new(before.clone())), 0).await;
    let photo = client.get(format!("{}{photo_path}", restored.base)).send().await.unwrap();
    assert_eq!(photo.status(), 200, "the image came back with the database");
    assert!(total > before.len(), "the writers went on during the backup ({} then {total})", before.len());
    eprintln!("backup under load: {} articles acknowledged before it, all restored; {total} by the end", before.len());
}

async fn page_views_lost_to_kill_9_are_at_most_those_since_the_last_write(db: TestDb) {
    // Views are kept in memory and written every --view-flush-seconds (5 s by default; 2 s
    // here): that is the window a crash may lose, and the only data allowed to go.
    let mut server = Server::start_with(db, &["--trusted-proxies", "127.0.0.1", "--view-flush-seconds", "2"]).await;
    let page = format!("{}/en/news/1/russia-officially-recognises-afghanistans-taliban-govt", server.base);
    let client = reqwest::Client::builder().user_agent(crate::helpers::BROWSER_UA).build().unwrap();
    const STORED: &str = "SELECT view_count FROM articles WHERE id = 1";
    let before = server.scalar(STORED).await;
    let started = std::time::Instant::now();
    let mut sent = Vec::new();
    // About 50 new readers a second, each from an address and with a cookie of their own.
    while started.elapsed() < Duration::from_secs(12) {
        let n = sent.len() as u32;
        let response = client
            .get(&page)
            .header("x-forwarded-for", format!("10.{}.{}.{}", n >> 16 & 255, n >> 8 & 255, n & 255))
            .header("cookie", format!("nd_vid={:016x}", 0x5eed_0000_0000u64 + u64::from(n)))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        sent.push(started.elapsed());
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    server.kill_9();
    let killed_at = started.elapsed();
    server.restart().await;
    let kept = (server.scalar(STORED).await - before) as usize;
    assert!(kept <= sent.len(), "{kept} views stored of {} sent", sent.len());
    let lost = sent.len() - kept;
    // Twice the interval: a write may start a little late on a busy machine.
    let in_last_interval = sent.iter().filter(|at| killed_at - **at <= Duration::from_secs(4)).count();
    let rate = sent.len() as f64 / killed_at.as_secs_f64();
    eprintln!(
        "views on kill -9: {} counted, {kept} kept, {lost} lost = {:.1} s of traffic at {rate:.0} views/s (written every 2 s)",
        sent.len(),
        lost as f64 / rate
    );
    assert!(kept >= sent.len() - in_last_interval, "only views of the last interval may be lost: {lost} lost");
}

/// The path part of an absolute or relative URL.
fn url_path(url: &str) -> String {
    match url.split_once("://") {
        Some((_, rest)) => rest.find('/').map_or("/".into(), |i| rest[i..].to_owned()),
        None => url.to_owned(),
    }
}

fn path(p: &std::path::Path) -> &str {
    p.to_str().unwrap()
}

/// Runs `newsdesk` with `args`, expecting success; returns what it printed.
fn newsdesk(args: &[&str]) -> String {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_newsdesk")).args(args).output().unwrap();
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "newsdesk {args:?}: {text}");
    text
}

/// Runs `newsdesk` with `args`, expecting it to refuse; returns what it printed.
fn newsdesk_fails(args: &[&str]) -> String {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_newsdesk")).args(args).output().unwrap();
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(!out.status.success(), "newsdesk {args:?} should have refused: {text}");
    text
}

fn run(program: &str, args: &[&str]) {
    let out = std::process::Command::new(program).args(args).output().unwrap();
    assert!(out.status.success(), "{program} {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &to.join(entry.file_name()));
        } else {
            std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
        }
    }
}

/// Creates drafts until the server stops listening; returns what went wrong other than a refused
/// connection (a request cut in the middle, or an error status).
async fn write_once_each(
    base: String,
    token: String,
    writer: usize,
    acknowledged: Acknowledged,
    stop: Arc<std::sync::atomic::AtomicBool>,
) -> Vec<String> {
    let client = one_request_per_connection();
    let mut problems = Vec::new();
    for n in 1.. {
        let title = format!("Writer {writer} story {n}");
        let body = draft(&title);
        let answer =
            client.post(format!("{base}/api/v1/newsroom/articles")).bearer_auth(&token).json(&body).send().await;
        match answer {
            Ok(response) if response.status() == 201 => match response.json::<serde_json::Value>().await {
                Ok(stored) => {
                    let id = stored["id"].as_i64().unwrap();
                    acknowledged.lock().await.insert(title, (id, stored["body_html"].as_str().unwrap().to_owned()));
                }
                Err(e) => problems.push(format!("{title}: answer cut: {e}")),
            },
            Ok(response) => problems.push(format!("{title}: {}", response.status())),
            Err(e) if never_reached_the_server(&e) => break,
            Err(e) => problems.push(format!("{title}: {e:?}")),
        }
        if stop.load(std::sync::atomic::Ordering::SeqCst) {
            break;
        }
    }
    problems
}

/// A client that opens a connection per request. With keep-alive, a request sent on an idle
/// connection just as the server closes it is lost without the server having seen it; HTTP lets
/// clients retry those (browsers do), and that race is not what this test is about.
fn one_request_per_connection() -> reqwest::Client {
    reqwest::Client::builder().timeout(Duration::from_secs(15)).pool_max_idle_per_host(0).build().unwrap()
}

/// A refused connection, or one reset before a byte of the request was read: the kernel resets
/// connections still waiting in the listen queue when the server stops listening (as it does
/// for nginx). A request the server had begun would fail otherwise, or not at all.
fn never_reached_the_server(err: &reqwest::Error) -> bool {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(err);
    let mut reset = false;
    while let Some(e) = source {
        if let Some(io) = e.downcast_ref::<std::io::Error>() {
            reset |= io.kind() == std::io::ErrorKind::ConnectionReset;
        }
        source = e.source();
    }
    // Or closed unread: hyper closes connections it accepted but has not read a request from.
    let closed_unread = err.to_string().contains("connection closed before message completed")
        || format!("{err:?}").contains("IncompleteMessage");
    err.is_connect() || (err.is_request() && (reset || closed_unread))
}

/// Reads article pages until the server stops listening; returns failures, as above.
async fn read_until_refused(base: String, stop: Arc<std::sync::atomic::AtomicBool>) -> Vec<String> {
    let client = one_request_per_connection();
    let mut problems = Vec::new();
    while !stop.load(std::sync::atomic::Ordering::SeqCst) {
        match client
            .get(format!("{base}/en/news/1/russia-officially-recognises-afghanistans-taliban-govt"))
            .send()
            .await
        {
            Ok(response) if response.status() == 200 => {
                if let Err(e) = response.bytes().await {
                    problems.push(format!("page cut: {e}"));
                }
            }
            Ok(response) => problems.push(format!("page: {}", response.status())),
            Err(e) if never_reached_the_server(&e) => break,
            Err(e) => problems.push(format!("page: {e:?}")),
        }
    }
    problems
}

/// One editor's loop: create drafts with an Idempotency-Key each, retrying the same request
/// until it is acknowledged, however often the server dies in between.
async fn write_until_stopped(
    base: String,
    token: String,
    writer: usize,
    acknowledged: Acknowledged,
    stop: Arc<std::sync::atomic::AtomicBool>,
) {
    let client = reqwest::Client::builder().timeout(Duration::from_secs(10)).build().unwrap();
    let mut n = 0;
    while !stop.load(std::sync::atomic::Ordering::SeqCst) {
        n += 1;
        let title = format!("Writer {writer} story {n}");
        let body = draft(&title);
        let key = format!("w{writer}-{n}");
        loop {
            let answer = client
                .post(format!("{base}/api/v1/newsroom/articles"))
                .bearer_auth(&token)
                .header("idempotency-key", &key)
                .json(&body)
                .send()
                .await;
            match answer {
                Ok(response) if response.status() == 201 => {
                    let stored: serde_json::Value = response.json().await.unwrap_or_default();
                    if let Some(id) = stored["id"].as_i64() {
                        acknowledged
                            .lock()
                            .await
                            .insert(title.clone(), (id, stored["body_html"].as_str().unwrap().to_owned()));
                        break;
                    }
                }
                Ok(response) => assert!(
                    response.status().is_server_error() || response.status() == 429,
                    "{title}: {} {}",
                    response.status(),
                    response.text().await.unwrap_or_default()
                ),
                Err(_) => {} // killed meanwhile: send the same request again
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

/// One reader's loop: a comment on the seed story, sent with an Idempotency-Key until it is
/// acknowledged; a 429 waits as `Retry-After` says.
async fn comment_until_stopped(
    base: String,
    client: reqwest::Client,
    csrf: String,
    reader: usize,
    acknowledged: Acknowledged,
    stop: Arc<std::sync::atomic::AtomicBool>,
) {
    let mut n = 0;
    while !stop.load(std::sync::atomic::Ordering::SeqCst) {
        n += 1;
        let text = format!("Commenter {reader} remark {n}: ঠিক বলেছেন");
        let key = format!("c{reader}-{n}");
        loop {
            let answer = client
                .post(format!("{base}/api/v1/articles/1/comments"))
                .header("x-csrf-token", &csrf)
                .header("idempotency-key", &key)
                .json(&json!({"body": text}))
                .send()
                .await;
            match answer {
                Ok(response) if response.status() == 201 => {
                    if let Ok(posted) = response.json::<serde_json::Value>().await
                        && let Some(id) = posted["id"].as_i64()
                    {
                        acknowledged.lock().await.insert(text.clone(), (id, text.clone()));
                        break;
                    }
                }
                Ok(response) if response.status() == 429 => {
                    let wait =
                        response.headers().get("retry-after").and_then(|v| v.to_str().ok()?.parse().ok()).unwrap_or(1);
                    if stop.load(std::sync::atomic::Ordering::SeqCst) {
                        return;
                    }
                    tokio::time::sleep(Duration::from_secs(wait)).await;
                    continue;
                }
                Ok(response) => assert!(
                    response.status().is_server_error(),
                    "{text}: {} {}",
                    response.status(),
                    response.text().await.unwrap_or_default()
                ),
                Err(_) => {}
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

/// A small deterministic generator for the kill moments; the seed is printed to replay a run.
struct Rng {
    seed: u64,
    state: u64,
}

impl Rng {
    fn seeded() -> Self {
        let seed = std::env::var("NEWSDESK_KILL_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or_else(|| {
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos() as u64 | 1
        });
        Self { seed, state: seed }
    }

    fn below(&mut self, n: u64) -> u64 {
        self.state ^= self.state << 13;
        self.state ^= self.state >> 7;
        self.state ^= self.state << 17;
        self.state % n
    }
}
