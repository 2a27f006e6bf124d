//! The account record as stored, and the views of it the API answers with.

use super::keys;
use crate::problem::ApiError;
use chrono::{DateTime, Utc};
use rouen_ports::Item;
use rouen_ports::item_store::{ATTR_PK, ATTR_SK};
use schemars::JsonSchema;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Default)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    #[default]
    Resident,
    Moderator,
    Admin,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Default)]
#[serde(rename_all = "snake_case")]
pub enum Language {
    #[default]
    Fr,
    En,
}

impl Language {
    pub fn code(self) -> &'static str {
        match self {
            Self::Fr => "fr",
            Self::En => "en",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Default)]
#[serde(rename_all = "snake_case")]
pub enum WhoCanMessage {
    #[default]
    Everyone,
    Followers,
    Nobody,
}

/// A processed image: its variants live under `{base}/{small,medium,large}.jpg` in the blob store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredImage {
    pub base: String,
}

pub const IMAGE_VARIANTS: [&str; 3] = ["small", "medium", "large"];

impl StoredImage {
    pub fn variant_key(&self, variant: &str) -> String {
        format!("{}/{variant}.jpg", self.base)
    }

    pub fn keys(&self) -> Vec<String> {
        IMAGE_VARIANTS.iter().map(|v| self.variant_key(v)).collect()
    }
}

/// `USER#<id>` / `PROFILE`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UserRecord {
    pub id: String,
    pub username: String,
    pub email: String,
    pub display_name: String,
    #[serde(default)]
    pub bio: String,
    #[serde(default)]
    pub neighbourhood: Option<String>,
    #[serde(default)]
    pub interests: Vec<String>,
    #[serde(default)]
    pub language: Language,
    #[serde(default)]
    pub avatar: Option<StoredImage>,
    #[serde(default)]
    pub cover: Option<StoredImage>,
    #[serde(default)]
    pub private_account: bool,
    #[serde(default)]
    pub who_can_message: WhoCanMessage,
    #[serde(default = "default_true")]
    pub show_presence: bool,
    #[serde(default)]
    pub email_verified: bool,
    #[serde(default)]
    pub role: Role,
    pub created_at: DateTime<Utc>,
    #[serde(default)]
    pub followers_count: i64,
    #[serde(default)]
    pub following_count: i64,
    #[serde(default)]
    pub posts_count: i64,
    /// Set by a moderator: no sign-in and no posting until then.
    #[serde(default)]
    pub suspended_until: Option<DateTime<Utc>>,
}

fn default_true() -> bool {
    true
}

/// `USER#<id>` / `CRED`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Credentials {
    pub user_id: String,
    pub password_hash: String,
    pub password_changed_at: DateTime<Utc>,
}

/// Serialises a record into an item at `key` (plus any extra attributes such as index keys).
pub fn to_item<T: Serialize>(key: &rouen_ports::Key, value: &T) -> Result<Item, ApiError> {
    let mut item = match serde_json::to_value(value) {
        Ok(serde_json::Value::Object(map)) => map,
        Ok(_) => return Err(ApiError::Internal("a record must be an object".into())),
        Err(e) => return Err(ApiError::Internal(format!("serialising a record: {e}"))),
    };
    item.insert(ATTR_PK.into(), key.pk.clone().into());
    item.insert(ATTR_SK.into(), key.sk.clone().into());
    Ok(item)
}

pub fn from_item<T: DeserializeOwned>(item: Item) -> Result<T, ApiError> {
    serde_json::from_value(serde_json::Value::Object(item))
        .map_err(|e| ApiError::Internal(format!("a stored record does not read back: {e}")))
}

impl UserRecord {
    pub fn item(&self) -> Result<Item, ApiError> {
        let mut item = to_item(&keys::profile(&self.id), self)?;
        item.insert(
            "username_lc".into(),
            self.username.to_ascii_lowercase().into(),
        );
        Ok(item)
    }
}

/// URLs of an image's variants, valid for a while (presigned).
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct ImageUrls {
    /// 64 px wide.
    pub small: String,
    /// 256 px wide (avatars) or 960 px (covers).
    pub medium: String,
    /// 512 px wide (avatars) or 1,920 px (covers).
    pub large: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Counts {
    pub followers: i64,
    pub following: i64,
    pub posts: i64,
}

/// How the caller stands with a user.
#[derive(Debug, Clone, Default, PartialEq, Serialize, JsonSchema)]
pub struct Relationship {
    /// The caller follows them.
    pub following: bool,
    /// They follow the caller.
    pub followed_by: bool,
    /// The caller asked to follow them (private account) and waits for an answer.
    pub requested: bool,
    pub blocking: bool,
    pub muting: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct ProfileSummary {
    pub id: String,
    pub username: String,
    pub display_name: String,
    pub avatar: Option<ImageUrls>,
    pub neighbourhood: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Profile {
    pub id: String,
    pub username: String,
    pub display_name: String,
    pub bio: String,
    pub neighbourhood: Option<String>,
    pub interests: Vec<String>,
    pub language: Language,
    pub avatar: Option<ImageUrls>,
    pub cover: Option<ImageUrls>,
    pub private_account: bool,
    pub counts: Counts,
    pub created_at: DateTime<Utc>,
    /// Present for signed-in callers looking at someone else.
    pub relationship: Option<Relationship>,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct AccountSettings {
    pub private_account: bool,
    pub who_can_message: WhoCanMessage,
    pub show_presence: bool,
    pub language: Language,
}

/// The signed-in resident's own account.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Me {
    #[serde(flatten)]
    pub profile: Profile,
    pub email: String,
    pub email_verified: bool,
    pub role: Role,
    pub settings: AccountSettings,
}
