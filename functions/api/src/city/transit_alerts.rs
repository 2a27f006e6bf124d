//! Public transport disruptions as last read from the network's service-alerts feed: one item
//! (`TRANSIT`/`ALERTS`) holding the current set, replaced whole on each successful read, so a
//! failed read keeps the last good set. Each alert is announced once (`TRANSITALERT#{id}`/`SENT`).

use crate::accounts::model::{from_item, to_item};
use crate::platform::Platform;
use crate::problem::ApiError;
use chrono::{DateTime, Utc};
use rouen_ports::{Condition, Key, StoreError};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct TransitAlert {
    pub id: String,
    pub header: String,
    pub description: Option<String>,
    pub cause: Option<String>,
    pub effect: Option<String>,
    /// Lines concerned; both lists empty: the whole network.
    pub line_ids: Vec<String>,
    pub stop_ids: Vec<String>,
    pub starts_at: Option<DateTime<Utc>>,
    pub ends_at: Option<DateTime<Utc>>,
}

impl TransitAlert {
    pub fn is_active(&self, at: DateTime<Utc>) -> bool {
        self.starts_at.is_none_or(|s| s <= at) && self.ends_at.is_none_or(|e| at < e)
    }

    pub fn concerns_line(&self, line: &str) -> bool {
        (self.line_ids.is_empty() && self.stop_ids.is_empty())
            || self.line_ids.iter().any(|l| l == line)
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct AlertSet {
    pub alerts: Vec<TransitAlert>,
    pub fetched_at: Option<DateTime<Utc>>,
}

fn key() -> Key {
    Key::new("TRANSIT", "ALERTS")
}

pub async fn load(platform: &Platform) -> Result<AlertSet, ApiError> {
    match platform.store.get(&key()).await? {
        Some(mut item) => {
            item.remove("pk");
            item.remove("sk");
            from_item(item)
        }
        None => Ok(AlertSet::default()),
    }
}

/// The alerts in force now.
pub async fn active(platform: &Platform) -> Result<Vec<TransitAlert>, ApiError> {
    let now = platform.clock.now();
    Ok(load(platform)
        .await?
        .alerts
        .into_iter()
        .filter(|a| a.is_active(now))
        .collect())
}

/// How many lines have an alert in force.
pub async fn disrupted_lines(platform: &Platform) -> Result<usize, ApiError> {
    let mut lines: Vec<String> = active(platform)
        .await?
        .into_iter()
        .flat_map(|a| a.line_ids)
        .collect();
    lines.sort();
    lines.dedup();
    Ok(lines.len())
}

/// Replaces the set; returns the alerts never seen before (to announce).
pub async fn replace(
    platform: &Platform,
    alerts: Vec<TransitAlert>,
) -> Result<Vec<TransitAlert>, ApiError> {
    let now = platform.clock.now();
    // The feed is read every minute: only alerts that were not in the last set need their marker.
    // (An alert listed before it was in force was not announced then: it is not "known".)
    let last = load(platform).await?;
    let known: std::collections::HashSet<String> = last
        .alerts
        .into_iter()
        .filter(|a| last.fetched_at.is_some_and(|at| a.is_active(at)))
        .map(|a| a.id)
        .collect();
    let mut fresh = Vec::new();
    for alert in &alerts {
        if !alert.is_active(now) || known.contains(&alert.id) {
            continue;
        }
        let mut marker = rouen_ports::Item::new();
        marker.insert("pk".into(), format!("TRANSITALERT#{}", alert.id).into());
        marker.insert("sk".into(), "SENT".into());
        let until = alert.ends_at.map_or(now.timestamp() + 14 * 24 * 3600, |e| {
            e.timestamp() + 24 * 3600
        });
        marker.insert("expires_at".into(), until.into());
        match platform.store.put(marker, Some(Condition::NotExists)).await {
            Ok(()) => fresh.push(alert.clone()),
            Err(StoreError::ConditionFailed) => {}
            Err(err) => return Err(err.into()),
        }
    }
    let set = AlertSet {
        alerts,
        fetched_at: Some(now),
    };
    platform.store.put(to_item(&key(), &set)?, None).await?;
    Ok(fresh)
}
