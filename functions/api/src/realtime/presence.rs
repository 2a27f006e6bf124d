//! Online/offline and last seen. A resident is online while one of their connections is registered;
//! the presence item keeps `online_until` (pushed forward by pings) so that a crash that never ran
//! `$disconnect` ends in "offline" on its own, and `last_seen_at`.

use super::connections::{self, CONNECTION_TTL_SECS};
use crate::platform::Platform;
use crate::problem::ApiError;
use chrono::{DateTime, Utc};
use rouen_ports::{Key, Update};
use schemars::JsonSchema;
use serde::Serialize;
use serde_json::Value;
use std::collections::HashMap;

fn key(user_id: &str) -> Key {
    Key::new(format!("PRESENCE#{user_id}"), "PRESENCE")
}

/// What others may see of a resident's presence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Presence {
    pub online: bool,
    /// When they were last connected; absent when they hide their presence or never connected.
    pub last_seen_at: Option<DateTime<Utc>>,
}

impl Presence {
    pub const HIDDEN: Presence = Presence {
        online: false,
        last_seen_at: None,
    };
}

/// Records that a resident is connected; returns whether they were offline before.
pub async fn connected(platform: &Platform, user_id: &str) -> Result<bool, ApiError> {
    let now = platform.clock.now();
    let before = platform.store.get(&key(user_id)).await?;
    let was_online = before
        .as_ref()
        .and_then(|i| i.get("online_until").and_then(Value::as_i64))
        .is_some_and(|until| until > now.timestamp());
    platform
        .store
        .update(
            &key(user_id),
            &Update::new()
                .set("online_until", now.timestamp() + CONNECTION_TTL_SECS)
                .set("last_seen_at", now.to_rfc3339()),
            None,
        )
        .await?;
    Ok(!was_online)
}

/// Records that one of a resident's connections closed; returns whether that made them offline.
pub async fn disconnected(platform: &Platform, user_id: &str) -> Result<bool, ApiError> {
    let still_open = !connections::of_user(platform, user_id).await?.is_empty();
    let now = platform.clock.now();
    let mut update = Update::new().set("last_seen_at", now.to_rfc3339());
    if !still_open {
        update = update.set("online_until", 0);
    }
    platform.store.update(&key(user_id), &update, None).await?;
    Ok(!still_open)
}

/// The presence of these residents as stored (callers apply the residents' privacy setting).
pub async fn of_users(
    platform: &Platform,
    user_ids: &[String],
) -> Result<HashMap<String, Presence>, ApiError> {
    let now = platform.clock.now_epoch();
    let mut out = HashMap::new();
    for chunk in user_ids.chunks(rouen_ports::item_store::MAX_BATCH_GET_KEYS) {
        let keys: Vec<Key> = chunk.iter().map(|u| key(u)).collect();
        for item in platform.store.batch_get(&keys).await? {
            let Some(user) = item
                .get("pk")
                .and_then(Value::as_str)
                .and_then(|pk| pk.strip_prefix("PRESENCE#"))
            else {
                continue;
            };
            let online = item
                .get("online_until")
                .and_then(Value::as_i64)
                .is_some_and(|until| until > now);
            let last_seen_at = item
                .get("last_seen_at")
                .and_then(Value::as_str)
                .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
                .map(|d| d.with_timezone(&Utc));
            out.insert(
                user.to_owned(),
                Presence {
                    online,
                    last_seen_at,
                },
            );
        }
    }
    Ok(out)
}

/// Forgets a resident's presence (account erasure).
pub async fn forget(platform: &Platform, user_id: &str) -> Result<(), ApiError> {
    platform.store.delete(&key(user_id), None).await?;
    Ok(())
}
