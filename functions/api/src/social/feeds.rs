//! Feeds. Home: fan-out on write into per-reader partitions (with TTL), except for accounts with very
//! many followers, whose posts are merged in at read time. Local: every public post, in day partitions
//! split into shards. Cursors are the sort key (a ULID) of the last post seen, so pages stay stable
//! while new posts arrive.

use super::keys;
use super::model::{PostRecord, PostStatus};
use super::posts::LOCAL_SHARDS;
use crate::accounts::{directory, keys as account_keys};
use crate::platform::Platform;
use crate::problem::ApiError;
use rouen_ports::{IndexName, Item, Key, Query, SortKeyCondition};
use serde_json::Value;

/// How long a post stays in a follower's home feed partition.
pub const FEED_TTL_SECS: i64 = 30 * 24 * 3600;
/// How far back the local feed looks for posts.
pub const LOCAL_DAYS_BACK: i64 = 14;

/// Reads a cursor: the ULID of the last post of the previous page.
pub fn parse_cursor(cursor: Option<String>) -> Result<Option<String>, ApiError> {
    match cursor {
        None => Ok(None),
        Some(c) => ulid::Ulid::from_string(&c)
            .map(|u| Some(u.to_string()))
            .map_err(|_| ApiError::InvalidCursor),
    }
}

fn feed_item(reader: &str, post: &PostRecord) -> Item {
    let key = keys::feed_item(reader, &post.sort);
    let mut item = Item::new();
    item.insert("pk".into(), key.pk.into());
    item.insert("sk".into(), key.sk.into());
    item.insert("post_id".into(), post.id.clone().into());
    item.insert("author_id".into(), post.author_id.clone().into());
    item.insert(
        "expires_at".into(),
        (post.created_at.timestamp() + FEED_TTL_SECS).into(),
    );
    item
}

/// Puts a post in one reader's home feed. The key is the post's sort key, so a redelivered fan-out
/// writes the same item again rather than a duplicate.
pub async fn deliver(platform: &Platform, reader: &str, post: &PostRecord) -> Result<(), ApiError> {
    platform.store.put(feed_item(reader, post), None).await?;
    Ok(())
}

/// Puts a post in many readers' feeds, 25 writes per store round trip.
async fn deliver_many(
    platform: &Platform,
    readers: &[String],
    post: &PostRecord,
) -> Result<(), ApiError> {
    for chunk in readers.chunks(rouen_ports::item_store::MAX_TRANSACTION_OPS) {
        let ops = chunk
            .iter()
            .map(|r| rouen_ports::TransactOp::Put {
                item: feed_item(r, post),
                condition: None,
            })
            .collect();
        platform.store.transact_write(ops).await?;
    }
    Ok(())
}

async fn each_follower<F, Fut>(platform: &Platform, author: &str, mut f: F) -> Result<u64, ApiError>
where
    F: FnMut(String) -> Fut,
    Fut: std::future::Future<Output = Result<(), ApiError>>,
{
    let mut cursor = None;
    let mut n = 0;
    loop {
        let page = platform
            .store
            .query(
                &Query::partition(account_keys::index::followers(author))
                    .on_index(IndexName::Gsi1)
                    .limit(200)
                    .after(cursor),
            )
            .await?;
        for item in &page.items {
            if let Some(follower) = item.get("follower").and_then(Value::as_str) {
                f(follower.to_owned()).await?;
                n += 1;
            }
        }
        match page.cursor {
            Some(c) => cursor = Some(c),
            None => return Ok(n),
        }
    }
}

/// The fan-out job: the post goes into each follower's feed, unless the author is a large account.
pub async fn fan_out(platform: &Platform, post_id: &str) -> Result<(), ApiError> {
    let Some(post) = super::posts::load(platform, post_id).await? else {
        return Ok(());
    };
    if post.status != PostStatus::Visible {
        return Ok(());
    }
    let Some(author) = directory::load(platform, &post.author_id).await? else {
        return Ok(());
    };
    if author.followers_count >= platform.settings.social.large_account_threshold {
        mark_large(platform, &author.id).await?;
        tracing::info!(
            post_id,
            followers = author.followers_count,
            "large account: merged at read time"
        );
        return Ok(());
    }
    let mut n = 0u64;
    let mut cursor = None;
    loop {
        let page = platform
            .store
            .query(
                &Query::partition(account_keys::index::followers(&author.id))
                    .on_index(IndexName::Gsi1)
                    .limit(200)
                    .after(cursor),
            )
            .await?;
        let readers: Vec<String> = page
            .items
            .iter()
            .filter_map(|i| i.get("follower").and_then(Value::as_str).map(str::to_owned))
            .collect();
        deliver_many(platform, &readers, &post).await?;
        announce(platform, &readers, &post).await;
        n += readers.len() as u64;
        match page.cursor {
            Some(c) => cursor = Some(c),
            None => break,
        }
    }
    tracing::info!(post_id, fan_out = n, "post fanned out");
    crate::metrics::emit(&[(crate::metrics::Metric::FanOutRecipients, n as f64)]);
    Ok(())
}

