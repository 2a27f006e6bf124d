//! Mailer: sends an e-mail already rendered from a template in the recipient's language.

use async_trait::async_trait;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutgoingEmail {
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: Option<String>,
    /// Which template made it ("verify_email", ...): kept for the dev mailbox and metrics.
    pub template: String,
    /// "fr" or "en".
    pub lang: String,
}

#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error("invalid e-mail: {0}")]
    Invalid(String),
    /// The provider refused the message (unverified sender, suppressed recipient...).
    #[error("the message was rejected: {0}")]
    Rejected(String),
    #[error("mail engine failure: {0}")]
    Engine(String),
}

/// A deliberately small check: one `@`, something on each side, no spaces or control characters.
/// Real validation is sending a verification link.
pub fn validate_address(address: &str) -> Result<(), MailError> {
    let ok = address.len() <= 254
        && !address.chars().any(|c| c.is_whitespace() || c.is_control())
        && matches!(address.split_once('@'), Some((l, d)) if !l.is_empty() && d.contains('.') && !d.contains('@') && !d.starts_with('.') && !d.ends_with('.'));
    if ok {
        Ok(())
    } else {
        Err(MailError::Invalid(format!(
            "`{address}` is not an e-mail address"
        )))
    }
}

pub fn validate_email(email: &OutgoingEmail) -> Result<(), MailError> {
    validate_address(&email.to)?;
    if email.subject.trim().is_empty() || email.subject.contains(['\r', '\n']) {
        return Err(MailError::Invalid(
            "the subject must be one non-empty line".into(),
        ));
    }
    if email.text.trim().is_empty() {
        return Err(MailError::Invalid("the text body may not be empty".into()));
    }
    Ok(())
}

#[async_trait]
pub trait Mailer: Send + Sync {
    /// Sends the message; returns the provider's message id.
    async fn send(&self, email: &OutgoingEmail) -> Result<String, MailError>;
}
