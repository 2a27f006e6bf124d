//! Single-use tickets that open a WebSocket. The browser cannot set headers on a WebSocket, and the
//! access token must never travel in a URL (it would sit in proxy and API Gateway logs for 15 min):
//! `POST /api/v1/ws/ticket` trades the access token for a random ticket that `$connect` redeems once,
//! within a minute. Only its SHA-256 is stored.

use crate::accounts::tokens;
use crate::platform::Platform;
use crate::problem::ApiError;
use chrono::{DateTime, Utc};
use rouen_ports::{Condition, Item, Key, StoreError};
use serde_json::Value;

pub const TICKET_TTL_SECS: i64 = 60;

fn key(ticket: &str) -> Key {
    Key::new(format!("WSTICKET#{}", tokens::digest(ticket)), "TICKET")
}

/// A new ticket for this resident and when it expires.
pub async fn issue(
    platform: &Platform,
    user_id: &str,
    session: &str,
) -> Result<(String, DateTime<Utc>), ApiError> {
    let ticket = tokens::random_secret()?;
    let now = platform.clock.now();
    let key = key(&ticket);
    let mut item = Item::new();
    item.insert("pk".into(), key.pk.into());
    item.insert("sk".into(), key.sk.into());
    item.insert("user_id".into(), user_id.into());
    item.insert("session".into(), session.into());
    item.insert(
        "expires_at".into(),
        (now.timestamp() + TICKET_TTL_SECS).into(),
    );
    platform.store.put(item, Some(Condition::NotExists)).await?;
    Ok((ticket, now + chrono::Duration::seconds(TICKET_TTL_SECS)))
}

/// The resident a ticket was issued to, spending it; `None` for a ticket that is unknown, expired or
/// already spent. Deleting under `Exists` makes redemption atomic: of two racing connects, one wins.
pub async fn redeem(platform: &Platform, ticket: &str) -> Result<Option<String>, ApiError> {
    if ticket.is_empty() || ticket.len() > 128 {
        return Ok(None);
    }
    match platform
        .store
        .delete(&key(ticket), Some(Condition::Exists))
        .await
    {
        Ok(Some(item)) => Ok(item
            .get("user_id")
            .and_then(Value::as_str)
            .map(str::to_owned)),
        Ok(None) | Err(StoreError::ConditionFailed) => Ok(None),
        Err(err) => Err(err.into()),
    }
}
