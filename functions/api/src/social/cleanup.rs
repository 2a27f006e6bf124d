//! What goes with a deleted post: its likes, edit history, comments and their likes.

use super::keys;
use crate::platform::Platform;
use crate::problem::ApiError;
use crate::storage::drain;
use rouen_ports::{IndexName, Key, Query};
use serde_json::Value;

pub async fn delete_partition(platform: &Platform, pk: String) -> Result<(), ApiError> {
    for item in drain(platform, Query::partition(pk)).await? {
        if let Some(key) = Key::of(&item) {
            platform.store.delete(&key, None).await?;
        }
    }
    Ok(())
}

pub async fn post_children(platform: &Platform, post_id: &str) -> Result<(), ApiError> {
    delete_partition(platform, format!("POST#{post_id}")).await?;
    for comment in drain(
        platform,
        Query::partition(keys::index::post_comments(post_id)).on_index(IndexName::Gsi1),
    )
    .await?
    {
        if let Some(id) = comment.get("id").and_then(Value::as_str) {
            delete_partition(platform, format!("COMMENT#{id}")).await?;
        }
    }
    Ok(())
}
