//! `spawn_app`, fixture builders and HTML helpers shared by the suite.

use std::sync::Arc;
use std::time::Duration;

use newsdesk::accounts::model::PasswordCost;
use newsdesk::clock::{Clock, ManualClock};
use newsdesk::config::{Config, DatabaseUrl, Secret};
use newsdesk::editions::Lang;
use newsdesk::{App, AppState};
use scraper::{Html, Selector};
use sqlx::Row;
use tokio::net::TcpListener;
use tokio::sync::oneshot;

mod template;

/// A user agent of a phone browser, so that article views count.
pub const BROWSER_UA: &str =
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36";

/// Generates one `#[tokio::test]` per database for each listed `async fn(TestDb)`.
#[macro_export]
macro_rules! on_both_databases {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(#[tokio::test]
            async fn $name() {
                super::$name($crate::helpers::TestDb::Sqlite).await
            })*
        }
        mod postgres {
            $(#[tokio::test]
            async fn $name() {
                match $crate::helpers::TestDb::postgres() {
                    Some(db) => super::$name(db).await,
                    None => $crate::helpers::skip_postgres("PostgreSQL run"),
                }
            })*
        }
    };
}

/// Says that a PostgreSQL test is skipped because `NEWSDESK_TEST_DATABASE_URL` is not set, as
/// on a developer's machine without a server; fails it instead when `NEWSDESK_REQUIRE_POSTGRES`
/// is set (CI sets it), so that a run meant to cover PostgreSQL cannot pass without it. An
/// unreachable server always fails: creating the test's database does.
pub fn skip_postgres(what: &str) {
    let required = std::env::var("NEWSDESK_REQUIRE_POSTGRES").is_ok_and(|v| !v.is_empty() && v != "0");
    assert!(
        !required,
        "NEWSDESK_REQUIRE_POSTGRES is set but NEWSDESK_TEST_DATABASE_URL is not: the {what} must not be skipped"
    );
    eprintln!("NEWSDESK_TEST_DATABASE_URL is not set: {what} skipped");
}

/// Which database a test runs on.
#[derive(Debug, Clone)]
pub enum TestDb {
    Sqlite,
    /// The server URL from `NEWSDESK_TEST_DATABASE_URL`.
    Postgres(String),
}

impl TestDb {
    /// PostgreSQL if the environment names a server.
    pub fn postgres() -> Option<Self> {
        std::env::var("NEWSDESK_TEST_DATABASE_URL").ok().filter(|u| !u.is_empty()).map(Self::Postgres)
    }
}

/// Options of [`TestApp::spawn_with`].
pub struct Options {
    pub sample_content: bool,
    pub flush_interval: Duration,
    pub base_url: Option<String>,
    pub comment_blocklist: Vec<String>,
    pub smtp_url: Option<String>,
    /// Join the database of another node instead of making a fresh one.
    pub shared_database: Option<DatabaseUrl>,
    /// Bytes of the page cache; 0 renders every request.
    pub page_cache_bytes: u64,
    /// Seconds a CDN may keep public pages; 0: no CDN.
    pub cdn_max_age: u64,
    /// Proxies whose `X-Forwarded-For` is believed.
    pub trusted_proxies: Vec<newsdesk::config::ProxyRange>,
    /// Where the app's clock starts; by default where the template's stopped (see
    /// [`template`]), or now when joining another node's database.
    pub clock_at: Option<i64>,
}

impl Default for Options {
    fn default() -> Self {
        // Views are flushed by the test itself unless it asks for the periodic flush.
        Self {
            sample_content: true,
            flush_interval: Duration::from_secs(3600),
            base_url: None,
            comment_blocklist: vec!["scam".into()],
            smtp_url: None,
            shared_database: None,
            page_cache_bytes: 64 * 1024 * 1024,
            cdn_max_age: 0,
            trusted_proxies: Vec::new(),
            clock_at: None,
        }
    }
}

/// The app running on a random port with its own database.
pub struct TestApp {
    pub base: String,
    pub client: reqwest::Client,
    pub clock: Arc<ManualClock>,
    pub state: AppState,
    pub admin_email: String,
    shutdown: Option<oneshot::Sender<()>>,
    server: Option<tokio::task::JoinHandle<anyhow::Result<()>>>,
    _dir: tempfile::TempDir,
    pg_database: Option<(String, String)>,
}

impl TestApp {
    /// The app with sample content.
    pub async fn spawn(db: TestDb) -> Self {
        Self::spawn_with(db, Options::default()).await
    }

