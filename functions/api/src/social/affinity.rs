//! How often a reader interacts with an author (likes and comments, last 30 days), for ranking.

use crate::platform::Platform;
use crate::problem::ApiError;
use rouen_ports::{IndexName, Key, Query, Update};
use serde_json::Value;
use std::collections::HashMap;

const KEEP_SECS: i64 = 30 * 24 * 3600;

fn key(reader: &str, author: &str) -> Key {
    Key::new(format!("AFFINITY#{reader}"), author)
}

pub async fn bump(platform: &Platform, reader: &str, author: &str) -> Result<(), ApiError> {
    if reader == author {
        return Ok(());
    }
    let now = platform.clock.now_epoch();
    platform
        .store
        .update(
            &key(reader, author),
            &Update::new()
                .add("count", 1)
                .set("expires_at", now + KEEP_SECS)
                // Lets erasure find every counter that names the author.
                .set("gsi1pk", format!("AFFINITYOF#{author}"))
                .set("gsi1sk", reader),
            None,
        )
        .await?;
    Ok(())
}

pub async fn of(
    platform: &Platform,
    reader: &str,
    authors: &[String],
) -> Result<HashMap<String, i64>, ApiError> {
    let mut out = HashMap::new();
    let keys: Vec<Key> = authors.iter().map(|a| key(reader, a)).collect();
    for chunk in keys.chunks(rouen_ports::item_store::MAX_BATCH_GET_KEYS) {
        for item in platform.store.batch_get(chunk).await? {
            if let (Some(author), Some(n)) = (
                item.get("sk").and_then(Value::as_str),
                item.get("count").and_then(Value::as_i64),
            ) {
                out.insert(author.to_owned(), n);
            }
        }
    }
    Ok(out)
}

/// Removes every counter of or about a user (erasure).
pub async fn erase(platform: &Platform, user: &str) -> Result<(), ApiError> {
    super::cleanup::delete_partition(platform, format!("AFFINITY#{user}")).await?;
    let mut cursor = None;
    loop {
        let page = platform
            .store
            .query(
                &Query::partition(format!("AFFINITYOF#{user}"))
                    .on_index(IndexName::Gsi1)
                    .limit(200)
                    .after(cursor),
            )
            .await?;
        for item in &page.items {
            if let Some(k) = Key::of(item) {
                platform.store.delete(&k, None).await?;
            }
        }
        match page.cursor {
            Some(c) => cursor = Some(c),
            None => return Ok(()),
        }
    }
}
