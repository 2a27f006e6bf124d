//! Browser push: delivers an already encrypted Web Push message (RFC 8030/8291, VAPID-signed) to the
//! push service named by a browser subscription. Both runtimes use the same HTTP engine.

use async_trait::async_trait;
use bytes::Bytes;

/// One push message, ready to POST.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PushMessage {
    pub endpoint: String,
    /// `TTL`, `Content-Encoding`, `Authorization` (VAPID)...
    pub headers: Vec<(String, String)>,
    pub body: Bytes,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PushDelivery {
    /// The push service took it (201).
    Accepted,
    /// The subscription is gone or unknown (404, 410): forget it.
    Gone,
    /// Refused for another reason (400 bad VAPID, 413 too large, 429 throttled...).
    Refused(u16),
}

#[derive(Debug, thiserror::Error)]
pub enum BrowserPushError {
    #[error("the endpoint `{0}` is not an allowed push service URL")]
    InvalidEndpoint(String),
    #[error("push service unreachable: {0}")]
    Network(String),
}

#[async_trait]
pub trait BrowserPush: Send + Sync {
    async fn deliver(&self, message: &PushMessage) -> Result<PushDelivery, BrowserPushError>;
}
