//! Likes of posts and comments: one item per (thing, resident) and a counter on the thing, written in
//! one transaction, so counts stay exact under concurrency and liking twice changes nothing.

use super::keys;
use crate::platform::Platform;
use crate::problem::ApiError;
use rouen_ports::{Condition, Item, Key, StoreError, TransactOp, Update};
use std::time::Duration;

#[derive(Debug, Clone, Copy)]
pub enum Target<'a> {
    Post(&'a str),
    Comment(&'a str),
}

impl Target<'_> {
    fn thing(&self) -> Key {
        match self {
            Self::Post(id) => keys::post(id),
            Self::Comment(id) => keys::comment(id),
        }
    }

    fn like(&self, user: &str) -> Key {
        match self {
            Self::Post(id) => keys::post_like(id, user),
            Self::Comment(id) => keys::comment_like(id, user),
        }
    }
}

/// Contended transactions (many likes on one popular post at once) are cancelled by DynamoDB rather
/// than queued: they are retried a few times with a growing pause.
async fn transact_with_retry(
    platform: &Platform,
    ops: impl Fn() -> Vec<TransactOp>,
) -> Result<Result<(), Vec<usize>>, ApiError> {
    let mut pause = Duration::from_millis(10);
    for _ in 0..6 {
        match platform.store.transact_write(ops()).await {
            Ok(()) => return Ok(Ok(())),
            Err(StoreError::TransactionCanceled { failed }) if !failed.is_empty() => {
                return Ok(Err(failed));
            }
            Err(StoreError::TransactionCanceled { .. }) => {
                tokio::time::sleep(pause).await;
                pause *= 2;
            }
            Err(e) => return Err(e.into()),
        }
    }
    Err(ApiError::Conflict("busy"))
}

/// Likes; `true` when this call added the like.
pub async fn like(platform: &Platform, target: Target<'_>, user: &str) -> Result<bool, ApiError> {
    let now = platform
        .clock
        .now()
        .to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    let like_key = target.like(user);
    let (index_pk, owner_pk) = match target {
        Target::Post(id) => (keys::index::post_likes(id), keys::index::user_likes(user)),
        Target::Comment(_) => (String::new(), keys::index::user_likes(user)),
    };
    let ops = || {
        let mut item = Item::new();
        item.insert("pk".into(), like_key.pk.clone().into());
        item.insert("sk".into(), like_key.sk.clone().into());
        item.insert("user_id".into(), user.into());
        item.insert("created_at".into(), now.clone().into());
        if !index_pk.is_empty() {
            item.insert("gsi1pk".into(), index_pk.clone().into());
            item.insert("gsi1sk".into(), format!("{now}#{user}").into());
        }
        item.insert("gsi2pk".into(), owner_pk.clone().into());
        item.insert("gsi2sk".into(), format!("{now}#{}", like_key.pk).into());
        vec![
            TransactOp::Put {
                item,
                condition: Some(Condition::NotExists),
            },
            TransactOp::Update {
                key: target.thing(),
                update: Update::new().add("like_count", 1),
                condition: Some(Condition::Exists),
            },
        ]
    };
    match transact_with_retry(platform, ops).await? {
        Ok(()) => Ok(true),
        Err(failed) if failed == [0] => Ok(false),
        Err(_) => Err(ApiError::NotFound),
    }
}

/// Removes a like; `true` when there was one.
pub async fn unlike(platform: &Platform, target: Target<'_>, user: &str) -> Result<bool, ApiError> {
    let like_key = target.like(user);
    let ops = || {
        vec![
            TransactOp::Delete {
                key: like_key.clone(),
                condition: Some(Condition::Exists),
            },
            TransactOp::Update {
                key: target.thing(),
                update: Update::new().add("like_count", -1),
                condition: Some(Condition::Exists),
            },
        ]
    };
    match transact_with_retry(platform, ops).await? {
        Ok(()) => Ok(true),
        Err(failed) if failed.contains(&0) => Ok(false),
        Err(_) => {
            platform.store.delete(&like_key, None).await?;
            Ok(true)
        }
    }
}
