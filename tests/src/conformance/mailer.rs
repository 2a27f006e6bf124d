//! Conformance suite of the mailer port.
//!
//! Both engines run this same function: the embedded one writing to a temporary outbox, the AWS one
//! sending through an SES-compatible server. `recipient` must be an address the engine may send to
//! (with SES in sandbox mode, a verified one).

use rouen_ports::{MailError, Mailer, OutgoingEmail};

fn french(recipient: &str) -> OutgoingEmail {
    OutgoingEmail {
        to: recipient.to_owned(),
        subject: "Confirmez votre adresse e-mail — Rouen Social".to_owned(),
        text: "Bonjour,\n\nCliquez sur ce lien pour confirmer votre adresse : https://rouen.example/verifier?jeton=abc\n\nÀ bientôt sur Rouen Social !".to_owned(),
        html: Some("<p>Bonjour,</p><p><a href=\"https://rouen.example/verifier?jeton=abc\">Confirmer mon adresse</a></p><p>À bientôt sur Rouen Social !</p>".to_owned()),
        template: "verify_email".to_owned(),
        lang: "fr".to_owned(),
    }
}

fn english(recipient: &str) -> OutgoingEmail {
    OutgoingEmail {
        to: recipient.to_owned(),
        subject: "Reset your password".to_owned(),
        text: "Hello,\n\nUse this link to choose a new password: https://rouen.example/reset?token=xyz".to_owned(),
        html: None,
        template: "reset_password".to_owned(),
        lang: "en".to_owned(),
    }
}

/// Runs every section of the suite; panics with a plain-words message on the first broken promise.
///
/// Returns the ids of the messages sent (French first), for engines whose test can look further.
pub async fn run(mailer: &dyn Mailer, recipient: &str) -> Vec<String> {
    let mut sent = Vec::new();
    for email in [french(recipient), english(recipient)] {
        let id = mailer
            .send(&email)
            .await
            .unwrap_or_else(|err| panic!("a valid {} e-mail is sent: {err}", email.lang));
        assert!(!id.trim().is_empty(), "sending returns a message id");
        sent.push(id);
    }
    assert_ne!(sent[0], sent[1], "every message gets its own id");

    let invalid = [
        (
            "an address without @",
            OutgoingEmail {
                to: "not-an-address".into(),
                ..french(recipient)
            },
        ),
        (
            "an address with a space",
            OutgoingEmail {
                to: "ada lovelace@example.org".into(),
                ..french(recipient)
            },
        ),
        (
            "a subject with a newline",
            OutgoingEmail {
                subject: "Bonjour\nBcc: victim@example.org".into(),
                ..french(recipient)
            },
        ),
        (
            "an empty subject",
            OutgoingEmail {
                subject: "  ".into(),
                ..english(recipient)
            },
        ),
        (
            "an empty body",
            OutgoingEmail {
                text: " \n ".into(),
                ..english(recipient)
            },
        ),
    ];
    for (what, email) in invalid {
        let result = mailer.send(&email).await;
        assert!(
            matches!(result, Err(MailError::Invalid(_))),
            "{what} is Invalid: {result:?}"
        );
    }
    sent
}
