//! Trending posts and hashtags of the last day, by time-decayed engagement, recomputed by a schedule
//! and read by everyone from one item.
//!
//! A post's heat is `(1 + likes + 2·comments + 3·shares) · 2^(−age_h / 6)` (halves every 6 hours); a
//! hashtag's is the sum of its posts' heat.

use super::keys;
use super::model::PostStatus;
use super::posts::LOCAL_SHARDS;
use super::render::load_posts;
use crate::platform::Platform;
use crate::problem::ApiError;
use chrono::{DateTime, Utc};
use rouen_ports::{Item, Key, Query};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::HashMap;

const WINDOW_HOURS: i64 = 24;
const TOP_POSTS: usize = 20;
const TOP_TAGS: usize = 10;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct TrendingTag {
    pub tag: String,
    pub score: f64,
    /// How many recent posts carry it.
    pub posts: u32,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Snapshot {
    pub computed_at: Option<DateTime<Utc>>,
    pub posts: Vec<String>,
    pub hashtags: Vec<TrendingTag>,
}

fn snapshot_key() -> Key {
    Key::new("SYS#trending", "CURRENT")
}

pub fn heat(likes: i64, comments: i64, shares: i64, age_h: f64) -> f64 {
    (1 + likes.max(0) + 2 * comments.max(0) + 3 * shares.max(0)) as f64
        * (-age_h.max(0.0) / 6.0).exp2()
}

pub async fn compute(platform: &Platform) -> Result<Snapshot, ApiError> {
    let now = platform.clock.now();
    let mut ids = Vec::new();
    for back in 0..=1 {
        let day = (now - chrono::Duration::days(back))
            .format("%Y-%m-%d")
            .to_string();
        for shard in 0..LOCAL_SHARDS {
            let page = platform
                .store
                .query(
                    &Query::partition(keys::local_partition(&day, shard))
                        .descending()
                        .limit(1000),
                )
                .await?;
            ids.extend(
                page.items
                    .iter()
                    .filter_map(|i| i.get("post_id").and_then(Value::as_str).map(str::to_owned)),
            );
        }
    }
    let posts = load_posts(platform, &ids).await?;
    let mut scored: Vec<(String, f64)> = Vec::new();
    let mut tags: HashMap<String, (f64, u32)> = HashMap::new();
    for post in posts.values() {
        let age_h = (now - post.created_at).num_seconds() as f64 / 3600.0;
        if age_h > WINDOW_HOURS as f64 || post.status != PostStatus::Visible {
            continue;
        }
        let h = heat(post.like_count, post.comment_count, post.share_count, age_h);
        scored.push((post.id.clone(), h));
        for tag in &post.hashtags {
            let entry = tags.entry(tag.clone()).or_default();
            entry.0 += h;
            entry.1 += 1;
        }
    }
    scored.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| b.0.cmp(&a.0)));
    let mut hashtags: Vec<TrendingTag> = tags
        .into_iter()
        .map(|(tag, (score, posts))| TrendingTag {
            tag,
            score: (score * 100.0).round() / 100.0,
            posts,
        })
        .collect();
    hashtags.sort_by(|a, b| b.score.total_cmp(&a.score).then_with(|| a.tag.cmp(&b.tag)));
    hashtags.truncate(TOP_TAGS);
    let snapshot = Snapshot {
        computed_at: Some(now),
        posts: scored
            .into_iter()
            .take(TOP_POSTS)
            .map(|(id, _)| id)
            .collect(),
        hashtags,
    };
    let mut item = match serde_json::to_value(&snapshot) {
        Ok(Value::Object(map)) => map,
        _ => Item::new(),
    };
    let key = snapshot_key();
    item.insert("pk".into(), key.pk.into());
    item.insert("sk".into(), key.sk.into());
    platform.store.put(item, None).await?;
    tracing::info!(
        posts = snapshot.posts.len(),
        hashtags = snapshot.hashtags.len(),
        "trending recomputed"
    );
    Ok(snapshot)
}

pub async fn current(platform: &Platform) -> Result<Snapshot, ApiError> {
    match platform.store.get(&snapshot_key()).await? {
        Some(item) => Ok(serde_json::from_value(Value::Object(item)).unwrap_or_default()),
        None => Ok(Snapshot::default()),
    }
}

#[cfg(test)]
mod tests {
    use super::heat;

    #[test]
    fn heat_decays_and_weighs_comments_and_shares_more() {
        assert!(heat(10, 0, 0, 1.0) > heat(10, 0, 0, 7.0));
        assert!(
            (heat(0, 0, 0, 6.0) - 0.5).abs() < 1e-9,
            "halves every six hours"
        );
        assert!(heat(0, 1, 0, 0.0) > heat(1, 0, 0, 0.0));
        assert!(heat(0, 0, 1, 0.0) > heat(0, 1, 0, 0.0));
    }
}
