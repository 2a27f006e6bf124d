//! RSVPs (going / interested, with counters on the event), favourites, and the personal calendar
//! feed's secret token.

use super::events::{self, EventRecord, StoredEvent};
use crate::platform::Platform;
use crate::problem::ApiError;
use rouen_ports::{Condition, IndexName, Item, Key, Query, StoreError, TransactOp, Update};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Going,
    Interested,
}

impl Status {
    fn counter(self) -> &'static str {
        match self {
            Self::Going => "going_count",
            Self::Interested => "interested_count",
        }
    }

    fn code(self) -> &'static str {
        match self {
            Self::Going => "going",
            Self::Interested => "interested",
        }
    }

    fn from_code(code: &str) -> Option<Self> {
        match code {
            "going" => Some(Self::Going),
            "interested" => Some(Self::Interested),
            _ => None,
        }
    }
}

fn rsvp_key(event_id: &str, user: &str) -> Key {
    Key::new(format!("EVENT#{event_id}"), format!("RSVP#{user}"))
}

fn favourite_key(event_id: &str, user: &str) -> Key {
    Key::new(format!("EVENT#{event_id}"), format!("FAV#{user}"))
}

/// The caller's RSVP to an event.
pub async fn of(
    platform: &Platform,
    event_id: &str,
    user: &str,
) -> Result<Option<Status>, ApiError> {
    Ok(platform
        .store
        .get(&rsvp_key(event_id, user))
        .await?
        .and_then(|i| {
            i.get("status")
                .and_then(|v| v.as_str())
                .and_then(Status::from_code)
        }))
}

pub async fn is_favourite(
    platform: &Platform,
    event_id: &str,
    user: &str,
) -> Result<bool, ApiError> {
    Ok(platform
        .store
        .get(&favourite_key(event_id, user))
        .await?
        .is_some())
}

fn rsvp_item(event: &EventRecord, user: &str, status: Status) -> Item {
    let k = rsvp_key(&event.id, user);
    let mut item = Item::new();
    item.insert("pk".into(), k.pk.into());
    item.insert("sk".into(), k.sk.into());
    item.insert("status".into(), status.code().into());
    item.insert("user_id".into(), user.into());
    item.insert("event_id".into(), event.id.clone().into());
    item.insert("gsi1pk".into(), format!("USERRSVP#{user}").into());
    item.insert("gsi1sk".into(), events::listing_sort(event).into());
    item
}

/// Sets (or with `None` removes) the caller's RSVP, moving the counters in the same transaction.
/// Contended writes (two tabs) are retried from a fresh read.
pub async fn set(
    platform: &Platform,
    event: &EventRecord,
    user: &str,
    status: Option<Status>,
) -> Result<(), ApiError> {
    for _ in 0..4 {
        let current = of(platform, &event.id, user).await?;
        if current == status {
            return Ok(());
        }
        let event_key = events::key(&event.id);
        let mut counters = Update::new();
        if let Some(old) = current {
            counters = counters.add(old.counter(), -1);
        }
        if let Some(new) = status {
            counters = counters.add(new.counter(), 1);
        }
        let guard = match current {
            None => Condition::NotExists,
            Some(old) => Condition::Equals("status".into(), old.code().into()),
        };
        let rsvp_op = match status {
            Some(new) => TransactOp::Put {
                item: rsvp_item(event, user, new),
                condition: Some(guard),
            },
            None => TransactOp::Delete {
                key: rsvp_key(&event.id, user),
                condition: Some(guard),
            },
        };
        let ops = vec![
            rsvp_op,
            TransactOp::Update {
                key: event_key,
                update: counters,
                condition: Some(Condition::Exists),
            },
        ];
        match platform.store.transact_write(ops).await {
            Ok(()) => return Ok(()),
            Err(StoreError::TransactionCanceled { failed }) if failed.contains(&1) => {
                return Err(ApiError::NotFound);
            }
            Err(StoreError::TransactionCanceled { .. }) => continue,
            Err(err) => return Err(err.into()),
        }
    }
    Err(ApiError::Conflict("rsvp_contended"))
}

pub async fn set_favourite(
    platform: &Platform,
    event: &EventRecord,
    user: &str,
    favourite: bool,
) -> Result<(), ApiError> {
    let k = favourite_key(&event.id, user);
    if favourite {
        let mut item = Item::new();
        item.insert("pk".into(), k.pk.into());
        item.insert("sk".into(), k.sk.into());
        item.insert("user_id".into(), user.into());
        item.insert("event_id".into(), event.id.clone().into());
        item.insert("gsi1pk".into(), format!("USERFAV#{user}").into());
        item.insert("gsi1sk".into(), events::listing_sort(event).into());
        platform.store.put(item, None).await?;
    } else {
        platform.store.delete(&k, None).await?;
    }
    Ok(())
}

/// Which of the caller's lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MyList {
    Going,
    Interested,
    Favourite,
    /// Going or interested (the calendar feed).
    Rsvp,
}

