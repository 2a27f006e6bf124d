//! The social graph: follows, follow requests (private accounts), blocks and mutes. Counters move in
//! the same transaction as the edge they count, so they stay exact under concurrency.

use super::keys;
use super::model::{Relationship, UserRecord};
use crate::platform::Platform;
use crate::problem::ApiError;
use rouen_ports::{
    Condition, IndexName, Item, Key, Page, Query, SortKeyCondition, StoreError, TransactOp, Update,
};
use serde_json::Value;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FollowState {
    Following,
    Requested,
}

fn edge_item(key: &Key, now: &str, extra: &[(&str, String)]) -> Item {
    let mut item = Item::new();
    item.insert("pk".into(), key.pk.clone().into());
    item.insert("sk".into(), key.sk.clone().into());
    item.insert("created_at".into(), now.into());
    for (name, value) in extra {
        item.insert((*name).into(), value.clone().into());
    }
    item
}

/// How `viewer` stands with `target` (one batched read).
pub async fn relationship(
    platform: &Platform,
    viewer: &str,
    target: &str,
) -> Result<Relationship, ApiError> {
    let wanted = [
        keys::follow(viewer, target),
        keys::follow(target, viewer),
        keys::follow_request(target, viewer),
        keys::block(viewer, target),
        keys::mute(viewer, target),
    ];
    let found: Vec<Key> = platform
        .store
        .batch_get(&wanted)
        .await?
        .iter()
        .filter_map(Key::of)
        .collect();
    let has = |k: &Key| found.contains(k);
    Ok(Relationship {
        following: has(&wanted[0]),
        followed_by: has(&wanted[1]),
        requested: has(&wanted[2]),
        blocking: has(&wanted[3]),
        muting: has(&wanted[4]),
    })
}

/// Whether either has blocked the other.
pub async fn blocked_either_way(platform: &Platform, a: &str, b: &str) -> Result<bool, ApiError> {
    Ok(!platform
        .store
        .batch_get(&[keys::block(a, b), keys::block(b, a)])
        .await?
        .is_empty())
}

pub async fn has_blocked(
    platform: &Platform,
    blocker: &str,
    blocked: &str,
) -> Result<bool, ApiError> {
    Ok(platform
        .store
        .get(&keys::block(blocker, blocked))
        .await?
        .is_some())
}

pub async fn follows(
    platform: &Platform,
    follower: &str,
    followee: &str,
) -> Result<bool, ApiError> {
    Ok(platform
        .store
        .get(&keys::follow(follower, followee))
        .await?
        .is_some())
}

/// Whether `viewer` may see what `owner` shares with followers (private accounts: approved followers
/// only; nobody across a block).
pub async fn can_see_content(
    platform: &Platform,
    viewer: Option<&str>,
    owner: &UserRecord,
) -> Result<bool, ApiError> {
    match viewer {
        Some(v) if v == owner.id => Ok(true),
        Some(v) => {
            if blocked_either_way(platform, v, &owner.id).await? {
                return Ok(false);
            }
            Ok(!owner.private_account || follows(platform, v, &owner.id).await?)
        }
        None => Ok(!owner.private_account),
    }
}

fn follow_ops(follower: &str, followee: &str, now: &str) -> Vec<TransactOp> {
    let edge = keys::follow(follower, followee);
    vec![
        TransactOp::Put {
            item: edge_item(
                &edge,
                now,
                &[
                    ("follower", follower.to_owned()),
                    ("followee", followee.to_owned()),
                    ("gsi1pk", keys::index::followers(followee)),
                    ("gsi1sk", format!("{now}#{follower}")),
                    ("gsi2pk", keys::index::following(follower)),
                    ("gsi2sk", format!("{now}#{followee}")),
                ],
            ),
            condition: Some(Condition::NotExists),
        },
        TransactOp::Update {
            key: keys::profile(followee),
            update: Update::new().add("followers_count", 1),
            condition: Some(Condition::Exists),
        },
        TransactOp::Update {
            key: keys::profile(follower),
            update: Update::new().add("following_count", 1),
            condition: Some(Condition::Exists),
        },
    ]
}

