//! Message search, over the caller's own conversations only: the search index filters on the
//! conversation (the document's category) among the caller's memberships, and what it finds is
//! checked again against the history the caller may see.

use super::conversations;
use super::keys;
use super::model::{MemberRecord, MessageRecord};
use crate::accounts::model::from_item;
use crate::handlers::jobs::{Job, enqueue};
use crate::platform::Platform;
use crate::problem::ApiError;
use rouen_ports::{Key, SearchDoc, SearchQuery};
use std::collections::HashMap;

fn doc(message: &MessageRecord) -> SearchDoc {
    SearchDoc {
        id: keys::search_id(&message.conversation_id, &message.id),
        kind: "message".into(),
        title: String::new(),
        body: message.text.clone(),
        lang: "fr".into(),
        category: Some(message.conversation_id.clone()),
        tags: Vec::new(),
        date: Some(message.created_at),
        geo: None,
    }
}

/// Asks the jobs worker to bring a message's search document in line with it.
pub async fn reindex(platform: &Platform, message: &MessageRecord) -> Result<(), ApiError> {
    enqueue(
        platform,
        &[Job::IndexMessage {
            conversation_id: message.conversation_id.clone(),
            message_id: message.id.clone(),
        }],
    )
    .await
}

/// The jobs worker's part: index the message as stored now, or remove it when it is gone, deleted
/// or empty.
pub async fn sync(
    platform: &Platform,
    conversation_id: &str,
    message_id: &str,
) -> Result<(), ApiError> {
    match super::messages::load(platform, conversation_id, message_id).await? {
        Some(message) if !message.deleted && !message.text.is_empty() => {
            platform.search.index(vec![doc(&message)]).await?;
        }
        _ => {
            platform
                .search
                .delete(&[keys::search_id(conversation_id, message_id)])
                .await?;
        }
    }
    Ok(())
}

/// The caller's messages matching `text`, best first.
pub async fn search(
    platform: &Platform,
    user_id: &str,
    text: &str,
    limit: u32,
) -> Result<Vec<MessageRecord>, ApiError> {
    let conversations = conversations::memberships(platform, user_id).await?;
    if conversations.is_empty() {
        return Ok(Vec::new());
    }
    let results = platform
        .search
        .search(&SearchQuery {
            text: text.into(),
            kinds: vec!["message".into()],
            categories: conversations.clone(),
            limit,
            ..SearchQuery::default()
        })
        .await?;
    let ids: Vec<(String, String)> = results
        .hits
        .iter()
        .filter_map(|h| keys::parse_search_id(&h.id))
        .filter(|(c, _)| conversations.iter().any(|mine| mine == c))
        .map(|(c, m)| (c.to_owned(), m.to_owned()))
        .collect();
    let member_keys: Vec<Key> = {
        let mut seen: Vec<&String> = Vec::new();
        for (c, _) in &ids {
            if !seen.contains(&c) {
                seen.push(c);
            }
        }
        seen.into_iter().map(|c| keys::member(c, user_id)).collect()
    };
    let mut members: HashMap<String, MemberRecord> = HashMap::new();
    for chunk in member_keys.chunks(rouen_ports::item_store::MAX_BATCH_GET_KEYS) {
        for item in platform.store.batch_get(chunk).await? {
            let m: MemberRecord = from_item(item)?;
            members.insert(m.conversation_id.clone(), m);
        }
    }
    let message_keys: Vec<Key> = ids.iter().map(|(c, m)| keys::message(c, m)).collect();
    let mut found: HashMap<String, MessageRecord> = HashMap::new();
    for chunk in message_keys.chunks(rouen_ports::item_store::MAX_BATCH_GET_KEYS) {
        for item in platform.store.batch_get(chunk).await? {
            let m: MessageRecord = from_item(item)?;
            found.insert(m.id.clone(), m);
        }
    }
    Ok(ids
        .iter()
        .filter_map(|(c, m)| {
            let message = found.remove(m)?;
            let member = members.get(c)?;
            let visible = !message.deleted
                && member
                    .cleared_before
                    .as_deref()
                    .is_none_or(|cleared| message.id.as_str() > cleared);
            visible.then_some(message)
        })
        .collect())
}
