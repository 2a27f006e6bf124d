//! Conversations and their members: opening a direct conversation (twice gives the same one),
//! groups of up to 100 with admins, the caller's list by last activity, membership changes, rename,
//! mute, and "delete for me".

use super::keys;
use super::model::{
    ConversationKind, ConversationRecord, ConversationView, MAX_GROUP_MEMBERS, MemberRecord,
    MemberRole, MemberView,
};
use crate::accounts::directory;
use crate::accounts::model::{UserRecord, from_item, to_item};
use crate::platform::Platform;
use crate::problem::ApiError;
use crate::realtime::presence::{self, Presence};
use rouen_ports::{
    Condition, IndexName, Item, Query, SortKeyCondition, StoreError, TransactOp, Update,
};
use serde_json::Value;
use std::collections::HashMap;

/// Members shown per conversation in the list (avatars); the detail shows every member.
const LIST_MEMBERS: usize = 5;
/// Conversations searched and announced to (presence) at most.
const MAX_MEMBERSHIPS: u32 = 500;

pub async fn load(
    platform: &Platform,
    conversation_id: &str,
) -> Result<Option<ConversationRecord>, ApiError> {
    if conversation_id.is_empty() || conversation_id.len() > 64 {
        return Ok(None);
    }
    platform
        .store
        .get(&keys::conversation(conversation_id))
        .await?
        .map(from_item)
        .transpose()
}

