//! Typed settings from command-line flags and `NEWSDESK_*` environment variables.
//! This is the only module that reads the environment.

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::time::Duration;

use anyhow::{Context, bail};
use clap::{Args, Parser, Subcommand};

use crate::accounts::model::PasswordCost;
use crate::editions::Lang;

/// The `newsdesk` command line.
#[derive(Debug, Parser)]
#[command(name = "newsdesk", version, about, args_conflicts_with_subcommands = true)]
pub struct Cli {
    /// What to do; `serve` when left out.
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Flags of `serve`, accepted without the subcommand too.
    #[command(flatten)]
    pub serve: ServeArgs,
}

impl Cli {
    /// The chosen command, with `serve` as the default.
    pub fn into_command(self) -> Command {
        self.command.unwrap_or_else(|| Command::Serve(Box::new(self.serve)))
    }
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Start the web server (the default).
    Serve(Box<ServeArgs>),
    /// Manage accounts from the shell; works while the server runs.
    #[command(subcommand)]
    User(UserCommand),
    /// Copy the SQLite database and the media to a new directory; works while the server runs.
    Backup(BackupArgs),
    /// Put a backup in place in an empty data directory; run it before starting the server.
    Restore(RestoreArgs),
    /// Bring an archive in from another platform.
    #[command(subcommand)]
    Import(ImportCommand),
}

/// `newsdesk import …`.
#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// Read a WordPress export (Tools → Export, WXR 1.0 to 1.2, `.xml` or `.xml.gz`) and report what
    /// it holds: stories, pages, sections, topics, bylines, images and comments.
    Wordpress(WordpressArgs),
}

/// `newsdesk import wordpress`.
#[derive(Debug, Args)]
pub struct WordpressArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// Uploaded images (default: `media` in the data directory), where imported images go.
    #[arg(long, env = "NEWSDESK_MEDIA_DIR")]
    pub media_dir: Option<PathBuf>,
    /// The export file (`.xml`, or `.xml.gz`).
    pub export: PathBuf,
    /// A copy of the old site's `wp-content/uploads`: images are found there by their path.
    #[arg(long)]
    pub uploads: Option<PathBuf>,
    /// The edition of posts that name no language (Polylang and WPML posts go to theirs).
    #[arg(long, default_value = "en", value_parser = ["en", "bn"])]
    pub edition: String,
    /// An edition for a language of a Polylang site, such as `fa=bn` (repeatable); `en` and
    /// `bn` go to their own editions, other languages are skipped unless mapped.
    #[arg(long, value_name = "CODE=EDITION")]
    pub language: Vec<String>,
    /// Read and report what would be imported; change nothing.
    #[arg(long)]
    pub dry_run: bool,
}

/// `newsdesk backup`.
#[derive(Debug, Args)]
pub struct BackupArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// Uploaded images (default: `media` in the data directory).
    #[arg(long, env = "NEWSDESK_MEDIA_DIR")]
    pub media_dir: Option<PathBuf>,
    /// Directory to create for the backup; it must not exist yet.
    #[arg(long)]
    pub to: PathBuf,
}

/// `newsdesk restore`.
#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// A directory made by `newsdesk backup`.
    #[arg(long)]
    pub from: PathBuf,
    /// Data directory to restore into; it must hold no database yet.
    #[arg(long, env = "NEWSDESK_DATA_DIR", default_value = "./newsdesk-data")]
    pub data_dir: PathBuf,
    /// Uploaded images (default: `media` in the data directory).
    #[arg(long, env = "NEWSDESK_MEDIA_DIR")]
    pub media_dir: Option<PathBuf>,
}

/// Where the database is, for commands other than `serve`.
#[derive(Debug, Args)]
pub struct DbArgs {
    /// Directory of the embedded database.
    #[arg(long, env = "NEWSDESK_DATA_DIR", default_value = "./newsdesk-data")]
    pub data_dir: PathBuf,
    /// `postgres://…` for PostgreSQL; default: SQLite file `newsdesk.db` in the data directory.
    #[arg(long, env = "NEWSDESK_DATABASE_URL", hide_env_values = true)]
    pub database_url: Option<String>,
}

