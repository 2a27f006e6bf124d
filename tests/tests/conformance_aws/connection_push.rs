use rouen_aws::connection_push::ApiGatewayPush;
use rouen_embedded::connections::{LocalConnections, connections_router};

/// The AWS engine through the real management-API client, against the project's own `@connections`
/// server (the local gateway's), reached with a stage path as in production.
#[tokio::test(flavor = "multi_thread")]
async fn api_gateway_push_conforms() {
    let conns = LocalConnections::new();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a free port");
    let addr = listener.local_addr().expect("address");
    let router = connections_router(conns.clone());
    let server = tokio::spawn(async move {
        let _ = axum::serve(listener, router).await;
    });
    let sdk = crate::servers::sdk_config(&format!("http://{addr}/local")).await;
    let push = ApiGatewayPush::new(aws_sdk_apigatewaymanagement::Client::new(&sdk));
    rouen_tests::conformance::connection_push::run(&push, &conns).await;
    server.abort();
}
