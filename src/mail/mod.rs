//! Outgoing mail: through an SMTP server when `--smtp-url` is set; otherwise every message is
//! written to `outbox/` in the data directory as an `.eml` file, for the operator to read.
//! Notifications leave through the durable [`queue`], sent by a background task.

pub mod queue;

use std::path::PathBuf;

use anyhow::Context;
use lettre::message::header::ContentType;
use lettre::message::{Mailbox, Message};
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};

use crate::clock::Timestamp;
use crate::config::Config;

/// One plain-text message.
#[derive(Debug, Clone)]
pub struct Mail {
    pub to: String,
    pub subject: String,
    pub body: String,
}

/// Where mail goes.
#[derive(Clone)]
pub enum Mailer {
    /// `.eml` files in this directory.
    Outbox { dir: PathBuf, from: Mailbox },
    /// An SMTP server.
    Smtp { transport: AsyncSmtpTransport<Tokio1Executor>, from: Mailbox },
}

impl Mailer {
    /// The mailer the configuration asks for.
    pub fn from_config(config: &Config) -> anyhow::Result<Self> {
        let from: Mailbox = config.mail_from.parse().with_context(|| {
            format!("--mail-from {:?} is not an address such as \"News <news@example.com>\"", config.mail_from)
        })?;
        Ok(match &config.smtp_url {
            Some(url) => Self::Smtp {
                transport: AsyncSmtpTransport::<Tokio1Executor>::from_url(&url.0)
                    .context("--smtp-url is not an smtp:// or smtps:// URL")?
                    .build(),
                from,
            },
            None => Self::Outbox { dir: config.data_dir.join("outbox"), from },
        })
    }

    /// Delivers (or files) a message.
    pub async fn send(&self, mail: &Mail, now: Timestamp) -> anyhow::Result<()> {
        let to: Mailbox = mail.to.parse().with_context(|| format!("{:?} is not a mail address", mail.to))?;
        match self {
            Self::Smtp { transport, from } => {
                let message = Message::builder()
                    .from(from.clone())
                    .to(to)
                    .subject(&mail.subject)
                    .header(ContentType::TEXT_PLAIN)
                    .body(mail.body.clone())
                    .context("building a mail")?;
                transport.send(message).await.context("sending mail over SMTP")?;
            }
            Self::Outbox { dir, from } => {
                // A UTF-8 message (RFC 6532) left unencoded, so that the operator can read the
                // link in it with any text editor as well as open it in a mail program.
                let date = chrono::DateTime::from_timestamp(now, 0).unwrap_or_default().to_rfc2822();
                let text = format!(
                    "From: {from}\r\nTo: {to}\r\nSubject: {}\r\nDate: {date}\r\nMIME-Version: 1.0\r\n\
                     Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n{}\r\n",
                    mail.subject.replace(['\r', '\n'], " "),
                    mail.body.replace("\r\n", "\n").replace('\n', "\r\n"),
                );
                tokio::fs::create_dir_all(dir).await.with_context(|| format!("creating {}", dir.display()))?;
                let path = dir.join(format!("{now}-{}.eml", crate::accounts::model::random_hex(6)));
                tokio::fs::write(&path, text).await.with_context(|| format!("writing {}", path.display()))?;
                tracing::info!(path = %path.display(), "mail written to the outbox");
            }
        }
        Ok(())
    }
}
