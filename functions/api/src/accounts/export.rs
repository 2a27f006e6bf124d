//! The GDPR archive (art. 15 and 20): everything the platform holds about a user, as one JSON
//! document behind a short-lived presigned URL.

use super::directory;
use super::keys;
use super::model::{IMAGE_VARIANTS, UserRecord};
use crate::platform::Platform;
use crate::problem::ApiError;
use crate::storage::drain;
use bytes::Bytes;
use rouen_ports::{IndexName, Item, Query};
use serde_json::{Value, json};
use std::time::Duration;

/// How long the download link lives.
pub const LINK_TTL: Duration = Duration::from_secs(3600);
/// Format version of the archive, so tools reading it can tell.
pub const ARCHIVE_VERSION: u32 = 1;

/// Drops storage plumbing (keys, index attributes, TTLs) and secrets from an item.
fn clean(mut item: Item) -> Item {
    for attr in [
        "pk",
        "sk",
        "gsi1pk",
        "gsi1sk",
        "gsi2pk",
        "gsi2sk",
        "expires_at",
        "username_lc",
        "password_hash",
    ] {
        item.remove(attr);
    }
    item
}

pub struct Archive {
    pub url: String,
    pub expires_at: chrono::DateTime<chrono::Utc>,
}

pub async fn build(platform: &Platform, user: &UserRecord) -> Result<Archive, ApiError> {
    let id = user.id.as_str();
    let now = platform.clock.now();
    let mut sections: std::collections::BTreeMap<String, Vec<Value>> = Default::default();
    for item in drain(platform, Query::partition(keys::user_pk(id))).await? {
        let sk = item
            .get("sk")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        let section = match sk.split('#').next().unwrap_or_default() {
            "PROFILE" | "CRED" => continue,
            "FOLLOWS" => "following",
            "FOLLOWREQ" => "follow_requests_received",
            "BLOCKS" => "blocks",
            "MUTES" => "mutes",
            "SESSION" => "sessions",
            "DEVICE" => "known_devices",
            "EXPORT" => "exports",
            other => {
                // Services that join later keep their items in the user's partition; the archive
                // carries them under their own name rather than dropping them.
                let name = other.to_ascii_lowercase();
                sections
                    .entry(name)
                    .or_default()
                    .push(Value::Object(clean(item)));
                continue;
            }
        };
        sections
            .entry(section.to_owned())
            .or_default()
            .push(Value::Object(clean(item)));
    }
    for (name, query) in [
        (
            "followers",
            Query::partition(keys::index::followers(id)).on_index(IndexName::Gsi1),
        ),
        (
            "follow_requests_sent",
            Query::partition(keys::index::requested_by(id)).on_index(IndexName::Gsi2),
        ),
    ] {
        let items = drain(platform, query).await?;
        sections
            .entry(name.to_owned())
            .or_default()
            .extend(items.into_iter().map(|i| Value::Object(clean(i))));
    }
    let credentials = platform.store.get(&keys::credentials(id)).await?;
    let media: Vec<Value> = [("avatar", &user.avatar), ("cover", &user.cover)]
        .into_iter()
        .filter_map(|(kind, image)| image.as_ref().map(|i| (kind, i)))
        .map(|(kind, image)| {
            json!({"kind": kind, "files": IMAGE_VARIANTS.iter().map(|v| image.variant_key(v)).collect::<Vec<_>>()})
        })
        .collect();
    let me = directory::me(platform, user).await?;
    let (posts, comments, likes) = crate::social::erasure::export_content(platform, id).await?;
    let (conversations, messages) = crate::chat::privacy::export(platform, id).await?;
    let notifications: Vec<Value> = drain(
        platform,
        Query::partition(crate::social::notifications::partition(id)),
    )
    .await?
    .into_iter()
    .map(|i| Value::Object(clean(i)))
    .collect();
    let archive = json!({
        "format": "rouen-social-export",
        "version": ARCHIVE_VERSION,
        "generated_at": now,
        "account": me,
        "password_changed_at": credentials.and_then(|c| c.get("password_changed_at").cloned()),
        "media": media,
        "data": sections,
        // Services not yet holding data for this account still appear, so the archive says "none"
        // rather than leaving the reader to wonder.
        "posts": posts,
        "comments": comments,
        "likes": likes,
        "conversations": conversations,
        "messages": messages,
        "rsvps": sections_or_empty(&sections, "rsvp"),
        "notifications": notifications,
    });
    let export_id = platform.ids.new_id();
    let blob_key = format!("exports/{id}/{export_id}.json");
    let body = serde_json::to_vec_pretty(&archive)
        .map_err(|e| ApiError::Internal(format!("serialising an export: {e}")))?;
    platform
        .blobs
        .put(&blob_key, Bytes::from(body), "application/json")
        .await?;
    let key = keys::export(id, &export_id);
    let mut record = Item::new();
    record.insert("pk".into(), key.pk.into());
    record.insert("sk".into(), key.sk.into());
    record.insert("blob_key".into(), blob_key.clone().into());
    record.insert("created_at".into(), now.to_rfc3339().into());
    platform.store.put(record, None).await?;
    let link = platform.blobs.presign_get(&blob_key, LINK_TTL).await?;
    Ok(Archive {
        url: link.url,
        expires_at: now + chrono::Duration::seconds(LINK_TTL.as_secs() as i64),
    })
}

fn sections_or_empty(
    sections: &std::collections::BTreeMap<String, Vec<Value>>,
    name: &str,
) -> Value {
    Value::Array(sections.get(name).cloned().unwrap_or_default())
}
