//! The connection push suite against the local gateway's registry, and its `@connections` router
//! against the real AWS SDK client.

use std::time::Duration;

use aws_sdk_apigatewaymanagement::Client;
use aws_sdk_apigatewaymanagement::config::{BehaviorVersion, Credentials, Region};
use aws_sdk_apigatewaymanagement::operation::delete_connection::DeleteConnectionError;
use aws_sdk_apigatewaymanagement::operation::get_connection::GetConnectionError;
use aws_sdk_apigatewaymanagement::operation::post_to_connection::PostToConnectionError;
use aws_sdk_apigatewaymanagement::primitives::Blob;
use rouen_embedded::connections::{LocalConnections, Outbound, connections_router};
use rouen_tests::conformance::connection_push;

#[tokio::test]
async fn local_connections_conform() {
    let conns = LocalConnections::new();
    connection_push::run(&conns, &conns).await;
}

/// Serves the router on an ephemeral port; the client's endpoint is `http://addr{path}`.
async fn sdk_client(conns: &LocalConnections, path: &str) -> Client {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a free port");
    let addr = listener.local_addr().expect("the bound address");
    let router = connections_router(conns.clone());
    tokio::spawn(async move {
        if let Err(err) = axum::serve(listener, router).await {
            panic!("the @connections router stopped: {err}");
        }
    });
    let config = aws_sdk_apigatewaymanagement::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("eu-west-3"))
        .credentials_provider(Credentials::new(
            "local",
            "local",
            None,
            None,
            "conformance",
        ))
        .endpoint_url(format!("http://{addr}{path}"))
        .build();
    Client::from_conf(config)
}

async fn next(rx: &mut tokio::sync::mpsc::Receiver<Outbound>) -> Option<Outbound> {
    tokio::time::timeout(Duration::from_secs(5), rx.recv())
        .await
        .expect("a frame in time")
}

#[tokio::test]
async fn the_aws_sdk_speaks_to_the_connections_router() {
    for path in ["", "/prod"] {
        let conns = LocalConnections::new();
        let client = sdk_client(&conns, path).await;
        let id = "L0SM9cOFvHcCIhw=";
        let mut rx = conns.register(id, "203.0.113.7", "Mozilla/5.0 (conformance)");

        let frame = r#"{"type":"notification","text":"Félicitations !"}"#;
        client
            .post_to_connection()
            .connection_id(id)
            .data(Blob::new(frame.as_bytes()))
            .send()
            .await
            .unwrap_or_else(|err| panic!("PostToConnection through `{path}` succeeds: {err:?}"));
        assert_eq!(
            next(&mut rx).await,
            Some(Outbound::Text(frame.to_owned())),
            "the frame arrives"
        );

        let info = client
            .get_connection()
            .connection_id(id)
            .send()
            .await
            .expect("GetConnection succeeds");
        let identity = info.identity().expect("an identity");
        assert_eq!(identity.source_ip(), Some("203.0.113.7"));
        assert_eq!(identity.user_agent(), Some("Mozilla/5.0 (conformance)"));
        let connected_at = info.connected_at().expect("connectedAt").secs();
        assert!(
            (connected_at - chrono::Utc::now().timestamp()).abs() < 60,
            "connectedAt is now"
        );
        assert!(info.last_active_at().is_some(), "lastActiveAt is set");

        client
            .delete_connection()
            .connection_id(id)
            .send()
            .await
            .expect("DeleteConnection succeeds");
        assert_eq!(
            next(&mut rx).await,
            Some(Outbound::Close),
            "a delete closes the socket"
        );

        let err = client
            .post_to_connection()
            .connection_id(id)
            .data(Blob::new("late"))
            .send()
            .await
            .expect_err("a post to a deleted connection fails");
        assert!(
            matches!(
                err.as_service_error(),
                Some(PostToConnectionError::GoneException(_))
            ),
            "the SDK sees GoneException: {err:?}"
        );
        let err = client
            .get_connection()
            .connection_id(id)
            .send()
            .await
            .expect_err("get a gone connection");
        assert!(
            matches!(
                err.as_service_error(),
                Some(GetConnectionError::GoneException(_))
            ),
            "{err:?}"
        );
        let err = client
            .delete_connection()
            .connection_id(id)
            .send()
            .await
            .expect_err("delete a gone one");
        assert!(
            matches!(
                err.as_service_error(),
                Some(DeleteConnectionError::GoneException(_))
            ),
            "{err:?}"
        );

        let err = client
            .post_to_connection()
            .connection_id(id)
            .data(Blob::new(vec![b'x'; 200 * 1024]))
            .send()
            .await
            .expect_err("an oversized frame fails");
        assert!(
            matches!(
                err.as_service_error(),
                Some(PostToConnectionError::PayloadTooLargeException(_))
            ),
            "the SDK sees PayloadTooLargeException: {err:?}"
        );
    }
}
