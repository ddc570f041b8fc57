//! Load: readers and commenters at 50 connections with no error, overload shed with 503 and
//! recovered from, and slow clients cut off without starving anyone.
//!
//! Sizes come from the environment, so that the full run is the same test:
//! `NEWSDESK_LOAD_CONNECTIONS` (50) and `NEWSDESK_LOAD_SECONDS` (60).
//!
//! Each test loads the machine on its own, so they wait for `--ignored`: `.ci/run` runs them one
//! at a time after the rest of the suite,
//! `cargo test --test integration -- --ignored --test-threads 1 durability::load`.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::Mutex;
use tokio::time::Instant;

use super::Acknowledged;
use super::server::Server;
use crate::helpers::TestDb;

mod sqlite {
    #[tokio::test]
    #[ignore = "the load battery runs alone: cargo test --test integration -- --ignored --test-threads 1 durability::load"]
    async fn readers_and_commenters_at_full_load_see_no_error_and_lose_nothing() {
        super::readers_and_commenters_at_full_load_see_no_error_and_lose_nothing(crate::helpers::TestDb::Sqlite).await
    }
}

mod postgres {
    #[tokio::test]
    #[ignore = "the load battery runs alone: cargo test --test integration -- --ignored --test-threads 1 durability::load"]
    async fn readers_and_commenters_at_full_load_see_no_error_and_lose_nothing() {
        match crate::helpers::TestDb::postgres() {
            Some(db) => super::readers_and_commenters_at_full_load_see_no_error_and_lose_nothing(db).await,
            None => crate::helpers::skip_postgres("PostgreSQL run"),
        }
    }
}

