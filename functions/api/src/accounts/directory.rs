//! Finding accounts and turning records into what the API shows.

use super::keys;
use super::model::{
    AccountSettings, Counts, ImageUrls, Me, Profile, ProfileSummary, Relationship, StoredImage,
    UserRecord, from_item,
};
use crate::platform::Platform;
use crate::problem::ApiError;
use rouen_ports::Key;
use serde_json::Value;
use std::collections::HashMap;
use std::time::Duration;

/// How long image URLs handed to clients stay valid.
const IMAGE_URL_TTL: Duration = Duration::from_secs(24 * 3600);

pub async fn load(platform: &Platform, user_id: &str) -> Result<Option<UserRecord>, ApiError> {
    match platform.store.get(&keys::profile(user_id)).await? {
        Some(item) => Ok(Some(from_item(item)?)),
        None => Ok(None),
    }
}

/// The signed-in caller's own record; a token of an erased account is no longer valid.
pub async fn load_caller(platform: &Platform, user_id: &str) -> Result<UserRecord, ApiError> {
    load(platform, user_id)
        .await?
        .ok_or(ApiError::InvalidAccessToken)
}

async fn id_by(platform: &Platform, key: &Key) -> Result<Option<String>, ApiError> {
    Ok(platform.store.get(key).await?.and_then(|item| {
        item.get("user_id")
            .and_then(Value::as_str)
            .map(str::to_owned)
    }))
}

pub async fn id_by_email(platform: &Platform, email_lc: &str) -> Result<Option<String>, ApiError> {
    id_by(platform, &keys::email(email_lc)).await
}

pub async fn id_by_username(
    platform: &Platform,
    username: &str,
) -> Result<Option<String>, ApiError> {
    id_by(platform, &keys::username(&username.to_ascii_lowercase())).await
}

/// A user by id or by username (`GET users/{id}` takes both).
pub async fn resolve(platform: &Platform, id_or_username: &str) -> Result<UserRecord, ApiError> {
    let looks_like_id = id_or_username.len() == 26
        && id_or_username
            .bytes()
            .all(|b| b.is_ascii_digit() || b.is_ascii_uppercase());
    if looks_like_id && let Some(user) = load(platform, id_or_username).await? {
        return Ok(user);
    }
    let valid_username = (3..=30).contains(&id_or_username.len())
        && id_or_username
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_');
    if valid_username && let Some(id) = id_by_username(platform, id_or_username).await? {
        return load(platform, &id).await?.ok_or(ApiError::NotFound);
    }
    Err(ApiError::NotFound)
}

/// Records of these users, in the given order, skipping any that no longer exist.
pub async fn load_many(platform: &Platform, ids: &[String]) -> Result<Vec<UserRecord>, ApiError> {
    let mut found = HashMap::new();
    for chunk in ids.chunks(rouen_ports::item_store::MAX_BATCH_GET_KEYS) {
        let keys: Vec<Key> = chunk.iter().map(|id| keys::profile(id)).collect();
        for item in platform.store.batch_get(&keys).await? {
            let user: UserRecord = from_item(item)?;
            found.insert(user.id.clone(), user);
        }
    }
    Ok(ids.iter().filter_map(|id| found.remove(id)).collect())
}

pub async fn image_urls(
    platform: &Platform,
    image: Option<&StoredImage>,
) -> Result<Option<ImageUrls>, ApiError> {
    let Some(image) = image else {
        return Ok(None);
    };
    let url = |variant: &'static str| {
        let key = image.variant_key(variant);
        async move {
            platform
                .blobs
                .presign_get(&key, IMAGE_URL_TTL)
                .await
                .map(|r| r.url)
        }
    };
    Ok(Some(ImageUrls {
        small: url("small").await?,
        medium: url("medium").await?,
        large: url("large").await?,
    }))
}

pub async fn summary(platform: &Platform, user: &UserRecord) -> Result<ProfileSummary, ApiError> {
    Ok(ProfileSummary {
        id: user.id.clone(),
        username: user.username.clone(),
        display_name: user.display_name.clone(),
        avatar: image_urls(platform, user.avatar.as_ref()).await?,
        neighbourhood: user.neighbourhood.clone(),
    })
}

pub async fn summaries(
    platform: &Platform,
    ids: &[String],
) -> Result<Vec<ProfileSummary>, ApiError> {
    let mut out = Vec::with_capacity(ids.len());
    for user in load_many(platform, ids).await? {
        out.push(summary(platform, &user).await?);
    }
    Ok(out)
}

pub async fn profile(
    platform: &Platform,
    user: &UserRecord,
    relationship: Option<Relationship>,
) -> Result<Profile, ApiError> {
    Ok(Profile {
        id: user.id.clone(),
        username: user.username.clone(),
        display_name: user.display_name.clone(),
        bio: user.bio.clone(),
        neighbourhood: user.neighbourhood.clone(),
        interests: user.interests.clone(),
        language: user.language,
        avatar: image_urls(platform, user.avatar.as_ref()).await?,
        cover: image_urls(platform, user.cover.as_ref()).await?,
        private_account: user.private_account,
        counts: Counts {
            followers: user.followers_count.max(0),
            following: user.following_count.max(0),
            posts: user.posts_count.max(0),
        },
        created_at: user.created_at,
        relationship,
    })
}

pub async fn me(platform: &Platform, user: &UserRecord) -> Result<Me, ApiError> {
    Ok(Me {
        profile: profile(platform, user, None).await?,
        email: user.email.clone(),
        email_verified: user.email_verified,
        role: user.role,
        settings: AccountSettings {
            private_account: user.private_account,
            who_can_message: user.who_can_message,
            show_presence: user.show_presence,
            language: user.language,
        },
    })
}
