//! What erasing an account removes from the social core: the resident's posts (with their photos,
//! comments and likes, and their entries in followers' feeds), their comments and likes elsewhere
//! (counters follow), and their own home feed.

use super::{cleanup, comments, feeds, keys, likes, posts};
use crate::accounts::model::from_item;
use crate::platform::Platform;
use crate::problem::ApiError;
use crate::storage::drain;
use rouen_ports::{IndexName, Item, Query};
use serde_json::Value;

/// Others' notifications and pending digest lines that name the resident. Run again once the
/// account is gone: a notification job already past its check may still have written one.
pub async fn erase_notices_by(platform: &Platform, user_id: &str) -> Result<(), ApiError> {
    for item in drain(
        platform,
        Query::partition(format!("NOTIFBY#{user_id}")).on_index(IndexName::Gsi2),
    )
    .await?
    {
        if let Some(key) = rouen_ports::Key::of(&item) {
            platform.store.delete(&key, None).await?;
        }
    }
    Ok(())
}

pub async fn erase_content(platform: &Platform, user_id: &str) -> Result<(), ApiError> {
    for item in drain(
        platform,
        Query::partition(keys::index::author(user_id)).on_index(IndexName::Gsi1),
    )
    .await?
    {
        let post: super::model::PostRecord = from_item(item)?;
        // Followers' feeds first and at once (not through the job), so nothing of the account lingers.
        feeds::fan_out_delete(platform, &post.author_id, &post.sort).await?;
        posts::delete(platform, &post).await?;
    }
    for item in drain(
        platform,
        Query::partition(keys::index::user_comments(user_id)).on_index(IndexName::Gsi2),
    )
    .await?
    {
        if let Some(id) = item.get("id").and_then(Value::as_str)
            && let Some(comment) = comments::load(platform, id).await?
        {
            comments::delete(platform, &comment).await?;
        }
    }
    for item in drain(
        platform,
        Query::partition(keys::index::user_likes(user_id)).on_index(IndexName::Gsi2),
    )
    .await?
    {
        let Some(pk) = item.get("pk").and_then(Value::as_str) else {
            continue;
        };
        if let Some(post_id) = pk.strip_prefix("POST#") {
            likes::unlike(platform, likes::Target::Post(post_id), user_id).await?;
        } else if let Some(comment_id) = pk.strip_prefix("COMMENT#") {
            likes::unlike(platform, likes::Target::Comment(comment_id), user_id).await?;
        }
    }
    cleanup::delete_partition(platform, keys::feed_partition(user_id)).await?;
    super::affinity::erase(platform, user_id).await?;
    crate::city::rsvp::erase(platform, user_id).await?;
    crate::city::incidents::erase(platform, user_id).await?;
    cleanup::delete_partition(platform, super::notifications::partition(user_id)).await?;
    cleanup::delete_partition(platform, super::digest::partition(user_id)).await?;
    erase_notices_by(platform, user_id).await?;
    // Reports the resident made stay for the moderators, without saying who made them.
    for report in drain(
        platform,
        Query::partition(format!("REPORTSBY#{user_id}")).on_index(IndexName::Gsi2),
    )
    .await?
    {
        if let Some(key) = rouen_ports::Key::of(&report) {
            platform
                .store
                .update(
                    &key,
                    &rouen_ports::Update::new()
                        .set("reporter_id", "erased")
                        .remove("gsi2pk")
                        .remove("gsi2sk"),
                    Some(rouen_ports::Condition::Exists),
                )
                .await?;
        }
    }
    Ok(())
}

/// The resident's posts, comments and likes, for the GDPR archive.
pub async fn export_content(
    platform: &Platform,
    user_id: &str,
) -> Result<(Vec<Value>, Vec<Value>, Vec<Value>), ApiError> {
    let clean = |mut item: Item| {
        for attr in [
            "pk",
            "sk",
            "gsi1pk",
            "gsi1sk",
            "gsi2pk",
            "gsi2sk",
            "expires_at",
            "sort",
            "local_shard",
        ] {
            item.remove(attr);
        }
        Value::Object(item)
    };
    let posts = drain(
        platform,
        Query::partition(keys::index::author(user_id)).on_index(IndexName::Gsi1),
    )
    .await?;
    let comments = drain(
        platform,
        Query::partition(keys::index::user_comments(user_id)).on_index(IndexName::Gsi2),
    )
    .await?;
    let likes = drain(
        platform,
        Query::partition(keys::index::user_likes(user_id)).on_index(IndexName::Gsi2),
    )
    .await?
    .into_iter()
    .map(|mut like| {
        let target = like
            .get("pk")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        like.insert("target".into(), {
            let (kind, id) = target.split_once('#').unwrap_or(("", target.as_str()));
            format!("{}:{id}", kind.to_lowercase()).into()
        });
        like
    })
    .collect::<Vec<_>>();
    Ok((
        posts.into_iter().map(clean).collect(),
        comments.into_iter().map(clean).collect(),
        likes.into_iter().map(clean).collect(),
    ))
}
