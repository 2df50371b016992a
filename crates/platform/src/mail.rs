//! Outgoing mail: rendered when the change happens, sent by the `mail.send` job.
//!
//! Without SMTP settings, mail is written as `.eml` files to the outbox folder (development,
//! demo, tests); with them, it goes through SMTP.

use crate::config::Config;
use crate::db::Tx;
use crate::jobs::{self, Job};
use anyhow::Context;
use lettre::message::{header::ContentType, Mailbox, MultiPart, SinglePart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use serde::{Deserialize, Serialize};

#[derive(Clone)]
pub enum Mailer {
    Outbox(AsyncFileTransport<Tokio1Executor>),
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
}

impl Mailer {
    pub fn from_config(cfg: &Config) -> anyhow::Result<Mailer> {
        match &cfg.smtp {
            None => {
                let dir = cfg.outbox_dir();
                std::fs::create_dir_all(&dir)
                    .with_context(|| format!("creating the outbox {}", dir.display()))?;
                Ok(Mailer::Outbox(AsyncFileTransport::new(dir)))
            }
            Some(s) => {
                let builder = match s.security.as_deref().unwrap_or("starttls") {
                    "tls" => AsyncSmtpTransport::<Tokio1Executor>::relay(&s.host)?,
                    "starttls" => AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&s.host)?,
                    "none" => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&s.host),
                    other => anyhow::bail!(
                        "ESSOR_SMTP_SECURITY must be tls, starttls or none, not `{other}`"
                    ),
                };
                let mut builder = builder.port(s.port);
                if let (Some(u), Some(p)) = (&s.username, &s.password) {
                    builder = builder.credentials(Credentials::new(u.clone(), p.clone()));
                }
                Ok(Mailer::Smtp(builder.build()))
            }
        }
    }

    pub async fn send(&self, msg: Message) -> anyhow::Result<()> {
        match self {
            Mailer::Outbox(t) => {
                t.send(msg).await.context("writing to the outbox")?;
            }
            Mailer::Smtp(t) => {
                t.send(msg).await.context("sending through SMTP")?;
            }
        }
        Ok(())
    }
}

/// A rendered e-mail, as queued.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SendMail {
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: String,
}

impl Job for SendMail {
    const KIND: &'static str = "mail.send";
}

/// Queues a message in the caller's transaction.
pub async fn queue(tx: &mut Tx, mail: SendMail) -> anyhow::Result<()> {
    jobs::enqueue(tx, &mail).await
}

pub async fn deliver(mailer: &Mailer, from: &str, mail: &SendMail) -> anyhow::Result<()> {
    let from: Mailbox = from
        .parse()
        .context("ESSOR_MAIL_FROM is not a valid address")?;
    let to: Mailbox = mail.to.parse().context("invalid recipient")?;
    let msg = Message::builder()
        .from(from)
        .to(to)
        .subject(&mail.subject)
        .multipart(
            MultiPart::alternative()
                .singlepart(
                    SinglePart::builder()
                        .header(ContentType::TEXT_PLAIN)
                        .body(mail.text.clone()),
                )
                .singlepart(
                    SinglePart::builder()
                        .header(ContentType::TEXT_HTML)
                        .body(mail.html.clone()),
                ),
        )?;
    mailer.send(msg).await
}
