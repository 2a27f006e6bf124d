//! A resident's chat data under the GDPR: what the export contains and what erasure removes. Their
//! messages become tombstones (others' histories keep their order, the words and photos are gone),
//! they leave every group, their direct conversations stay with the other member, and their
//! connections and presence are forgotten.

use super::conversations;
use super::keys;
use super::model::{ConversationKind, MessageRecord};
use crate::accounts::model::{IMAGE_VARIANTS, from_item, to_item};
use crate::platform::Platform;
use crate::problem::ApiError;
use crate::realtime::{connections, presence};
use crate::storage::drain;
use rouen_ports::{IndexName, Query};
use serde_json::Value;

pub async fn erase(platform: &Platform, user_id: &str) -> Result<(), ApiError> {
    let written = drain(
        platform,
        Query::partition(keys::index::messages_by(user_id)).on_index(IndexName::Gsi2),
    )
    .await?;
    let mut search_ids = Vec::new();
    for item in written {
        let mut message: MessageRecord = from_item(item)?;
        search_ids.push(keys::search_id(&message.conversation_id, &message.id));
        if let Some(image) = message.image.take() {
            for v in IMAGE_VARIANTS {
                platform.blobs.delete(&image.variant_key(v)).await?;
            }
        }
        message.text = String::new();
        message.deleted = true;
        message.client_id = None;
        // Written without the gsi2 entry: the tombstone no longer names its author's index.
        let tombstone = to_item(
            &keys::message(&message.conversation_id, &message.id),
            &message,
        )?;
        platform.store.put(tombstone, None).await?;
    }
    for chunk in search_ids.chunks(100) {
        platform.search.delete(chunk).await?;
    }

    let memberships = drain(
        platform,
        Query::partition(keys::index::inbox(user_id)).on_index(IndexName::Gsi1),
    )
    .await?;
    for item in memberships {
        let Some(conversation_id) = item.get("conversation_id").and_then(Value::as_str) else {
            continue;
        };
        match conversations::load(platform, conversation_id).await? {
            Some(c) if c.kind == ConversationKind::Group => {
                // A concurrent membership change makes the first try conflict: reload once.
                if conversations::remove_member(platform, &c, user_id)
                    .await
                    .is_err()
                    && let Some(fresh) = conversations::load(platform, conversation_id).await?
                {
                    conversations::remove_member(platform, &fresh, user_id).await?;
                }
            }
            _ => {
                platform
                    .store
                    .delete(&keys::member(conversation_id, user_id), None)
                    .await?;
            }
        }
    }

    for c in connections::of_user(platform, user_id).await? {
        connections::close(platform, &c.id).await?;
        platform.push.disconnect(&c.id).await?;
    }
    presence::forget(platform, user_id).await
}

/// The resident's conversations (id, kind, name, role, joined) and their own messages.
pub async fn export(
    platform: &Platform,
    user_id: &str,
) -> Result<(Vec<Value>, Vec<Value>), ApiError> {
    let memberships = drain(
        platform,
        Query::partition(keys::index::inbox(user_id)).on_index(IndexName::Gsi1),
    )
    .await?;
    let ids: Vec<String> = memberships
        .iter()
        .filter_map(|m| {
            m.get("conversation_id")
                .and_then(Value::as_str)
                .map(str::to_owned)
        })
        .collect();
    let records = conversations::load_many(platform, &ids).await?;
    let conversations = memberships
        .iter()
        .filter_map(|m| {
            let id = m.get("conversation_id").and_then(Value::as_str)?;
            let c = records.get(id)?;
            Some(serde_json::json!({
                "id": id,
                "kind": c.kind,
                "name": c.name,
                "role": m.get("role"),
                "joined_at": m.get("joined_at"),
                "muted": m.get("muted"),
            }))
        })
        .collect();
    let messages = drain(
        platform,
        Query::partition(keys::index::messages_by(user_id)).on_index(IndexName::Gsi2),
    )
    .await?
    .into_iter()
    .filter_map(|item| from_item::<MessageRecord>(item).ok())
    .filter(|m| !m.deleted)
    .map(|m| {
        serde_json::json!({
            "id": m.id,
            "conversation_id": m.conversation_id,
            "text": m.text,
            "has_image": m.image.is_some(),
            "created_at": m.created_at,
            "edited_at": m.edited_at,
        })
    })
    .collect();
    Ok((conversations, messages))
}