impl DbArgs {
    /// The database these flags name.
    pub fn database(&self) -> anyhow::Result<DatabaseUrl> {
        match &self.database_url {
            Some(url) => DatabaseUrl::parse(url),
            None => Ok(DatabaseUrl::Sqlite(self.data_dir.join("newsdesk.db"))),
        }
    }
}

/// `newsdesk user …`.
#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create an account (staff or reader).
    Add {
        #[command(flatten)]
        db: DbArgs,
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        /// reader, reporter, editor, moderator or admin.
        #[arg(long, default_value = "reader")]
        role: String,
        /// Read the password from standard input (otherwise a random one is printed).
        #[arg(long)]
        password_stdin: bool,
    },
    /// Change an account's role.
    SetRole {
        #[command(flatten)]
        db: DbArgs,
        #[arg(long)]
        email: String,
        #[arg(long)]
        role: String,
    },
    /// Disable an account: no more logins; its sessions and API tokens end at once.
    Disable {
        #[command(flatten)]
        db: DbArgs,
        #[arg(long)]
        email: String,
    },
}

/// Flags of `newsdesk serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "NEWSDESK_BIND", default_value = "127.0.0.1:8080")]
    pub bind: SocketAddr,
    /// Directory for the embedded database, media and the mail outbox.
    #[arg(long, env = "NEWSDESK_DATA_DIR", default_value = "./newsdesk-data")]
    pub data_dir: PathBuf,
    /// `postgres://…` for PostgreSQL; default: SQLite file `newsdesk.db` in the data directory.
    #[arg(long, env = "NEWSDESK_DATABASE_URL", hide_env_values = true)]
    pub database_url: Option<String>,
    /// Public address of the site, used for canonical and absolute links (default: http://BIND).
    #[arg(long, env = "NEWSDESK_BASE_URL")]
    pub base_url: Option<String>,
    /// Do not load the bundled sample articles on first start.
    #[arg(long, env = "NEWSDESK_NO_SAMPLE_CONTENT")]
    pub no_sample_content: bool,
    /// Email of the first admin account, created when the database has no admin.
    #[arg(long, env = "NEWSDESK_ADMIN_EMAIL", default_value = "admin@example.com")]
    pub admin_email: String,
    /// Password of the first admin account (default: a random one, printed once).
    #[arg(long, env = "NEWSDESK_ADMIN_PASSWORD", hide_env_values = true)]
    pub admin_password: Option<String>,
    /// Edition served at `/`.
    #[arg(long, env = "NEWSDESK_DEFAULT_EDITION", default_value = "en")]
    pub default_edition: String,
    /// Offset of the newsroom's local time from UTC, in minutes (Dhaka: 360).
    #[arg(long, env = "NEWSDESK_UTC_OFFSET_MINUTES", default_value_t = 360, allow_hyphen_values = true)]
    pub utc_offset_minutes: i32,
    /// Reverse proxies (addresses or CIDR ranges, comma-separated) whose `X-Forwarded-For` names
    /// the client; from anyone else the header is ignored.
    #[arg(long, env = "NEWSDESK_TRUSTED_PROXIES", default_value = "", hide_default_value = true)]
    pub trusted_proxies: String,
    /// Comments containing one of these words (comma-separated) are held for moderation.
    #[arg(long, env = "NEWSDESK_COMMENT_BLOCKLIST", default_value = "", hide_default_value = true)]
    pub comment_blocklist: String,
    /// Send mail through this SMTP server: `smtps://user:pass@host:465`, or
    /// `smtp://host:587?tls=required` (default: write mail to `outbox/` in the data directory).
    #[arg(long, env = "NEWSDESK_SMTP_URL", hide_env_values = true)]
    pub smtp_url: Option<String>,
    /// Sender of the mail newsdesk sends.
    #[arg(long, env = "NEWSDESK_MAIL_FROM", default_value = "newsdesk <newsdesk@localhost>")]
    pub mail_from: String,
    /// How often counted page views are written to the database, in seconds.
    #[arg(long, env = "NEWSDESK_VIEW_FLUSH_SECONDS", default_value_t = 5)]
    pub view_flush_seconds: u64,
    /// Memory for rendered public pages, in MB; 0 renders every request from the database.
    #[arg(long, env = "NEWSDESK_PAGE_CACHE_MB", default_value_t = 64)]
    pub page_cache_mb: u64,
    /// Where uploaded media lives; several nodes share one directory (default: `media` in the
    /// data directory).
    #[arg(long, env = "NEWSDESK_MEDIA_DIR")]
    pub media_dir: Option<PathBuf>,
    /// Behind a CDN: how long it may serve public pages without asking, in seconds (`s-maxage`);
    /// article pages then count views with a small beacon script. 0: no CDN.
    #[arg(long, env = "NEWSDESK_CDN_MAX_AGE", default_value_t = 0)]
    pub cdn_max_age: u64,
    /// Slow clients: a request's headers must arrive within this many seconds, and its body
    /// may not stall longer; the connection is closed otherwise.
    #[arg(long, env = "NEWSDESK_CLIENT_TIMEOUT_SECONDS", default_value_t = 10)]
    pub client_timeout_seconds: u64,
    /// The whole of a request body (an image upload on a slow line) must arrive within this
    /// many seconds.
    #[arg(long, env = "NEWSDESK_BODY_DEADLINE_SECONDS", default_value_t = 300)]
    pub body_deadline_seconds: u64,
    /// Requests handled at once; as many more may wait their turn (see --queue-wait-ms), and
    /// beyond those a request is answered 503 with `Retry-After` at once.
    #[arg(long, env = "NEWSDESK_MAX_CONCURRENT_REQUESTS", default_value_t = 128)]
    pub max_concurrent_requests: usize,
    /// How long a request beyond --max-concurrent-requests may wait for its turn, in
    /// milliseconds; one still waiting then is answered 503 with `Retry-After`, so that an
    /// overloaded node sheds load instead of queueing it. 0: shed at once.
    #[arg(long, env = "NEWSDESK_QUEUE_WAIT_MS", default_value_t = 500)]
    pub queue_wait_ms: u64,
}

