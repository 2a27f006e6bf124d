//! Connection push: sends a frame to a WebSocket connection held by the gateway.

use async_trait::async_trait;

#[derive(Debug, thiserror::Error)]
pub enum PushError {
    /// The connection is closed: the caller should forget it.
    #[error("the connection is gone")]
    Gone,
    #[error("push engine failure: {0}")]
    Engine(String),
}

impl PushError {
    pub fn engine(err: impl std::fmt::Display) -> Self {
        Self::Engine(err.to_string())
    }
}

#[async_trait]
pub trait ConnectionPush: Send + Sync {
    /// Sends one text frame.
    async fn send(&self, connection_id: &str, frame: &str) -> Result<(), PushError>;

    /// Closes a connection from the server side; a gone connection is not an error.
    async fn disconnect(&self, connection_id: &str) -> Result<(), PushError>;
}