/// Makes `follower` follow `target` (or asks, for a private account). Idempotent.
pub async fn follow(
    platform: &Platform,
    follower: &str,
    target: &UserRecord,
) -> Result<FollowState, ApiError> {
    if follower == target.id {
        return Err(ApiError::field(
            "path.id",
            "self",
            "you cannot follow yourself",
        ));
    }
    if blocked_either_way(platform, follower, &target.id).await? {
        // Seen from the blocked side, the account does not exist.
        return Err(ApiError::NotFound);
    }
    if follows(platform, follower, &target.id).await? {
        return Ok(FollowState::Following);
    }
    let now = platform
        .clock
        .now()
        .to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    if target.private_account {
        let key = keys::follow_request(&target.id, follower);
        let item = edge_item(
            &key,
            &now,
            &[
                ("requester", follower.to_owned()),
                ("target", target.id.clone()),
                ("gsi1pk", keys::index::follow_requests(&target.id)),
                ("gsi1sk", format!("{now}#{follower}")),
                ("gsi2pk", keys::index::requested_by(follower)),
                ("gsi2sk", format!("{now}#{}", target.id)),
            ],
        );
        match platform.store.put(item, Some(Condition::NotExists)).await {
            Ok(()) | Err(StoreError::ConditionFailed) => return Ok(FollowState::Requested),
            Err(e) => return Err(e.into()),
        }
    }
    match platform
        .store
        .transact_write(follow_ops(follower, &target.id, &now))
        .await
    {
        Ok(()) => Ok(FollowState::Following),
        // The edge already exists (a concurrent follow won): the outcome is the same.
        Err(StoreError::TransactionCanceled { failed }) if failed == [0] => {
            Ok(FollowState::Following)
        }
        Err(StoreError::TransactionCanceled { .. }) => Err(ApiError::NotFound),
        Err(e) => Err(e.into()),
    }
}

/// Removes a follow edge and its counts; withdraws a pending request too. Idempotent.
pub async fn unfollow(platform: &Platform, follower: &str, followee: &str) -> Result<(), ApiError> {
    if follower == followee {
        return Err(ApiError::field(
            "path.id",
            "self",
            "you cannot follow yourself",
        ));
    }
    platform
        .store
        .delete(&keys::follow_request(followee, follower), None)
        .await?;
    let ops = vec![
        TransactOp::Delete {
            key: keys::follow(follower, followee),
            condition: Some(Condition::Exists),
        },
        TransactOp::Update {
            key: keys::profile(followee),
            update: Update::new().add("followers_count", -1),
            condition: Some(Condition::Exists),
        },
        TransactOp::Update {
            key: keys::profile(follower),
            update: Update::new().add("following_count", -1),
            condition: Some(Condition::Exists),
        },
    ];
    match platform.store.transact_write(ops).await {
        Ok(()) => Ok(()),
        Err(StoreError::TransactionCanceled { failed }) if failed.contains(&0) => Ok(()),
        Err(StoreError::TransactionCanceled { .. }) => {
            // One profile is gone (erased): drop the edge alone.
            platform
                .store
                .delete(&keys::follow(follower, followee), None)
                .await?;
            Ok(())
        }
        Err(e) => Err(e.into()),
    }
}

/// Accepts a pending request: the requester becomes a follower.
pub async fn accept_request(
    platform: &Platform,
    target: &str,
    requester: &str,
) -> Result<(), ApiError> {
    if requester == target {
        return Err(ApiError::NotFound);
    }
    let now = platform
        .clock
        .now()
        .to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    let mut ops = vec![TransactOp::Delete {
        key: keys::follow_request(target, requester),
        condition: Some(Condition::Exists),
    }];
    ops.extend(follow_ops(requester, target, &now));
    match platform.store.transact_write(ops).await {
        Ok(()) => Ok(()),
        Err(StoreError::TransactionCanceled { failed }) if failed == [1] => {
            // Already a follower: just drop the request.
            platform
                .store
                .delete(&keys::follow_request(target, requester), None)
                .await?;
            Ok(())
        }
        Err(StoreError::TransactionCanceled { .. }) => Err(ApiError::NotFound),
        Err(e) => Err(e.into()),
    }
}

