//! Media: image uploads (sniffed, size-limited, re-encoded without metadata, stored under
//! server-made names with resized renditions), the media library, and serving the files.

pub mod api;
pub mod db;
pub mod model;
pub mod pages;

use std::path::{Path, PathBuf};

use anyhow::Context;

use crate::accounts::model::random_hex;
use crate::clock::Timestamp;
use crate::error::AppError;
use crate::state::AppState;
use model::{MediaError, Processed};
pub use model::{rendition_path, url_path};

/// What the uploader says about the image.
pub struct Description {
    pub alt: String,
    pub caption: String,
    pub credit: String,
}

/// Checks, processes and stores an upload; on any refusal or failure nothing is left behind.
pub async fn upload(state: &AppState, user_id: i64, bytes: Vec<u8>, d: Description) -> Result<db::MediaRow, AppError> {
    let typed = crate::articles::model::typed_text;
    let (alt, caption, credit) = (typed(&d.alt), typed(&d.caption), typed(&d.credit));
    let (alt, caption, credit) = (alt.trim(), caption.trim(), credit.trim());
    if alt.is_empty() {
        return Err(AppError::Unprocessable(
            "Describe the image in the alt text: readers who cannot see it depend on it.".into(),
        ));
    }
    if alt.chars().count() > 300 || caption.chars().count() > 1000 || credit.chars().count() > 200 {
        return Err(AppError::Unprocessable(
            "Alt text, caption or credit is too long (300, 1000 and 200 characters).".into(),
        ));
    }
    let processed = tokio::task::spawn_blocking(move || model::process(&bytes))
        .await
        .map_err(|e| AppError::Internal(e.into()))?
        .map_err(|e: MediaError| AppError::Unprocessable(e.to_string()))?;
    let now = state.clock.now();
    let files = write_files(&state.config.media_dir, &processed, now).await.map_err(AppError::from)?;
    let widths: Vec<String> = processed.renditions.iter().map(|(w, _)| w.to_string()).collect();
    let new = db::NewMedia {
        path: &files.path,
        mime: processed.mime,
        width: i64::from(processed.width),
        height: i64::from(processed.height),
        renditions: &widths.join(","),
        alt,
        caption,
        credit,
        uploaded_by: user_id,
        at: now,
    };
    match db::insert(&state.db, new).await {
        Ok(id) => {
            db::find(&state.db, id).await?.ok_or_else(|| AppError::Internal(anyhow::anyhow!("media {id} vanished")))
        }
        Err(err) => {
            files.remove().await;
            Err(err.into())
        }
    }
}

/// Files of one image written to the media store.
pub struct Written {
    /// The original's path below the media root.
    pub path: String,
    absolute: Vec<PathBuf>,
}

impl Written {
    async fn remove(&self) {
        for file in &self.absolute {
            let _ = tokio::fs::remove_file(file).await;
        }
    }
}

/// Writes a processed image and its renditions under `root`, in a folder of the month, with a
/// name nobody can guess; on failure nothing is left behind.
pub async fn write_files(root: &Path, p: &Processed, now: Timestamp) -> anyhow::Result<Written> {
    let date = chrono::DateTime::from_timestamp(now, 0).unwrap_or_default();
    let dir = date.format("%Y/%m").to_string();
    let path = format!("{dir}/{}.{}", random_hex(12), p.ext);
    tokio::fs::create_dir_all(root.join(&dir))
        .await
        .with_context(|| format!("creating {}", root.join(&dir).display()))?;
    let mut written = Written { path: path.clone(), absolute: Vec::new() };
    let mut files = vec![(root.join(&path), &p.original)];
    for (w, bytes) in &p.renditions {
        files.push((root.join(rendition_path(&path, i64::from(*w))), bytes));
    }
    for (file, bytes) in files {
        // Listed before it is written: a file cut short by a full disk is removed with the rest.
        written.absolute.push(file.clone());
        if let Err(err) = write_durably(&file, bytes).await {
            written.remove().await;
            return Err(anyhow::Error::new(err).context(format!("writing {}", file.display())));
        }
    }
    Ok(written)
}

/// Writes `bytes` to a new file and waits until they are on disk, so that an acknowledged
/// upload survives a power cut as its database row does.
async fn write_durably(file: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use tokio::io::AsyncWriteExt;
    let mut out = tokio::fs::File::create(file).await?;
    out.write_all(bytes).await?;
    // tokio writes in the background: a failed write (a full disk) is reported by the flush,
    // and `sync_all` alone would not report it, leaving an empty file behind a 201.
    out.flush().await?;
    out.sync_all().await
}

/// A library image as a story's body places it: its renditions for `srcset`, the largest up
/// to 960 px as `src`, and the library's alt text, caption and credit as defaults.
pub fn photo(m: &db::MediaRow) -> crate::body::render::Photo {
    let widths = m.rendition_widths();
    let mut sources: Vec<String> =
        widths.iter().map(|w| format!("{} {w}w", url_path(&rendition_path(&m.path, *w)))).collect();
    sources.push(format!("{} {}w", url_path(&m.path), m.width));
    let src = widths
        .iter()
        .rfind(|w| **w <= 960)
        .map_or_else(|| url_path(&m.path), |w| url_path(&rendition_path(&m.path, *w)));
    crate::body::render::Photo {
        src,
        srcset: sources.join(", "),
        width: m.width,
        height: m.height,
        alt: m.alt.clone(),
        caption: m.caption.clone(),
        credit: m.credit.clone(),
    }
}
