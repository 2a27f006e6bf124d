//! Stored chat records and the views the API shows.

use crate::accounts::model::ProfileSummary;
use crate::realtime::presence::Presence;
use crate::social::model::{Photo, StoredPhoto};
use chrono::{DateTime, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub const MAX_GROUP_MEMBERS: usize = 100;
pub const MAX_MESSAGE_CHARS: usize = 4_000;
pub const MAX_NAME_CHARS: usize = 80;
/// Characters of the last message shown in the conversation list.
pub const PREVIEW_CHARS: usize = 140;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ConversationKind {
    Direct,
    Group,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Default)]
#[serde(rename_all = "snake_case")]
pub enum MemberRole {
    Admin,
    #[default]
    Member,
}

/// The newest message, kept on the conversation for the list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct LastMessage {
    pub id: String,
    pub author_id: String,
    /// The start of its text.
    pub preview: String,
    pub has_image: bool,
    pub deleted: bool,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConversationRecord {
    pub id: String,
    pub kind: ConversationKind,
    #[serde(default)]
    pub name: Option<String>,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
    /// Every member (at most 100), so a page of conversations needs no query per conversation.
    #[serde(default)]
    pub member_ids: Vec<String>,
    /// Bumped by every membership change: concurrent changes retry instead of losing one.
    #[serde(default)]
    pub version: i64,
    #[serde(default)]
    pub last_message: Option<LastMessage>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberRecord {
    pub conversation_id: String,
    pub user_id: String,
    #[serde(default)]
    pub role: MemberRole,
    pub joined_at: DateTime<Utc>,
    /// The newest message this member has read.
    #[serde(default)]
    pub last_read: Option<String>,
    /// Messages from others since `last_read` (counted as they arrive).
    #[serde(default)]
    pub unread: i64,
    #[serde(default)]
    pub muted: bool,
    /// "Delete for me": messages up to this id are hidden from this member.
    #[serde(default)]
    pub cleared_before: Option<String>,
    /// Hidden from the member's list until a new message arrives (delete for me).
    #[serde(default)]
    pub hidden: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageRecord {
    pub id: String,
    pub conversation_id: String,
    pub author_id: String,
    pub text: String,
    #[serde(default)]
    pub image: Option<StoredPhoto>,
    pub created_at: DateTime<Utc>,
    #[serde(default)]
    pub edited_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub deleted: bool,
    #[serde(default)]
    pub client_id: Option<String>,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct MessageView {
    pub id: String,
    pub conversation_id: String,
    pub author_id: String,
    /// Empty once deleted.
    pub text: String,
    pub image: Option<Photo>,
    pub created_at: DateTime<Utc>,
    pub edited_at: Option<DateTime<Utc>>,
    pub deleted: bool,
    /// The id the sending client gave it, so that client can match its optimistic copy.
    pub client_id: Option<String>,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct MemberView {
    pub user: ProfileSummary,
    pub role: MemberRole,
    /// Online and last seen, unless the resident hides their presence.
    pub presence: Presence,
    /// The newest message they have read (read receipts).
    pub last_read: Option<String>,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct ConversationView {
    pub id: String,
    pub kind: ConversationKind,
    /// A group's name; direct conversations have none (show the other member).
    pub name: Option<String>,
    /// Every member in the detail; in lists, up to five (the others first).
    pub members: Vec<MemberView>,
    pub member_count: i64,
    pub last_message: Option<LastMessage>,
    /// Unread messages for the caller.
    pub unread: i64,
    pub muted: bool,
    pub my_role: MemberRole,
    pub last_read: Option<String>,
    pub created_at: DateTime<Utc>,
}
