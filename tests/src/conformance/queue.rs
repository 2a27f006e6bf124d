//! Conformance suite of the queue port.
//!
//! The caller declares `spec.name` with a dead letter `(dlq, 2)`, both queues empty and fresh, and
//! passes the port and the spec. Visibility timeouts of one second keep the whole suite within a few
//! seconds of wall time on both engines (SQS counts visibility in whole seconds).

use std::collections::BTreeSet;
use std::fmt::Debug;
use std::time::{Duration, Instant};

use rouen_ports::{QueueError, QueueMessage, QueuePort, QueueSpec};

const VISIBILITY: Duration = Duration::from_secs(1);
/// Longer than the visibility, with slack for a busy machine.
const PAST_VISIBILITY: Duration = Duration::from_millis(1300);

fn ok<T>(result: Result<T, QueueError>, what: &str) -> T {
    result.unwrap_or_else(|err| panic!("{what}, but the queue answered an error: {err:?}"))
}

fn expect_invalid_request<T: Debug>(result: Result<T, QueueError>, what: &str) {
    match result {
        Err(QueueError::InvalidRequest(_)) => {}
        other => panic!(
            "{what}: the queue should refuse it as an invalid request, but answered {other:?}"
        ),
    }
}

/// Receives until `count` distinct messages came back or `within` passed: an engine may hand out a
/// batch over several receives (SQS samples its servers).
async fn receive_n(
    queue: &dyn QueuePort,
    name: &str,
    count: usize,
    within: Duration,
) -> Vec<QueueMessage> {
    let started = Instant::now();
    let mut got: Vec<QueueMessage> = Vec::new();
    while got.len() < count && started.elapsed() < within {
        let batch = ok(
            queue
                .receive(name, 10, VISIBILITY, Duration::from_secs(1))
                .await,
            "receiving messages should work",
        );
        got.extend(batch);
    }
    got
}

