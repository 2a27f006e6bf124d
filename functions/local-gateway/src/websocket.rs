//! The WebSocket API as API Gateway would serve it: `$connect` (with the query string) decides whether
//! the socket opens, each text frame is routed by its `type` to a custom route or `$default`, and
//! `$disconnect` runs when it closes. Handlers answer through the connection-push port.

use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::{ConnectInfo, State};
use axum::response::{IntoResponse, Response as AxumResponse};
use futures::{SinkExt, StreamExt};
use http::HeaderMap;
use lambda_http::aws_lambda_events::apigw::ApiGatewayWebsocketProxyRequestContext;
use lambda_http::request::RequestContext;
use lambda_http::{Body, RequestExt};
use rouen_api::edge;
use rouen_api::registry::{Route, Trigger, routes};
use rouen_embedded::connections::Outbound;
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;

use crate::server::GatewayState;

const STAGE: &str = "local";

fn ws_route(route_key: &str) -> Option<&'static Route> {
    routes()
        .iter()
        .find(|r| matches!(r.trigger, Trigger::WebSocket { route_key: k } if k == route_key))
}

/// API Gateway's route selection: `$request.body.type` names a custom route, else `$default`.
fn select_route(frame: &str) -> Option<&'static Route> {
    let custom = serde_json::from_str::<serde_json::Value>(frame)
        .ok()
        .and_then(|v| v.get("type").and_then(|t| t.as_str()).map(str::to_owned))
        .filter(|t| !t.starts_with('$'))
        .and_then(|t| ws_route(&t));
    custom.or_else(|| ws_route("$default"))
}

struct Peer {
    connection_id: String,
    source_ip: String,
    user_agent: Option<String>,
    connected_at: i64,
}

fn ws_request(
    peer: &Peer,
    route_key: &str,
    event_type: &str,
    body: Body,
    headers: Option<&HeaderMap>,
    query: HashMap<String, Vec<String>>,
) -> lambda_http::Request {
    let mut ctx = ApiGatewayWebsocketProxyRequestContext::default();
    ctx.connection_id = Some(peer.connection_id.clone());
    ctx.route_key = Some(route_key.to_owned());
    ctx.event_type = Some(event_type.to_owned());
    ctx.stage = Some(STAGE.to_owned());
    ctx.request_id = Some(ulid::Ulid::new().to_string());
    ctx.message_id = (event_type == "MESSAGE").then(|| ulid::Ulid::new().to_string());
    ctx.connected_at = peer.connected_at;
    ctx.request_time_epoch = chrono::Utc::now().timestamp_millis();
    ctx.message_direction = Some("IN".into());
    ctx.identity.source_ip = Some(peer.source_ip.clone());
    ctx.identity.user_agent = peer.user_agent.clone();
    let mut request = http::Request::new(body);
    if let Some(headers) = headers {
        *request.headers_mut() = headers.clone();
    }
    request
        .with_raw_http_path("/ws")
        .with_query_string_parameters(query)
        .with_request_context(RequestContext::WebSocket(ctx))
}

/// Runs the route's function for one socket event and returns the status it answered with.
async fn dispatch(
    state: &GatewayState,
    peer: &Peer,
    route_key: &str,
    event_type: &str,
    body: Option<String>,
    headers: Option<&HeaderMap>,
    query: HashMap<String, Vec<String>>,
) -> http::StatusCode {
    let Some(route) = ws_route(route_key) else {
        // API Gateway accepts `$connect`/`$disconnect` that have no integration.
        return http::StatusCode::OK;
    };
    match &state.cloud {
        None => {
            let request = ws_request(
                peer,
                route_key,
                event_type,
                body.map_or(Body::Empty, Body::Text),
                headers,
                query,
            );
            edge::serve(route, state.engines.platform.clone(), request)
                .await
                .status()
        }
        Some(cloud) => {
            let domain = headers
                .and_then(|h| h.get(http::header::HOST))
                .and_then(|h| h.to_str().ok())
                .unwrap_or("127.0.0.1")
                .to_owned();
            let event = crate::cloud::events::socket_event(&crate::cloud::events::SocketCall {
                route_key,
                event_type,
                connection_id: &peer.connection_id,
                connected_at: peer.connected_at,
                source_ip: &peer.source_ip,
                user_agent: peer.user_agent.as_deref(),
                headers,
                query: &query,
                body: body.as_deref(),
                stage: STAGE,
                domain: &domain,
            });
            match cloud
                .pool
                .invoke(route.function, bytes::Bytes::from(event.to_string()))
                .await
            {
                Ok(answer) => crate::cloud::events::http_response(&answer).status(),
                Err(err) => {
                    tracing::error!(function = route.function, error = %err, "invocation failed");
                    http::StatusCode::INTERNAL_SERVER_ERROR
                }
            }
        }
    }
}

