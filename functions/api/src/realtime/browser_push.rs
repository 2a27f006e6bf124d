//! Browser push (Web Push with VAPID): residents' browser subscriptions, kept in their own partition
//! (so export and erasure include them), and delivery of short notifications to them. A message is
//! encrypted for the subscription (RFC 8291, aes128gcm) and signed with the platform's VAPID key
//! (RFC 8292) by `web-push-native`; the browser-push port POSTs it. A subscription the push service
//! calls gone is forgotten.

use crate::accounts::keys;
use crate::accounts::tokens;
use crate::platform::Platform;
use crate::problem::ApiError;
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rouen_ports::{Item, Key, PushDelivery, PushMessage, Query, SortKeyCondition};
use serde::Serialize;
use serde_json::Value;
use web_push_native::jwt_simple::algorithms::{ECDSAP256PublicKeyLike, ES256KeyPair};
use web_push_native::{Auth, WebPushBuilder, p256};

const PREFIX: &str = "PUSHSUB#";
/// Subscriptions kept per resident (browsers and devices); the oldest go first.
pub const MAX_SUBSCRIPTIONS: usize = 10;
/// How long a push service keeps an undelivered message (the device may be off).
const MESSAGE_TTL_SECS: u64 = 24 * 3600;

fn key(user_id: &str, endpoint: &str) -> Key {
    Key::new(
        keys::user_pk(user_id),
        format!("{PREFIX}{}", tokens::digest(endpoint)),
    )
}

fn key_pair(platform: &Platform) -> Option<ES256KeyPair> {
    let settings = platform.settings.web_push.as_ref()?;
    ES256KeyPair::from_bytes(&settings.private_key).ok()
}

/// The VAPID public key browsers subscribe with (`applicationServerKey`), base64url.
pub fn public_key(platform: &Platform) -> Option<String> {
    let pair = key_pair(platform)?;
    let point = pair.public_key().public_key().to_bytes_uncompressed();
    Some(URL_SAFE_NO_PAD.encode(point))
}

/// A browser's subscription as `PushSubscription.toJSON()` gives it.
pub struct Subscription<'a> {
    pub endpoint: &'a str,
    pub p256dh: &'a str,
    pub auth: &'a str,
}

