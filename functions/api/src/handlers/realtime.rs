//! The WebSocket API: connection bookkeeping and the frames every client may send.
//!
//! Frames are JSON objects with a `type` (protocol in docs/realtime.md). API Gateway routes a frame
//! by its `type` (`$request.body.type`) to a custom route when one exists, else to `$default`; the
//! local gateway does the same. Replies go back through the connection-push port, as a Lambda must.

use crate::io::no_content;
use crate::platform::Platform;
use crate::problem::ApiError;
use crate::registry::{Auth, Handler, Route, Trigger};
use futures::FutureExt;
use lambda_http::request::RequestContext;
use lambda_http::{Body, Request, RequestExt, Response};
use rouen_ports::{Item, Key, PushError};
use serde_json::{Value, json};
use std::sync::Arc;

/// API Gateway closes a WebSocket after two hours at most; the registry entry lives as long.
const CONNECTION_TTL_SECS: i64 = 2 * 3600;
/// Frames larger than this are refused (API Gateway's own frame limit is 32 KB).
pub const MAX_FRAME_BYTES: usize = 32 * 1024;
pub const PROTOCOL_VERSION: u32 = 1;

pub fn connection_key(connection_id: &str) -> Key {
    Key::new(format!("CONN#{connection_id}"), "CONN")
}

struct WsContext {
    connection_id: String,
    source_ip: Option<String>,
    user_agent: Option<String>,
}

fn ws_context(request: &Request) -> Result<WsContext, ApiError> {
    match request.request_context_ref() {
        Some(RequestContext::WebSocket(ctx)) => Ok(WsContext {
            connection_id: ctx.connection_id.clone().ok_or_else(|| {
                ApiError::Internal("WebSocket event without a connection id".into())
            })?,
            source_ip: ctx.identity.source_ip.clone(),
            user_agent: ctx.identity.user_agent.clone(),
        }),
        _ => Err(ApiError::Internal("not a WebSocket event".into())),
    }
}

fn ws_route(
    function: &'static str,
    route_key: &'static str,
    handler: crate::registry::HttpHandler,
) -> Route {
    Route {
        function,
        trigger: Trigger::WebSocket { route_key },
        auth: Auth::Public,
        handler: Handler::Http(handler),
        max_body_bytes: Some(MAX_FRAME_BYTES),
        doc: None,
    }
}

pub fn connect_route() -> Route {
    ws_route("ws-connect", "$connect", |p, r| connect(p, r).boxed())
}

pub fn disconnect_route() -> Route {
    ws_route("ws-disconnect", "$disconnect", |p, r| {
        disconnect(p, r).boxed()
    })
}

pub fn default_route() -> Route {
    ws_route("ws-default", "$default", |p, r| default_frame(p, r).boxed())
}

pub fn ping_route() -> Route {
    ws_route("ws-ping", "ping", |p, r| ping(p, r).boxed())
}

async fn connect(platform: Arc<Platform>, request: Request) -> Result<Response<Body>, ApiError> {
    let ctx = ws_context(&request)?;
    let now = platform.clock.now();
    let key = connection_key(&ctx.connection_id);
    let mut item = Item::new();
    item.insert("pk".into(), key.pk.into());
    item.insert("sk".into(), key.sk.into());
    item.insert("connected_at".into(), now.to_rfc3339().into());
    item.insert(
        "source_ip".into(),
        ctx.source_ip.map_or(Value::Null, Value::from),
    );
    item.insert(
        "user_agent".into(),
        ctx.user_agent.map_or(Value::Null, Value::from),
    );
    item.insert(
        "expires_at".into(),
        (now.timestamp() + CONNECTION_TTL_SECS).into(),
    );
    platform.store.put(item, None).await?;
    tracing::info!(connection_id = %ctx.connection_id, "connection opened");
    Ok(no_content())
}

async fn disconnect(platform: Arc<Platform>, request: Request) -> Result<Response<Body>, ApiError> {
    let ctx = ws_context(&request)?;
    platform
        .store
        .delete(&connection_key(&ctx.connection_id), None)
        .await?;
    tracing::info!(connection_id = %ctx.connection_id, "connection closed");
    Ok(no_content())
}

/// Sends a frame; a gone connection is forgotten rather than treated as a failure.
pub async fn send_frame(
    platform: &Platform,
    connection_id: &str,
    frame: &Value,
) -> Result<(), ApiError> {
    match platform.push.send(connection_id, &frame.to_string()).await {
        Ok(()) => Ok(()),
        Err(PushError::Gone) => {
            tracing::info!(%connection_id, "connection gone; forgetting it");
            platform
                .store
                .delete(&connection_key(connection_id), None)
                .await?;
            Ok(())
        }
        Err(err) => Err(err.into()),
    }
}

fn error_frame(code: &str, message: &str, id: Option<&Value>) -> Value {
    json!({"type": "error", "v": PROTOCOL_VERSION, "code": code, "message": message, "id": id})
}

/// The frame as a JSON object, or the error frame that explains why not.
fn parse_frame(request: &Request) -> Result<serde_json::Map<String, Value>, Value> {
    let bytes: &[u8] = request.body().as_ref();
    if bytes.len() > MAX_FRAME_BYTES {
        return Err(error_frame(
            "frame_too_large",
            "frames are limited to 32 KiB",
            None,
        ));
    }
    match serde_json::from_slice::<Value>(bytes) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(error_frame(
            "invalid_frame",
            "a frame is a JSON object with a `type`",
            None,
        )),
        Err(_) => Err(error_frame("invalid_frame", "a frame must be JSON", None)),
    }
}

async fn default_frame(
    platform: Arc<Platform>,
    request: Request,
) -> Result<Response<Body>, ApiError> {
    let ctx = ws_context(&request)?;
    let reply = match parse_frame(&request) {
        Err(error) => error,
        Ok(frame) => match frame.get("type") {
            Some(Value::String(kind)) => error_frame(
                "unknown_type",
                &format!("unknown frame type `{kind}`"),
                frame.get("id"),
            ),
            _ => error_frame(
                "invalid_frame",
                "a frame needs a string `type`",
                frame.get("id"),
            ),
        },
    };
    send_frame(&platform, &ctx.connection_id, &reply).await?;
    Ok(no_content())
}

async fn ping(platform: Arc<Platform>, request: Request) -> Result<Response<Body>, ApiError> {
    let ctx = ws_context(&request)?;
    let reply = match parse_frame(&request) {
        Err(error) => error,
        Ok(frame) => json!({
            "type": "pong",
            "v": PROTOCOL_VERSION,
            "id": frame.get("id"),
            "time": platform.clock.now().to_rfc3339(),
        }),
    };
    // Refresh the registry entry: a client that pings is alive.
    let key = connection_key(&ctx.connection_id);
    let expires = platform.clock.now().timestamp() + CONNECTION_TTL_SECS;
    let refreshed = platform
        .store
        .update(
            &key,
            &rouen_ports::Update::new().set("expires_at", expires),
            Some(rouen_ports::Condition::Exists),
        )
        .await;
    if let Err(err) = refreshed {
        tracing::warn!(connection_id = %ctx.connection_id, error = %err, "ping from an unregistered connection");
    }
    send_frame(&platform, &ctx.connection_id, &reply).await?;
    Ok(no_content())
}