/// `GET /ws`: the WebSocket endpoint.
pub async fn upgrade(
    State(state): State<Arc<GatewayState>>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    uri: http::Uri,
    ws: WebSocketUpgrade,
) -> AxumResponse {
    let mut id = [0u8; 12];
    if getrandom::fill(&mut id).is_err() {
        return http::StatusCode::INTERNAL_SERVER_ERROR.into_response();
    }
    // API Gateway connection ids look like `L0SM9cOFvHcCIhw=`: opaque, URL-safe here.
    let connection_id: String = id.iter().map(|b| format!("{b:02x}")).collect();
    let peer = Peer {
        connection_id,
        source_ip: addr.ip().to_string(),
        user_agent: headers
            .get(http::header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned),
        connected_at: chrono::Utc::now().timestamp_millis(),
    };
    let mut query: HashMap<String, Vec<String>> = HashMap::new();
    for (k, v) in url::form_urlencoded::parse(uri.query().unwrap_or("").as_bytes()) {
        query
            .entry(k.into_owned())
            .or_default()
            .push(v.into_owned());
    }
    let status = dispatch(
        &state,
        &peer,
        "$connect",
        "CONNECT",
        None,
        Some(&headers),
        query,
    )
    .await;
    if !status.is_success() {
        // As API Gateway does: a `$connect` that fails refuses the handshake with its status.
        tracing::info!(connection_id = %peer.connection_id, status = status.as_u16(), "connection refused");
        return status.into_response();
    }
    let outbound = state.engines.connections.register(
        &peer.connection_id,
        &peer.source_ip,
        peer.user_agent.as_deref().unwrap_or(""),
    );
    ws.max_message_size(64 * 1024)
        .on_upgrade(move |socket| run(state, peer, socket, outbound))
}

async fn run(
    state: Arc<GatewayState>,
    peer: Peer,
    socket: WebSocket,
    mut outbound: tokio::sync::mpsc::Receiver<Outbound>,
) {
    let (mut sink, mut stream) = socket.split();
    let writer = tokio::spawn(async move {
        while let Some(frame) = outbound.recv().await {
            let sent = match frame {
                Outbound::Text(text) => sink.send(Message::Text(text.into())).await,
                Outbound::Close => {
                    let _ = sink.send(Message::Close(None)).await;
                    break;
                }
            };
            if sent.is_err() {
                break;
            }
        }
    });
    while let Some(Ok(message)) = stream.next().await {
        let body = match message {
            Message::Text(text) => text.to_string(),
            // Binary frames reach `$default`, which answers that frames are JSON text.
            Message::Binary(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
            Message::Close(_) => break,
            Message::Ping(_) | Message::Pong(_) => continue,
        };
        state.engines.connections.touch(&peer.connection_id);
        let Some(route) = select_route(&body) else {
            continue;
        };
        let Trigger::WebSocket { route_key } = route.trigger else {
            continue;
        };
        let status = dispatch(
            &state,
            &peer,
            route_key,
            "MESSAGE",
            Some(body),
            None,
            HashMap::new(),
        )
        .await;
        if !status.is_success() {
            tracing::warn!(connection_id = %peer.connection_id, route_key, status = status.as_u16(), "frame handler failed");
        }
    }
    state.engines.connections.unregister(&peer.connection_id);
    writer.abort();
    let _ = dispatch(
        &state,
        &peer,
        "$disconnect",
        "DISCONNECT",
        None,
        None,
        HashMap::new(),
    )
    .await;
}