/// Checks the keys decode as a P-256 point and a 16-byte secret; returns why not.
pub fn validate(sub: &Subscription<'_>) -> Result<(), &'static str> {
    let point = URL_SAFE_NO_PAD
        .decode(sub.p256dh.trim_end_matches('='))
        .map_err(|_| "keys.p256dh")?;
    p256::PublicKey::from_sec1_bytes(&point).map_err(|_| "keys.p256dh")?;
    let auth = URL_SAFE_NO_PAD
        .decode(sub.auth.trim_end_matches('='))
        .map_err(|_| "keys.auth")?;
    if auth.len() != 16 {
        return Err("keys.auth");
    }
    Ok(())
}

pub async fn subscribe(
    platform: &Platform,
    user_id: &str,
    sub: &Subscription<'_>,
    user_agent: &str,
) -> Result<(), ApiError> {
    let existing = list(platform, user_id).await?;
    if existing.len() >= MAX_SUBSCRIPTIONS
        && !existing
            .iter()
            .any(|i| i.get("endpoint").and_then(Value::as_str) == Some(sub.endpoint))
    {
        let mut by_age = existing.clone();
        by_age.sort_by_key(|i| {
            i.get("created_at")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned()
        });
        if let Some(oldest) = by_age.first().and_then(Key::of) {
            platform.store.delete(&oldest, None).await?;
        }
    }
    let k = key(user_id, sub.endpoint);
    let mut item = Item::new();
    item.insert("pk".into(), k.pk.into());
    item.insert("sk".into(), k.sk.into());
    item.insert("endpoint".into(), sub.endpoint.into());
    item.insert("p256dh".into(), sub.p256dh.into());
    item.insert("auth".into(), sub.auth.into());
    item.insert("user_agent".into(), user_agent.into());
    item.insert(
        "created_at".into(),
        platform.clock.now().to_rfc3339().into(),
    );
    platform.store.put(item, None).await?;
    Ok(())
}

pub async fn unsubscribe(
    platform: &Platform,
    user_id: &str,
    endpoint: &str,
) -> Result<(), ApiError> {
    platform.store.delete(&key(user_id, endpoint), None).await?;
    Ok(())
}

async fn list(platform: &Platform, user_id: &str) -> Result<Vec<Item>, ApiError> {
    Ok(platform
        .store
        .query(
            &Query::partition(keys::user_pk(user_id))
                .sort(SortKeyCondition::BeginsWith(PREFIX.into()))
                .limit(MAX_SUBSCRIPTIONS as u32 + 5),
        )
        .await?
        .items)
}

/// What the service worker shows.
#[derive(Debug, Serialize)]
pub struct Payload {
    pub title: String,
    pub body: String,
    /// Where a click leads, relative to the web app.
    pub url: String,
    /// Notifications with one tag replace each other (a burst shows once).
    pub tag: String,
}

/// Sends the payload to every subscription of the resident; returns how many push services took it.
pub async fn send(
    platform: &Platform,
    user_id: &str,
    payload: &Payload,
) -> Result<usize, ApiError> {
    let Some(pair) = key_pair(platform) else {
        return Ok(0);
    };
    let contact = platform
        .settings
        .web_push
        .as_ref()
        .map(|s| s.contact.clone())
        .unwrap_or_default();
    let body = serde_json::to_vec(payload)
        .map_err(|e| ApiError::Internal(format!("serialising a push payload: {e}")))?;
    let mut accepted = 0;
    for item in list(platform, user_id).await? {
        let field = |name: &str| item.get(name).and_then(Value::as_str).unwrap_or_default();
        let (endpoint, p256dh, auth) = (field("endpoint"), field("p256dh"), field("auth"));
        let Some(message) = encrypt(&pair, &contact, endpoint, p256dh, auth, &body) else {
            tracing::warn!(%user_id, "unusable push subscription; forgetting it");
            if let Some(k) = Key::of(&item) {
                platform.store.delete(&k, None).await?;
            }
            continue;
        };
        match platform.browser_push.deliver(&message).await {
            Ok(PushDelivery::Accepted) => accepted += 1,
            Ok(PushDelivery::Gone) | Err(rouen_ports::BrowserPushError::InvalidEndpoint(_)) => {
                if let Some(k) = Key::of(&item) {
                    platform.store.delete(&k, None).await?;
                }
            }
            Ok(PushDelivery::Refused(status)) => {
                tracing::warn!(%user_id, status, "push service refused a message");
            }
            Err(err) => tracing::warn!(%user_id, error = %err, "push service unreachable"),
        }
    }
    Ok(accepted)
}

fn encrypt(
    pair: &ES256KeyPair,
    contact: &str,
    endpoint: &str,
    p256dh: &str,
    auth: &str,
    body: &[u8],
) -> Option<PushMessage> {
    let point = URL_SAFE_NO_PAD.decode(p256dh.trim_end_matches('=')).ok()?;
    let ua_public = p256::PublicKey::from_sec1_bytes(&point).ok()?;
    let secret = URL_SAFE_NO_PAD.decode(auth.trim_end_matches('=')).ok()?;
    if secret.len() != 16 {
        return None;
    }
    let request = WebPushBuilder::new(
        endpoint.parse().ok()?,
        ua_public,
        Auth::clone_from_slice(&secret),
    )
    .with_valid_duration(std::time::Duration::from_secs(MESSAGE_TTL_SECS))
    .with_vapid(pair, contact)
    .build(body.to_vec())
    .ok()?;
    let headers = request
        .headers()
        .iter()
        .filter_map(|(n, v)| Some((n.as_str().to_owned(), v.to_str().ok()?.to_owned())))
        .collect();
    Some(PushMessage {
        endpoint: endpoint.to_owned(),
        headers,
        body: bytes::Bytes::from(request.into_body()),
    })
}
