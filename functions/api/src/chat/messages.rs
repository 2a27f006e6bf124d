//! Messages: sending (idempotent per client id), editing and deleting one's own, the history newest
//! first or a replay since an id, and read pointers with unread counts.

use super::conversations;
use super::keys;
use super::model::{
    ConversationRecord, LastMessage, MAX_MESSAGE_CHARS, MemberRecord, MessageRecord, MessageView,
    PREVIEW_CHARS,
};
use crate::accounts::model::{from_item, to_item};
use crate::platform::Platform;
use crate::problem::ApiError;
use crate::social::model::StoredPhoto;
use futures::StreamExt;
use rouen_ports::{Condition, Item, Query, SortKeyCondition, StoreError, Update};
use serde_json::Value;
use unicode_segmentation::UnicodeSegmentation;

/// Client ids are remembered this long (a retry after a day is a new message).
const CLIENT_ID_TTL_SECS: i64 = 24 * 3600;
/// Member updates in flight at once when a message lands in a group.
const MEMBER_CONCURRENCY: usize = 16;

/// The text of a message: trimmed, at most 4,000 characters as residents count them.
pub fn clean_text(text: &str, field: &str, may_be_empty: bool) -> Result<String, ApiError> {
    let text = text.trim();
    if text.graphemes(true).count() > MAX_MESSAGE_CHARS {
        return Err(ApiError::field(
            field,
            "too_long",
            format!("a message has at most {MAX_MESSAGE_CHARS} characters"),
        ));
    }
    if text.is_empty() && !may_be_empty {
        return Err(ApiError::field(field, "required", "write something"));
    }
    Ok(text.to_owned())
}

fn preview(message: &MessageRecord) -> LastMessage {
    let text: String = if message.deleted {
        String::new()
    } else {
        message.text.graphemes(true).take(PREVIEW_CHARS).collect()
    };
    LastMessage {
        id: message.id.clone(),
        author_id: message.author_id.clone(),
        preview: text,
        has_image: message.image.is_some() && !message.deleted,
        deleted: message.deleted,
        created_at: message.created_at,
    }
}

fn message_item(message: &MessageRecord) -> Result<Item, ApiError> {
    let mut item = to_item(
        &keys::message(&message.conversation_id, &message.id),
        message,
    )?;
    item.insert(
        "gsi2pk".into(),
        keys::index::messages_by(&message.author_id).into(),
    );
    item.insert("gsi2sk".into(), message.id.clone().into());
    Ok(item)
}

pub async fn load(
    platform: &Platform,
    conversation_id: &str,
    message_id: &str,
) -> Result<Option<MessageRecord>, ApiError> {
    if message_id.is_empty() || message_id.len() > 64 {
        return Ok(None);
    }
    platform
        .store
        .get(&keys::message(conversation_id, message_id))
        .await?
        .map(from_item)
        .transpose()
}

/// What a send produced: the message, and whether it is new (a retried client id gives the first).
pub struct Sent {
    pub message: MessageRecord,
    pub created: bool,
}

/// The message this author already sent with this client id, if any (a retry returns it).
pub async fn sent_with_client_id(
    platform: &Platform,
    conversation_id: &str,
    author: &str,
    client_id: &str,
) -> Result<Option<MessageRecord>, ApiError> {
    let key = keys::client_message(conversation_id, author, client_id);
    let first = platform.store.get(&key).await?.and_then(|i| {
        i.get("message_id")
            .and_then(Value::as_str)
            .map(str::to_owned)
    });
    match first {
        Some(first) => load(platform, conversation_id, &first).await,
        None => Ok(None),
    }
}