    /// The app with the given options: a copy of the template (migrated, with the first admin
    /// and the sample content unless switched off), or another node's database.
    pub async fn spawn_with(db: TestDb, options: Options) -> Self {
        newsdesk::telemetry::init_for_tests();
        let dir = tempfile::tempdir().expect("temp dir");
        let template = match options.shared_database {
            Some(_) => None,
            None => Some(template::template(&db, options.sample_content).await),
        };
        if let Some(template) = &template {
            template.copy_into(dir.path());
        }
        let (database, pg_database) = match (db, options.shared_database.clone()) {
            (_, Some(shared)) => (shared, None),
            (TestDb::Sqlite, None) => (DatabaseUrl::Sqlite(dir.path().join("newsdesk.db")), None),
            (TestDb::Postgres(server), None) => {
                let name = format!("newsdesk_test_{}", rand_suffix());
                let from = template.as_ref().and_then(|t| t.pg_name.as_deref());
                create_pg_database_from(&server, &name, from).await;
                (DatabaseUrl::Postgres(with_database(&server, &name)), Some((server, name)))
            }
        };
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("local addr");
        let base = format!("http://{addr}");
        let admin_email = ADMIN_EMAIL.to_owned();
        let config =
            config(dir.path(), database, addr, options.base_url.clone().unwrap_or_else(|| base.clone()), &options);
        let at = options.clock_at.or(template.map(|t| t.at)).unwrap_or_else(|| chrono::Utc::now().timestamp());
        let clock = ManualClock::new(at);
        let app = App::build(config, clock.clone()).await.expect("app builds");
        let state = app.state.clone();
        let (tx, rx) = oneshot::channel();
        let server = tokio::spawn(app.serve(listener, async {
            let _ = rx.await;
        }));
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(BROWSER_UA)
            .build()
            .expect("client");
        Self {
            base,
            client,
            clock,
            state,
            admin_email,
            shutdown: Some(tx),
            server: Some(server),
            _dir: dir,
            pg_database,
        }
    }

    /// Absolute URL of a path.
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// GET a path.
    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.expect("request")
    }

    /// GET a path expecting 200 and HTML; returns the parsed page.
    pub async fn page(&self, path: &str) -> Page {
        let response = self.get(path).await;
        assert_eq!(response.status(), 200, "GET {path}");
        let ct = response.headers()["content-type"].to_str().unwrap().to_owned();
        assert!(ct.starts_with("text/html"), "GET {path}: {ct}");
        Page::new(&response.text().await.unwrap())
    }

    /// GET a path expecting 200 and JSON.
    pub async fn json(&self, path: &str) -> serde_json::Value {
        let response = self.get(path).await;
        assert_eq!(response.status(), 200, "GET {path}");
        response.json().await.expect("JSON body")
    }

    /// Writes pending page views and reloads the trending lists, as the periodic task does.
    pub async fn flush_views(&self) {
        newsdesk::trending::flush(&self.state).await;
    }

    /// The canonical path of the published article with this sample key.
    pub async fn sample_path(&self, key: &str) -> String {
        let row = sqlx::query("SELECT id, lang, slug FROM articles WHERE sample_key = $1")
            .bind(key)
            .fetch_one(&self.state.db.pool)
            .await
            .expect("sample article");
        let lang = Lang::parse(row.get::<String, _>("lang").as_str()).unwrap();
        newsdesk::articles::model::article_path(lang, row.get("id"), &row.get::<String, _>("slug"))
    }

    /// Stops the server gracefully and waits for it, as SIGTERM would.
    pub async fn shut_down(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(server) = self.server.take() {
            server.await.expect("server task").expect("server stopped cleanly");
        }
    }

    /// A second node of the same site: its own port, data directory and search index, on the
    /// same database, as behind a load balancer.
    pub async fn another_node(&self) -> TestApp {
        let options = Options {
            shared_database: Some(self.state.config.database.clone()),
            clock_at: Some(self.clock.now()),
            ..Options::default()
        };
        TestApp::spawn_with(TestDb::Sqlite, options).await
    }

    /// The id of the first admin, whom fixtures name as the author of what they create.
    pub async fn admin_id(&self) -> i64 {
        let email = newsdesk::accounts::model::Email::parse(&self.admin_email).unwrap();
        newsdesk::accounts::db::user_by_email(&self.state.db, &email).await.unwrap().expect("the first admin").id
    }

    /// `password` hashed as the app hashes new passwords.
    pub fn hash_password(&self, password: &str) -> String {
        newsdesk::accounts::model::hash_password(password, self.state.config.password_cost).unwrap()
    }

    /// Adds a section to a site started without sample content. In raw SQL: the app makes
    /// sections only from the sample catalog, and has no query that adds one.
    pub async fn add_section(&self, lang: Lang, slug: &str, name: &str) {
        sqlx::query("INSERT INTO sections (lang, slug, name) VALUES ($1, $2, $3)")
            .bind(lang.code())
            .bind(slug)
            .bind(name)
            .execute(&self.state.db.pool)
            .await
            .expect("add section");
    }

    /// Adds a desk (a byline that is not a person) to a site started without sample content.
    /// In raw SQL, for the reason given at [`add_section`](Self::add_section).
    pub async fn add_desk(&self, slug: &str, name: &str) {
        sqlx::query("INSERT INTO bylines (slug, kind, name, name_bn) VALUES ($1, 'desk', $2, '')")
            .bind(slug)
            .bind(name)
            .execute(&self.state.db.pool)
            .await
            .expect("add desk");
    }

    /// An article builder for fixtures.
    pub fn article(&self) -> ArticleBuilder<'_> {
        ArticleBuilder::new(self)
    }
}

