//! What a test app starts from, made once per test process and copied for each test: the
//! migrated database with the sample content (or without it) and the first admin, and the
//! search index built from it. A copy costs a few file writes (SQLite) or one
//! `CREATE DATABASE … TEMPLATE` (PostgreSQL) instead of migrating, loading 36 stories and
//! indexing them again; the copy is then opened by `App::build` as on any later start.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use newsdesk::App;
use newsdesk::clock::{ManualClock, Timestamp};
use newsdesk::config::DatabaseUrl;
use tokio::sync::OnceCell;

use super::{TestDb, create_pg_database, rand_suffix, sqlx_connect, with_database};

/// Prefix of the template databases on the PostgreSQL server.
const PG_PREFIX: &str = "newsdesk_template_";
/// Age in seconds past which a template database left by an earlier test process is dropped.
const PG_STALE_AFTER: Timestamp = 3600;

/// A data directory and database to copy.
pub(super) struct Template {
    /// The clock reading the template was made at. Copies start their clocks here, so that the
    /// sample stories are exactly as old in every test as on a first start.
    pub at: Timestamp,
    /// The data directory's files (SQLite database, search index): relative path and contents.
    files: Vec<(PathBuf, Vec<u8>)>,
    /// On PostgreSQL, the template database.
    pub pg_name: Option<String>,
}

type Templates = BTreeMap<(String, bool), Arc<OnceCell<Arc<Template>>>>;

static TEMPLATES: Mutex<Templates> = Mutex::new(BTreeMap::new());

/// The template for apps on `db`, with or without the sample content; made by the first test
/// that asks.
pub(super) async fn template(db: &TestDb, sample_content: bool) -> Arc<Template> {
    let server = match db {
        TestDb::Sqlite => String::new(),
        TestDb::Postgres(server) => server.clone(),
    };
    let cell = TEMPLATES.lock().unwrap().entry((server, sample_content)).or_default().clone();
    cell.get_or_init(|| build(db, sample_content)).await.clone()
}

impl Template {
    /// Writes the template's files into an empty data directory.
    pub fn copy_into(&self, data_dir: &Path) {
        for (path, bytes) in &self.files {
            let to = data_dir.join(path);
            std::fs::create_dir_all(to.parent().unwrap()).unwrap();
            std::fs::write(&to, bytes).unwrap();
        }
    }
}

/// Builds the app once in a data directory of its own (and, on PostgreSQL, a template
/// database), stops it, and keeps the files it left.
async fn build(db: &TestDb, sample_content: bool) -> Arc<Template> {
    let dir = tempfile::tempdir().expect("temp dir");
    let at = chrono::Utc::now().timestamp();
    let (database, pg_name) = match db {
        TestDb::Sqlite => (DatabaseUrl::Sqlite(dir.path().join("newsdesk.db")), None),
        TestDb::Postgres(server) => {
            drop_stale_pg_templates(server, at).await;
            let name = format!("{PG_PREFIX}{at}_{}", rand_suffix());
            create_pg_database(server, &name).await;
            (DatabaseUrl::Postgres(with_database(server, &name)), Some(name))
        }
    };
    let options = super::Options { sample_content, ..super::Options::default() };
    let config =
        super::config(dir.path(), database, "127.0.0.1:0".parse().unwrap(), "http://127.0.0.1".into(), &options);
    let app = App::build(config, ManualClock::new(at)).await.expect("template app builds");
    let pool = app.state.db.pool.clone();
    drop(app);
    // Closed, so that SQLite checkpoints into the file and PostgreSQL may copy the database.
    pool.close().await;
    let mut files = Vec::new();
    read_tree(dir.path(), dir.path(), &mut files);
    Arc::new(Template { at, files, pg_name })
}

/// Every file under `dir` but SQLite's shared-memory index, which is made again on open.
fn read_tree(root: &Path, dir: &Path, files: &mut Vec<(PathBuf, Vec<u8>)>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            read_tree(root, &path, files);
        } else if !path.to_string_lossy().ends_with("-shm") {
            files.push((path.strip_prefix(root).unwrap().to_owned(), std::fs::read(&path).unwrap()));
        }
    }
}

/// Drops the template databases that test processes before this one left behind: a process
/// has no moment to drop its own at exit. Only those an hour old, so that a test run going on
/// beside this one keeps its template.
async fn drop_stale_pg_templates(server: &str, now: Timestamp) {
    let mut conn = sqlx_connect(server).await.expect("connect to NEWSDESK_TEST_DATABASE_URL");
    let names: Vec<String> = sqlx::query_scalar("SELECT datname::text FROM pg_database WHERE datname LIKE $1")
        .bind(format!("{PG_PREFIX}%"))
        .fetch_all(&mut conn)
        .await
        .expect("list template databases");
    for name in names {
        let made: Option<Timestamp> = name.strip_prefix(PG_PREFIX).and_then(|r| r.split('_').next()?.parse().ok());
        if made.is_some_and(|made| now - made > PG_STALE_AFTER) {
            let sql = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
            let _ = sqlx::raw_sql(sqlx::AssertSqlSafe(sql)).execute(&mut conn).await;
        }
    }
}
