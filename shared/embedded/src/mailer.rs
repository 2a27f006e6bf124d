//! Mailer engine that delivers nowhere: each message becomes a JSON file in an outbox directory, which
//! the local gateway's dev mailbox page lists.
//!
//! Files are named `{ULID}.json`; ULIDs sort by creation time, so the newest are the last names.

use std::io::{ErrorKind, Write as _};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use rouen_ports::mailer::validate_email;
use rouen_ports::{Clock, IdGenerator, MailError, Mailer, OutgoingEmail, UlidGenerator};
use serde::{Deserialize, Serialize};

/// A message as the outbox keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredEmail {
    pub id: String,
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: Option<String>,
    pub template: String,
    pub lang: String,
    pub sent_at: DateTime<Utc>,
}

/// The embedded [`Mailer`]: an outbox directory.
pub struct OutboxMailer {
    dir: PathBuf,
    clock: Arc<dyn Clock>,
    ids: UlidGenerator,
}

impl std::fmt::Debug for OutboxMailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OutboxMailer")
            .field("dir", &self.dir)
            .finish_non_exhaustive()
    }
}

fn engine(err: impl std::fmt::Display) -> MailError {
    MailError::Engine(err.to_string())
}

/// The id of an outbox file, if it is one (temporary files and strangers are skipped).
fn id_of(file_name: &str) -> Option<&str> {
    let id = file_name.strip_suffix(".json")?;
    ulid::Ulid::from_string(id).ok().map(|_| id)
}

fn read_email(path: &Path) -> Result<Option<StoredEmail>, MailError> {
    match std::fs::read(path) {
        Ok(bytes) => serde_json::from_slice(&bytes).map(Some).map_err(engine),
        Err(err) if err.kind() == ErrorKind::NotFound => Ok(None),
        Err(err) => Err(engine(err)),
    }
}

fn write_atomically(dir: &Path, name: &str, bytes: &[u8]) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    // A dot-prefixed temporary name is never taken for a message by `list`.
    let temp = dir.join(format!(".{name}.tmp"));
    let written = (|| {
        let mut file = std::fs::File::create(&temp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&temp, dir.join(name))
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    written
}

async fn blocking<T, F>(work: F) -> Result<T, MailError>
where
    T: Send + 'static,
    F: FnOnce() -> Result<T, MailError> + Send + 'static,
{
    tokio::task::spawn_blocking(work).await.map_err(engine)?
}

impl OutboxMailer {
    /// The directory is created at the first message.
    pub fn new(dir: PathBuf, clock: Arc<dyn Clock>) -> Self {
        Self {
            dir,
            clock,
            ids: UlidGenerator::default(),
        }
    }

    /// The newest `limit` messages, newest first.
    pub async fn list(&self, limit: usize) -> Result<Vec<StoredEmail>, MailError> {
        let dir = self.dir.clone();
        blocking(move || {
            let entries = match std::fs::read_dir(&dir) {
                Ok(entries) => entries,
                Err(err) if err.kind() == ErrorKind::NotFound => return Ok(Vec::new()),
                Err(err) => return Err(engine(err)),
            };
            let mut names = Vec::new();
            for entry in entries {
                let name = entry.map_err(engine)?.file_name();
                if let Some(name) = name.to_str().filter(|n| id_of(n).is_some()) {
                    names.push(name.to_owned());
                }
            }
            names.sort_unstable_by(|a, b| b.cmp(a));
            let mut emails = Vec::with_capacity(limit.min(names.len()));
            for name in names.into_iter().take(limit) {
                // One damaged file must not hide the whole mailbox.
                match read_email(&dir.join(&name)) {
                    Ok(Some(email)) => emails.push(email),
                    Ok(None) => {}
                    Err(err) => tracing::warn!(file = name, error = %err, "unreadable outbox message skipped"),
                }
            }
            Ok(emails)
        })
        .await
    }

    /// One message by id; `None` for an unknown or malformed id.
    pub async fn get(&self, id: &str) -> Result<Option<StoredEmail>, MailError> {
        // Only ULIDs name files: anything else (`../x`) never reaches the file system.
        if ulid::Ulid::from_string(id).is_err() {
            return Ok(None);
        }
        let path = self.dir.join(format!("{id}.json"));
        blocking(move || read_email(&path)).await
    }
}

#[async_trait]
impl Mailer for OutboxMailer {
    async fn send(&self, email: &OutgoingEmail) -> Result<String, MailError> {
        validate_email(email)?;
        let stored = StoredEmail {
            id: self.ids.new_id(),
            to: email.to.clone(),
            subject: email.subject.clone(),
            text: email.text.clone(),
            html: email.html.clone(),
            template: email.template.clone(),
            lang: email.lang.clone(),
            sent_at: self.clock.now(),
        };
        let json = serde_json::to_vec_pretty(&stored).map_err(engine)?;
        let dir = self.dir.clone();
        let name = format!("{}.json", stored.id);
        blocking(move || write_atomically(&dir, &name, &json).map_err(engine)).await?;
        // The address stays out of the logs; the outbox has it.
        tracing::info!(email_id = %stored.id, template = %stored.template, lang = %stored.lang, "e-mail written to the outbox");
        Ok(stored.id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rouen_ports::SystemClock;

    fn email(subject: &str) -> OutgoingEmail {
        OutgoingEmail {
            to: "ada@example.org".into(),
            subject: subject.into(),
            text: "Bonjour".into(),
            html: None,
            template: "test".into(),
            lang: "fr".into(),
        }
    }

    #[tokio::test]
    async fn lists_newest_first_and_gets_by_id() -> Result<(), MailError> {
        let dir = tempfile::tempdir().map_err(engine)?;
        let mailer = OutboxMailer::new(dir.path().join("outbox"), Arc::new(SystemClock));
        assert!(mailer.list(10).await?.is_empty());
        let first = mailer.send(&email("un")).await?;
        let second = mailer.send(&email("deux")).await?;
        let listed = mailer.list(10).await?;
        assert_eq!(
            listed.iter().map(|e| e.id.as_str()).collect::<Vec<_>>(),
            [second.as_str(), first.as_str()]
        );
        assert_eq!(mailer.list(1).await?.len(), 1);
        assert_eq!(
            mailer.get(&first).await?.map(|e| e.subject),
            Some("un".to_owned())
        );
        assert_eq!(mailer.get("../../etc/passwd").await?, None);
        Ok(())
    }
}
