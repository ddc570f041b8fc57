//! `newsdesk backup` and `newsdesk restore` for the embedded database: a consistent copy of the
//! SQLite file taken while the server runs (`VACUUM INTO` reads one snapshot), with the media,
//! and its return into an empty data directory. PostgreSQL sites back up with `pg_dump`.

use std::path::Path;

use anyhow::{Context, bail};
use sqlx::Row;

use crate::config::{BackupArgs, DatabaseUrl, RestoreArgs};
use crate::db::Db;

/// The database file's name in a data directory and in a backup.
const DATABASE_FILE: &str = "newsdesk.db";

/// Takes a backup and prints what it holds.
pub async fn backup(args: BackupArgs) -> anyhow::Result<()> {
    let DatabaseUrl::Sqlite(path) = args.db.database()? else {
        bail!("this site runs on PostgreSQL: back it up with pg_dump (see the README), and copy the media directory");
    };
    if !path.exists() {
        bail!("there is no database at {}", path.display());
    }
    if args.to.exists() {
        bail!("{} already exists: name a new directory for the backup", args.to.display());
    }
    std::fs::create_dir_all(&args.to).with_context(|| format!("creating {}", args.to.display()))?;
    let target = args.to.join(DATABASE_FILE);
    let db = Db::connect(&DatabaseUrl::Sqlite(path.clone())).await?;
    // One read transaction: the copy holds everything committed before it began, nothing after.
    sqlx::query("VACUUM INTO $1")
        .bind(target.to_string_lossy().into_owned())
        .execute(&db.pool)
        .await
        .context("copying the database")?;
    db.pool.close().await;
    // Images are written before the rows that name them, so every image the copy names exists now.
    let media = args.media_dir.unwrap_or_else(|| args.db.data_dir.join("media"));
    let images = copy_tree(&media, &args.to.join("media"))?;
    let copy = Db::connect(&DatabaseUrl::Sqlite(target.clone())).await?;
    let articles: i64 = sqlx::query("SELECT COUNT(*) AS n FROM articles").fetch_one(&copy.pool).await?.try_get("n")?;
    check_integrity(&copy).await?;
    println!("backup written to {}: {articles} articles, {images} media files", args.to.display());
    Ok(())
}

/// Restores a backup into an empty data directory and checks it.
pub async fn restore(args: RestoreArgs) -> anyhow::Result<()> {
    let source = args.from.join(DATABASE_FILE);
    if !source.exists() {
        bail!("{} holds no {DATABASE_FILE}: name a directory made by `newsdesk backup`", args.from.display());
    }
    let target = args.data_dir.join(DATABASE_FILE);
    if target.exists() {
        bail!(
            "{} already holds a database: stop the server, move the data directory aside, and restore into an empty one",
            args.data_dir.display()
        );
    }
    std::fs::create_dir_all(&args.data_dir).with_context(|| format!("creating {}", args.data_dir.display()))?;
    std::fs::copy(&source, &target).with_context(|| format!("copying {}", source.display()))?;
    let media = args.media_dir.unwrap_or_else(|| args.data_dir.join("media"));
    let images = copy_tree(&args.from.join("media"), &media)?;
    let db = Db::connect(&DatabaseUrl::Sqlite(target)).await?;
    check_integrity(&db).await?;
    db.migrate().await?;
    println!(
        "restored {} into {} ({images} media files); the search index is rebuilt when the server starts",
        args.from.display(),
        args.data_dir.display()
    );
    Ok(())
}

async fn check_integrity(db: &Db) -> anyhow::Result<()> {
    let check: String = sqlx::query("PRAGMA integrity_check").fetch_one(&db.pool).await?.try_get(0)?;
    if check != "ok" {
        bail!("the copy fails SQLite's integrity check: {check}");
    }
    Ok(())
}

/// Copies the files under `from` (if it exists) to `to`; returns how many.
fn copy_tree(from: &Path, to: &Path) -> anyhow::Result<usize> {
    if !from.exists() {
        return Ok(0);
    }
    std::fs::create_dir_all(to).with_context(|| format!("creating {}", to.display()))?;
    let mut copied = 0;
    for entry in std::fs::read_dir(from).with_context(|| format!("reading {}", from.display()))? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copied += copy_tree(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), &target).with_context(|| format!("copying {}", entry.path().display()))?;
            copied += 1;
        }
    }
    Ok(copied)
}