impl ServeArgs {
    /// Checks the flags and turns them into a [`Config`].
    pub fn into_config(self) -> anyhow::Result<Config> {
        let database = match self.database_url {
            Some(url) => DatabaseUrl::parse(&url)?,
            None => DatabaseUrl::Sqlite(self.data_dir.join("newsdesk.db")),
        };
        let base_url = match self.base_url {
            Some(url) => parse_base_url(&url)?,
            None => format!("http://{}", self.bind),
        };
        let default_edition = Lang::parse(&self.default_edition)
            .with_context(|| format!("unknown edition {:?}: use en or bn", self.default_edition))?;
        if !(-720..=840).contains(&self.utc_offset_minutes) {
            bail!("--utc-offset-minutes must be between -720 and 840");
        }
        if self.view_flush_seconds == 0 || self.view_flush_seconds > 60 {
            bail!("--view-flush-seconds must be between 1 and 60");
        }
        if self.page_cache_mb > 1 << 20 {
            bail!("--page-cache-mb must be at most 1048576 (1 TB)");
        }
        if self.cdn_max_age > 86_400 {
            bail!("--cdn-max-age must be at most 86400 seconds (a day)");
        }
        if !(1..=300).contains(&self.client_timeout_seconds) {
            bail!("--client-timeout-seconds must be between 1 and 300");
        }
        if self.body_deadline_seconds < self.client_timeout_seconds || self.body_deadline_seconds > 3600 {
            bail!("--body-deadline-seconds must be between --client-timeout-seconds and 3600");
        }
        if !(1..=100_000).contains(&self.max_concurrent_requests) {
            bail!("--max-concurrent-requests must be between 1 and 100000");
        }
        if self.queue_wait_ms > 10_000 {
            bail!("--queue-wait-ms must be at most 10000 (ten seconds)");
        }
        Ok(Config {
            cdn_max_age: self.cdn_max_age,
            client_timeout: Duration::from_secs(self.client_timeout_seconds),
            body_deadline: Duration::from_secs(self.body_deadline_seconds),
            max_concurrent_requests: self.max_concurrent_requests,
            queue_wait: Duration::from_millis(self.queue_wait_ms),
            media_dir: self.media_dir.unwrap_or_else(|| self.data_dir.join("media")),
            page_cache_bytes: self.page_cache_mb * 1024 * 1024,
            bind: self.bind,
            data_dir: self.data_dir,
            database,
            base_url,
            load_sample_content: !self.no_sample_content,
            admin_email: self.admin_email,
            admin_password: self.admin_password.map(Secret),
            default_edition,
            utc_offset_minutes: self.utc_offset_minutes,
            view_flush_interval: Duration::from_secs(self.view_flush_seconds),
            trusted_proxies: self
                .trusted_proxies
                .split(',')
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .map(|p| {
                    ProxyRange::parse(p)
                        .with_context(|| format!("--trusted-proxies: {p:?} is not an address or a CIDR range"))
                })
                .collect::<anyhow::Result<_>>()?,
            smtp_url: self.smtp_url.map(Secret),
            mail_from: self.mail_from,
            comment_blocklist: self
                .comment_blocklist
                .split(',')
                .map(|w| w.trim().to_lowercase())
                .filter(|w| !w.is_empty())
                .collect(),
            password_cost: PasswordCost::Standard,
        })
    }
}