/// The caller's events from `since` on, soonest first (at most 500).
pub async fn my_events(
    platform: &Platform,
    user: &str,
    list: MyList,
    since: chrono::DateTime<chrono::Utc>,
) -> Result<Vec<StoredEvent>, ApiError> {
    let partition = match list {
        MyList::Favourite => format!("USERFAV#{user}"),
        _ => format!("USERRSVP#{user}"),
    };
    let page = platform
        .store
        .query(
            &Query::partition(partition)
                .on_index(IndexName::Gsi1)
                .sort(events::since(since))
                .limit(500),
        )
        .await?;
    let ids: Vec<String> = page
        .items
        .iter()
        .filter(|i| {
            let status = i.get("status").and_then(|v| v.as_str());
            match list {
                MyList::Going => status == Some("going"),
                MyList::Interested => status == Some("interested"),
                MyList::Favourite | MyList::Rsvp => true,
            }
        })
        .filter_map(|i| {
            i.get("event_id")
                .and_then(|v| v.as_str())
                .map(str::to_owned)
        })
        .collect();
    let found = events::load_many(platform, &ids).await?;
    let mut out: Vec<StoredEvent> = ids.iter().filter_map(|id| found.get(id).cloned()).collect();
    out.sort_by(|a, b| {
        (a.record.starts_at(), &a.record.id).cmp(&(b.record.starts_at(), &b.record.id))
    });
    Ok(out)
}

/// Residents who RSVP'd to an event (reminders).
pub async fn attendees(platform: &Platform, event_id: &str) -> Result<Vec<String>, ApiError> {
    let items = crate::storage::drain(
        platform,
        Query::partition(format!("EVENT#{event_id}"))
            .sort(rouen_ports::SortKeyCondition::BeginsWith("RSVP#".into())),
    )
    .await?;
    Ok(items
        .iter()
        .filter_map(|i| i.get("user_id").and_then(|v| v.as_str()).map(str::to_owned))
        .collect())
}

fn feed_token_key(token_hash: &str) -> Key {
    Key::new(format!("CALFEED#{token_hash}"), "FEED")
}

fn user_feed_key(user: &str) -> Key {
    Key::new(format!("USER#{user}"), "CALFEED")
}

fn hash_token(token: &str) -> String {
    super::digest(&[b"calendar-feed", token.as_bytes()])
}

/// Creates the caller's calendar-feed token, replacing (revoking) the previous one. Only the hash
/// is stored: the URL is the secret.
pub async fn rotate_feed_token(platform: &Platform, user: &str) -> Result<String, ApiError> {
    let mut bytes = [0_u8; 24];
    getrandom::fill(&mut bytes).map_err(|e| ApiError::Internal(e.to_string()))?;
    let token: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    let hash = hash_token(&token);
    if let Some(old) = platform.store.get(&user_feed_key(user)).await?
        && let Some(old_hash) = old.get("token_hash").and_then(|v| v.as_str())
    {
        platform
            .store
            .delete(&feed_token_key(old_hash), None)
            .await?;
    }
    let mut feed = Item::new();
    let k = feed_token_key(&hash);
    feed.insert("pk".into(), k.pk.into());
    feed.insert("sk".into(), k.sk.into());
    feed.insert("user_id".into(), user.into());
    let mut mine = Item::new();
    let k = user_feed_key(user);
    mine.insert("pk".into(), k.pk.into());
    mine.insert("sk".into(), k.sk.into());
    mine.insert("token_hash".into(), hash.into());
    platform
        .store
        .transact_write(vec![
            TransactOp::Put {
                item: feed,
                condition: None,
            },
            TransactOp::Put {
                item: mine,
                condition: None,
            },
        ])
        .await?;
    Ok(token)
}

/// The resident a calendar-feed token belongs to.
pub async fn feed_owner(platform: &Platform, token: &str) -> Result<Option<String>, ApiError> {
    if token.len() != 48 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Ok(None);
    }
    Ok(platform
        .store
        .get(&feed_token_key(&hash_token(token)))
        .await?
        .and_then(|i| i.get("user_id").and_then(|v| v.as_str()).map(str::to_owned)))
}

/// GDPR erasure: the resident's RSVPs (the counters move back), saved events and calendar feed.
pub async fn erase(platform: &Platform, user: &str) -> Result<(), ApiError> {
    let rsvps = crate::storage::drain(
        platform,
        Query::partition(format!("USERRSVP#{user}")).on_index(IndexName::Gsi1),
    )
    .await?;
    for item in rsvps {
        let Some(event_id) = item.get("event_id").and_then(|v| v.as_str()) else {
            continue;
        };
        match events::load(platform, event_id).await? {
            Some(event) => set(platform, &event.record, user, None).await?,
            None => {
                platform
                    .store
                    .delete(&rsvp_key(event_id, user), None)
                    .await?;
            }
        }
    }
    let favourites = crate::storage::drain(
        platform,
        Query::partition(format!("USERFAV#{user}")).on_index(IndexName::Gsi1),
    )
    .await?;
    for item in favourites {
        if let Some(event_id) = item.get("event_id").and_then(|v| v.as_str()) {
            platform
                .store
                .delete(&favourite_key(event_id, user), None)
                .await?;
        }
    }
    if let Some(feed) = platform.store.get(&user_feed_key(user)).await? {
        if let Some(hash) = feed.get("token_hash").and_then(|v| v.as_str()) {
            platform.store.delete(&feed_token_key(hash), None).await?;
        }
        platform.store.delete(&user_feed_key(user), None).await?;
    }
    Ok(())
}
