//! The WebSocket API (protocol in docs/realtime.md): the ticket that opens a socket, `$connect` and
//! `$disconnect` bookkeeping with presence, and the frames a client sends. API Gateway routes a
//! frame by its `type` (`$request.body.type`) to a custom route when one exists, else to `$default`;
//! the local gateway does the same. Replies go back through the connection-push port, as from a
//! Lambda: a frame handler's HTTP answer only tells API Gateway that it ran.

use super::chat::{SendMessage, read_up_to, send_message};
use crate::accounts::directory;
use crate::caller::caller;
use crate::chat::{conversations, delivery};
use crate::io::{json, no_content, request_id_of};
use crate::io::{json_body, user_agent};
use crate::openapi::{OperationDoc, request_schema_of, schema_of};
use crate::platform::Platform;
use crate::problem::ApiError;
use crate::realtime::browser_push;
use crate::realtime::frames::{self, MAX_FRAME_BYTES, correlation, frame, string_field};
use crate::realtime::{connections, presence, tickets};
use crate::registry::{Auth, Handler, Route, Trigger};
use chrono::{DateTime, Utc};
use futures::FutureExt;
use http::StatusCode;
use lambda_http::request::RequestContext;
use lambda_http::{Body, Request, RequestExt, Response};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};
use std::sync::Arc;

/// A resident's typing signal goes out at most this often per connection.
const TYPING_EVERY_SECS: i64 = 3;

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
        // Larger frames still reach the handler, which answers `frame_too_large` instead of a
        // silent drop (API Gateway's message limit is 128 KiB).
        max_body_bytes: Some(4 * MAX_FRAME_BYTES),
        doc: None,
    }
}