/// Tells the followers who are online that their home feed has a new post ("3 new posts"). Best
/// effort: the feed itself is already written, a missed announcement only delays the banner.
async fn announce(platform: &Platform, readers: &[String], post: &super::model::PostRecord) {
    let online = match crate::realtime::presence::of_users(platform, readers).await {
        Ok(states) => states
            .into_iter()
            .filter(|(_, p)| p.online)
            .map(|(user, _)| user)
            .collect::<Vec<_>>(),
        Err(err) => {
            tracing::warn!(error = %err, "presence not read for the new-posts announcement");
            return;
        }
    };
    if online.is_empty() {
        return;
    }
    let frame = crate::realtime::frames::frame(
        "posts_available",
        serde_json::json!({"feed": "home", "post_id": post.id, "author_id": post.author_id}),
    );
    if let Err(err) = crate::realtime::connections::push(
        platform,
        &online,
        crate::realtime::connections::Reach::All,
        &frame,
    )
    .await
    {
        tracing::warn!(error = %err, "new-posts announcement failed");
    }
}

pub async fn mark_large(platform: &Platform, user_id: &str) -> Result<(), ApiError> {
    let key = keys::large_account(user_id);
    let mut item = Item::new();
    item.insert("pk".into(), key.pk.into());
    item.insert("sk".into(), key.sk.into());
    item.insert("user_id".into(), user_id.into());
    platform.store.put(item, None).await?;
    Ok(())
}

/// Removes a deleted post from its author's followers' feeds.
pub async fn fan_out_delete(platform: &Platform, author: &str, sort: &str) -> Result<(), ApiError> {
    each_follower(platform, author, |follower| async move {
        platform
            .store
            .delete(&keys::feed_item(&follower, sort), None)
            .await?;
        Ok(())
    })
    .await?;
    Ok(())
}

fn post_ids(items: &[Item]) -> Vec<(String, String)> {
    items
        .iter()
        .filter_map(|i| {
            let sort = i
                .get("gsi1sk")
                .or_else(|| i.get("sk"))
                .and_then(Value::as_str)?;
            let id = i
                .get("post_id")
                .or_else(|| i.get("id"))
                .and_then(Value::as_str)?;
            Some((sort.to_owned(), id.to_owned()))
        })
        .collect()
}

fn before(query: Query, cursor: &Option<String>) -> Query {
    match cursor {
        Some(c) => query.sort(SortKeyCondition::LessThan(c.clone())),
        None => query,
    }
}

/// Merges candidate (sort, post id) lists newest first, without duplicates, `limit` at most; the next
/// cursor is the last one when the page is full.
fn merge(mut all: Vec<(String, String)>, limit: usize) -> (Vec<String>, Option<String>) {
    all.sort_by(|a, b| b.0.cmp(&a.0));
    all.dedup_by(|a, b| a.1 == b.1);
    let full = all.len() >= limit;
    all.truncate(limit);
    let next = if full {
        all.last().map(|(s, _)| s.clone())
    } else {
        None
    };
    (all.into_iter().map(|(_, id)| id).collect(), next)
}