fn setting(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// What a run of readers saw.
#[derive(Default)]
struct Tally {
    statuses: BTreeMap<u16, u64>,
    /// Connection errors and timeouts, with the first few messages.
    failures: Vec<String>,
    failed: u64,
    /// Latencies of the answered requests, in microseconds.
    latencies: Vec<u64>,
}

impl Tally {
    fn requests(&self) -> u64 {
        self.statuses.values().sum()
    }

    fn percentile(&mut self, p: f64) -> Duration {
        self.latencies.sort_unstable();
        let i = ((self.latencies.len() as f64 - 1.0) * p).round() as usize;
        Duration::from_micros(self.latencies.get(i).copied().unwrap_or_default())
    }
}

/// The pages readers ask for: home pages, articles, sections, searches.
async fn reading_paths(server: &Server) -> Vec<String> {
    let list: serde_json::Value =
        reqwest::get(format!("{}/api/v1/articles?lang=en&limit=20", server.base)).await.unwrap().json().await.unwrap();
    let mut paths = vec!["/".to_owned(), "/bn/".to_owned(), "/en/category/international".to_owned()];
    for article in list["articles"].as_array().unwrap() {
        paths.push(article["url"].as_str().unwrap().replace(&server.base, ""));
    }
    for q in ["taliban", "dhaka", "ঢাকা", "election", "russia", "cricket"] {
        paths.push(format!("/en/search?q={q}"));
    }
    paths
}

/// One reader on one keep-alive connection, going round `paths` until `stop`.
async fn read_until(
    base: String,
    paths: Arc<Vec<String>>,
    offset: usize,
    stop: Arc<AtomicBool>,
    tally: Arc<Mutex<Tally>>,
) {
    let client = reqwest::Client::builder().pool_max_idle_per_host(1).timeout(Duration::from_secs(30)).build().unwrap();
    let mut mine = Tally::default();
    let mut i = offset;
    while !stop.load(Ordering::Relaxed) {
        let path = &paths[i % paths.len()];
        i += 1;
        let started = Instant::now();
        match client.get(format!("{base}{path}")).send().await {
            Ok(response) => {
                let status = response.status().as_u16();
                let whole = response.bytes().await.is_ok();
                *mine.statuses.entry(status).or_default() += 1;
                if whole {
                    mine.latencies.push(started.elapsed().as_micros() as u64);
                } else {
                    mine.failed += 1;
                }
            }
            Err(err) => {
                mine.failed += 1;
                if mine.failures.len() < 3 {
                    mine.failures.push(format!("{path}: {err:?}"));
                }
            }
        }
    }
    let mut tally = tally.lock().await;
    for (status, n) in mine.statuses {
        *tally.statuses.entry(status).or_default() += n;
    }
    tally.failed += mine.failed;
    tally.failures.extend(mine.failures);
    tally.latencies.extend(mine.latencies);
}

/// A logged-in reader commenting through the API at the established pace; every answer must
/// be 201 or 429 (too soon, with `Retry-After`).
async fn comment_until(
    base: String,
    client: reqwest::Client,
    csrf: String,
    reader: usize,
    acknowledged: Acknowledged,
    stop: Arc<AtomicBool>,
) {
    let mut n = 0;
    while !stop.load(Ordering::Relaxed) {
        n += 1;
        let text = format!("Commenter {reader} under load {n}: ঠিক বলেছেন");
        // A keep-alive connection idle for the client timeout is closed by the server; a
        // request sent on it at that moment fails, and is sent again under its key (as HTTP
        // clients do), which can never make a second comment.
        let mut attempts = 0;
        let response = loop {
            let sent = client
                .post(format!("{base}/api/v1/articles/1/comments"))
                .header("x-csrf-token", &csrf)
                .header("idempotency-key", format!("load-{reader}-{n}"))
                .json(&json!({"body": text}))
                .send()
                .await;
            attempts += 1;
            match sent {
                Ok(response) => break response,
                Err(err) => assert!(attempts < 3, "{text}: {err:?}"),
            }
        };
        match response.status().as_u16() {
            201 => {
                let id = response.json::<serde_json::Value>().await.unwrap()["id"].as_i64().unwrap();
                acknowledged.lock().await.insert(text.clone(), (id, text));
            }
            429 => {
                let wait = response.headers()["retry-after"].to_str().unwrap().parse().unwrap_or(1);
                tokio::time::sleep(Duration::from_secs(wait).min(Duration::from_secs(10))).await;
            }
            status => panic!("{text}: {status} {}", response.text().await.unwrap_or_default()),
        }
    }
}

async fn readers_and_commenters_at_full_load_see_no_error_and_lose_nothing(db: TestDb) {
    let engine = if matches!(db, TestDb::Sqlite) { "SQLite" } else { "PostgreSQL" };
    let connections = setting("NEWSDESK_LOAD_CONNECTIONS", 50) as usize;
    let seconds = setting("NEWSDESK_LOAD_SECONDS", 60);
    let server = Server::start(db).await;
    let paths = Arc::new(reading_paths(&server).await);
    let stop = Arc::new(AtomicBool::new(false));
    let tally = Arc::new(Mutex::new(Tally::default()));
    let comments = Acknowledged::default();
    let mut commenters = Vec::new();
    for c in 0..6 {
        let (client, csrf) = server.reader(c).await;
        commenters.push(tokio::spawn(comment_until(
            server.base.clone(),
            client,
            csrf,
            c,
            comments.clone(),
            stop.clone(),
        )));
    }
    let readers: Vec<_> = (0..connections)
        .map(|r| tokio::spawn(read_until(server.base.clone(), paths.clone(), r, stop.clone(), tally.clone())))
        .collect();
    tokio::time::sleep(Duration::from_secs(seconds)).await;
    stop.store(true, Ordering::Relaxed);
    for task in readers.into_iter().chain(commenters) {
        task.await.unwrap();
    }
    let mut tally = tally.lock().await;
    assert_eq!(tally.failed, 0, "connection errors: {:?}", tally.failures);
    assert!(tally.statuses.keys().all(|s| *s == 200), "statuses: {:?}", tally.statuses);
    let comments = comments.lock().await.clone();
    assert_eq!(server.stored_comments().await, comments, "exactly the acknowledged comments");
    assert!(comments.len() >= 6, "the commenters kept commenting: {}", comments.len());
    let log = server.log();
    assert!(!log.contains("database is locked"), "{log}");
    server.assert_log_clean();
    let requests = tally.requests();
    eprintln!(
        "load on {engine}: {connections} readers for {seconds} s: {requests} pages ({:.0}/s), p50 {:?}, p99 {:?}, no error; {} comments, all stored",
        requests as f64 / seconds as f64,
        tally.percentile(0.5),
        tally.percentile(0.99),
        comments.len()
    );
}

/// Resident memory of a process, in MB.
fn rss_mb(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .unwrap_or(0)
        / 1024
}

/// Median time of `n` uncached searches one after another.
async fn median_search(base: &str, n: usize, tag: &str) -> Duration {
    let client = reqwest::Client::new();
    let mut times = Vec::new();
    for i in 0..n {
        let started = Instant::now();
        let response = client.get(format!("{base}/en/search?q=taliban+{tag}{i}")).send().await.unwrap();
        assert_eq!(response.status(), 200);
        response.bytes().await.unwrap();
        times.push(started.elapsed());
    }
    times.sort();
    times[n / 2]
}

#[tokio::test]
#[ignore = "the load battery runs alone: cargo test --test integration -- --ignored --test-threads 1 durability::load"]
async fn overload_is_shed_with_503_and_latency_recovers_when_it_stops() {
    // The node is configured for the readers of the load test (50 requests at once, as many
    // waiting); overload is five times that, all asking for searches no cache has seen.
    let capacity = setting("NEWSDESK_LOAD_CONNECTIONS", 50);
    let connections = 5 * capacity as usize;
    let seconds = setting("NEWSDESK_OVERLOAD_SECONDS", 20);
    let server = Server::start_with(TestDb::Sqlite, &["--max-concurrent-requests", &capacity.to_string()]).await;
    let before = median_search(&server.base, 21, "before").await;
    let rss_before = rss_mb(server.pid());
    let stop = Arc::new(AtomicBool::new(false));
    let statuses = Arc::new(Mutex::new(BTreeMap::<u16, u64>::new()));
    let failures = Arc::new(Mutex::new(Vec::<String>::new()));
    let loaders: Vec<_> = (0..connections)
        .map(|c| {
            let (base, stop, statuses, failures) =
                (server.base.clone(), stop.clone(), statuses.clone(), failures.clone());
            tokio::spawn(async move {
                let client = reqwest::Client::builder().timeout(Duration::from_secs(30)).build().unwrap();
                let mut n = 0;
                while !stop.load(Ordering::Relaxed) {
                    n += 1;
                    match client.get(format!("{base}/en/search?q=dhaka+c{c}n{n}")).send().await {
                        Ok(response) => {
                            let status = response.status().as_u16();
                            if status == 503 {
                                assert_eq!(response.headers()["retry-after"], "1");
                            }
                            let _ = response.bytes().await;
                            *statuses.lock().await.entry(status).or_default() += 1;
                        }
                        Err(err) => failures.lock().await.push(format!("{err:?}")),
                    }
                }
            })
        })
        .collect();
    let mut rss_peak = rss_before;
    for _ in 0..seconds {
        tokio::time::sleep(Duration::from_secs(1)).await;
        rss_peak = rss_peak.max(rss_mb(server.pid()));
    }
    stop.store(true, Ordering::Relaxed);
    let stopped = Instant::now();
    for loader in loaders {
        loader.await.unwrap();
    }
    // Within 10 s of the load stopping, searches are answered as fast as before it (within
    // twice the time, for a busy test machine), ten in a row.
    let recovered = loop {
        let now = median_search(&server.base, 5, &format!("after{}", stopped.elapsed().as_millis())).await;
        if now <= before * 2 + Duration::from_millis(5) {
            break stopped.elapsed();
        }
        assert!(
            stopped.elapsed() < Duration::from_secs(10),
            "searches take {now:?} against {before:?} before the load"
        );
    };
    let statuses = statuses.lock().await.clone();
    let failures = failures.lock().await.clone();
    assert!(failures.is_empty(), "{} connection errors: {:?}", failures.len(), &failures[..failures.len().min(3)]);
    assert!(statuses.keys().all(|s| [200, 503].contains(s)), "{statuses:?}");
    assert!(statuses.get(&503).copied().unwrap_or(0) > 0, "nothing was shed: {statuses:?}");
    assert!(statuses.get(&200).copied().unwrap_or(0) > 0, "nothing was served: {statuses:?}");
    assert!(rss_peak < 1024, "resident memory reached {rss_peak} MB");
    server.assert_log_clean();
    eprintln!(
        "overload: {connections} connections for {seconds} s: {statuses:?}; memory {rss_before} MB before, {rss_peak} MB at most; \
         search median {before:?} before, back to it {recovered:?} after the load stopped"
    );
}

#[tokio::test]
#[ignore = "the load battery runs alone: cargo test --test integration -- --ignored --test-threads 1 durability::load"]
async fn slow_clients_are_cut_off_and_readers_are_served_meanwhile() {
    let server = Server::start_with(
        TestDb::Sqlite,
        &["--client-timeout-seconds", "2", "--body-deadline-seconds", "6", "--max-concurrent-requests", "8"],
    )
    .await;
    let addr = server.base.trim_start_matches("http://").to_owned();
    let started = Instant::now();
    // Hundreds of sockets that send nothing.
    let mut idle = Vec::new();
    for _ in 0..300 {
        idle.push(TcpStream::connect(&addr).await.unwrap());
    }
    // Headers at one byte a second, and bodies at one byte a second (more than the 8 places).
    // `head` at once, then `slowly` one byte a second.
    let trickle = |head: &'static [u8], slowly: &'static [u8]| {
        let addr = addr.clone();
        tokio::spawn(async move {
            let mut socket = TcpStream::connect(&addr).await.unwrap();
            let opened = Instant::now();
            socket.write_all(head).await.unwrap();
            for byte in slowly.iter().cycle() {
                if socket.write_all(&[*byte]).await.is_err() {
                    break;
                }
                let mut buf = [0u8; 1024];
                match tokio::time::timeout(Duration::from_secs(1), socket.read(&mut buf)).await {
                    Ok(Ok(0) | Err(_)) => break, // closed
                    Ok(Ok(_)) => {}              // an answer (408, 400): the close follows
                    Err(_) => {}                 // still open
                }
                assert!(opened.elapsed() < Duration::from_secs(60), "a slow client was never cut off");
            }
            opened.elapsed()
        })
    };
    let mut tricklers = Vec::new();
    for _ in 0..20 {
        tricklers.push((
            2,
            trickle(
                b"",
                b"GET / HTTP/1.1\r\nHost: slow\r\nX-Padding: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            ),
        ));
    }
    for _ in 0..20 {
        tricklers.push((
            6,
            trickle(
                b"POST /api/v1/auth/token HTTP/1.1\r\nHost: slow\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n",
                b"{\"email\": \"slow@example.com\", \"password\": \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            ),
        ));
    }
    // A reader meanwhile: every page comes, none is shed (20 bodies being received take no place).
    let reader = reqwest::Client::builder().timeout(Duration::from_secs(10)).build().unwrap();
    let mut served = 0;
    while started.elapsed() < Duration::from_secs(8) {
        let response = reader.get(format!("{}/en/search?q=reader{served}", server.base)).send().await.unwrap();
        assert_eq!(response.status(), 200);
        served += 1;
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // Every idle socket was closed by the server.
    for mut socket in idle {
        let mut buf = [0u8; 64];
        let read = tokio::time::timeout(Duration::from_secs(1), socket.read(&mut buf)).await;
        assert!(matches!(read, Ok(Ok(0) | Err(_))), "an idle socket is still open after {:?}", started.elapsed());
    }
    let mut slowest = BTreeMap::new();
    for (limit, trickler) in tricklers {
        let lasted = trickler.await.unwrap();
        assert!(lasted < Duration::from_secs(limit + 3), "a slow client lasted {lasted:?}");
        let entry = slowest.entry(limit).or_insert(Duration::ZERO);
        *entry = (*entry).max(lasted);
    }
    server.assert_log_clean();
    eprintln!(
        "slow clients: 300 idle sockets and 40 tricklers cut off (longest {slowest:?}); {served} searches served meanwhile"
    );
}