/// Email of the first admin of every test app.
const ADMIN_EMAIL: &str = "admin@newsdesk.test";

/// The configuration of a test app in `data_dir`.
fn config(
    data_dir: &std::path::Path,
    database: DatabaseUrl,
    bind: std::net::SocketAddr,
    base_url: String,
    options: &Options,
) -> Config {
    Config {
        bind,
        data_dir: data_dir.to_owned(),
        media_dir: data_dir.join("media"),
        page_cache_bytes: options.page_cache_bytes,
        cdn_max_age: options.cdn_max_age,
        client_timeout: std::time::Duration::from_secs(10),
        body_deadline: std::time::Duration::from_secs(300),
        max_concurrent_requests: 128,
        queue_wait: std::time::Duration::from_millis(500),
        database,
        base_url,
        load_sample_content: options.sample_content,
        admin_email: ADMIN_EMAIL.to_owned(),
        admin_password: Some(Secret("admin password for tests".into())),
        default_edition: Lang::En,
        utc_offset_minutes: 360,
        view_flush_interval: options.flush_interval,
        trusted_proxies: options.trusted_proxies.clone(),
        smtp_url: options.smtp_url.clone().map(Secret),
        mail_from: "Views Bangladesh <news@newsdesk.test>".into(),
        comment_blocklist: options.comment_blocklist.clone(),
        // Every app hashes the admin's password and a dummy one, and many tests register
        // readers: argon2id at its least work keeps that from dominating the suite, while
        // checking a password goes through the same code at whatever cost the hash records.
        password_cost: PasswordCost::InsecureForTestsOnly,
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some((server, name)) = self.pg_database.take() {
            drop_pg_database(server, name);
        }
    }
}

/// A database of its own on the PostgreSQL server of `NEWSDESK_TEST_DATABASE_URL`, for tests
/// that start `newsdesk` as separate processes; dropped with the value.
pub struct PgTestDatabase {
    /// Connection URL of the new database.
    pub url: String,
    server: String,
    name: String,
}

impl PgTestDatabase {
    /// Creates a fresh, empty database on `server`.
    pub async fn create(server: &str) -> Self {
        let name = format!("newsdesk_test_{}", rand_suffix());
        create_pg_database(server, &name).await;
        Self { url: with_database(server, &name), server: server.to_owned(), name }
    }
}

impl Drop for PgTestDatabase {
    fn drop(&mut self) {
        drop_pg_database(self.server.clone(), self.name.clone());
    }
}

/// Drops a per-test database from a thread of its own: Drop cannot await.
fn drop_pg_database(server: String, name: String) {
    let _ = std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
        rt.block_on(async move {
            if let Ok(mut conn) = sqlx_connect(&server).await {
                let sql = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
                let _ = sqlx::raw_sql(sqlx::AssertSqlSafe(sql)).execute(&mut conn).await;
            }
        });
    })
    .join();
}

fn rand_suffix() -> String {
    use std::hash::{BuildHasher, RandomState};
    format!("{:016x}", RandomState::new().hash_one(std::time::SystemTime::now()))
}

async fn sqlx_connect(server: &str) -> sqlx::Result<sqlx::AnyConnection> {
    use sqlx::Connection;
    sqlx::any::install_default_drivers();
    sqlx::AnyConnection::connect(server).await
}

