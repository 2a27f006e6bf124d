//! The local gateway's WebSocket connections, and the `@connections` management API over them.
//!
//! The gateway registers each socket it accepts and forwards what comes out of the returned receiver
//! to the browser. Handlers push through [`ConnectionPush`], either in process (this type) or, in the
//! cloud-shaped local mode, through the real `aws-sdk-apigatewaymanagement` client talking to
//! [`connections_router`], which speaks API Gateway's wire protocol.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use async_trait::async_trait;
use axum::Router;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use bytes::Bytes;
use chrono::{DateTime, SecondsFormat, Utc};
use rouen_ports::{Clock, ConnectionPush, PushError, SystemClock};
use serde::Deserialize;
use tokio::sync::mpsc;
use tokio::sync::mpsc::error::SendTimeoutError;

/// Frames queued for one socket before a push waits for the socket to drain.
const CHANNEL_CAPACITY: usize = 256;

/// How long a push waits for a socket that does not drain: a stuck browser must not stall a handler.
const SEND_TIMEOUT: Duration = Duration::from_secs(5);

/// API Gateway refuses larger messages; so does the local one.
pub const MAX_FRAME_BYTES: usize = 128 * 1024;

/// What the gateway must do on a socket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outbound {
    /// Send this text frame.
    Text(String),
    /// Close the socket (the server disconnected it).
    Close,
}

/// What the management API tells about a connection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConnectionInfo {
    pub connected_at: DateTime<Utc>,
    pub last_active_at: DateTime<Utc>,
    pub source_ip: String,
    pub user_agent: String,
}

struct Entry {
    sender: mpsc::Sender<Outbound>,
    info: ConnectionInfo,
}

/// The registry of open WebSocket connections of the local gateway. Cheap to clone: clones share it.
#[derive(Clone)]
pub struct LocalConnections {
    entries: Arc<Mutex<HashMap<String, Entry>>>,
    clock: Arc<dyn Clock>,
}

impl Default for LocalConnections {
    fn default() -> Self {
        Self::new()
    }
}

impl std::fmt::Debug for LocalConnections {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LocalConnections")
            .field("open", &self.len())
            .finish()
    }
}

impl LocalConnections {
    pub fn new() -> Self {
        Self::with_clock(Arc::new(SystemClock))
    }

    pub fn with_clock(clock: Arc<dyn Clock>) -> Self {
        Self {
            entries: Arc::default(),
            clock,
        }
    }

    fn entries(&self) -> std::sync::MutexGuard<'_, HashMap<String, Entry>> {
        // The map stays consistent whatever panicked while holding it: every change is one insert/remove.
        self.entries.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Registers an accepted socket; the gateway forwards what the receiver yields. Registering an id
    /// again replaces the old registration (its receiver then ends).
    pub fn register(
        &self,
        connection_id: &str,
        source_ip: &str,
        user_agent: &str,
    ) -> mpsc::Receiver<Outbound> {
        let (sender, receiver) = mpsc::channel(CHANNEL_CAPACITY);
        let now = self.clock.now();
        let info = ConnectionInfo {
            connected_at: now,
            last_active_at: now,
            source_ip: source_ip.to_owned(),
            user_agent: user_agent.to_owned(),
        };
        self.entries()
            .insert(connection_id.to_owned(), Entry { sender, info });
        tracing::debug!(connection_id, "connection registered");
        receiver
    }

    /// Forgets a connection (the socket closed on its own); sends nothing.
    pub fn unregister(&self, connection_id: &str) {
        if self.entries().remove(connection_id).is_some() {
            tracing::debug!(connection_id, "connection unregistered");
        }
    }

    pub fn is_open(&self, connection_id: &str) -> bool {
        self.entries()
            .get(connection_id)
            .is_some_and(|e| !e.sender.is_closed())
    }

    /// Records activity from the client (API Gateway's `LastActiveAt` counts both directions).
    pub fn touch(&self, connection_id: &str) {
        let now = self.clock.now();
        if let Some(entry) = self.entries().get_mut(connection_id) {
            entry.info.last_active_at = now;
        }
    }

