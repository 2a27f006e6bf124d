//! Posts and comments as stored, and as the API shows them.

use crate::accounts::model::{ImageUrls, ProfileSummary};
use chrono::{DateTime, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub const MAX_POST_LENGTH: usize = 2000;
pub const MAX_COMMENT_LENGTH: usize = 1000;
pub const MAX_IMAGES: usize = 4;
/// Bounds on Unicode code points (what the OpenAPI `maxLength` says): a character as residents see it
/// can be several code points (a family emoji is five), so these are generous.
pub const MAX_CODE_POINTS: usize = 16_000;
pub const MAX_COMMENT_CODE_POINTS: usize = 8_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Default)]
#[serde(rename_all = "snake_case")]
pub enum Visibility {
    /// Everyone (and the local feed), unless the account is private.
    #[default]
    Public,
    /// The author's followers only.
    Followers,
}

/// A photo of a post: variants under `{base}/{small,medium,large}.jpg`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredPhoto {
    pub base: String,
    pub width: u32,
    pub height: u32,
    pub blurhash: String,
}

impl StoredPhoto {
    pub fn variant_key(&self, variant: &str) -> String {
        format!("{}/{variant}.jpg", self.base)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Default)]
#[serde(rename_all = "snake_case")]
pub enum PostStatus {
    #[default]
    Visible,
    /// Held back by the word list until a moderator looks at it; only its author sees it.
    Held,
    /// Hidden by a moderator.
    Hidden,
}

/// `POST#<id>` / `POST`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PostRecord {
    pub id: String,
    pub author_id: String,
    pub text: String,
    #[serde(default)]
    pub photos: Vec<StoredPhoto>,
    #[serde(default)]
    pub hashtags: Vec<String>,
    /// User ids of the residents mentioned.
    #[serde(default)]
    pub mentions: Vec<String>,
    #[serde(default)]
    pub neighbourhood: Option<String>,
    #[serde(default)]
    pub visibility: Visibility,
    /// A share (repost) points at the original.
    #[serde(default)]
    pub shared_post_id: Option<String>,
    pub created_at: DateTime<Utc>,
    #[serde(default)]
    pub edited_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub like_count: i64,
    #[serde(default)]
    pub comment_count: i64,
    #[serde(default)]
    pub share_count: i64,
    #[serde(default)]
    pub status: PostStatus,
    /// The sort key of its index entries (`created_at#id`), kept so deletes can find them.
    pub sort: String,
    /// Which shard of the local feed holds it (public posts).
    #[serde(default)]
    pub local_shard: Option<u32>,
}

/// `COMMENT#<id>` / `COMMENT`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CommentRecord {
    pub id: String,
    pub post_id: String,
    pub author_id: String,
    pub text: String,
    pub created_at: DateTime<Utc>,
    #[serde(default)]
    pub edited_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub like_count: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Photo {
    #[serde(flatten)]
    pub urls: ImageUrls,
    pub width: u32,
    pub height: u32,
    /// A placeholder to paint while loading (https://blurha.sh).
    pub blurhash: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct PostCounts {
    pub likes: i64,
    pub comments: i64,
    pub shares: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct PostView {
    pub id: String,
    pub author: ProfileSummary,
    pub text: String,
    pub photos: Vec<Photo>,
    pub hashtags: Vec<String>,
    /// Usernames of the residents mentioned, as they are now.
    pub mentions: Vec<String>,
    pub neighbourhood: Option<String>,
    pub visibility: Visibility,
    pub created_at: DateTime<Utc>,
    pub edited_at: Option<DateTime<Utc>>,
    pub counts: PostCounts,
    /// Whether the caller liked it (false when anonymous).
    pub liked: bool,
    /// For a share: the original post, when the caller may see it.
    pub shared: Option<Box<PostView>>,
    /// `held` while waiting for moderation (only its author sees it).
    pub status: PostStatus,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct CommentView {
    pub id: String,
    pub post_id: String,
    pub author: ProfileSummary,
    pub text: String,
    pub created_at: DateTime<Utc>,
    pub edited_at: Option<DateTime<Utc>>,
    pub likes: i64,
    pub liked: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct PostPage {
    pub items: Vec<PostView>,
    /// Pass it back as `cursor` for older posts; absent at the end.
    pub next_cursor: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct CommentPage {
    pub items: Vec<CommentView>,
    pub next_cursor: Option<String>,
}
