use crate::servers::{sdk_config, var};
use rouen_aws::mailer::SesMailer;

#[tokio::test(flavor = "multi_thread")]
async fn ses_mailer_conforms() {
    let client = aws_sdk_sesv2::Client::new(&sdk_config(&var("ROUEN_TEST_SES_ENDPOINT")).await);
    let from = "no-reply@rouen.social";
    client
        .create_email_identity()
        .email_identity(from)
        .send()
        .await
        .expect("moto verifies the sender");
    rouen_tests::conformance::mailer::run(
        &SesMailer::new(client.clone(), from.to_owned()),
        "resident@example.org",
    )
    .await;

    // An unverified sender is refused by the provider, as SES does.
    let unverified = SesMailer::new(client, "nobody@unverified.example".to_owned());
    let email = rouen_ports::OutgoingEmail {
        to: "resident@example.org".into(),
        subject: "Bonjour".into(),
        text: "Bienvenue à Rouen".into(),
        html: None,
        template: "welcome".into(),
        lang: "fr".into(),
    };
    use rouen_ports::Mailer;
    assert!(matches!(
        unverified.send(&email).await,
        Err(rouen_ports::MailError::Rejected(_))
    ));
}
