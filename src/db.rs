//! The connection pool, migrations and durability checks; every SQLite/PostgreSQL difference
//! outside the two migration folders lives here.
//!
//! Queries elsewhere are portable SQL through sqlx's `Any` driver: `$1, $2…` placeholders,
//! `RETURNING`, `ON CONFLICT`, row-value comparisons, integers for booleans and timestamps.

use std::time::Duration;

use anyhow::{Context, bail};
use sqlx::any::AnyPoolOptions;
use sqlx::{AnyPool, Executor, Row};

use crate::config::DatabaseUrl;

/// Which engine the pool talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    /// The embedded default.
    Sqlite,
    /// The scale-out option.
    Postgres,
}

impl Engine {
    /// Name shown by `/healthz`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Sqlite => "sqlite",
            Self::Postgres => "postgres",
        }
    }
}

/// A shared pool of connections to one database.
#[derive(Clone, Debug)]
pub struct Db {
    /// The pool; clone freely.
    pub pool: AnyPool,
    /// The engine behind it.
    pub engine: Engine,
}

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("migrations/postgres");

/// How long a statement waits for a locked SQLite database before giving up.
const SQLITE_BUSY_TIMEOUT_MS: u64 = 5_000;

impl Db {
    /// Connects, creating the SQLite file (and its directory) when missing.
    pub async fn connect(url: &DatabaseUrl) -> anyhow::Result<Self> {
        sqlx::any::install_default_drivers();
        match url {
            DatabaseUrl::Sqlite(path) => {
                if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                    std::fs::create_dir_all(dir)
                        .with_context(|| format!("creating data directory {}", dir.display()))?;
                }
                let url = format!("sqlite://{}?mode=rwc", path.display());
                let pool = AnyPoolOptions::new()
                    .max_connections(8)
                    .acquire_timeout(Duration::from_secs(10))
                    .after_connect(|conn, _| {
                        Box::pin(async move {
                            // WAL lets readers run beside the writer; FULL makes an acknowledged
                            // write survive power loss, not only a crash of the process.
                            conn.execute(
                                "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; \
                                 PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;",
                            )
                            .await?;
                            Ok(())
                        })
                    })
                    // A connection must come back with no transaction open by sqlx's count: after
                    // a failed COMMIT (a full disk) SQLite may end the transaction itself, the
                    // ROLLBACK that follows then fails, and the count stays at one, so that every
                    // later BEGIN on it would fail. Such a connection is closed. The ping waits
                    // for a ROLLBACK still queued by a dropped transaction (no SQL runs).
                    .after_release(|conn, _| {
                        Box::pin(async move {
                            sqlx::Connection::ping(conn).await?;
                            let stuck = sqlx::Connection::is_in_transaction(conn);
                            if stuck {
                                tracing::warn!("a database connection came back inside a transaction: closed");
                            }
                            Ok(!stuck)
                        })
                    })
                    .connect(&url)
                    .await
                    .with_context(|| format!("opening SQLite database {}", path.display()))?;
                Ok(Self { pool, engine: Engine::Sqlite })
            }
            DatabaseUrl::Postgres(url) => {
                // A node that loses the database answers 503 within seconds instead of
                // queueing readers until the server returns.
                let pool = AnyPoolOptions::new()
                    .max_connections(16)
                    .acquire_timeout(Duration::from_secs(3))
                    .connect(url)
                    .await
                    .context("connecting to PostgreSQL")?;
                Ok(Self { pool, engine: Engine::Postgres })
            }
        }
    }

    /// Starts a write transaction. On SQLite it takes the write lock at once (`BEGIN IMMEDIATE`),
    /// waiting for it up to the busy timeout: a transaction that reads before it writes would
    /// otherwise fail with "database is locked" (`SQLITE_BUSY_SNAPSHOT`) whenever another write
    /// lands in between, which no waiting can cure.
    pub async fn begin(&self) -> sqlx::Result<sqlx::Transaction<'static, sqlx::Any>> {
        match self.engine {
            Engine::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await,
            Engine::Postgres => self.pool.begin().await,
        }
    }

    /// Brings the schema up to date.
    pub async fn migrate(&self) -> anyhow::Result<()> {
        let migrator = match self.engine {
            Engine::Sqlite => &SQLITE_MIGRATIONS,
            Engine::Postgres => &POSTGRES_MIGRATIONS,
        };
        migrator.run(&self.pool).await.context("running database migrations")
    }

    /// Refuses to start on SQLite without WAL, FULL sync and foreign keys; warns loudly when a
    /// PostgreSQL server could lose acknowledged writes.
    pub async fn assert_durability(&self) -> anyhow::Result<()> {
        match self.engine {
            Engine::Sqlite => {
                let mut conn = self.pool.acquire().await?;
                let mode: String = sqlx::query("PRAGMA journal_mode").fetch_one(&mut *conn).await?.try_get(0)?;
                let sync: i64 = sqlx::query("PRAGMA synchronous").fetch_one(&mut *conn).await?.try_get(0)?;
                let fk: i64 = sqlx::query("PRAGMA foreign_keys").fetch_one(&mut *conn).await?.try_get(0)?;
                let busy: i64 = sqlx::query("PRAGMA busy_timeout").fetch_one(&mut *conn).await?.try_get(0)?;
                if !mode.eq_ignore_ascii_case("wal") || sync != 2 || fk != 1 || busy as u64 != SQLITE_BUSY_TIMEOUT_MS {
                    bail!(
                        "SQLite settings are unsafe (journal_mode={mode}, synchronous={sync}, \
                         foreign_keys={fk}, busy_timeout={busy}); expected wal, 2 (FULL), 1, {SQLITE_BUSY_TIMEOUT_MS}"
                    );
                }
            }
            Engine::Postgres => {
                for setting in ["synchronous_commit", "fsync", "full_page_writes"] {
                    let value: String = sqlx::query(match setting {
                        "synchronous_commit" => "SELECT current_setting('synchronous_commit')",
                        "fsync" => "SELECT current_setting('fsync')",
                        _ => "SELECT current_setting('full_page_writes')",
                    })
                    .fetch_one(&self.pool)
                    .await?
                    .try_get(0)?;
                    if value != "on" {
                        tracing::warn!(
                            setting,
                            value,
                            "PostgreSQL may lose acknowledged writes on a crash: set {setting} = on"
                        );
                    }
                }
            }
        }
        Ok(())
    }

    /// Whether the database can be read and written now, for `/healthz`. On SQLite this reads
    /// the schema and takes the write lock for an instant (and rolls back), so that a file held
    /// by another process shows, after at most the busy timeout; on PostgreSQL it asks whether
    /// the server is a read-only standby.
    pub async fn health(&self) -> Health {
        let down = Health { reachable: false, writable: false };
        let Ok(mut conn) = self.pool.acquire().await else { return down };
        match self.engine {
            Engine::Sqlite => {
                if conn.execute("SELECT COUNT(*) FROM sqlite_schema").await.is_err() {
                    return down;
                }
                // A transaction sqlx knows of: if this request is dropped half-way, the
                // rollback still happens before the connection is used again.
                let writable = match sqlx::Connection::begin_with(&mut *conn, "BEGIN IMMEDIATE").await {
                    Ok(probe) => probe.rollback().await.is_ok(),
                    Err(_) => false,
                };
                Health { reachable: true, writable }
            }
            Engine::Postgres => {
                match sqlx::query_scalar::<_, i32>("SELECT CASE WHEN pg_is_in_recovery() THEN 0 ELSE 1 END")
                    .fetch_one(&mut *conn)
                    .await
                {
                    Ok(primary) => Health { reachable: true, writable: primary == 1 },
                    Err(_) => down,
                }
            }
        }
    }
}