/// Everything the app needs to start, checked.
#[derive(Debug, Clone)]
pub struct Config {
    /// Address to listen on.
    pub bind: SocketAddr,
    /// Directory for the SQLite file, media and outbox.
    pub data_dir: PathBuf,
    /// Directory of uploaded media (shared by every node).
    pub media_dir: PathBuf,
    /// Bound of the page cache in bytes; 0 turns it off.
    pub page_cache_bytes: u64,
    /// Seconds a CDN may serve a public page without asking; 0 when there is no CDN.
    pub cdn_max_age: u64,
    /// How long a client may take to send a request's headers, or stall in its body.
    pub client_timeout: Duration,
    /// How long a client may take to send a whole request body.
    pub body_deadline: Duration,
    /// Requests handled at once; more wait their turn.
    pub max_concurrent_requests: usize,
    /// How long a request may wait for its turn before it is shed with 503.
    pub queue_wait: Duration,
    /// Which database to use.
    pub database: DatabaseUrl,
    /// Public origin without a trailing slash, e.g. `https://news.example`.
    pub base_url: String,
    /// Load the bundled sample content into an empty database.
    pub load_sample_content: bool,
    /// Email of the first admin.
    pub admin_email: String,
    /// Password of the first admin, if the operator chose one.
    pub admin_password: Option<Secret>,
    /// Edition served at `/`.
    pub default_edition: Lang,
    /// Newsroom local time offset from UTC in minutes.
    pub utc_offset_minutes: i32,
    /// Interval between batched writes of page views.
    pub view_flush_interval: Duration,
    /// SMTP server for outgoing mail; `None` writes mail to the outbox folder.
    pub smtp_url: Option<Secret>,
    /// `From:` of outgoing mail.
    pub mail_from: String,
    /// The proxies whose `X-Forwarded-For` is believed.
    pub trusted_proxies: Vec<ProxyRange>,
    /// Lower-case words that hold a comment for moderation.
    pub comment_blocklist: Vec<String>,
    /// Work of hashing a new password: always [`PasswordCost::Standard`] from the command line;
    /// the integration tests choose less.
    pub password_cost: PasswordCost,
}