/// Post ids of a reader's home feed page, and the next cursor.
pub async fn home(
    platform: &Platform,
    reader: &str,
    cursor: Option<String>,
    limit: u32,
) -> Result<(Vec<String>, Option<String>), ApiError> {
    let own = platform
        .store
        .query(&before(
            Query::partition(keys::feed_partition(reader))
                .descending()
                .limit(limit),
            &cursor,
        ))
        .await?;
    let mut candidates = post_ids(&own.items);
    // Large accounts the reader follows.
    let large = platform
        .store
        .query(&Query::partition(keys::LARGE_ACCOUNTS).limit(1000))
        .await?;
    let large_ids: Vec<String> = large
        .items
        .iter()
        .filter_map(|i| i.get("user_id").and_then(Value::as_str).map(str::to_owned))
        .collect();
    let edges: Vec<Key> = large_ids
        .iter()
        .filter(|id| id.as_str() != reader)
        .map(|id| account_keys::follow(reader, id))
        .collect();
    let mut followed = Vec::new();
    for chunk in edges.chunks(rouen_ports::item_store::MAX_BATCH_GET_KEYS) {
        for item in platform.store.batch_get(chunk).await? {
            if let Some(id) = item.get("followee").and_then(Value::as_str) {
                followed.push(id.to_owned());
            }
        }
    }
    for author in followed {
        let page = platform
            .store
            .query(&before(
                Query::partition(keys::index::author(&author))
                    .on_index(IndexName::Gsi1)
                    .descending()
                    .limit(limit),
                &cursor,
            ))
            .await?;
        candidates.extend(post_ids(&page.items));
    }
    Ok(merge(candidates, limit as usize))
}

/// Post ids of the local feed (optionally one neighbourhood), and the next cursor.
pub async fn local(
    platform: &Platform,
    neighbourhood: Option<&str>,
    cursor: Option<String>,
    limit: u32,
) -> Result<(Vec<String>, Option<String>), ApiError> {
    if let Some(n) = neighbourhood {
        let page = platform
            .store
            .query(&before(
                Query::partition(keys::neighbourhood_partition(n))
                    .descending()
                    .limit(limit),
                &cursor,
            ))
            .await?;
        return Ok(merge(post_ids(&page.items), limit as usize));
    }
    let start = match &cursor {
        Some(c) => ulid::Ulid::from_string(c)
            .map(|u| chrono::DateTime::<chrono::Utc>::from(u.datetime()))
            .map_err(|_| ApiError::InvalidCursor)?,
        None => platform.clock.now(),
    };
    let mut candidates = Vec::new();
    for back in 0..=LOCAL_DAYS_BACK {
        let day = (start - chrono::Duration::days(back))
            .format("%Y-%m-%d")
            .to_string();
        for shard in 0..LOCAL_SHARDS {
            let page = platform
                .store
                .query(&before(
                    Query::partition(keys::local_partition(&day, shard))
                        .descending()
                        .limit(limit),
                    &cursor,
                ))
                .await?;
            candidates.extend(post_ids(&page.items));
        }
        if candidates.len() >= limit as usize {
            break;
        }
    }
    Ok(merge(candidates, limit as usize))
}

/// Post ids of one author, newest first.
pub async fn timeline(
    platform: &Platform,
    author: &str,
    cursor: Option<String>,
    limit: u32,
) -> Result<(Vec<String>, Option<String>), ApiError> {
    let page = platform
        .store
        .query(&before(
            Query::partition(keys::index::author(author))
                .on_index(IndexName::Gsi1)
                .descending()
                .limit(limit),
            &cursor,
        ))
        .await?;
    Ok(merge(post_ids(&page.items), limit as usize))
}

/// Post ids of a hashtag, newest first.
pub async fn hashtag(
    platform: &Platform,
    tag: &str,
    cursor: Option<String>,
    limit: u32,
) -> Result<(Vec<String>, Option<String>), ApiError> {
    let page = platform
        .store
        .query(&before(
            Query::partition(keys::hashtag_partition(tag))
                .descending()
                .limit(limit),
            &cursor,
        ))
        .await?;
    Ok(merge(post_ids(&page.items), limit as usize))
}

#[cfg(test)]
mod tests {
    use super::merge;

    #[test]
    fn merging_keeps_newest_first_without_duplicates() {
        let all = vec![
            ("01B".to_owned(), "b".to_owned()),
            ("01D".to_owned(), "d".to_owned()),
            ("01B".to_owned(), "b".to_owned()),
            ("01C".to_owned(), "c".to_owned()),
            ("01A".to_owned(), "a".to_owned()),
        ];
        assert_eq!(
            merge(all.clone(), 2),
            (vec!["d".to_owned(), "c".to_owned()], Some("01C".to_owned()))
        );
        assert_eq!(merge(all, 10).1, None);
    }
}