    pub fn info(&self, connection_id: &str) -> Option<ConnectionInfo> {
        self.entries()
            .get(connection_id)
            .filter(|e| !e.sender.is_closed())
            .map(|e| e.info.clone())
    }

    /// How many connections are registered.
    pub fn len(&self) -> usize {
        self.entries().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Removes the entry only if it still holds this sender: the id may have been registered anew.
    fn remove_if_same(&self, connection_id: &str, sender: &mpsc::Sender<Outbound>) {
        let mut entries = self.entries();
        if entries
            .get(connection_id)
            .is_some_and(|e| e.sender.same_channel(sender))
        {
            entries.remove(connection_id);
        }
    }
}

#[async_trait]
impl ConnectionPush for LocalConnections {
    async fn send(&self, connection_id: &str, frame: &str) -> Result<(), PushError> {
        let now = self.clock.now();
        let sender = {
            let mut entries = self.entries();
            let entry = entries.get_mut(connection_id).ok_or(PushError::Gone)?;
            entry.info.last_active_at = now;
            entry.sender.clone()
        };
        match sender
            .send_timeout(Outbound::Text(frame.to_owned()), SEND_TIMEOUT)
            .await
        {
            Ok(()) => Ok(()),
            Err(SendTimeoutError::Closed(_)) => {
                // The socket task ended without unregistering: clean up for it.
                self.remove_if_same(connection_id, &sender);
                Err(PushError::Gone)
            }
            Err(SendTimeoutError::Timeout(_)) => {
                tracing::warn!(connection_id, "connection not draining its frames");
                Err(PushError::Engine(
                    "the connection is not reading its frames".into(),
                ))
            }
        }
    }