pub async fn reject_request(
    platform: &Platform,
    target: &str,
    requester: &str,
) -> Result<(), ApiError> {
    match platform
        .store
        .delete(
            &keys::follow_request(target, requester),
            Some(Condition::Exists),
        )
        .await
    {
        Ok(_) => Ok(()),
        Err(StoreError::ConditionFailed) => Err(ApiError::NotFound),
        Err(e) => Err(e.into()),
    }
}

/// Blocks: follows in both directions and pending requests between the two are removed.
pub async fn block(platform: &Platform, blocker: &str, blocked: &str) -> Result<(), ApiError> {
    if blocker == blocked {
        return Err(ApiError::field(
            "path.id",
            "self",
            "you cannot block yourself",
        ));
    }
    let now = platform
        .clock
        .now()
        .to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    let key = keys::block(blocker, blocked);
    let item = edge_item(
        &key,
        &now,
        &[
            ("user_id", blocked.to_owned()),
            ("gsi1pk", keys::index::blocked_by(blocked)),
            ("gsi1sk", format!("{now}#{blocker}")),
        ],
    );
    platform.store.put(item, None).await?;
    unfollow(platform, blocker, blocked).await?;
    unfollow(platform, blocked, blocker).await?;
    Ok(())
}

pub async fn unblock(platform: &Platform, blocker: &str, blocked: &str) -> Result<(), ApiError> {
    platform
        .store
        .delete(&keys::block(blocker, blocked), None)
        .await?;
    Ok(())
}

pub async fn mute(platform: &Platform, muter: &str, muted: &str) -> Result<(), ApiError> {
    if muter == muted {
        return Err(ApiError::field(
            "path.id",
            "self",
            "you cannot mute yourself",
        ));
    }
    let now = platform
        .clock
        .now()
        .to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    let key = keys::mute(muter, muted);
    let item = edge_item(
        &key,
        &now,
        &[
            ("user_id", muted.to_owned()),
            ("gsi1pk", keys::index::muted_by(muted)),
            ("gsi1sk", format!("{now}#{muter}")),
        ],
    );
    platform.store.put(item, None).await?;
    Ok(())
}

pub async fn unmute(platform: &Platform, muter: &str, muted: &str) -> Result<(), ApiError> {
    platform
        .store
        .delete(&keys::mute(muter, muted), None)
        .await?;
    Ok(())
}

/// Which list of a user to read.
#[derive(Debug, Clone, Copy)]
pub enum Listing {
    Followers,
    Following,
    FollowRequests,
    Blocks,
    Mutes,
}

/// One page of user ids of a list, newest first (blocks and mutes: by id), with the next cursor.
pub async fn list(
    platform: &Platform,
    user_id: &str,
    listing: Listing,
    limit: u32,
    cursor: Option<String>,
) -> Result<(Vec<String>, Option<String>), ApiError> {
    let (query, attr) = match listing {
        Listing::Followers => (
            Query::partition(keys::index::followers(user_id))
                .on_index(IndexName::Gsi1)
                .descending(),
            "follower",
        ),
        Listing::Following => (
            Query::partition(keys::index::following(user_id))
                .on_index(IndexName::Gsi2)
                .descending(),
            "followee",
        ),
        Listing::FollowRequests => (
            Query::partition(keys::index::follow_requests(user_id))
                .on_index(IndexName::Gsi1)
                .descending(),
            "requester",
        ),
        Listing::Blocks => (
            Query::partition(keys::user_pk(user_id))
                .sort(SortKeyCondition::BeginsWith("BLOCKS#".into())),
            "user_id",
        ),
        Listing::Mutes => (
            Query::partition(keys::user_pk(user_id))
                .sort(SortKeyCondition::BeginsWith("MUTES#".into())),
            "user_id",
        ),
    };
    let Page { items, cursor } = platform
        .store
        .query(&query.limit(limit).after(cursor))
        .await?;
    let ids = items
        .iter()
        .filter_map(|i| i.get(attr).and_then(Value::as_str).map(str::to_owned))
        .collect();
    Ok((ids, cursor))
}
