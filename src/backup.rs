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

/// The file that marks a backup as complete; `restore` requires it.
const COMPLETE: &str = "BACKUP_COMPLETE";

/// Takes a backup and prints what it holds. It is written under `<to>.partial`, made durable,
/// and only then renamed to `<to>`: a backup that exists is whole.
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
    let media = args.media_dir.unwrap_or_else(|| args.db.data_dir.join("media"));
    let partial = {
        let mut name = args.to.as_os_str().to_owned();
        name.push(".partial");
        std::path::PathBuf::from(name)
    };
    if let (Ok(media), Some(parent)) = (media.canonicalize(), args.to.parent())
        && parent.canonicalize().is_ok_and(|p| p.starts_with(&media))
    {
        bail!("the backup cannot go inside the media directory {}", media.display());
    }
    if partial.exists() {
        // Left by a backup that did not finish.
        std::fs::remove_dir_all(&partial).with_context(|| format!("removing {}", partial.display()))?;
    }
    if let Some(parent) = args.to.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
    }
    std::fs::create_dir(&partial).with_context(|| format!("creating {}", partial.display()))?;
    let target = partial.join(DATABASE_FILE);
    let target_text = target.to_str().context("the backup's path must be valid UTF-8")?.to_owned();
    let db = Db::connect(&DatabaseUrl::Sqlite(path.clone())).await?;
    // One read transaction: the copy holds everything committed before it began, nothing after.
    sqlx::query("VACUUM INTO $1").bind(target_text).execute(&db.pool).await.context("copying the database")?;
    db.pool.close().await;
    // Images are written before the rows that name them, so every image the copy names exists now.
    let images = copy_tree(&media, &partial.join("media"))?;
    let copy = Db::connect(&DatabaseUrl::Sqlite(target.clone())).await?;
    check_integrity(&copy).await?;
    let articles: i64 = sqlx::query("SELECT COUNT(*) AS n FROM articles").fetch_one(&copy.pool).await?.try_get("n")?;
    copy.pool.close().await;
    std::fs::write(partial.join(COMPLETE), format!("articles {articles}\nmedia files {images}\n"))?;
    for file in [DATABASE_FILE, COMPLETE] {
        sync(&partial.join(file))?;
    }
    sync(&partial)?;
    std::fs::rename(&partial, &args.to)
        .with_context(|| format!("renaming {} to {}", partial.display(), args.to.display()))?;
    if let Some(parent) = args.to.parent().filter(|p| !p.as_os_str().is_empty()) {
        sync(parent)?;
    }
    println!("backup written to {}: {articles} articles, {images} media files", args.to.display());
    Ok(())
}

/// Restores a backup into an empty data directory and checks it.
pub async fn restore(args: RestoreArgs) -> anyhow::Result<()> {
    let source = args.from.join(DATABASE_FILE);
    if !args.from.join(COMPLETE).exists() || !source.exists() {
        bail!("{} is not a complete backup made by `newsdesk backup`", args.from.display());
    }
    let occupied = std::fs::read_dir(&args.data_dir).map(|mut entries| entries.next().is_some()).unwrap_or(false);
    if occupied {
        bail!(
            "{} is not empty (it already holds a database, or its search index or media): stop the server, move the data directory aside, and restore into an empty one",
            args.data_dir.display()
        );
    }
    std::fs::create_dir_all(&args.data_dir).with_context(|| format!("creating {}", args.data_dir.display()))?;
    // Checked under another name first, so that a bad copy never looks like a database.
    let checking = args.data_dir.join("restoring.db");
    std::fs::copy(&source, &checking).with_context(|| format!("copying {}", source.display()))?;
    let db = Db::connect(&DatabaseUrl::Sqlite(checking.clone())).await?;
    check_integrity(&db).await?;
    db.pool.close().await;
    sync(&checking)?;
    let target = args.data_dir.join(DATABASE_FILE);
    std::fs::rename(&checking, &target)?;
    let media = args.media_dir.unwrap_or_else(|| args.data_dir.join("media"));
    let images = copy_tree(&args.from.join("media"), &media)?;
    sync(&args.data_dir)?;
    let db = Db::connect(&DatabaseUrl::Sqlite(target)).await?;
    db.migrate().await?;
    db.pool.close().await;
    println!(
        "restored {} into {} ({images} media files); the search index is rebuilt when the server starts",
        args.from.display(),
        args.data_dir.display()
    );
    Ok(())
}

/// Flushes a file or directory to disk.
fn sync(path: &Path) -> anyhow::Result<()> {
    std::fs::File::open(path).and_then(|f| f.sync_all()).with_context(|| format!("writing {} to disk", path.display()))
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
            sync(&target)?;
            copied += 1;
        }
    }
    sync(to)?;
    Ok(copied)
}
