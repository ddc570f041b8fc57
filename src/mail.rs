//! Outgoing mail. Without SMTP settings every message is written to `outbox/` in the data
//! directory as an `.eml` file, one per message, for the operator to read or forward.

use std::path::PathBuf;

use anyhow::Context;

use crate::clock::Timestamp;

/// One plain-text message.
#[derive(Debug, Clone)]
pub struct Mail {
    pub to: String,
    pub subject: String,
    pub body: String,
}

/// Where mail goes.
#[derive(Debug, Clone)]
pub enum Mailer {
    /// Files in this directory.
    Outbox(PathBuf),
}

impl Mailer {
    /// Delivers (or files) a message.
    pub async fn send(&self, mail: &Mail, now: Timestamp) -> anyhow::Result<()> {
        match self {
            Self::Outbox(dir) => {
                tokio::fs::create_dir_all(dir).await.with_context(|| format!("creating {}", dir.display()))?;
                let name = format!("{now}-{}.eml", crate::accounts::model::random_hex(6));
                let date = chrono::DateTime::from_timestamp(now, 0).unwrap_or_default().to_rfc2822();
                let text = format!(
                    "To: {}\r\nSubject: {}\r\nDate: {date}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{}\r\n",
                    mail.to, mail.subject, mail.body
                );
                let path = dir.join(name);
                tokio::fs::write(&path, text).await.with_context(|| format!("writing {}", path.display()))?;
                tracing::info!(path = %path.display(), "mail written to the outbox");
                Ok(())
            }
        }
    }
}
