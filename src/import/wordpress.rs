//! `newsdesk import wordpress EXPORT.xml`: reads a WordPress export as a stream and brings its
//! stories, pages, images and comments in, one item per transaction keyed by the old site's
//! ids, then re-points links between the imported stories. `--dry-run` only reports.

use std::fs::File;
use std::io::{BufRead, BufReader, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use anyhow::Context;

use super::items::Importer;
use super::model::{Editions, language_mapping};
use super::report::Tally;
use super::wxr::{Reader, WxrError};
use crate::clock::Clock;
use crate::config::WordpressArgs;
use crate::db::Db;
use crate::editions::Lang;

/// Runs the command.
pub async fn run(args: &WordpressArgs, clock: Arc<dyn Clock>) -> anyhow::Result<()> {
    let mut mapped = std::collections::HashMap::new();
    for text in &args.language {
        let (code, lang) = language_mapping(text).map_err(anyhow::Error::msg)?;
        mapped.insert(code, lang);
    }
    let editions = Editions { default: Lang::parse(&args.edition).unwrap_or(Lang::En), mapped };
    if let Some(dir) = &args.uploads
        && !dir.is_dir()
    {
        anyhow::bail!("--uploads {}: there is no such directory; nothing was imported", dir.display());
    }
    let shown = args.export.display().to_string();
    let (input, read, total) = open(&args.export).with_context(|| format!("cannot open {shown}"))?;
    let mut reader = Reader::new(input).map_err(|e| refusal(&shown, &e))?;
    let mut tally = Tally::new(reader.site());
    let mut progress = Progress::new(read, total);
    // Where the file could not be read past, if it could not.
    let mut broken: Option<String> = None;
    let report = if args.dry_run {
        for item in reader.by_ref() {
            match item {
                Ok(item) => tally.add(&item),
                Err(error) => {
                    broken = broken.or(error.fatal.then(|| error.to_string()));
                    tally.failed(&error);
                }
            }
            progress.tick();
        }
        progress.done();
        tally.render(reader.site(), true)
    } else {
        let db = Db::connect(&args.db.database()?).await?;
        db.migrate().await?;
        let media_dir = args.media_dir.clone().unwrap_or_else(|| args.db.data_dir.join("media"));
        let site = reader.site().clone();
        let mut importer = Importer::new(db, &site, editions, args.uploads.clone(), media_dir, clock.clone()).await?;
        for item in reader.by_ref() {
            match item {
                Ok(item) => {
                    tally.add(&item);
                    importer.item(&item).await?;
                }
                Err(error) => {
                    broken = broken.or(error.fatal.then(|| error.to_string()));
                    tally.failed(&error);
                }
            }
            progress.tick();
        }
        progress.done();
        importer.finish().await?;
        let mut report = tally.render(&site, false);
        report.push_str(&importer.outcome.render());
        report
    };
    print!("{report}");
    let saved = save(&args.db.data_dir, &report)?;
    println!("report written to {}", saved.display());
    if let Some(why) = broken {
        anyhow::bail!(
            "{shown} could not be read to its end ({why}): what came before that point is reported above{}; \
             export the site again and run the import again to bring in the rest",
            if args.dry_run { "" } else { " and was imported" }
        );
    }
    Ok(())
}

/// The export as a stream of text (unpacked when it ends in `.gz`), a count of the file's bytes
/// read so far, and its size.
fn open(path: &Path) -> std::io::Result<(Box<dyn BufRead>, Arc<AtomicU64>, u64)> {
    let file = File::open(path)?;
    let total = file.metadata().map(|m| m.len()).unwrap_or(0);
    let read = Arc::new(AtomicU64::new(0));
    let counted = Counted { inner: file, read: read.clone() };
    let input: Box<dyn BufRead> = if path.extension().is_some_and(|e| e == "gz") {
        Box::new(BufReader::new(flate2::read::GzDecoder::new(counted)))
    } else {
        Box::new(BufReader::new(counted))
    };
    Ok((input, read, total))
}

/// A file that counts the bytes read from it, for the progress bar.
struct Counted {
    inner: File,
    read: Arc<AtomicU64>,
}

impl Read for Counted {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// A progress bar on a terminal, a line every 1,000 items otherwise.
struct Progress {
    read: Arc<AtomicU64>,
    total: u64,
    items: u64,
    terminal: bool,
}

impl Progress {
    fn new(read: Arc<AtomicU64>, total: u64) -> Self {
        Self { read, total, items: 0, terminal: std::io::stderr().is_terminal() }
    }

    fn tick(&mut self) {
        self.items += 1;
        if self.terminal && self.items.is_multiple_of(50) {
            let done = self.read.load(Ordering::Relaxed).min(self.total);
            let percent = (done * 100).checked_div(self.total).unwrap_or(0);
            let filled = (percent / 4) as usize;
            eprint!("\r[{}{}] {percent:>3}%  {} items", "#".repeat(filled), " ".repeat(25 - filled), self.items);
        } else if !self.terminal && self.items.is_multiple_of(1000) {
            eprintln!("{} items read", self.items);
        }
    }

    fn done(&self) {
        if self.terminal {
            eprintln!("\r[{}] 100%  {} items", "#".repeat(25), self.items);
        }
    }
}

/// Why the export is refused as a whole, for the person who ran the command.
fn refusal(shown: &str, error: &WxrError) -> anyhow::Error {
    anyhow::anyhow!("{shown}: {error}; nothing was imported")
}

/// Keeps the report in the data directory as `import-wordpress-YYYYMMDD-HHMMSS-mmm.txt`.
fn save(data_dir: &Path, report: &str) -> anyhow::Result<PathBuf> {
    std::fs::create_dir_all(data_dir)
        .with_context(|| format!("cannot create the data directory {}", data_dir.display()))?;
    let name = format!("import-wordpress-{}.txt", chrono::Utc::now().format("%Y%m%d-%H%M%S-%3f"));
    let path = data_dir.join(name);
    let mut file = File::create(&path).with_context(|| format!("cannot write {}", path.display()))?;
    file.write_all(report.as_bytes()).with_context(|| format!("cannot write {}", path.display()))?;
    Ok(path)
}