    async fn disconnect(&self, connection_id: &str) -> Result<(), PushError> {
        let removed = self.entries().remove(connection_id);
        if let Some(entry) = removed {
            // Best effort: if the socket is gone or stuck, dropping the sender ends its receiver anyway.
            let _ = entry
                .sender
                .send_timeout(Outbound::Close, SEND_TIMEOUT)
                .await;
            tracing::debug!(connection_id, "connection disconnected by the server");
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------------------
// The API Gateway Management API (`@connections`), restJson1 as the AWS SDK expects it.

#[derive(Debug, Deserialize)]
struct ConnectionPath {
    id: String,
}

const ERROR_TYPE: HeaderName = HeaderName::from_static("x-amzn-errortype");
const REQUEST_ID: HeaderName = HeaderName::from_static("x-amzn-requestid");

/// An error the SDK maps to its typed variant: it reads the code from `x-amzn-errortype`.
fn aws_error(status: StatusCode, error_type: &'static str, message: &str) -> Response {
    let body = serde_json::json!({ "message": message }).to_string();
    let mut response = (status, body).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    headers.insert(ERROR_TYPE, HeaderValue::from_static(error_type));
    response
}

fn gone() -> Response {
    aws_error(StatusCode::GONE, "GoneException", "The connection is gone.")
}

fn with_request_id(mut response: Response) -> Response {
    if let Ok(id) = HeaderValue::from_str(&ulid::Ulid::new().to_string()) {
        response.headers_mut().insert(REQUEST_ID, id);
    }
    response
}

fn timestamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Millis, true)
}

async fn post_to_connection(
    State(conns): State<LocalConnections>,
    Path(path): Path<ConnectionPath>,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let body = match body {
        Ok(body) => body,
        Err(rejection) if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            return with_request_id(aws_error(
                StatusCode::PAYLOAD_TOO_LARGE,
                "PayloadTooLargeException",
                "The message is too large.",
            ));
        }
        Err(_) => {
            return with_request_id(aws_error(
                StatusCode::BAD_REQUEST,
                "BadRequestException",
                "The body could not be read.",
            ));
        }
    };
    // The local gateway only carries text frames, which is all the app sends.
    let Ok(frame) = std::str::from_utf8(&body) else {
        return with_request_id(aws_error(
            StatusCode::BAD_REQUEST,
            "BadRequestException",
            "Only UTF-8 text frames are supported locally.",
        ));
    };
    let response = match conns.send(&path.id, frame).await {
        Ok(()) => StatusCode::OK.into_response(),
        Err(PushError::Gone) => gone(),
        Err(PushError::Engine(error)) => {
            tracing::warn!(connection_id = %path.id, error, "push through @connections failed");
            aws_error(
                StatusCode::INTERNAL_SERVER_ERROR,
                "InternalServerErrorException",
                "The message was not sent.",
            )
        }
    };
    with_request_id(response)
}

async fn get_connection(
    State(conns): State<LocalConnections>,
    Path(path): Path<ConnectionPath>,
) -> Response {
    let response = match conns.info(&path.id) {
        Some(info) => {
            let body = serde_json::json!({
                "connectedAt": timestamp(info.connected_at),
                "identity": { "sourceIp": info.source_ip, "userAgent": info.user_agent },
                "lastActiveAt": timestamp(info.last_active_at),
            });
            (
                StatusCode::OK,
                [(header::CONTENT_TYPE, "application/json")],
                body.to_string(),
            )
                .into_response()
        }
        None => gone(),
    };
    with_request_id(response)
}

async fn delete_connection(
    State(conns): State<LocalConnections>,
    Path(path): Path<ConnectionPath>,
) -> Response {
    // API Gateway answers 410 for a connection already gone; the port's `disconnect` maps that to Ok.
    let response = if conns.is_open(&path.id) {
        match conns.disconnect(&path.id).await {
            Ok(()) => StatusCode::NO_CONTENT.into_response(),
            Err(_) => gone(),
        }
    } else {
        conns.unregister(&path.id);
        gone()
    };
    with_request_id(response)
}

/// `POST|GET|DELETE /@connections/{id}`, also under a stage prefix (`/{stage}/@connections/{id}`) as
/// in the callback URLs of a deployed WebSocket API.
pub fn connections_router(conns: LocalConnections) -> Router {
    // SigV4 `Authorization` headers are ignored: this endpoint only listens on the local machine.
    Router::new()
        .route(
            "/@connections/{id}",
            post(post_to_connection)
                .get(get_connection)
                .delete(delete_connection),
        )
        .route(
            "/{stage}/@connections/{id}",
            post(post_to_connection)
                .get(get_connection)
                .delete(delete_connection),
        )
        .layer(DefaultBodyLimit::max(MAX_FRAME_BYTES))
        .with_state(conns)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn frames_reach_the_receiver_until_disconnect() -> Result<(), PushError> {
        let conns = LocalConnections::new();
        let mut rx = conns.register("c1", "127.0.0.1", "test");
        conns.send("c1", "hello").await?;
        assert_eq!(rx.recv().await, Some(Outbound::Text("hello".into())));
        conns.disconnect("c1").await?;
        assert_eq!(rx.recv().await, Some(Outbound::Close));
        assert!(matches!(
            conns.send("c1", "late").await,
            Err(PushError::Gone)
        ));
        assert!(!conns.is_open("c1"));
        Ok(())
    }

    #[tokio::test]
    async fn a_dropped_receiver_is_gone() {
        let conns = LocalConnections::new();
        drop(conns.register("c2", "127.0.0.1", "test"));
        assert!(!conns.is_open("c2"));
        assert!(matches!(conns.send("c2", "x").await, Err(PushError::Gone)));
        assert!(conns.is_empty());
    }

    #[tokio::test]
    async fn registering_again_replaces() -> Result<(), PushError> {
        let conns = LocalConnections::new();
        let mut old = conns.register("c3", "127.0.0.1", "test");
        let mut new = conns.register("c3", "127.0.0.1", "test");
        assert_eq!(old.recv().await, None);
        conns.send("c3", "to the new one").await?;
        assert_eq!(
            new.recv().await,
            Some(Outbound::Text("to the new one".into()))
        );
        Ok(())
    }
}
