//! The registry of open WebSocket connections: one item per connection (who holds it) and one per
//! resident and connection (so a push finds every tab and device of a resident with one query).
//! Both expire with the connection's TTL; a push that finds a connection gone forgets it.

use crate::platform::Platform;
use crate::problem::ApiError;
use futures::StreamExt;
use rouen_ports::{Condition, Item, Key, PushError, Query, StoreError, TransactOp, Update};
use serde_json::Value;

/// API Gateway closes a WebSocket after two hours at most; a client that pings extends its entry.
pub const CONNECTION_TTL_SECS: i64 = 2 * 3600;
/// At most this many open connections per resident are served; older ones are not pushed to.
pub const MAX_CONNECTIONS_PER_USER: u32 = 20;
/// Pushes in flight at once when a frame goes to many residents.
const PUSH_CONCURRENCY: usize = 32;

pub fn connection_key(connection_id: &str) -> Key {
    Key::new(format!("CONN#{connection_id}"), "CONN")
}

pub fn user_partition(user_id: &str) -> String {
    format!("USERCONN#{user_id}")
}

fn user_connection_key(user_id: &str, connection_id: &str) -> Key {
    Key::new(user_partition(user_id), connection_id)
}

/// One open connection of a resident.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Connection {
    pub id: String,
    /// The conversation the client has open, if it said so (`subscribe` frame).
    pub conversation: Option<String>,
}

/// Records a connection `$connect` accepted.
pub async fn open(
    platform: &Platform,
    connection_id: &str,
    user_id: &str,
    source_ip: Option<&str>,
    user_agent: Option<&str>,
) -> Result<(), ApiError> {
    let now = platform.clock.now();
    let expires = now.timestamp() + CONNECTION_TTL_SECS;
    let key = connection_key(connection_id);
    let mut conn = Item::new();
    conn.insert("pk".into(), key.pk.into());
    conn.insert("sk".into(), key.sk.into());
    conn.insert("user_id".into(), user_id.into());
    conn.insert("connected_at".into(), now.to_rfc3339().into());
    conn.insert(
        "source_ip".into(),
        source_ip.map_or(Value::Null, Value::from),
    );
    conn.insert(
        "user_agent".into(),
        user_agent.map_or(Value::Null, Value::from),
    );
    conn.insert("expires_at".into(), expires.into());
    let key = user_connection_key(user_id, connection_id);
    let mut mine = Item::new();
    mine.insert("pk".into(), key.pk.into());
    mine.insert("sk".into(), key.sk.into());
    mine.insert("connected_at".into(), now.to_rfc3339().into());
    mine.insert("typing_at".into(), 0.into());
    mine.insert("expires_at".into(), expires.into());
    platform
        .store
        .transact_write(vec![
            TransactOp::Put {
                item: conn,
                condition: None,
            },
            TransactOp::Put {
                item: mine,
                condition: None,
            },
        ])
        .await?;
    Ok(())
}

/// Forgets a connection; returns whose it was (if it was still registered).
pub async fn close(platform: &Platform, connection_id: &str) -> Result<Option<String>, ApiError> {
    let Some(item) = platform
        .store
        .delete(&connection_key(connection_id), None)
        .await?
    else {
        return Ok(None);
    };
    let user = item
        .get("user_id")
        .and_then(Value::as_str)
        .map(str::to_owned);
    if let Some(user) = &user {
        platform
            .store
            .delete(&user_connection_key(user, connection_id), None)
            .await?;
    }
    Ok(user)
}

/// Whose connection this is, while it is registered.
pub async fn owner(platform: &Platform, connection_id: &str) -> Result<Option<String>, ApiError> {
    Ok(platform
        .store
        .get(&connection_key(connection_id))
        .await?
        .and_then(|i| i.get("user_id").and_then(Value::as_str).map(str::to_owned)))
}

/// A resident's open connections.
pub async fn of_user(platform: &Platform, user_id: &str) -> Result<Vec<Connection>, ApiError> {
    let page = platform
        .store
        .query(&Query::partition(user_partition(user_id)).limit(MAX_CONNECTIONS_PER_USER))
        .await?;
    Ok(page
        .items
        .into_iter()
        .filter_map(|i| {
            Some(Connection {
                id: i.get("sk").and_then(Value::as_str)?.to_owned(),
                conversation: i
                    .get("conversation")
                    .and_then(Value::as_str)
                    .map(str::to_owned),
            })
        })
        .collect())
}