/// Runs every check of the suite; panics with a plain-words message on the first broken promise.
pub async fn run(queue: &dyn QueuePort, spec: &QueueSpec) {
    let name = spec.name.as_str();
    let Some((dlq, max_receives)) = spec.dead_letter.clone() else {
        panic!("the queue suite needs a queue declared with a dead-letter queue");
    };
    assert_eq!(
        max_receives, 2,
        "the queue suite expects a dead letter after 2 receives"
    );
    let run_id = ulid::Ulid::new().to_string();

    ok(queue.ping().await, "the queue should answer a ping");
    refusals(queue, name, &run_id).await;
    assert_eq!(
        ok(queue.depth(name).await, "reading the depth should work"),
        0,
        "a fresh queue should be empty"
    );
    let nothing = ok(
        queue.receive(name, 10, VISIBILITY, Duration::ZERO).await,
        "receiving from an empty queue should work",
    );
    assert!(nothing.is_empty(), "an empty queue should deliver nothing");

    // Three messages, one of which its consumer fails to process (a partial-batch failure).
    let bodies = vec![
        format!(r#"{{"kind":"like","run":"{run_id}","post":"p1"}}"#),
        format!("Notification : « Armada » ce soir à 18 h 🚢 ({run_id})"),
        format!("third message of run {run_id}"),
    ];
    ok(
        queue.send_batch(name, &bodies).await,
        "sending a batch of 3 should work",
    );
    assert_eq!(
        ok(queue.depth(name).await, "reading the depth should work"),
        3,
        "3 sent messages should be waiting"
    );

    let first = receive_n(queue, name, 3, Duration::from_secs(5)).await;
    assert_eq!(first.len(), 3, "the 3 sent messages should be delivered");
    let got_bodies: BTreeSet<&str> = first.iter().map(|m| m.body.as_str()).collect();
    let sent_bodies: BTreeSet<&str> = bodies.iter().map(String::as_str).collect();
    assert_eq!(
        got_bodies, sent_bodies,
        "the delivered bodies should be the sent ones, unchanged"
    );
    assert!(
        first.iter().all(|m| m.receive_count == 1),
        "a first delivery should have a receive count of 1: {first:?}"
    );
    let receipts: BTreeSet<&str> = first.iter().map(|m| m.receipt.as_str()).collect();
    assert_eq!(
        receipts.len(),
        3,
        "every delivery should have its own receipt"
    );
    let ids: BTreeSet<&str> = first.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(ids.len(), 3, "every message should have its own id");

    let Some(failed) = first.iter().find(|m| m.body == bodies[1]).cloned() else {
        panic!("the second message should be among those delivered");
    };
    for message in first.iter().filter(|m| m.id != failed.id) {
        ok(
            queue.delete(name, &message.receipt).await,
            "acknowledging a processed message should work",
        );
    }
    assert_eq!(
        ok(queue.depth(name).await, "reading the depth should work"),
        1,
        "after acknowledging 2 of 3, the unacknowledged one should still count (in flight)"
    );
    let hidden = ok(
        queue.receive(name, 10, VISIBILITY, Duration::ZERO).await,
        "receiving during the visibility timeout should work",
    );
    assert!(
        hidden.is_empty(),
        "a message in flight should not be delivered to anyone else: {hidden:?}"
    );

    // Not acknowledged: it comes back once its visibility timeout ends.
    let second = receive_n(queue, name, 1, Duration::from_secs(5)).await;
    assert_eq!(
        second.len(),
        1,
        "the unacknowledged message should be delivered again after its visibility timeout"
    );
    let again = &second[0];
    assert_eq!(
        again.id, failed.id,
        "a redelivered message should keep its id"
    );
    assert_eq!(
        again.body, failed.body,
        "a redelivered message should keep its body"
    );
    assert_eq!(
        again.receive_count, 2,
        "a second delivery should have a receive count of 2"
    );
    assert_ne!(
        again.receipt, failed.receipt,
        "a redelivery should come with a new receipt"
    );

    // The receipt of the first delivery is stale now: acknowledging with it is harmless.
    ok(
        queue.delete(name, &failed.receipt).await,
        "deleting with a stale receipt should not be an error",
    );
    let acknowledged = first
        .iter()
        .find(|m| m.id != failed.id)
        .map(|m| m.receipt.clone())
        .unwrap_or_default();
    ok(
        queue.delete(name, &acknowledged).await,
        "deleting an already deleted message again should not be an error",
    );

    // Not acknowledged again: after 2 receives it goes to the dead-letter queue instead of coming back.
    tokio::time::sleep(PAST_VISIBILITY).await;
    let third = ok(
        queue
            .receive(name, 10, VISIBILITY, Duration::from_secs(1))
            .await,
        "receiving after the second timeout should work",
    );
    assert!(
        third.is_empty(),
        "a message received twice without acknowledgement should not be delivered a third time: {third:?}"
    );
    assert_eq!(
        ok(queue.depth(name).await, "reading the depth should work"),
        0,
        "the main queue should be empty now"
    );

    let dead = receive_n(queue, &dlq, 1, Duration::from_secs(5)).await;
    assert_eq!(
        dead.len(),
        1,
        "the twice-failed message should be in the dead-letter queue"
    );
    assert_eq!(
        dead[0].body, failed.body,
        "the dead-lettered message should keep its body"
    );
    ok(
        queue.delete(&dlq, &dead[0].receipt).await,
        "acknowledging the dead-lettered message should work",
    );
    assert_eq!(
        ok(
            queue.depth(&dlq).await,
            "reading the dead-letter depth should work"
        ),
        0,
        "the dead-letter queue should be empty after acknowledging"
    );
}

async fn refusals(queue: &dyn QueuePort, name: &str, run_id: &str) {
    let eleven: Vec<String> = (0..11).map(|i| format!("message {i}")).collect();
    expect_invalid_request(
        queue.send_batch(name, &eleven).await,
        "sending a batch of 11",
    );
    expect_invalid_request(queue.send_batch(name, &[]).await, "sending an empty batch");
    expect_invalid_request(
        queue
            .send_batch(name, &["fine".into(), String::new()])
            .await,
        "sending an empty body",
    );
    expect_invalid_request(
        queue.receive(name, 11, VISIBILITY, Duration::ZERO).await,
        "receiving 11 at once",
    );
    expect_invalid_request(
        queue.receive(name, 0, VISIBILITY, Duration::ZERO).await,
        "receiving 0 at once",
    );

    // An engine may not know a queue is missing until the server says so: either answer is fine.
    let unknown = format!("no-such-queue-{}", run_id.to_lowercase());
    match queue.send_batch(&unknown, &["hello".into()]).await {
        Err(QueueError::UnknownQueue(_) | QueueError::Engine(_)) => {}
        other => panic!(
            "sending to a queue that does not exist should fail, but the queue answered {other:?}"
        ),
    }
    match queue.receive(&unknown, 1, VISIBILITY, Duration::ZERO).await {
        Err(QueueError::UnknownQueue(_) | QueueError::Engine(_)) => {}
        other => panic!(
            "receiving from a queue that does not exist should fail, but the queue answered {other:?}"
        ),
    }
    assert_eq!(
        ok(queue.depth(name).await, "reading the depth should work"),
        0,
        "refused sends should enqueue nothing"
    );
}
