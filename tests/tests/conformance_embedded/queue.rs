//! The queue suite against the SQLite engine, and the engine's durability across a reopen.

use std::time::Duration;

use rouen_embedded::queue::SqliteQueue;
use rouen_ports::{QueuePort, QueueSpec};

fn specs() -> Vec<QueueSpec> {
    vec![
        QueueSpec {
            name: "notifications".into(),
            dead_letter: Some(("notifications-dlq".into(), 2)),
        },
        QueueSpec {
            name: "notifications-dlq".into(),
            dead_letter: None,
        },
    ]
}

#[tokio::test(flavor = "multi_thread")]
async fn sqlite_queue_passes_the_conformance_suite() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let queue =
        SqliteQueue::open(&dir.path().join("queue.db"), specs()).expect("the queue should open");
    rouen_tests::conformance::queue::run(&queue, &specs()[0]).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn sqlite_queue_keeps_messages_across_a_reopen() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("data/queue.db");
    let (in_flight_id, pending) = {
        let queue = SqliteQueue::open(&path, specs()).expect("the queue should open");
        queue
            .send_batch("notifications", &["in flight".into()])
            .await
            .expect("send");
        let got = queue
            .receive("notifications", 1, Duration::from_secs(1), Duration::ZERO)
            .await
            .expect("receive");
        assert_eq!(got.len(), 1, "the first message should be delivered");
        queue
            .send_batch("notifications", &["pending".into()])
            .await
            .expect("send");
        (got[0].id.clone(), "pending".to_owned())
    };

    let queue = SqliteQueue::open(&path, specs()).expect("the queue should reopen");
    assert_eq!(
        queue.depth("notifications").await.expect("depth"),
        2,
        "both messages should survive a reopen"
    );
    let got = queue
        .receive("notifications", 10, Duration::from_secs(30), Duration::ZERO)
        .await
        .expect("receive");
    let bodies: Vec<&str> = got.iter().map(|m| m.body.as_str()).collect();
    assert_eq!(
        bodies,
        [pending.as_str()],
        "a pending message should be delivered after a reopen, the in-flight one not yet"
    );

    // The message in flight when the store closed comes back when its visibility ends.
    let got = queue
        .receive(
            "notifications",
            10,
            Duration::from_secs(30),
            Duration::from_secs(5),
        )
        .await
        .expect("receive");
    assert_eq!(
        got.len(),
        1,
        "the message in flight before the reopen should come back after its visibility"
    );
    assert_eq!(got[0].id, in_flight_id, "it should keep its id");
    assert_eq!(
        got[0].receive_count, 2,
        "its receive count should survive the reopen"
    );
}