/// Stores message `id` (chosen by the caller, which may already have named its photo after it) and
/// updates every member's inbox position and unread count. The caller has checked membership, rules
/// and rate limits.
pub async fn send(
    platform: &Platform,
    conversation: &ConversationRecord,
    id: String,
    author: &str,
    text: String,
    image: Option<StoredPhoto>,
    client_id: Option<String>,
) -> Result<Sent, ApiError> {
    if let Some(client_id) = &client_id {
        let key = keys::client_message(&conversation.id, author, client_id);
        let mut claim = Item::new();
        claim.insert("pk".into(), key.pk.clone().into());
        claim.insert("sk".into(), key.sk.clone().into());
        claim.insert("message_id".into(), id.clone().into());
        claim.insert(
            "expires_at".into(),
            (platform.clock.now_epoch() + CLIENT_ID_TTL_SECS).into(),
        );
        match platform.store.put(claim, Some(Condition::NotExists)).await {
            Ok(()) => {}
            Err(StoreError::ConditionFailed) => {
                return match sent_with_client_id(platform, &conversation.id, author, client_id)
                    .await?
                {
                    Some(message) => Ok(Sent {
                        message,
                        created: false,
                    }),
                    None => Err(ApiError::Conflict("message_in_flight")),
                };
            }
            Err(err) => return Err(err.into()),
        }
    }
    let message = MessageRecord {
        id: id.clone(),
        conversation_id: conversation.id.clone(),
        author_id: author.into(),
        text,
        image,
        created_at: platform.clock.now(),
        edited_at: None,
        deleted: false,
        client_id,
    };
    platform.store.put(message_item(&message)?, None).await?;
    set_last_message(platform, &conversation.id, &message).await?;
    let updates = futures::stream::iter(conversation.member_ids.clone())
        .map(|member| {
            let update = if member == author {
                Update::new()
                    .set("gsi1sk", id.clone())
                    .set("hidden", false)
                    .set("last_read", id.clone())
                    .set("unread", 0)
            } else {
                Update::new()
                    .set("gsi1sk", id.clone())
                    .set("hidden", false)
                    .add("unread", 1)
            };
            let key = keys::member(&conversation.id, &member);
            async move {
                match platform
                    .store
                    .update(&key, &update, Some(Condition::Exists))
                    .await
                {
                    // Left meanwhile: nothing to update.
                    Ok(_) | Err(StoreError::ConditionFailed) => Ok(()),
                    Err(err) => Err(err),
                }
            }
        })
        .buffer_unordered(MEMBER_CONCURRENCY)
        .collect::<Vec<_>>()
        .await;
    for outcome in updates {
        outcome?;
    }
    Ok(Sent {
        message,
        created: true,
    })
}

/// Keeps the conversation's preview on its newest message (a later one may have landed meanwhile).
async fn set_last_message(
    platform: &Platform,
    conversation_id: &str,
    message: &MessageRecord,
) -> Result<(), ApiError> {
    let value = serde_json::to_value(preview(message))
        .map_err(|e| ApiError::Internal(format!("serialising a preview: {e}")))?;
    let current = conversations::load(platform, conversation_id).await?;
    let newer_exists = current
        .and_then(|c| c.last_message)
        .is_some_and(|m| m.id > message.id);
    if !newer_exists {
        platform
            .store
            .update(
                &keys::conversation(conversation_id),
                &Update::new().set("last_message", value),
                Some(Condition::Exists),
            )
            .await?;
    }
    Ok(())
}

/// Replaces the text of one's own message.
pub async fn edit(
    platform: &Platform,
    message: &MessageRecord,
    text: String,
) -> Result<MessageRecord, ApiError> {
    let mut next = message.clone();
    next.text = text;
    next.edited_at = Some(platform.clock.now());
    platform.store.put(message_item(&next)?, None).await?;
    refresh_preview(platform, &next).await?;
    Ok(next)
}

/// Deletes one's own message: a tombstone keeps its place in the history, its content is gone.
pub async fn delete(
    platform: &Platform,
    message: &MessageRecord,
) -> Result<MessageRecord, ApiError> {
    let mut next = message.clone();
    next.text = String::new();
    next.deleted = true;
    let stored_image = next.image.take();
    platform.store.put(message_item(&next)?, None).await?;
    if let Some(image) = stored_image {
        for v in crate::accounts::model::IMAGE_VARIANTS {
            platform.blobs.delete(&image.variant_key(v)).await?;
        }
    }
    refresh_preview(platform, &next).await?;
    Ok(next)
}

async fn refresh_preview(platform: &Platform, message: &MessageRecord) -> Result<(), ApiError> {
    let current = conversations::load(platform, &message.conversation_id).await?;
    if current
        .and_then(|c| c.last_message)
        .is_some_and(|m| m.id == message.id)
    {
        set_last_message(platform, &message.conversation_id, message).await?;
    }
    Ok(())
}

