//! What chat changes push to members' open connections, and the notifications of members who are
//! not looking at the conversation. Pushes are best effort: a client that missed one resyncs over
//! HTTP (docs/realtime.md).

use super::model::{ConversationRecord, MemberRecord, MessageView};
use crate::platform::Platform;
use crate::problem::ApiError;
use crate::realtime::connections::{self, Reach};
use crate::realtime::frames::frame;
use crate::social::notifications::{self, Kind};
use futures::StreamExt;
use serde_json::json;

/// A new message: every member's connections get it; members without a connection on this
/// conversation are notified, unless they muted it.
pub async fn message_created(
    platform: &Platform,
    conversation: &ConversationRecord,
    members: &[MemberRecord],
    message: &MessageView,
) -> Result<(), ApiError> {
    let f = frame(
        "message",
        json!({"conversation_id": conversation.id, "message": message}),
    );
    let lookups = futures::stream::iter(conversation.member_ids.clone())
        .map(|m| async move {
            let found = connections::of_user(platform, &m).await;
            (m, found)
        })
        .buffer_unordered(16)
        .collect::<Vec<_>>()
        .await;
    let mut offline = Vec::new();
    for (member, found) in lookups {
        let conns = found?;
        let viewing = conns
            .iter()
            .any(|c| c.conversation.as_deref() == Some(conversation.id.as_str()));
        for c in &conns {
            if let Err(err) = connections::send(platform, &c.id, &f).await {
                tracing::warn!(connection_id = %c.id, error = %err, "message push failed");
            }
        }
        if !viewing && member != message.author_id {
            offline.push(member);
        }
    }
    for member in offline {
        let muted = members.iter().any(|m| m.user_id == member && m.muted);
        if !muted {
            notifications::send_about_conversation(
                platform,
                &member,
                Kind::Message,
                &message.author_id,
                &conversation.id,
            )
            .await?;
        }
    }
    Ok(())
}

/// An edited or deleted message.
pub async fn message_changed(
    platform: &Platform,
    conversation: &ConversationRecord,
    kind: &str,
    message: &MessageView,
) -> Result<(), ApiError> {
    let f = frame(
        kind,
        json!({"conversation_id": conversation.id, "message": message}),
    );
    connections::push(platform, &conversation.member_ids, Reach::All, &f).await?;
    Ok(())
}

/// A member read up to a message: the read ticks of the others (and the member's other tabs).
pub async fn read_receipt(
    platform: &Platform,
    conversation: &ConversationRecord,
    user_id: &str,
    message_id: &str,
) -> Result<(), ApiError> {
    let f = frame(
        "read",
        json!({"conversation_id": conversation.id, "user_id": user_id, "message_id": message_id}),
    );
    connections::push(platform, &conversation.member_ids, Reach::All, &f).await?;
    Ok(())
}

/// A member is typing: shown to the other members who have the conversation open.
pub async fn typing(
    platform: &Platform,
    conversation: &ConversationRecord,
    user_id: &str,
) -> Result<(), ApiError> {
    let others: Vec<String> = conversation
        .member_ids
        .iter()
        .filter(|m| *m != user_id)
        .cloned()
        .collect();
    let f = frame(
        "typing",
        json!({"conversation_id": conversation.id, "user_id": user_id}),
    );
    connections::push(platform, &others, Reach::Viewing(&conversation.id), &f).await?;
    Ok(())
}

/// The conversation itself changed (members, name, created): clients refetch it.
pub async fn conversation_changed(
    platform: &Platform,
    recipients: &[String],
    conversation_id: &str,
    change: &str,
) -> Result<(), ApiError> {
    let f = frame(
        "conversation",
        json!({"conversation_id": conversation_id, "change": change}),
    );
    connections::push(platform, recipients, Reach::All, &f).await?;
    Ok(())
}