impl Config {
    /// Whether cookies carry `Secure`: when the public address is https (a browser then sends
    /// them over https only). The one rule for every cookie newsdesk sets.
    pub fn secure_cookies(&self) -> bool {
        self.base_url.starts_with("https://")
    }
}

/// The database to connect to.
#[derive(Clone)]
pub enum DatabaseUrl {
    /// An SQLite file, created if missing.
    Sqlite(PathBuf),
    /// A PostgreSQL connection URL.
    Postgres(String),
}

impl DatabaseUrl {
    /// Accepts `postgres://`, `postgresql://`, `sqlite://PATH` or `sqlite:PATH`.
    pub fn parse(url: &str) -> anyhow::Result<Self> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Self::Postgres(url.to_owned()))
        } else if let Some(path) = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:")) {
            Ok(Self::Sqlite(PathBuf::from(path)))
        } else {
            bail!("--database-url must start with postgres:// or sqlite://")
        }
    }
}

// Hand-written so that a PostgreSQL password in the URL never reaches a log line.
impl std::fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Sqlite(path) => write!(f, "Sqlite({})", path.display()),
            Self::Postgres(_) => f.write_str("Postgres(…)"),
        }
    }
}

/// A value that must never be logged.
#[derive(Clone)]
pub struct Secret(pub String);

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(…)")
    }
}

/// An address or a CIDR range of them: `10.0.0.0/8`, `127.0.0.1`, `fd00::/8`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProxyRange {
    network: IpAddr,
    prefix: u32,
}

impl ProxyRange {
    /// Parses `ADDR` or `ADDR/PREFIX`.
    pub fn parse(text: &str) -> Option<Self> {
        let (addr, prefix) = match text.split_once('/') {
            Some((addr, prefix)) => (addr.parse::<IpAddr>().ok()?, Some(prefix.parse::<u32>().ok()?)),
            None => (text.parse::<IpAddr>().ok()?, None),
        };
        let bits = if addr.is_ipv4() { 32 } else { 128 };
        let prefix = prefix.unwrap_or(bits);
        (prefix <= bits).then_some(Self { network: addr, prefix })
    }

    /// Whether `ip` is in the range.
    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = match ip {
            IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
            v4 => v4,
        };
        match (self.network, ip) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => {
                let mask = u32::MAX.checked_shl(32 - self.prefix).unwrap_or(0);
                u32::from(net) & mask == u32::from(ip) & mask
            }
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                let mask = u128::MAX.checked_shl(128 - self.prefix).unwrap_or(0);
                u128::from(net) & mask == u128::from(ip) & mask
            }
            _ => false,
        }
    }
}

fn parse_base_url(url: &str) -> anyhow::Result<String> {
    let trimmed = url.trim_end_matches('/');
    let rest = trimmed
        .strip_prefix("https://")
        .or_else(|| trimmed.strip_prefix("http://"))
        .with_context(|| format!("--base-url {url:?} must start with http:// or https://"))?;
    if rest.is_empty() || rest.contains(['/', '?', '#', ' ']) {
        bail!("--base-url {url:?} must be an origin such as https://news.example, without a path");
    }
    Ok(trimmed.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_loses_its_trailing_slash_and_must_be_an_origin() {
        assert_eq!(parse_base_url("https://news.example/").unwrap(), "https://news.example");
        assert!(parse_base_url("news.example").is_err());
        assert!(parse_base_url("https://news.example/path").is_err());
    }

    #[test]
    fn database_urls_select_the_engine() {
        assert!(matches!(DatabaseUrl::parse("postgres://u@h/db").unwrap(), DatabaseUrl::Postgres(_)));
        assert!(matches!(DatabaseUrl::parse("sqlite://x.db").unwrap(), DatabaseUrl::Sqlite(_)));
        assert!(DatabaseUrl::parse("mysql://x").is_err());
    }

    #[test]
    fn a_server_always_hashes_passwords_at_the_standard_cost() {
        let config = Cli::parse_from(["newsdesk"]).serve.into_config().unwrap();
        assert_eq!(config.password_cost, PasswordCost::Standard);
    }
}