/// Extends a live connection's entries (the client pinged).
pub async fn refresh(
    platform: &Platform,
    connection_id: &str,
    user_id: &str,
) -> Result<(), ApiError> {
    let expires = platform.clock.now_epoch() + CONNECTION_TTL_SECS;
    let update = Update::new().set("expires_at", expires);
    for key in [
        connection_key(connection_id),
        user_connection_key(user_id, connection_id),
    ] {
        match platform
            .store
            .update(&key, &update, Some(Condition::Exists))
            .await
        {
            Ok(_) | Err(StoreError::ConditionFailed) => {}
            Err(err) => return Err(err.into()),
        }
    }
    Ok(())
}

/// Remembers which conversation the connection has open (`None`: none).
pub async fn subscribe(
    platform: &Platform,
    connection_id: &str,
    user_id: &str,
    conversation: Option<&str>,
) -> Result<(), ApiError> {
    let update = match conversation {
        Some(c) => Update::new().set("conversation", c),
        None => Update::new().remove("conversation"),
    };
    match platform
        .store
        .update(
            &user_connection_key(user_id, connection_id),
            &update,
            Some(Condition::Exists),
        )
        .await
    {
        Ok(_) | Err(StoreError::ConditionFailed) => Ok(()),
        Err(err) => Err(err.into()),
    }
}

/// Whether a typing signal from this connection may go out now: at most one every `every_secs`.
pub async fn typing_allowed(
    platform: &Platform,
    connection_id: &str,
    user_id: &str,
    every_secs: i64,
) -> Result<bool, ApiError> {
    let now = platform.clock.now_epoch();
    match platform
        .store
        .update(
            &user_connection_key(user_id, connection_id),
            &Update::new().set("typing_at", now),
            Some(Condition::LessThan(
                "typing_at".into(),
                now - every_secs + 1,
            )),
        )
        .await
    {
        Ok(_) => Ok(true),
        Err(StoreError::ConditionFailed) => Ok(false),
        Err(err) => Err(err.into()),
    }
}

/// Sends a frame to one connection; a gone connection is forgotten (returns `false`).
pub async fn send(
    platform: &Platform,
    connection_id: &str,
    frame: &Value,
) -> Result<bool, ApiError> {
    match platform.push.send(connection_id, &frame.to_string()).await {
        Ok(()) => Ok(true),
        Err(PushError::Gone) => {
            tracing::info!(%connection_id, "connection gone; forgetting it");
            close(platform, connection_id).await?;
            Ok(false)
        }
        Err(err) => Err(err.into()),
    }
}

/// Which of a resident's connections a push reaches.
#[derive(Debug, Clone, Copy)]
pub enum Reach<'a> {
    /// Every open connection.
    All,
    /// Only connections that have this conversation open.
    Viewing(&'a str),
}

/// Pushes a frame to residents' connections; returns how many connections received it. A failing
/// push to one connection is logged and does not stop the others: real time is best effort, the
/// client resyncs what it missed over HTTP.
pub async fn push(
    platform: &Platform,
    user_ids: &[String],
    reach: Reach<'_>,
    frame: &Value,
) -> Result<usize, ApiError> {
    // Owned items: closures over borrowed ones make the future not provably `Send` (rust#102211).
    let lookups = futures::stream::iter(user_ids.to_vec())
        .map(|u| async move { of_user(platform, &u).await })
        .buffer_unordered(PUSH_CONCURRENCY)
        .collect::<Vec<_>>()
        .await;
    let mut targets = Vec::new();
    for found in lookups {
        for c in found? {
            let wanted = match reach {
                Reach::All => true,
                Reach::Viewing(conversation) => c.conversation.as_deref() == Some(conversation),
            };
            if wanted {
                targets.push(c.id);
            }
        }
    }
    let sent = futures::stream::iter(targets)
        .map(|c| async move {
            match send(platform, &c, frame).await {
                Ok(delivered) => delivered,
                Err(err) => {
                    tracing::warn!(connection_id = %c, error = %err, "push failed");
                    false
                }
            }
        })
        .buffer_unordered(PUSH_CONCURRENCY)
        .collect::<Vec<bool>>()
        .await;
    Ok(sent.into_iter().filter(|d| *d).count())
}

/// Pushes a frame to every connection of one resident.
pub async fn push_to_user(
    platform: &Platform,
    user_id: &str,
    frame: &Value,
) -> Result<usize, ApiError> {
    push(platform, &[user_id.to_owned()], Reach::All, frame).await
}
