//! Queue: at-least-once delivery with visibility timeouts, partial acknowledgement and a dead-letter
//! queue after a number of receives (SQS semantics).

use async_trait::async_trait;
use std::time::Duration;

/// Most messages per send or receive batch (SQS's own limit).
pub const MAX_BATCH: usize = 10;
/// Largest message body (SQS's own limit).
pub const MAX_BODY_BYTES: usize = 256 * 1024;

/// How a queue is declared: its name and, optionally, where messages go after too many receives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueueSpec {
    pub name: String,
    /// `(dead-letter queue name, max receives)`: a message received this many times without being
    /// deleted moves to the dead-letter queue instead of being delivered again.
    pub dead_letter: Option<(String, u32)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueueMessage {
    /// Stable across deliveries of the same message.
    pub id: String,
    /// Valid for this delivery only; needed to delete (acknowledge) it.
    pub receipt: String,
    pub body: String,
    /// 1 on the first delivery.
    pub receive_count: u32,
}

#[derive(Debug, thiserror::Error)]
pub enum QueueError {
    #[error("no queue named `{0}`")]
    UnknownQueue(String),
    #[error("invalid queue request: {0}")]
    InvalidRequest(String),
    #[error("queue engine failure: {0}")]
    Engine(String),
}

impl QueueError {
    pub fn engine(err: impl std::fmt::Display) -> Self {
        Self::Engine(err.to_string())
    }
}

pub fn validate_batch(bodies: &[String]) -> Result<(), QueueError> {
    if bodies.is_empty() || bodies.len() > MAX_BATCH {
        return Err(QueueError::InvalidRequest(format!(
            "a batch holds 1 to {MAX_BATCH} messages"
        )));
    }
    if let Some(big) = bodies
        .iter()
        .find(|b| b.len() > MAX_BODY_BYTES || b.is_empty())
    {
        return Err(QueueError::InvalidRequest(format!(
            "a message body holds 1 to {MAX_BODY_BYTES} bytes, not {}",
            big.len()
        )));
    }
    Ok(())
}

#[async_trait]
pub trait QueuePort: Send + Sync {
    /// Sends up to 10 messages.
    async fn send_batch(&self, queue: &str, bodies: &[String]) -> Result<(), QueueError>;

    /// Receives up to `max` (≤ 10) visible messages, hiding them for `visibility`; waits up to `wait`
    /// for at least one. A message not deleted before its visibility ends is delivered again.
    async fn receive(
        &self,
        queue: &str,
        max: u32,
        visibility: Duration,
        wait: Duration,
    ) -> Result<Vec<QueueMessage>, QueueError>;

    /// Acknowledges a delivery. A stale receipt (the message was delivered again since) is ignored.
    async fn delete(&self, queue: &str, receipt: &str) -> Result<(), QueueError>;

    /// How many messages are waiting (visible or in flight); approximate in SQS.
    async fn depth(&self, queue: &str) -> Result<u64, QueueError>;

    async fn ping(&self) -> Result<(), QueueError>;
}
