//! `newsdesk import wordpress EXPORT.xml`: reads a WordPress export as a stream and reports what
//! it holds, as the import will bring it across. This version reads and reports (`--dry-run`);
//! writing the stories in is the next step.

use std::fs::File;
use std::io::{BufRead, BufReader, IsTerminal, Write};

use anyhow::{Context, bail};

use super::report::Tally;
use super::wxr::{Reader, WxrError};
use crate::config::WordpressArgs;

/// Runs the command.
pub fn run(args: &WordpressArgs) -> anyhow::Result<()> {
    if !args.dry_run {
        bail!(
            "this version of newsdesk reads a WordPress export and reports what it holds, but does not yet write \
             it in: run it again with --dry-run"
        );
    }
    let shown = args.export.display().to_string();
    let file = File::open(&args.export).with_context(|| format!("cannot open {shown}"))?;
    let input: Box<dyn BufRead> = if shown.ends_with(".gz") {
        Box::new(BufReader::new(flate2::read::GzDecoder::new(file)))
    } else {
        Box::new(BufReader::new(file))
    };
    let mut reader = Reader::new(input).map_err(|e| refusal(&shown, &e))?;
    let mut tally = Tally::new(reader.site());
    let progress = std::io::stderr().is_terminal();
    let mut seen = 0_usize;
    for item in reader.by_ref() {
        match item {
            Ok(item) => tally.add(&item),
            Err(error) => tally.failed(&error),
        }
        seen += 1;
        if seen.is_multiple_of(1000) {
            if progress {
                eprint!("\r{seen} items read");
            } else {
                eprintln!("{seen} items read");
            }
        }
    }
    if progress && seen >= 1000 {
        eprintln!();
    }
    let report = tally.render(reader.site(), true);
    print!("{report}");
    let saved = save(args, &report)?;
    println!("report written to {}", saved.display());
    Ok(())
}

/// Why the export is refused as a whole, for the person who ran the command.
fn refusal(shown: &str, error: &WxrError) -> anyhow::Error {
    anyhow::anyhow!("{shown}: {error}; nothing was imported")
}

/// Keeps the report in the data directory as `import-wordpress-YYYYMMDD-HHMMSS-mmm.txt`.
fn save(args: &WordpressArgs, report: &str) -> anyhow::Result<std::path::PathBuf> {
    std::fs::create_dir_all(&args.db.data_dir)
        .with_context(|| format!("cannot create the data directory {}", args.db.data_dir.display()))?;
    let name = format!("import-wordpress-{}.txt", chrono::Utc::now().format("%Y%m%d-%H%M%S-%3f"));
    let path = args.db.data_dir.join(name);
    let mut file = File::create(&path).with_context(|| format!("cannot write {}", path.display()))?;
    file.write_all(report.as_bytes()).with_context(|| format!("cannot write {}", path.display()))?;
    Ok(path)
}