async fn create_pg_database(server: &str, name: &str) {
    create_pg_database_from(server, name, None).await;
}

/// Creates database `name`, a copy of `template` if given.
async fn create_pg_database_from(server: &str, name: &str, template: Option<&str>) {
    let mut conn = sqlx_connect(server).await.expect("connect to NEWSDESK_TEST_DATABASE_URL");
    let template = template.map(|t| format!(" TEMPLATE {t}")).unwrap_or_default();
    sqlx::raw_sql(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}{template}")))
        .execute(&mut conn)
        .await
        .expect("create test database");
}

/// The server URL with its database name replaced.
fn with_database(server: &str, name: &str) -> String {
    let (base, query) = match server.split_once('?') {
        Some((b, q)) => (b, format!("?{q}")),
        None => (server, String::new()),
    };
    let scheme_end = base.find("://").map_or(0, |i| i + 3);
    let root = match base[scheme_end..].find('/') {
        Some(i) => &base[..scheme_end + i],
        None => base,
    };
    format!("{root}/{name}{query}")
}

/// Inserts a published article directly, as the newsroom will.
pub struct ArticleBuilder<'a> {
    app: &'a TestApp,
    lang: Lang,
    section: String,
    title: String,
    body: String,
    published_at: i64,
    topic: Option<String>,
    byline: String,
}

impl<'a> ArticleBuilder<'a> {
    fn new(app: &'a TestApp) -> Self {
        Self {
            app,
            lang: Lang::En,
            section: "sports".into(),
            title: "Tigers win the series".into(),
            body: "The team won.".into(),
            published_at: app.clock.now() - 60,
            topic: None,
            byline: "sports-desk".into(),
        }
    }

    pub fn section(mut self, slug: &str) -> Self {
        self.section = slug.into();
        self
    }
    pub fn lang(mut self, lang: Lang) -> Self {
        self.lang = lang;
        self
    }
    pub fn title(mut self, title: &str) -> Self {
        self.title = title.into();
        self
    }
    pub fn body(mut self, body: &str) -> Self {
        self.body = body.into();
        self
    }
    pub fn published_at(mut self, at: i64) -> Self {
        self.published_at = at;
        self
    }

    /// Creates the article with the newsroom's own queries, published at its publication time,
    /// and returns its id. Both steps are stamped with that time, so that a story meant to be
    /// old is old in every column (the newsroom has no way to back-date a story); the admin is
    /// its author.
    pub async fn insert(self) -> i64 {
        use newsdesk::newsroom::db::{self as newsroom, Content, StepData};
        use newsdesk::newsroom::model::{Status, Step};
        let db = &self.app.state.db;
        let author = self.app.admin_id().await;
        let section_id = newsroom::section_id(db, self.lang, &self.section).await.unwrap().expect("section exists");
        let byline = newsdesk::bylines::db::by_slug(db, &self.byline).await.unwrap().expect("byline exists");
        let byline_ids = vec![byline.id];
        let topics: Vec<String> = self.topic.into_iter().collect();
        let topic_ids = newsroom::topic_ids(db, self.lang, &topics).await.unwrap().expect("topic exists");
        let body = newsdesk::body::Body::from_markdown(&self.body);
        let content = Content {
            slug: newsdesk::articles::model::Slug::from_title(&self.title).as_str().to_owned(),
            title: self.title,
            standfirst: String::new(),
            body_html: newsdesk::body::render::render(&body, self.lang, &|_| None).html,
            body,
            section_id,
            seo_title: String::new(),
            seo_description: String::new(),
            byline_ids,
            topic_ids,
            premoderate: false,
            image_id: None,
        };
        let at = self.published_at;
        let id = newsroom::create(db, self.lang, &content, author, None, None, at).await.expect("create article");
        let step = Step::Publish.as_str();
        newsroom::set_status(db, id, 1, Status::Draft, Status::Published, &StepData::default(), step, Some(author), at)
            .await
            .expect("publish article")
            .expect("nobody else changed the new article");
        // Written behind the app's back: its pages must not keep showing the site without it.
        self.app.state.pages.invalidate_all_here();
        id
    }
}

/// A parsed HTML page.
pub struct Page {
    pub html: String,
    doc: Html,
}

impl Page {
    pub fn new(html: &str) -> Self {
        Self { html: html.to_owned(), doc: Html::parse_document(html) }
    }