pub fn routes() -> Vec<Route> {
    vec![
        Route::http(
            "ws-ticket",
            "POST",
            "/api/v1/ws/ticket",
            Auth::User,
            |p, r| ticket(p, r).boxed(),
            OperationDoc::new(
                "realtime",
                "A single-use ticket (valid 60 s) to open the WebSocket: connect to `url?ticket=…`",
            )
            .response(200, "The ticket", schema_of::<Ticket>),
        ),
        Route::http(
            "push-key",
            "GET",
            "/api/v1/push/key",
            Auth::Public,
            |p, r| push_key(p, r).boxed(),
            OperationDoc::new(
                "realtime",
                "The VAPID public key browsers subscribe to push notifications with",
            )
            .response(200, "The key", schema_of::<PushKey>),
        ),
        Route::http(
            "push-subscribe",
            "POST",
            "/api/v1/push/subscriptions",
            Auth::User,
            |p, r| push_subscribe(p, r).boxed(),
            OperationDoc::new(
                "realtime",
                "Register this browser for push notifications (PushSubscription.toJSON())",
            )
            .body(request_schema_of::<PushSubscriptionInput>)
            .no_content("Registered"),
        ),
        Route::http(
            "push-unsubscribe",
            "DELETE",
            "/api/v1/push/subscriptions",
            Auth::User,
            |p, r| push_unsubscribe(p, r).boxed(),
            OperationDoc::new("realtime", "Stop push notifications to this browser")
                .body(request_schema_of::<PushEndpoint>)
                .no_content("Forgotten"),
        ),
        ws_route("ws-connect", "$connect", |p, r| connect(p, r).boxed()),
        ws_route("ws-disconnect", "$disconnect", |p, r| {
            disconnect(p, r).boxed()
        }),
        ws_route("ws-default", "$default", |p, r| default_frame(p, r).boxed()),
        ws_route("ws-ping", "ping", |p, r| ping(p, r).boxed()),
        ws_route("ws-subscribe", "subscribe", |p, r| subscribe(p, r).boxed()),
        ws_route("ws-typing", "typing", |p, r| typing(p, r).boxed()),
        ws_route("ws-message", "message", |p, r| message(p, r).boxed()),
        ws_route("ws-read", "read", |p, r| read(p, r).boxed()),
    ]
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct Ticket {
    pub ticket: String,
    pub expires_at: DateTime<Utc>,
    /// The WebSocket endpoint; absent when it is the web app's own origin at `/ws`.
    pub url: Option<String>,
    /// The protocol version the server speaks.
    pub protocol: u32,
}

async fn ticket(platform: Arc<Platform>, request: Request) -> Result<Response<Body>, ApiError> {
    let caller = caller(&request)?;
    let (ticket, expires_at) = tickets::issue(&platform, &caller.user_id, &caller.session).await?;
    json(
        StatusCode::OK,
        &Ticket {
            ticket,
            expires_at,
            url: platform.settings.realtime_url.clone(),
            protocol: frames::PROTOCOL_VERSION,
        },
    )
}

/// Tells the contacts of a resident who came online or went offline (unless they hide it).
async fn announce_presence(platform: &Platform, user_id: &str) -> Result<(), ApiError> {
    let Some(user) = directory::load(platform, user_id).await? else {
        return Ok(());
    };
    if !user.show_presence {
        return Ok(());
    }
    let state = presence::of_users(platform, std::slice::from_ref(&user.id))
        .await?
        .remove(&user.id)
        .unwrap_or(presence::Presence::HIDDEN);
    let contacts = conversations::contacts(platform, user_id).await?;
    let f = frame(
        "presence",
        json!({"user_id": user_id, "online": state.online, "last_seen_at": state.last_seen_at}),
    );
    connections::push(platform, &contacts, connections::Reach::All, &f).await?;
    Ok(())
}

async fn connect(platform: Arc<Platform>, request: Request) -> Result<Response<Body>, ApiError> {
    let ctx = ws_context(&request)?;
    let ticket = request
        .query_string_parameters_ref()
        .and_then(|q| q.first("ticket").map(str::to_owned))
        .unwrap_or_default();
    let Some(user_id) = tickets::redeem(&platform, &ticket).await? else {
        tracing::info!(connection_id = %ctx.connection_id, "connection refused: no valid ticket");
        return Err(ApiError::Unauthorized);
    };
    let user = directory::load(&platform, &user_id)
        .await?
        .ok_or(ApiError::Unauthorized)?;
    if user
        .suspended_until
        .is_some_and(|until| until > platform.clock.now())
    {
        return Err(ApiError::AccountSuspended);
    }
    connections::open(
        &platform,
        &ctx.connection_id,
        &user_id,
        ctx.source_ip.as_deref(),
        ctx.user_agent.as_deref(),
    )
    .await?;
    tracing::info!(connection_id = %ctx.connection_id, %user_id, "connection opened");
    if presence::connected(&platform, &user_id).await?
        && let Err(err) = announce_presence(&platform, &user_id).await
    {
        tracing::warn!(%user_id, error = %err, "presence not announced");
    }
    Ok(no_content())
}

async fn disconnect(platform: Arc<Platform>, request: Request) -> Result<Response<Body>, ApiError> {
    let ctx = ws_context(&request)?;
    let owner = connections::close(&platform, &ctx.connection_id).await?;
    tracing::info!(connection_id = %ctx.connection_id, "connection closed");
    if let Some(user_id) = owner
        && presence::disconnected(&platform, &user_id).await?
        && let Err(err) = announce_presence(&platform, &user_id).await
    {
        tracing::warn!(%user_id, error = %err, "presence not announced");
    }
    Ok(no_content())
}

/// Sends a frame to the connection that sent the request.
async fn reply(platform: &Platform, request: &Request, f: &Value) -> Result<(), ApiError> {
    let ctx = ws_context(request)?;
    connections::send(platform, &ctx.connection_id, f).await?;
    Ok(())
}

/// The error frame for a refused frame: the problem's code, a sentence and per-field errors.
fn error_frame(request: &Request, err: &ApiError, id: Option<&Value>) -> Value {
    let problem = err.to_problem(&request_id_of(request));
    let mut f = frames::error(
        &problem.code,
        problem.detail.as_deref().unwrap_or(&problem.title),
        id,
    );
    if !problem.errors.is_empty()
        && let Some(obj) = f.as_object_mut()
    {
        obj.insert("errors".into(), json!(problem.errors));
    }
    if let Some(retry) = problem.retry_after_secs
        && let Some(obj) = f.as_object_mut()
    {
        obj.insert("retry_after_secs".into(), retry.into());
    }
    f
}

/// Runs a frame handler for the connection's resident: parses the frame, finds who holds the
/// connection, and turns every refusal into an error frame (the socket stays open).
async fn serve_frame<F, Fut>(
    platform: Arc<Platform>,
    request: Request,
    handle: F,
) -> Result<Response<Body>, ApiError>
where
    F: FnOnce(Arc<Platform>, String, String, Map<String, Value>) -> Fut,
    Fut: std::future::Future<Output = Result<Option<Value>, FrameError>>,
{
    let ctx = ws_context(&request)?;
    let parsed = frames::parse(request.body().as_ref());
    let outcome = match parsed {
        Err(error) => Some(error),
        Ok(frame_in) => {
            let id = correlation(&frame_in);
            match connections::owner(&platform, &ctx.connection_id).await? {
                None => Some(frames::error(
                    "not_connected",
                    "this connection is not registered; reconnect with a new ticket",
                    id.as_ref(),
                )),
                Some(user_id) => {
                    match handle(
                        platform.clone(),
                        user_id,
                        ctx.connection_id.clone(),
                        frame_in,
                    )
                    .await
                    {
                        Ok(answer) => answer,
                        Err(FrameError::Frame(f)) => Some(f),
                        Err(FrameError::Api(err)) => {
                            if err.is_server_fault() {
                                tracing::error!(error = %err, "frame handler failed");
                            }
                            Some(error_frame(&request, &err, id.as_ref()))
                        }
                    }
                }
            }
        }
    };
    if let Some(answer) = outcome {
        reply(&platform, &request, &answer).await?;
    }
    Ok(no_content())
}

enum FrameError {
    /// A ready error frame (a malformed field).
    Frame(Value),
    Api(ApiError),
}

impl From<ApiError> for FrameError {
    fn from(err: ApiError) -> Self {
        Self::Api(err)
    }
}

impl From<Value> for FrameError {
    fn from(frame: Value) -> Self {
        Self::Frame(frame)
    }
}

async fn default_frame(
    platform: Arc<Platform>,
    request: Request,
) -> Result<Response<Body>, ApiError> {
    let ctx = ws_context(&request)?;
    let answer = match frames::parse(request.body().as_ref()) {
        Err(error) => error,
        Ok(f) => match f.get("type") {
            Some(Value::String(kind)) => frames::error(
                "unknown_type",
                &format!("unknown frame type `{kind}`"),
                correlation(&f).as_ref(),
            ),
            _ => frames::error(
                "invalid_frame",
                "a frame needs a string `type`",
                correlation(&f).as_ref(),
            ),
        },
    };
    connections::send(&platform, &ctx.connection_id, &answer).await?;
    Ok(no_content())
}

async fn ping(platform: Arc<Platform>, request: Request) -> Result<Response<Body>, ApiError> {
    serve_frame(
        platform,
        request,
        |platform, user_id, connection_id, f| async move {
            // A client that pings is alive: its registry entries and presence live on.
            connections::refresh(&platform, &connection_id, &user_id).await?;
            presence::connected(&platform, &user_id).await?;
            Ok(Some(frame(
                "pong",
                json!({"id": correlation(&f), "time": platform.clock.now().to_rfc3339()}),
            )))
        },
    )
    .await
}

/// The conversation a frame names, which the resident must belong to (else `not_found`).
fn conversation_field(f: &Map<String, Value>) -> Result<String, FrameError> {
    Ok(string_field(f, "conversation_id", 64)?.to_owned())
}

async fn subscribe(platform: Arc<Platform>, request: Request) -> Result<Response<Body>, ApiError> {
    serve_frame(
        platform,
        request,
        |platform, user_id, connection_id, f| async move {
            let conversation = match f.get("conversation_id") {
                None | Some(Value::Null) => None,
                Some(_) => {
                    let id = conversation_field(&f)?;
                    conversations::membership(&platform, &id, &user_id).await?;
                    Some(id)
                }
            };
            connections::subscribe(&platform, &connection_id, &user_id, conversation.as_deref())
                .await?;
            Ok(Some(frame(
                "subscribed",
                json!({"id": correlation(&f), "conversation_id": conversation}),
            )))
        },
    )
    .await
}

async fn typing(platform: Arc<Platform>, request: Request) -> Result<Response<Body>, ApiError> {
    serve_frame(
        platform,
        request,
        |platform, user_id, connection_id, f| async move {
            let id = conversation_field(&f)?;
            let (conversation, _) = conversations::membership(&platform, &id, &user_id).await?;
            // Throttled per connection and never stored: a dropped signal is harmless.
            if connections::typing_allowed(&platform, &connection_id, &user_id, TYPING_EVERY_SECS)
                .await?
            {
                delivery::typing(&platform, &conversation, &user_id).await?;
            }
            Ok(None)
        },
    )
    .await
}

async fn message(platform: Arc<Platform>, request: Request) -> Result<Response<Body>, ApiError> {
    serve_frame(
        platform,
        request,
        |platform, user_id, _connection_id, f| async move {
            let id = conversation_field(&f)?;
            let input: SendMessage = serde_json::from_value(json!({
                "text": f.get("text").cloned().unwrap_or(Value::String(String::new())),
                "image_id": f.get("image_id").cloned().unwrap_or(Value::Null),
                "client_id": f.get("client_id").cloned().unwrap_or(Value::Null),
            }))
            .map_err(|_| {
                frames::error(
                    "invalid_frame",
                    "`text`, `image_id` and `client_id` are strings",
                    f.get("id"),
                )
            })?;
            let (view, _) = send_message(&platform, &user_id, &id, input).await?;
            Ok(Some(frame(
                "ack",
                json!({"id": correlation(&f), "message": view}),
            )))
        },
    )
    .await
}

async fn read(platform: Arc<Platform>, request: Request) -> Result<Response<Body>, ApiError> {
    serve_frame(
        platform,
        request,
        |platform, user_id, _connection_id, f| async move {
            let id = conversation_field(&f)?;
            let message_id = string_field(&f, "message_id", 64)?.to_owned();
            read_up_to(&platform, &user_id, &id, &message_id).await?;
            Ok(None)
        },
    )
    .await
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct PushKey {
    /// base64url of the uncompressed P-256 point; `null` when push is off.
    pub public_key: Option<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct PushKeys {
    #[schemars(length(min = 1, max = 200))]
    pub p256dh: String,
    #[schemars(length(min = 1, max = 100))]
    pub auth: String,
}

/// `PushSubscription.toJSON()`; `expirationTime` is accepted and ignored.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct PushSubscriptionInput {
    /// The push service URL (https).
    #[schemars(length(min = 1, max = 2048))]
    pub endpoint: String,
    pub keys: PushKeys,
    #[serde(default, rename = "expirationTime")]
    pub expiration_time: Option<f64>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PushEndpoint {
    #[schemars(length(min = 1, max = 2048))]
    pub endpoint: String,
}

/// A push service URL as a subscription names it; `unsubscribe` accepts any non-empty one (an endpoint
/// the browser gave earlier), `subscribe` also wants an http(s) URL.
fn check_endpoint(endpoint: &str, must_parse: bool) -> Result<(), ApiError> {
    let ok = !endpoint.is_empty()
        && endpoint.len() <= 2048
        && (!must_parse
            || url::Url::parse(endpoint)
                .is_ok_and(|u| matches!(u.scheme(), "https" | "http") && u.host_str().is_some()));
    if ok {
        Ok(())
    } else {
        Err(ApiError::field(
            "body.endpoint",
            "invalid_format",
            "the push service URL of the subscription",
        ))
    }
}

async fn push_key(platform: Arc<Platform>, _request: Request) -> Result<Response<Body>, ApiError> {
    json(
        StatusCode::OK,
        &PushKey {
            public_key: browser_push::public_key(&platform),
        },
    )
}

async fn push_subscribe(
    platform: Arc<Platform>,
    request: Request,
) -> Result<Response<Body>, ApiError> {
    let caller = caller(&request)?;
    let input: PushSubscriptionInput = json_body(&request)?;
    check_endpoint(&input.endpoint, true)?;
    let sub = browser_push::Subscription {
        endpoint: &input.endpoint,
        p256dh: &input.keys.p256dh,
        auth: &input.keys.auth,
    };
    if let Err(field) = browser_push::validate(&sub) {
        return Err(ApiError::field(
            format!("body.{field}"),
            "invalid_format",
            "the key as the browser gave it (base64url)",
        ));
    }
    browser_push::subscribe(&platform, &caller.user_id, &sub, &user_agent(&request)).await?;
    Ok(no_content())
}

async fn push_unsubscribe(
    platform: Arc<Platform>,
    request: Request,
) -> Result<Response<Body>, ApiError> {
    let caller = caller(&request)?;
    let input: PushEndpoint = json_body(&request)?;
    check_endpoint(&input.endpoint, false)?;
    browser_push::unsubscribe(&platform, &caller.user_id, &input.endpoint).await?;
    Ok(no_content())
}
