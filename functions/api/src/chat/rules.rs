//! Who may message whom. A block either way stops messages; the recipient's "who may message me"
//! setting decides the rest (followers: residents who follow them).

use crate::accounts::graph;
use crate::accounts::model::{UserRecord, WhoCanMessage};
use crate::platform::Platform;
use crate::problem::ApiError;

/// Refuses when `sender` may not start a conversation with, or write to, `recipient`.
pub async fn ensure_may_message(
    platform: &Platform,
    sender: &str,
    recipient: &UserRecord,
) -> Result<(), ApiError> {
    if graph::blocked_either_way(platform, sender, &recipient.id).await? {
        return Err(ApiError::MessagingNotAllowed);
    }
    let allowed = match recipient.who_can_message {
        WhoCanMessage::Everyone => true,
        WhoCanMessage::Followers => graph::follows(platform, sender, &recipient.id).await?,
        WhoCanMessage::Nobody => false,
    };
    if allowed {
        Ok(())
    } else {
        Err(ApiError::MessagingNotAllowed)
    }
}