    /// Text of every element matching `selector`, whitespace collapsed.
    pub fn texts(&self, selector: &str) -> Vec<String> {
        let sel = Selector::parse(selector).expect("selector");
        self.doc
            .select(&sel)
            .map(|e| e.text().collect::<String>().split_whitespace().collect::<Vec<_>>().join(" "))
            .collect()
    }

    /// Text of the one element matching `selector`.
    pub fn text(&self, selector: &str) -> String {
        let all = self.texts(selector);
        assert_eq!(all.len(), 1, "exactly one {selector:?} in the page, found {all:?}");
        all.into_iter().next().unwrap()
    }

    /// An attribute of every element matching `selector`.
    pub fn attrs(&self, selector: &str, attr: &str) -> Vec<String> {
        let sel = Selector::parse(selector).expect("selector");
        self.doc.select(&sel).filter_map(|e| e.value().attr(attr).map(String::from)).collect()
    }

    /// An attribute of the one element matching `selector`.
    pub fn attr(&self, selector: &str, attr: &str) -> String {
        let all = self.attrs(selector, attr);
        assert_eq!(all.len(), 1, "exactly one {selector:?}[{attr}], found {all:?}");
        all.into_iter().next().unwrap()
    }
}

/// A reader with a browser's cookie jar, driving the HTML forms.
pub struct Browser {
    pub client: reqwest::Client,
    base: String,
}

impl TestApp {
    /// A new browser with an empty cookie jar.
    pub fn browser(&self) -> Browser {
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .cookie_store(true)
            .user_agent(BROWSER_UA)
            .build()
            .expect("client");
        Browser { client, base: self.base.clone() }
    }

    /// A browser logged in as a newly registered reader.
    pub async fn reader(&self, name: &str) -> Browser {
        let browser = self.browser();
        let email = format!("{}@readers.test", name.to_lowercase().replace(' ', "."));
        let response = browser.register(&email, name, "lantern ferry monsoon").await;
        assert_eq!(response.status(), 303, "registering {name}");
        browser
    }
}

impl Browser {
    /// Absolute URL of a path.
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// GET a path.
    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.expect("request")
    }

    /// GET a page expecting 200.
    pub async fn page(&self, path: &str) -> Page {
        let response = self.get(path).await;
        assert_eq!(response.status(), 200, "GET {path}");
        Page::new(&response.text().await.unwrap())
    }

    /// Submits a form of the page at `page_path`: takes its CSRF token, posts `fields` to `action`.
    pub async fn submit(&self, page_path: &str, action: &str, fields: &[(&str, &str)]) -> reqwest::Response {
        let page = self.page(page_path).await;
        let token = page.attrs("input[name=csrf]", "value").into_iter().next().expect("a form with a CSRF token");
        let mut form: Vec<(&str, &str)> = fields.to_vec();
        form.push(("csrf", &token));
        self.client.post(self.url(action)).form(&form).send().await.expect("request")
    }

    /// Registers through the form.
    pub async fn register(&self, email: &str, name: &str, password: &str) -> reqwest::Response {
        self.submit("/register", "/register", &[("email", email), ("display_name", name), ("password", password)]).await
    }

    /// Logs in through the form.
    pub async fn login(&self, email: &str, password: &str) -> reqwest::Response {
        self.submit("/login", "/login", &[("email", email), ("password", password)]).await
    }

    /// Whether the account page opens (a live session) or redirects to the login page.
    pub async fn is_logged_in(&self) -> bool {
        self.get("/account").await.status() == 200
    }
}

/// `text` percent-encoded for a query string or path segment.
pub fn url_escape(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The value of a cookie set by a response, if any.
pub fn set_cookie(response: &reqwest::Response, name: &str) -> Option<String> {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with(&format!("{name}=")))
        .map(str::to_owned)
}

/// A minimal SMTP server on a random port that keeps every message it is given: a real
/// protocol peer for the mail code.
pub struct SmtpSink {
    pub url: String,
    pub messages: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
}

