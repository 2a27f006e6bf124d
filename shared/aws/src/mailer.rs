//! The mailer over SES v2.

use async_trait::async_trait;
use aws_sdk_sesv2::Client;
use aws_sdk_sesv2::error::{DisplayErrorContext, ProvideErrorMetadata};
use aws_sdk_sesv2::types::{Body, Content, Destination, EmailContent, Message};
use rouen_ports::mailer::validate_email;
use rouen_ports::{MailError, Mailer, OutgoingEmail};

pub struct SesMailer {
    client: Client,
    from: String,
}

impl SesMailer {
    pub fn new(client: Client, from: String) -> Self {
        Self { client, from }
    }
}

fn content(text: &str) -> Result<Content, MailError> {
    Content::builder()
        .data(text)
        .charset("UTF-8")
        .build()
        .map_err(|e| MailError::Invalid(e.to_string()))
}

#[async_trait]
impl Mailer for SesMailer {
    async fn send(&self, email: &OutgoingEmail) -> Result<String, MailError> {
        validate_email(email)?;
        let mut body = Body::builder().text(content(&email.text)?);
        if let Some(html) = &email.html {
            body = body.html(content(html)?);
        }
        let message = Message::builder()
            .subject(content(&email.subject)?)
            .body(body.build())
            .build();
        let result = self
            .client
            .send_email()
            .from_email_address(&self.from)
            .destination(Destination::builder().to_addresses(&email.to).build())
            .content(EmailContent::builder().simple(message).build())
            .send()
            .await;
        match result {
            Ok(out) => out
                .message_id
                .ok_or_else(|| MailError::Engine("SES returned no message id".into())),
            Err(err)
                if matches!(
                    err.code(),
                    Some(
                        "MessageRejected"
                            | "MailFromDomainNotVerifiedException"
                            | "AccountSuspendedException"
                            | "SendingPausedException"
                    )
                ) =>
            {
                Err(MailError::Rejected(
                    err.message().unwrap_or("rejected").to_owned(),
                ))
            }
            Err(err) => Err(MailError::Engine(DisplayErrorContext(&err).to_string())),
        }
    }
}