/// The caller's membership; anyone else is told the conversation does not exist (404, not 403).
pub async fn membership(
    platform: &Platform,
    conversation_id: &str,
    user_id: &str,
) -> Result<(ConversationRecord, MemberRecord), ApiError> {
    let conversation = load(platform, conversation_id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let member = platform
        .store
        .get(&keys::member(conversation_id, user_id))
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok((conversation, from_item(member)?))
}

/// Every member record of a conversation (at most 100, one page).
pub async fn members(
    platform: &Platform,
    conversation_id: &str,
) -> Result<Vec<MemberRecord>, ApiError> {
    let page = platform
        .store
        .query(
            &Query::partition(keys::partition(conversation_id))
                .sort(SortKeyCondition::BeginsWith(keys::MEMBER_PREFIX.into()))
                .limit(MAX_GROUP_MEMBERS as u32 + 1),
        )
        .await?;
    page.items.into_iter().map(from_item).collect()
}

/// A member item, listed in the member's inbox (gsi1) at `activity` (a message id or the join id).
pub fn member_item(member: &MemberRecord, activity: &str) -> Result<Item, ApiError> {
    let mut item = to_item(
        &keys::member(&member.conversation_id, &member.user_id),
        member,
    )?;
    item.insert("gsi1pk".into(), keys::index::inbox(&member.user_id).into());
    item.insert("gsi1sk".into(), activity.into());
    Ok(item)
}

fn new_member(
    platform: &Platform,
    conversation_id: &str,
    user_id: &str,
    role: MemberRole,
) -> MemberRecord {
    MemberRecord {
        conversation_id: conversation_id.into(),
        user_id: user_id.into(),
        role,
        joined_at: platform.clock.now(),
        last_read: None,
        unread: 0,
        muted: false,
        cleared_before: None,
        hidden: false,
    }
}

/// The direct conversation between the caller and `other`, created if there is none yet; the flag
/// says whether it was created now.
pub async fn open_direct(
    platform: &Platform,
    caller: &str,
    other: &UserRecord,
) -> Result<(ConversationRecord, bool), ApiError> {
    let direct_key = keys::direct(caller, &other.id);
    for _ in 0..2 {
        if let Some(existing) = platform.store.get(&direct_key).await? {
            let id = existing
                .get("conversation_id")
                .and_then(Value::as_str)
                .unwrap_or_default();
            if let Some(conversation) = load(platform, id).await? {
                return Ok((conversation, false));
            }
        }
        let id = platform.ids.new_id();
        let conversation = ConversationRecord {
            id: id.clone(),
            kind: ConversationKind::Direct,
            name: None,
            created_by: caller.into(),
            created_at: platform.clock.now(),
            member_ids: vec![caller.to_owned(), other.id.clone()],
            version: 1,
            last_message: None,
        };
        let mut pointer = Item::new();
        pointer.insert("pk".into(), direct_key.pk.clone().into());
        pointer.insert("sk".into(), direct_key.sk.clone().into());
        pointer.insert("conversation_id".into(), id.clone().into());
        let mut ops = vec![
            TransactOp::Put {
                item: pointer,
                condition: Some(Condition::NotExists),
            },
            TransactOp::Put {
                item: to_item(&keys::conversation(&id), &conversation)?,
                condition: Some(Condition::NotExists),
            },
        ];
        for user in [caller, other.id.as_str()] {
            ops.push(TransactOp::Put {
                item: member_item(&new_member(platform, &id, user, MemberRole::Admin), &id)?,
                condition: None,
            });
        }
        match platform.store.transact_write(ops).await {
            Ok(()) => return Ok((conversation, true)),
            // Both residents opened it at once: the other request won; read its conversation.
            Err(StoreError::ConditionFailed) => continue,
            Err(err) => return Err(err.into()),
        }
    }
    Err(ApiError::Conflict("conversation_busy"))
}

/// A new group; the creator is its admin.
pub async fn create_group(
    platform: &Platform,
    caller: &str,
    name: Option<String>,
    others: &[UserRecord],
) -> Result<ConversationRecord, ApiError> {
    let id = platform.ids.new_id();
    let mut member_ids = vec![caller.to_owned()];
    member_ids.extend(others.iter().map(|u| u.id.clone()));
    let conversation = ConversationRecord {
        id: id.clone(),
        kind: ConversationKind::Group,
        name,
        created_by: caller.into(),
        created_at: platform.clock.now(),
        member_ids: member_ids.clone(),
        version: 1,
        last_message: None,
    };
    // The conversation and its creator first; the others in transactions of 25.
    platform
        .store
        .transact_write(vec![
            TransactOp::Put {
                item: to_item(&keys::conversation(&id), &conversation)?,
                condition: Some(Condition::NotExists),
            },
            TransactOp::Put {
                item: member_item(&new_member(platform, &id, caller, MemberRole::Admin), &id)?,
                condition: None,
            },
        ])
        .await?;
    let items = others
        .iter()
        .map(|u| member_item(&new_member(platform, &id, &u.id, MemberRole::Member), &id))
        .collect::<Result<Vec<_>, _>>()?;
    for chunk in items.chunks(rouen_ports::item_store::MAX_TRANSACTION_OPS) {
        let ops = chunk
            .iter()
            .map(|item| TransactOp::Put {
                item: item.clone(),
                condition: None,
            })
            .collect();
        platform.store.transact_write(ops).await?;
    }
    Ok(conversation)
}

/// Replaces the conversation's member list, if nobody changed it meanwhile.
async fn save_members(
    platform: &Platform,
    conversation: &ConversationRecord,
    member_ids: Vec<String>,
) -> Result<ConversationRecord, ApiError> {
    let mut next = conversation.clone();
    next.member_ids = member_ids;
    next.version = conversation.version + 1;
    match platform
        .store
        .put(
            to_item(&keys::conversation(&conversation.id), &next)?,
            Some(Condition::Equals(
                "version".into(),
                conversation.version.into(),
            )),
        )
        .await
    {
        Ok(()) => Ok(next),
        Err(StoreError::ConditionFailed) => Err(ApiError::Conflict("conversation_changed")),
        Err(err) => Err(err.into()),
    }
}

/// Adds residents to a group (already-members are skipped); returns the conversation as it is now.
pub async fn add_members(
    platform: &Platform,
    conversation: &ConversationRecord,
    users: &[UserRecord],
) -> Result<(ConversationRecord, Vec<String>), ApiError> {
    let mut member_ids = conversation.member_ids.clone();
    let mut added = Vec::new();
    for user in users {
        if !member_ids.contains(&user.id) {
            member_ids.push(user.id.clone());
            added.push(user.id.clone());
        }
    }
    if member_ids.len() > MAX_GROUP_MEMBERS {
        return Err(ApiError::field(
            "body.members",
            "too_many",
            format!("a group has at most {MAX_GROUP_MEMBERS} members"),
        ));
    }
    if added.is_empty() {
        return Ok((conversation.clone(), added));
    }
    let next = save_members(platform, conversation, member_ids).await?;
    let activity = conversation
        .last_message
        .as_ref()
        .map_or(conversation.id.clone(), |m| m.id.clone());
    for user in &added {
        let mut member = new_member(platform, &conversation.id, user, MemberRole::Member);
        // New members do not read what was said before they joined.
        member.cleared_before = conversation.last_message.as_ref().map(|m| m.id.clone());
        platform
            .store
            .put(member_item(&member, &activity)?, None)
            .await?;
    }
    Ok((next, added))
}

/// Takes a resident out of a group (they left or an admin removed them). The oldest remaining member
/// becomes admin when the last admin goes; a group nobody is left in is deleted.
pub async fn remove_member(
    platform: &Platform,
    conversation: &ConversationRecord,
    user_id: &str,
) -> Result<ConversationRecord, ApiError> {
    let remaining: Vec<String> = conversation
        .member_ids
        .iter()
        .filter(|m| *m != user_id)
        .cloned()
        .collect();
    let next = save_members(platform, conversation, remaining.clone()).await?;
    platform
        .store
        .delete(&keys::member(&conversation.id, user_id), None)
        .await?;
    if remaining.is_empty() {
        platform
            .store
            .delete(&keys::conversation(&conversation.id), None)
            .await?;
        return Ok(next);
    }
    let mut others = members(platform, &conversation.id).await?;
    if !others.iter().any(|m| m.role == MemberRole::Admin) {
        others.sort_by_key(|m| m.joined_at);
        if let Some(heir) = others.first() {
            platform
                .store
                .update(
                    &keys::member(&conversation.id, &heir.user_id),
                    &Update::new().set("role", "admin"),
                    Some(Condition::Exists),
                )
                .await?;
        }
    }
    Ok(next)
}

pub async fn rename(
    platform: &Platform,
    conversation_id: &str,
    name: Option<&str>,
) -> Result<(), ApiError> {
    let update = match name {
        Some(n) => Update::new().set("name", n),
        None => Update::new().set("name", Value::Null),
    };
    platform
        .store
        .update(
            &keys::conversation(conversation_id),
            &update,
            Some(Condition::Exists),
        )
        .await?;
    Ok(())
}

pub async fn set_muted(
    platform: &Platform,
    conversation_id: &str,
    user_id: &str,
    muted: bool,
) -> Result<(), ApiError> {
    platform
        .store
        .update(
            &keys::member(conversation_id, user_id),
            &Update::new().set("muted", muted),
            Some(Condition::Exists),
        )
        .await?;
    Ok(())
}

/// "Delete for me": hides the history so far and the conversation itself until a new message.
pub async fn clear_for(
    platform: &Platform,
    conversation: &ConversationRecord,
    user_id: &str,
) -> Result<(), ApiError> {
    let mut update = Update::new().set("hidden", true).set("unread", 0);
    if let Some(last) = &conversation.last_message {
        update = update
            .set("cleared_before", last.id.clone())
            .set("last_read", last.id.clone());
    }
    platform
        .store
        .update(
            &keys::member(&conversation.id, user_id),
            &update,
            Some(Condition::Exists),
        )
        .await?;
    Ok(())
}

/// One page of the caller's conversations, most recent activity first (hidden ones skipped).
pub async fn inbox(
    platform: &Platform,
    user_id: &str,
    cursor: Option<String>,
    limit: u32,
) -> Result<(Vec<MemberRecord>, Option<String>), ApiError> {
    let page = platform
        .store
        .query(
            &Query::partition(keys::index::inbox(user_id))
                .on_index(IndexName::Gsi1)
                .descending()
                .limit(limit)
                .after(cursor),
        )
        .await?;
    let members = page
        .items
        .into_iter()
        .map(from_item::<MemberRecord>)
        .collect::<Result<Vec<_>, _>>()?
        .into_iter()
        .filter(|m| !m.hidden)
        .collect();
    Ok((members, page.cursor))
}

/// The ids of the caller's conversations (most recent first), hidden ones included.
pub async fn memberships(platform: &Platform, user_id: &str) -> Result<Vec<String>, ApiError> {
    let mut out = Vec::new();
    let mut cursor = None;
    loop {
        let page = platform
            .store
            .query(
                &Query::partition(keys::index::inbox(user_id))
                    .on_index(IndexName::Gsi1)
                    .descending()
                    .limit(100)
                    .after(cursor),
            )
            .await?;
        out.extend(page.items.iter().filter_map(|i| {
            i.get("conversation_id")
                .and_then(Value::as_str)
                .map(str::to_owned)
        }));
        cursor = page.cursor;
        if cursor.is_none() || out.len() >= MAX_MEMBERSHIPS as usize {
            return Ok(out);
        }
    }
}

pub async fn load_many(
    platform: &Platform,
    ids: &[String],
) -> Result<HashMap<String, ConversationRecord>, ApiError> {
    let mut out = HashMap::new();
    for chunk in ids.chunks(rouen_ports::item_store::MAX_BATCH_GET_KEYS) {
        let keys: Vec<_> = chunk.iter().map(|id| keys::conversation(id)).collect();
        for item in platform.store.batch_get(&keys).await? {
            let c: ConversationRecord = from_item(item)?;
            out.insert(c.id.clone(), c);
        }
    }
    Ok(out)
}

/// The residents who share a recent conversation with this one (presence is announced to them).
pub async fn contacts(platform: &Platform, user_id: &str) -> Result<Vec<String>, ApiError> {
    let ids: Vec<String> = memberships(platform, user_id)
        .await?
        .into_iter()
        .take(50)
        .collect();
    let mut out: Vec<String> = Vec::new();
    for conversation in load_many(platform, &ids).await?.values() {
        for m in &conversation.member_ids {
            if m != user_id && !out.contains(m) {
                out.push(m.clone());
            }
        }
    }
    Ok(out)
}

/// Residents' profile summaries and presence as others may see it.
pub struct People {
    pub users: HashMap<String, UserRecord>,
    pub summaries: HashMap<String, crate::accounts::model::ProfileSummary>,
    pub presence: HashMap<String, Presence>,
}

impl People {
    pub async fn load(platform: &Platform, ids: &[String]) -> Result<Self, ApiError> {
        let mut unique: Vec<String> = Vec::new();
        for id in ids {
            if !unique.contains(id) {
                unique.push(id.clone());
            }
        }
        let users: HashMap<String, UserRecord> = directory::load_many(platform, &unique)
            .await?
            .into_iter()
            .map(|u| (u.id.clone(), u))
            .collect();
        let mut summaries = HashMap::new();
        for user in users.values() {
            summaries.insert(user.id.clone(), directory::summary(platform, user).await?);
        }
        let visible: Vec<String> = users
            .values()
            .filter(|u| u.show_presence)
            .map(|u| u.id.clone())
            .collect();
        let presence = presence::of_users(platform, &visible).await?;
        Ok(Self {
            users,
            summaries,
            presence,
        })
    }

    fn member_view(
        &self,
        user_id: &str,
        role: MemberRole,
        last_read: Option<String>,
    ) -> Option<MemberView> {
        Some(MemberView {
            user: self.summaries.get(user_id)?.clone(),
            role,
            presence: self
                .presence
                .get(user_id)
                .cloned()
                .unwrap_or(Presence::HIDDEN),
            last_read,
        })
    }
}

/// The view of a conversation for one member. With `all_members`, every member with their role and
/// read pointer; otherwise up to five, the caller last.
pub fn view(
    conversation: &ConversationRecord,
    me: &MemberRecord,
    people: &People,
    members: Option<&[MemberRecord]>,
) -> ConversationView {
    let member_views: Vec<MemberView> = match members {
        Some(all) => all
            .iter()
            .filter_map(|m| people.member_view(&m.user_id, m.role, m.last_read.clone()))
            .collect(),
        None => {
            let mut ids: Vec<&String> = conversation
                .member_ids
                .iter()
                .filter(|m| **m != me.user_id)
                .take(LIST_MEMBERS - 1)
                .collect();
            ids.push(&me.user_id);
            ids.into_iter()
                .filter_map(|m| people.member_view(m, MemberRole::Member, None))
                .collect()
        }
    };
    ConversationView {
        id: conversation.id.clone(),
        kind: conversation.kind,
        name: conversation.name.clone(),
        members: member_views,
        member_count: conversation.member_ids.len() as i64,
        last_message: conversation.last_message.clone().filter(|m| {
            me.cleared_before
                .as_deref()
                .is_none_or(|c| m.id.as_str() > c)
        }),
        unread: me.unread.max(0),
        muted: me.muted,
        my_role: me.role,
        last_read: me.last_read.clone(),
        created_at: conversation.created_at,
    }
}