/// What `/healthz` reports of the database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Health {
    /// A query was answered.
    pub reachable: bool,
    /// A write could start.
    pub writable: bool,
}

/// `$1, $2, …, $n`: the placeholders of an `IN (…)` list of `n` bound values.
pub fn placeholders(n: usize) -> String {
    (1..=n).map(|i| format!("${i}")).collect::<Vec<_>>().join(", ")
}

/// Runs a write with `RETURNING` outside a transaction to its end; its first row, if any.
///
/// On SQLite such a statement commits only when it has run to its end, and `fetch_one` or
/// `fetch_optional` stop at the first row: an error at commit (a full disk) would be lost and a
/// write that was rolled back reported as made (sqlx issues 2099 and 3430). Inside a
/// transaction the commit reports it, and this is not needed.
pub async fn write_returning<'q>(
    query: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments>,
    pool: &AnyPool,
) -> sqlx::Result<Option<sqlx::any::AnyRow>> {
    Ok(query.fetch_all(pool).await?.into_iter().next())
}

// A closed set of names kept in a TEXT column (an edition code, a status, a role, a byline
// kind) is typed in Rust: each such enum implements sqlx's `Type`, `Decode` and `Encode` for the
// `Any` driver in three short impls that call these helpers, so the stored text stays exactly
// the name and a name outside the set is an error for that row, never a default.

/// The type of a name column: TEXT on both engines.
pub fn name_type() -> sqlx::any::AnyTypeInfo {
    <str as sqlx::Type<sqlx::Any>>::type_info()
}

/// Reads a name column with `parse`; an unknown name is a decode error saying what it was,
/// which the query reports as `sqlx::Error::ColumnDecode` (a logged 500 on a request).
pub fn decode_name<T>(
    value: sqlx::any::AnyValueRef<'_>,
    what: &str,
    parse: fn(&str) -> Option<T>,
) -> Result<T, sqlx::error::BoxDynError> {
    let text = <&str as sqlx::Decode<sqlx::Any>>::decode(value)?;
    parse(text).ok_or_else(|| format!("{text:?} is not a known {what}").into())
}

