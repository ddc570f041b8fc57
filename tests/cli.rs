//! The operator's `newsdesk user …` commands, run as a separate process on the database of a
//! running server.

use std::io::Write;
use std::process::{Command, Stdio};

use newsdesk::config::DatabaseUrl;

use crate::helpers::{TestApp, TestDb};

crate::on_both_databases!(the_user_commands_work_beside_a_running_server, the_user_commands_refuse_bad_input);

fn newsdesk(app: &TestApp, args: &[&str], stdin: Option<&str>) -> (bool, String) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_newsdesk"));
    command.args(args).env_remove("NEWSDESK_DATABASE_URL").env_remove("NEWSDESK_DATA_DIR");
    match &app.state.config.database {
        DatabaseUrl::Sqlite(path) => command.arg("--data-dir").arg(path.parent().unwrap()),
        DatabaseUrl::Postgres(url) => command.arg("--database-url").arg(url),
    };
    let mut child = command.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    if let Some(text) = stdin {
        child.stdin.take().unwrap().write_all(text.as_bytes()).unwrap();
    }
    let out = child.wait_with_output().unwrap();
    (out.status.success(), format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr)))
}

async fn the_user_commands_work_beside_a_running_server(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let (ok, out) = newsdesk(
        &app,
        &["user", "add", "--email", "Desk@Example.com", "--name", "Night Desk", "--role", "editor", "--password-stdin"],
        Some("moonlit harbour ledger\n"),
    );
    assert!(ok, "{out}");
    assert!(out.contains("created desk@example.com (editor)"), "{out}");
    let browser = app.browser();
    assert_eq!(browser.login("desk@example.com", "moonlit harbour ledger").await.status(), 303);
    assert_eq!(browser.get("/newsroom").await.status(), 200, "an editor opens the newsroom");

    let (ok, out) = newsdesk(&app, &["user", "set-role", "--email", "desk@example.com", "--role", "moderator"], None);
    assert!(ok, "{out}");
    assert_eq!(browser.get("/newsroom/articles/new").await.status(), 403, "the new role applies at once");

    let (ok, out) = newsdesk(&app, &["user", "disable", "--email", "desk@example.com"], None);
    assert!(ok, "{out}");
    assert_eq!(browser.get("/account").await.status(), 303, "the session ended");
    assert_eq!(app.browser().login("desk@example.com", "moonlit harbour ledger").await.status(), 401);

    let (ok, out) = newsdesk(&app, &["user", "add", "--email", "reader@example.com", "--name", "Reader"], None);
    assert!(ok, "{out}");
    let password = out.lines().find_map(|l| l.strip_prefix("password: ")).expect("a generated password").to_owned();
    assert_eq!(app.browser().login("reader@example.com", &password).await.status(), 303);
}

async fn the_user_commands_refuse_bad_input(db: TestDb) {
    let app = TestApp::spawn(db).await;
    for (args, says) in [
        (vec!["user", "add", "--email", "nope", "--name", "X"], "not an email"),
        (vec!["user", "add", "--email", "a@example.com", "--name", "X", "--role", "king"], "unknown role"),
        (vec!["user", "set-role", "--email", "ghost@example.com", "--role", "editor"], "no account"),
        (vec!["user", "disable", "--email", "ghost@example.com"], "no account"),
        (vec!["user", "add", "--email", &app.admin_email, "--name", "Again"], "already has an account"),
    ] {
        let (ok, out) = newsdesk(&app, &args, None);
        assert!(!ok, "{args:?} should fail");
        assert!(out.contains(says), "{args:?}: {out}");
    }
    let (ok, out) = newsdesk(
        &app,
        &["user", "add", "--email", "b@example.com", "--name", "B", "--password-stdin"],
        Some("password\n"),
    );
    assert!(!ok && out.contains("common"), "{out}");
}
