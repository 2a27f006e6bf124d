//! Erasing an account (GDPR art. 17): every item, index entry, search document and blob of the user
//! goes, and what others hold about them (follow edges, blocks, requests) goes too. Each step is
//! idempotent, so an interrupted erasure is finished by running it again.

use super::keys;
use super::model::{StoredImage, UserRecord};
use crate::platform::Platform;
use crate::problem::ApiError;
use crate::storage::drain;
use rouen_ports::{Condition, IndexName, Item, Key, Query, Update};
use serde_json::Value;

fn str_attr<'a>(item: &'a Item, name: &str) -> Option<&'a str> {
    item.get(name).and_then(Value::as_str)
}

async fn delete(platform: &Platform, key: Key) -> Result<(), ApiError> {
    platform.store.delete(&key, None).await?;
    Ok(())
}

/// Lowers a counter of a profile that may itself be gone.
async fn decrement(platform: &Platform, user_id: &str, attr: &str) -> Result<(), ApiError> {
    match platform
        .store
        .update(
            &keys::profile(user_id),
            &Update::new().add(attr, -1),
            Some(Condition::Exists),
        )
        .await
    {
        Ok(_) | Err(rouen_ports::StoreError::ConditionFailed) => Ok(()),
        Err(e) => Err(e.into()),
    }
}

pub async fn erase(platform: &Platform, user: &UserRecord) -> Result<(), ApiError> {
    let id = user.id.as_str();
    tracing::info!(user_id = id, "erasing account");

    // Posts, comments and likes first, while the follower edges still say whose feeds to clean.
    crate::social::erasure::erase_content(platform, id).await?;
    crate::chat::privacy::erase(platform, id).await?;

    // Others' edges pointing at the user.
    for edge in drain(
        platform,
        Query::partition(keys::index::followers(id)).on_index(IndexName::Gsi1),
    )
    .await?
    {
        if let Some(follower) = str_attr(&edge, "follower") {
            delete(platform, keys::follow(follower, id)).await?;
            decrement(platform, follower, "following_count").await?;
        }
    }
    for (index, attr) in [
        (keys::index::blocked_by(id), "BLOCKS#"),
        (keys::index::muted_by(id), "MUTES#"),
    ] {
        for item in drain(platform, Query::partition(index).on_index(IndexName::Gsi1)).await? {
            if let Some(key) = Key::of(&item).filter(|k| k.sk.starts_with(attr)) {
                delete(platform, key).await?;
            }
        }
    }
    for item in drain(
        platform,
        Query::partition(keys::index::requested_by(id)).on_index(IndexName::Gsi2),
    )
    .await?
    {
        if let Some(key) = Key::of(&item) {
            delete(platform, key).await?;
        }
    }
    for item in drain(
        platform,
        Query::partition(keys::index::tokens(id)).on_index(IndexName::Gsi1),
    )
    .await?
    {
        if let Some(key) = Key::of(&item) {
            delete(platform, key).await?;
        }
    }

    // The user's own partition: follows they made (with the followees' counts), requests to them,
    // blocks, mutes, sessions, devices, exports (with their blobs). Profile and credentials last, so
    // that a retry can still find the account.
    let own = drain(platform, Query::partition(keys::user_pk(id))).await?;
    for item in &own {
        let Some(key) = Key::of(item) else { continue };
        if key.sk == "PROFILE" || key.sk == "CRED" {
            continue;
        }
        if let Some(followee) = key.sk.strip_prefix("FOLLOWS#") {
            decrement(platform, followee, "followers_count").await?;
        }
        // Exports and unfinished uploads name their blob.
        if let Some(blob) = str_attr(item, "blob_key") {
            platform.blobs.delete(blob).await?;
        }
        delete(platform, key).await?;
    }

    for image in [&user.avatar, &user.cover].into_iter().flatten() {
        delete_image(platform, image).await?;
    }
    platform.search.delete(&[search_id(id)]).await?;

    delete(platform, keys::email(&user.email.to_lowercase())).await?;
    delete(
        platform,
        keys::username(&user.username.to_ascii_lowercase()),
    )
    .await?;
    delete(platform, keys::credentials(id)).await?;
    delete(platform, keys::profile(id)).await?;
    // Notification jobs check that their actor exists after writing (see `notifications::record`):
    // with the profile gone, a sweep now leaves nothing that one of them could miss.
    crate::social::erasure::erase_notices_by(platform, id).await?;
    tracing::info!(user_id = id, "account erased");
    Ok(())
}

pub async fn delete_image(platform: &Platform, image: &StoredImage) -> Result<(), ApiError> {
    for key in image.keys() {
        platform.blobs.delete(&key).await?;
    }
    Ok(())
}

/// The id of a user's search document.
pub fn search_id(user_id: &str) -> String {
    format!("user:{user_id}")
}