/// Where an encoded value goes (sqlx does not export the `Any` driver's name for it).
pub type ArgumentBuffer = <sqlx::Any as sqlx::Database>::ArgumentBuffer;

/// Writes a name column.
pub fn encode_name(
    name: &'static str,
    buf: &mut ArgumentBuffer,
) -> Result<sqlx::encode::IsNull, sqlx::error::BoxDynError> {
    <&str as sqlx::Encode<sqlx::Any>>::encode(name, buf)
}

#[cfg(test)]
mod tests {
    use sqlx::Row;
    use sqlx::any::AnyPoolOptions;

    use crate::articles::model::BylineKind;
    use crate::comments::model::CommentStatus;
    use crate::editions::Lang;
    use crate::newsroom::model::Status;
    use crate::newsroom::policy::Role;

    async fn memory() -> sqlx::AnyPool {
        sqlx::any::install_default_drivers();
        AnyPoolOptions::new().max_connections(1).connect("sqlite::memory:").await.expect("in-memory SQLite")
    }

    /// Binds `value`, reads it back as text and as `T`.
    async fn round_trip<T>(pool: &sqlx::AnyPool, value: T) -> (String, T)
    where
        T: for<'r> sqlx::Decode<'r, sqlx::Any> + for<'q> sqlx::Encode<'q, sqlx::Any> + sqlx::Type<sqlx::Any> + Send,
    {
        let row = sqlx::query("SELECT $1 AS v").bind(value).fetch_one(pool).await.expect("select");
        (row.try_get("v").expect("as text"), row.try_get("v").expect("as the enum"))
    }

    /// Whether reading `stored` as `T` fails with an error naming the stored text.
    async fn refused<T>(pool: &sqlx::AnyPool, stored: &str) -> bool
    where
        T: for<'r> sqlx::Decode<'r, sqlx::Any> + sqlx::Type<sqlx::Any>,
    {
        let row = sqlx::query("SELECT $1 AS v").bind(stored).fetch_one(pool).await.expect("select");
        match row.try_get::<T, _>("v") {
            Err(err @ sqlx::Error::ColumnDecode { .. }) => err.to_string().contains(&format!("{stored:?}")),
            _ => false,
        }
    }

    #[tokio::test]
    async fn editions_are_stored_as_their_codes_and_an_unknown_code_is_an_error() {
        let pool = memory().await;
        for lang in Lang::ALL {
            assert_eq!(round_trip(&pool, lang).await, (lang.code().to_owned(), lang));
        }
        assert!(refused::<Lang>(&pool, "fr").await);
        assert!(refused::<Lang>(&pool, "EN").await);
        let row = sqlx::query("SELECT NULL AS v").fetch_one(&pool).await.expect("select");
        assert_eq!(row.try_get::<Option<Lang>, _>("v").expect("a missing edition"), None);
    }

    #[tokio::test]
    async fn article_statuses_are_stored_as_their_names_and_an_unknown_name_is_an_error() {
        let pool = memory().await;
        for status in [Status::Draft, Status::Review, Status::Scheduled, Status::Published, Status::Unpublished] {
            assert_eq!(round_trip(&pool, status).await, (status.as_str().to_owned(), status));
        }
        assert!(refused::<Status>(&pool, "archived").await);
        assert!(refused::<Status>(&pool, "").await);
    }

    #[tokio::test]
    async fn roles_are_stored_as_their_names_and_an_unknown_name_is_an_error() {
        let pool = memory().await;
        for role in Role::ALL {
            assert_eq!(round_trip(&pool, role).await, (role.as_str().to_owned(), role));
        }
        assert!(refused::<Role>(&pool, "superuser").await);
        assert!(refused::<Role>(&pool, "Admin").await);
    }

    #[tokio::test]
    async fn comment_statuses_are_stored_as_their_names_and_an_unknown_name_is_an_error() {
        let pool = memory().await;
        for status in CommentStatus::ALL {
            assert_eq!(round_trip(&pool, status).await, (status.as_str().to_owned(), status));
        }
        assert!(refused::<CommentStatus>(&pool, "spam").await);
    }

    #[tokio::test]
    async fn byline_kinds_are_stored_as_their_names_and_an_unknown_name_is_an_error() {
        let pool = memory().await;
        for kind in [BylineKind::Desk, BylineKind::Person] {
            assert_eq!(round_trip(&pool, kind).await, (kind.as_str().to_owned(), kind));
        }
        // The sample catalogue says "reporter"; the column says "person".
        assert!(refused::<BylineKind>(&pool, "reporter").await);
    }
}