impl SmtpSink {
    pub async fn start() -> Self {
        use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("smtp://{}", listener.local_addr().unwrap());
        let messages = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let kept = messages.clone();
        tokio::spawn(async move {
            while let Ok((socket, _)) = listener.accept().await {
                let kept = kept.clone();
                tokio::spawn(async move {
                    let (read, mut write) = socket.into_split();
                    let mut lines = BufReader::new(read).lines();
                    let _ = write.write_all(b"220 sink ESMTP\r\n").await;
                    let mut data: Option<String> = None;
                    while let Ok(Some(line)) = lines.next_line().await {
                        if let Some(body) = data.as_mut() {
                            if line == "." {
                                kept.lock().unwrap().push(data.take().unwrap());
                                let _ = write.write_all(b"250 queued\r\n").await;
                            } else {
                                body.push_str(&line);
                                body.push('\n');
                            }
                            continue;
                        }
                        let verb = line.split_whitespace().next().unwrap_or("").to_ascii_uppercase();
                        let reply: &[u8] = match verb.as_str() {
                            "EHLO" | "HELO" => b"250 sink\r\n",
                            "DATA" => {
                                data = Some(String::new());
                                b"354 go ahead\r\n"
                            }
                            "QUIT" => {
                                let _ = write.write_all(b"221 bye\r\n").await;
                                break;
                            }
                            _ => b"250 OK\r\n",
                        };
                        let _ = write.write_all(reply).await;
                    }
                });
            }
        });
        Self { url, messages }
    }
}

/// A staff member calling the JSON API with a personal token.
pub struct StaffClient {
    pub id: i64,
    pub token: String,
    client: reqwest::Client,
    base: String,
}

impl TestApp {
    /// Creates a staff account with `role` and gets it an API token through the API.
    pub async fn staff(&self, role: &str, name: &str) -> StaffClient {
        use newsdesk::accounts::model::{Email, sha256_hex};
        let db = &self.state.db;
        let email = format!("{}@staff.test", name.to_lowercase().replace(' ', "."));
        let hash = self.hash_password("staff pass phrase");
        // Made at time 0: an account of long standing, to which no new-account limit applies.
        let parsed = newsdesk::newsroom::policy::Role::parse(role).expect("a role");
        let id = newsdesk::accounts::db::insert_user(db, &Email::parse(&email).unwrap(), name, &hash, parsed, 0)
            .await
            .unwrap()
            .expect("a new email");
        if role == "reader" {
            // Readers cannot mint tokens; give this one a token as if it had been staff once.
            let token = format!("nd_reader_{id}");
            newsdesk::newsroom::db::insert_token(db, id, &sha256_hex(&token), "old", 0).await.unwrap();
            return StaffClient { id, token, client: self.client.clone(), base: self.base.clone() };
        }
        let response = self
            .client
            .post(self.url("/api/v1/auth/token"))
            .json(&serde_json::json!({"email": email, "password": "staff pass phrase", "name": "tests"}))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 201, "token for {name}");
        let body: serde_json::Value = response.json().await.unwrap();
        StaffClient {
            id,
            token: body["token"].as_str().unwrap().to_owned(),
            client: self.client.clone(),
            base: self.base.clone(),
        }
    }
}

impl StaffClient {
    /// Sends a request with the token; returns status and JSON body (null when empty).
    pub async fn send(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<serde_json::Value>,
    ) -> (u16, serde_json::Value) {
        let mut request = self.client.request(method, format!("{}{}", self.base, path)).bearer_auth(&self.token);
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        let text = response.text().await.unwrap();
        (status, serde_json::from_str(&text).unwrap_or(serde_json::Value::Null))
    }

    pub async fn get(&self, path: &str) -> (u16, serde_json::Value) {
        self.send(reqwest::Method::GET, path, None).await
    }

    pub async fn post(&self, path: &str, body: serde_json::Value) -> (u16, serde_json::Value) {
        self.send(reqwest::Method::POST, path, Some(body)).await
    }

    pub async fn patch(&self, path: &str, body: serde_json::Value) -> (u16, serde_json::Value) {
        self.send(reqwest::Method::PATCH, path, Some(body)).await
    }

    pub async fn put(&self, path: &str, body: serde_json::Value) -> (u16, serde_json::Value) {
        self.send(reqwest::Method::PUT, path, Some(body)).await
    }

    pub async fn delete(&self, path: &str) -> (u16, serde_json::Value) {
        self.send(reqwest::Method::DELETE, path, None).await
    }

    /// Creates an English sports draft; returns its id.
    pub async fn draft(&self, title: &str) -> i64 {
        let (status, body) = self
            .post(
                "/api/v1/newsroom/articles",
                serde_json::json!({"lang": "en", "title": title, "standfirst": "In brief.", "body": "First paragraph.\n\nSecond.",
                    "section": "sports", "byline": ["sports-desk"], "topics": []}),
            )
            .await;
        assert_eq!(status, 201, "{body}");
        body["id"].as_i64().unwrap()
    }
}
