//! The durable mail queue under kill -9: a notification mail committed with the step that
//! caused it survives the process dying before it was sent, and goes out exactly once after.

use std::time::Duration;

use serde_json::json;

use super::server::Server;
use crate::helpers::{SmtpSink, TestDb};

/// Adds a reporter with the CLI (as an operator would) and gets it an API token.
async fn reporter_token(server: &Server) -> String {
    use std::io::Write;
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_newsdesk"));
    command.args(["user", "add", "--email", "queue.reporter@staff.test", "--name", "Queue Reporter"]);
    command.args(["--role", "reporter", "--password-stdin", "--data-dir"]).arg(server.data_dir());
    if let Some(url) = server.database_url() {
        command.args(["--database-url", url]);
    }
    let mut child = command
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(b"queue reporter pass phrase\n").unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "user add: {}", String::from_utf8_lossy(&out.stderr));
    let answer: serde_json::Value = reqwest::Client::new()
        .post(format!("{}/api/v1/auth/token", server.base))
        .json(&json!({"email": "queue.reporter@staff.test", "password": "queue reporter pass phrase"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    answer["token"].as_str().unwrap().to_owned()
}

pub(super) async fn queued_mail_survives_kill_9_between_commit_and_send_and_goes_once(db: TestDb) {
    // First the mail server is down: nothing the node tries can be sent.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap();
    let mut server = Server::start_with(db, &["--smtp-url", &format!("smtp://{closed}")]).await;
    let token = reporter_token(&server).await;
    let client = reqwest::Client::new();
    let created: serde_json::Value = client
        .post(format!("{}/api/v1/newsroom/articles", server.base))
        .bearer_auth(&token)
        .json(&json!({"lang": "en", "title": "Queued through a crash", "body": "x", "section": "sports", "byline": ["sports-desk"]}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = created["id"].as_i64().unwrap();
    let submitted = client
        .post(format!("{}/api/v1/newsroom/articles/{id}/submit", server.base))
        .bearer_auth(&token)
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(submitted.status(), 200, "the submission is acknowledged");
    // Killed right after the commit: the admin's mail is not out.
    server.kill_9();
    server.restart().await;
    assert_eq!(server.scalar("SELECT COUNT(*) FROM mail_queue").await, 1, "the queued mail survived");
    assert_eq!(server.scalar("SELECT COUNT(*) FROM mail_queue WHERE sent_at IS NOT NULL").await, 0);
    server.kill_9();

    // The mail server is back. Its wait (and any claim the killed process held) is let pass at
    // once, as if the back-off had run out.
    let sink = SmtpSink::start().await;
    std::fs::write(server.data_dir().join("flags"), format!("--smtp-url\n{}", sink.url)).unwrap();
    server.execute("UPDATE mail_queue SET next_attempt_at = 0, claimed_until = 0").await;
    server.restart().await;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    while server.scalar("SELECT COUNT(*) FROM mail_queue WHERE sent_at IS NOT NULL").await == 0 {
        assert!(tokio::time::Instant::now() < deadline, "the queued mail was never sent:\n{}", server.log());
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // Killed again after the mark, and started again: nothing goes twice.
    server.kill_9();
    server.restart().await;
    tokio::time::sleep(Duration::from_secs(5)).await;
    let messages = sink.messages.lock().unwrap().clone();
    assert_eq!(messages.len(), 1, "sent exactly once: {messages:?}");
    assert!(messages[0].contains("Queued through a crash"), "{}", messages[0]);
    assert!(messages[0].contains("To: admin@durability.test"), "{}", messages[0]);
    server.assert_log_clean();
}
