//! Conformance suite of the connection push port.
//!
//! Both engines run this same function against the local gateway's connection registry: the embedded
//! engine is the registry itself, the AWS one is the `aws-sdk-apigatewaymanagement` client pointed at
//! the registry's `@connections` router. The suite plays the browser: it registers a socket on `conns`
//! and watches what reaches it.

use std::time::Duration;

use rouen_embedded::connections::{LocalConnections, Outbound};
use rouen_ports::{ConnectionPush, PushError};
use tokio::sync::mpsc::Receiver;

/// How long a frame may take to reach the socket.
const DELIVERY: Duration = Duration::from_secs(5);

async fn next(rx: &mut Receiver<Outbound>, what: &str) -> Outbound {
    match tokio::time::timeout(DELIVERY, rx.recv()).await {
        Ok(Some(outbound)) => outbound,
        Ok(None) => panic!("the socket was dropped while waiting for {what}"),
        Err(_) => panic!("{what} did not arrive within {DELIVERY:?}"),
    }
}

/// Runs every section of the suite; panics with a plain-words message on the first broken promise.
pub async fn run(push: &dyn ConnectionPush, conns: &LocalConnections) {
    // Shaped like API Gateway's ids, `=` included, so that path encoding is exercised.
    let id = format!("{}=", ulid::Ulid::new());
    let mut rx = conns.register(&id, "203.0.113.7", "conformance-suite/1.0");
    assert!(conns.is_open(&id), "a registered connection is open");

    let frame = r#"{"type":"ping","n":1}"#;
    push.send(&id, frame)
        .await
        .expect("a push to an open connection succeeds");
    assert_eq!(
        next(&mut rx, "the first frame").await,
        Outbound::Text(frame.to_owned()),
        "the exact frame arrives"
    );

    let large = format!(
        r#"{{"type":"message","body":"{}"}}"#,
        "Fête de la Seine à Rouen : quais, péniches, crêpes et « feux d'artifice » ! ".repeat(140)
    );
    assert!(large.len() > 10_000, "the large frame is over 10 KB");
    push.send(&id, &large)
        .await
        .expect("a 10 KB frame with accents is pushed");
    assert_eq!(
        next(&mut rx, "the large frame").await,
        Outbound::Text(large.clone()),
        "it arrives intact"
    );

    for n in 0..5 {
        push.send(&id, &format!(r#"{{"type":"tick","n":{n}}}"#))
            .await
            .expect("a burst of pushes succeeds");
    }
    for n in 0..5 {
        let expected = Outbound::Text(format!(r#"{{"type":"tick","n":{n}}}"#));
        assert_eq!(
            next(&mut rx, "a frame of the burst").await,
            expected,
            "frames arrive in order"
        );
    }

    push.disconnect(&id)
        .await
        .expect("disconnecting an open connection succeeds");
    assert_eq!(
        next(&mut rx, "the close").await,
        Outbound::Close,
        "a disconnect closes the socket"
    );
    assert!(
        !conns.is_open(&id),
        "a disconnected connection is no longer open"
    );
    let late = push.send(&id, frame).await;
    assert!(
        matches!(late, Err(PushError::Gone)),
        "a push after disconnect is Gone: {late:?}"
    );
    push.disconnect(&id)
        .await
        .expect("disconnecting a gone connection is not an error");

    let never = format!("{}=", ulid::Ulid::new());
    let unknown = push.send(&never, frame).await;
    assert!(
        matches!(unknown, Err(PushError::Gone)),
        "a push to a never-known id is Gone: {unknown:?}"
    );
    push.disconnect(&never)
        .await
        .expect("disconnecting a never-known id is not an error");

    // The browser went away without the gateway noticing yet: the next push learns it is gone.
    let dropped = format!("{}=", ulid::Ulid::new());
    drop(conns.register(&dropped, "203.0.113.8", "conformance-suite/1.0"));
    let result = push.send(&dropped, frame).await;
    assert!(
        matches!(result, Err(PushError::Gone)),
        "a push to a dropped socket is Gone: {result:?}"
    );
}