fn visible_range(member: &MemberRecord) -> SortKeyCondition {
    let from = member
        .cleared_before
        .as_deref()
        .map_or(keys::MESSAGE_PREFIX.to_owned(), |c| {
            format!("{}{c}~", keys::MESSAGE_PREFIX)
        });
    SortKeyCondition::Between(from, format!("{}~", keys::MESSAGE_PREFIX))
}

/// One page of the history the member may see, newest first.
pub async fn page(
    platform: &Platform,
    member: &MemberRecord,
    cursor: Option<String>,
    limit: u32,
) -> Result<(Vec<MessageRecord>, Option<String>), ApiError> {
    let page = platform
        .store
        .query(
            &Query::partition(keys::partition(&member.conversation_id))
                .sort(visible_range(member))
                .descending()
                .limit(limit)
                .after(cursor),
        )
        .await?;
    let messages = page
        .items
        .into_iter()
        .map(from_item)
        .collect::<Result<Vec<_>, _>>()?;
    Ok((messages, page.cursor))
}

/// The messages after `since` (oldest first): what a client that was away replays.
pub async fn since(
    platform: &Platform,
    member: &MemberRecord,
    since: &str,
    limit: u32,
) -> Result<(Vec<MessageRecord>, bool), ApiError> {
    let floor = match &member.cleared_before {
        Some(c) if c.as_str() > since => c.clone(),
        _ => since.to_owned(),
    };
    let page = platform
        .store
        .query(
            &Query::partition(keys::partition(&member.conversation_id))
                .sort(SortKeyCondition::Between(
                    format!("{}{floor}~", keys::MESSAGE_PREFIX),
                    format!("{}~", keys::MESSAGE_PREFIX),
                ))
                .limit(limit),
        )
        .await?;
    let more = page.cursor.is_some();
    let messages = page
        .items
        .into_iter()
        .map(from_item)
        .collect::<Result<Vec<_>, _>>()?;
    Ok((messages, more))
}

/// Moves the member's read pointer forward to `message_id`; returns whether it moved.
pub async fn mark_read(
    platform: &Platform,
    conversation: &ConversationRecord,
    member: &MemberRecord,
    message_id: &str,
) -> Result<bool, ApiError> {
    if member
        .last_read
        .as_deref()
        .is_some_and(|read| read >= message_id)
    {
        return Ok(false);
    }
    let newest = conversation.last_message.as_ref().map(|m| m.id.as_str());
    let unread = if newest.is_none_or(|n| n <= message_id) {
        0
    } else {
        // Read up to a message in the middle: count what is left from others (a badge needs ≤ 100).
        let page = platform
            .store
            .query(
                &Query::partition(keys::partition(&conversation.id))
                    .sort(SortKeyCondition::Between(
                        format!("{}{message_id}~", keys::MESSAGE_PREFIX),
                        format!("{}~", keys::MESSAGE_PREFIX),
                    ))
                    .limit(100),
            )
            .await?;
        page.items
            .iter()
            .filter(|i| i.get("author_id").and_then(Value::as_str) != Some(&member.user_id))
            .count() as i64
    };
    platform
        .store
        .update(
            &keys::member(&conversation.id, &member.user_id),
            &Update::new()
                .set("last_read", message_id)
                .set("unread", unread),
            Some(Condition::Exists),
        )
        .await?;
    Ok(true)
}

/// The API view of a message.
pub async fn view(platform: &Platform, message: &MessageRecord) -> Result<MessageView, ApiError> {
    let image = match &message.image {
        Some(p) if !message.deleted => Some(crate::social::render::photo(platform, p).await?),
        _ => None,
    };
    Ok(MessageView {
        id: message.id.clone(),
        conversation_id: message.conversation_id.clone(),
        author_id: message.author_id.clone(),
        text: message.text.clone(),
        image,
        created_at: message.created_at,
        edited_at: message.edited_at,
        deleted: message.deleted,
        client_id: message.client_id.clone(),
    })
}

pub async fn views(
    platform: &Platform,
    messages: &[MessageRecord],
) -> Result<Vec<MessageView>, ApiError> {
    let mut out = Vec::with_capacity(messages.len());
    for m in messages {
        out.push(view(platform, m).await?);
    }
    Ok(out)
}
