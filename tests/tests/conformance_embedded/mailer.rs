//! The mailer suite against the outbox.

use std::sync::Arc;

use rouen_embedded::mailer::OutboxMailer;
use rouen_ports::SystemClock;
use rouen_tests::conformance::mailer;

#[tokio::test]
async fn outbox_mailer_conforms() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let outbox = OutboxMailer::new(dir.path().join("outbox"), Arc::new(SystemClock));
    let sent = mailer::run(&outbox, "ada@example.org").await;

    let listed = outbox.list(10).await.expect("the outbox lists");
    assert_eq!(
        listed.len(),
        2,
        "only the valid messages landed in the outbox"
    );
    let ids: Vec<&str> = listed.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(
        ids,
        [sent[1].as_str(), sent[0].as_str()],
        "newest first, ids as returned by send"
    );
    let (english, french) = (&listed[0], &listed[1]);
    assert_eq!(french.lang, "fr");
    assert_eq!(french.template, "verify_email");
    assert_eq!(french.to, "ada@example.org");
    assert!(
        french.subject.starts_with("Confirmez"),
        "the subject is kept as sent"
    );
    assert!(
        french
            .html
            .as_deref()
            .is_some_and(|h| h.contains("À bientôt")),
        "the HTML is kept, accents too"
    );
    assert_eq!(english.lang, "en");
    assert_eq!(english.html, None);

    let got = outbox
        .get(&sent[0])
        .await
        .expect("get reads")
        .expect("the message is found by id");
    assert_eq!(&got, french, "get returns what list shows");
    assert_eq!(
        outbox
            .get("01ARZ3NDEKTSV4RRFFQ69G5FAV")
            .await
            .expect("get reads"),
        None,
        "unknown id"
    );
    assert_eq!(
        outbox.get("../../etc/passwd").await.expect("get reads"),
        None,
        "a path is not an id"
    );
    assert_eq!(
        outbox.list(1).await.expect("list").len(),
        1,
        "list honours its limit"
    );

    let leftovers: Vec<String> = std::fs::read_dir(dir.path().join("outbox"))
        .expect("the outbox exists")
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .filter(|name| !name.ends_with(".json"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "no temporary file is left behind: {leftovers:?}"
    );
}
