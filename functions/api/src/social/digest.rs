//! E-mail digests: notifications a resident wants by e-mail wait in their digest partition; an
//! hourly schedule sends each resident one mail with what they have not already seen in the app,
//! outside their quiet hours. Bursts therefore cost one mail, not one per like.

use super::notification_prefs;
use super::notifications::{Kind, Notice};
use crate::accounts::directory;
use crate::accounts::model::{Language, UserRecord};
use crate::platform::Platform;
use crate::problem::ApiError;
use crate::storage::drain;
use rouen_ports::{Condition, IndexName, Item, Key, OutgoingEmail, Query, StoreError};
use serde_json::Value;
use std::collections::BTreeMap;

/// Pending digest lines are dropped after a week (a resident away that long gets the app's list).
const KEEP_SECS: i64 = 7 * 24 * 3600;
/// Lines in one mail; the rest are summed up.
const MAX_LINES: usize = 10;
const INDEX_PARTITION: &str = "DIGESTS";

pub fn partition(user: &str) -> String {
    format!("DIGEST#{user}")
}

/// Queues a notice for the recipient's next digest (once per notice id).
pub async fn queue(platform: &Platform, notice: &Notice) -> Result<(), ApiError> {
    let mut item = Item::new();
    item.insert("pk".into(), partition(&notice.recipient).into());
    item.insert("sk".into(), notice.id.clone().into());
    item.insert(
        "kind".into(),
        serde_json::to_value(notice.kind).map_err(|e| ApiError::Internal(e.to_string()))?,
    );
    item.insert("actor_id".into(), notice.actor.clone().into());
    if let Some(subject) = &notice.subject {
        item.insert(
            "subject".into(),
            serde_json::to_value(subject).map_err(|e| ApiError::Internal(e.to_string()))?,
        );
    }
    // One partition lists whoever has something pending; a city's hourly digests fit in it.
    item.insert("gsi1pk".into(), INDEX_PARTITION.into());
    item.insert(
        "gsi1sk".into(),
        format!("{}#{}", notice.recipient, notice.id).into(),
    );
    // Erasing the actor's account finds the lines that name them.
    item.insert("gsi2pk".into(), format!("NOTIFBY#{}", notice.actor).into());
    item.insert("gsi2sk".into(), notice.id.clone().into());
    item.insert(
        "expires_at".into(),
        (platform.clock.now_epoch() + KEEP_SECS).into(),
    );
    match platform.store.put(item, Some(Condition::NotExists)).await {
        Ok(()) | Err(StoreError::ConditionFailed) => Ok(()),
        Err(err) => Err(err.into()),
    }
}

/// What the actor did, as a sentence ending ("a aimé votre publication").
pub fn verb(kind: Kind, lang: Language, others: usize) -> String {
    let many = others > 0;
    match (lang, kind) {
        (Language::Fr, Kind::Follow) => if many {
            "vous suivent désormais"
        } else {
            "vous suit désormais"
        }
        .into(),
        (Language::Fr, Kind::FollowRequest) => if many {
            "demandent à vous suivre"
        } else {
            "demande à vous suivre"
        }
        .into(),
        (Language::Fr, Kind::Like) => if many {
            "ont aimé votre publication"
        } else {
            "a aimé votre publication"
        }
        .into(),
        (Language::Fr, Kind::Comment) => if many {
            "ont commenté votre publication"
        } else {
            "a commenté votre publication"
        }
        .into(),
        (Language::Fr, Kind::Mention) => if many {
            "vous ont mentionné"
        } else {
            "vous a mentionné"
        }
        .into(),
        (Language::Fr, Kind::Share) => if many {
            "ont partagé votre publication"
        } else {
            "a partagé votre publication"
        }
        .into(),
        (Language::Fr, Kind::Message) => if many {
            "vous ont écrit"
        } else {
            "vous a écrit"
        }
        .into(),
        (Language::En, Kind::Follow) => "followed you".into(),
        (Language::En, Kind::FollowRequest) => "asked to follow you".into(),
        (Language::En, Kind::Like) => "liked your post".into(),
        (Language::En, Kind::Comment) => "commented on your post".into(),
        (Language::En, Kind::Mention) => "mentioned you".into(),
        (Language::En, Kind::Share) => "shared your post".into(),
        (Language::En, Kind::Message) => "sent you a message".into(),
        (Language::Fr, Kind::EventReminder) => "C'est demain".into(),
        (Language::En, Kind::EventReminder) => "It's tomorrow".into(),
        (Language::Fr, Kind::BreakingNews) => "Dernière minute".into(),
        (Language::En, Kind::BreakingNews) => "Breaking news".into(),
        (Language::Fr, Kind::WeatherWarning) => "Vigilance météo".into(),
        (Language::En, Kind::WeatherWarning) => "Weather warning".into(),
        (Language::Fr, Kind::TransportDisruption) => "Perturbation sur le réseau Astuce".into(),
        (Language::En, Kind::TransportDisruption) => "Disruption on the Astuce network".into(),
    }
}

/// The mail for these pending lines (kind, actor display names), grouped by kind.
pub fn render(user: &UserRecord, lines: &[(Kind, String)], web_url: &str) -> OutgoingEmail {
    let mut by_kind: BTreeMap<String, (Kind, Vec<String>)> = BTreeMap::new();
    for (kind, actor) in lines {
        let entry = by_kind
            .entry(format!("{kind:?}"))
            .or_insert_with(|| (*kind, Vec::new()));
        if !entry.1.contains(actor) {
            entry.1.push(actor.clone());
        }
    }
    let lang = user.language;
    let mut bullets = Vec::new();
    for (kind, actors) in by_kind.values() {
        if kind.is_system() {
            bullets.push(format!(
                "• {} : {}",
                verb(*kind, lang, 0),
                actors.join(" ; ")
            ));
            continue;
        }
        let others = actors.len().saturating_sub(1);
        let who = match (lang, others) {
            (_, 0) => actors[0].clone(),
            (Language::Fr, n) => {
                format!("{} et {n} autre{}", actors[0], if n > 1 { "s" } else { "" })
            }
            (Language::En, n) => format!(
                "{} and {n} other{}",
                actors[0],
                if n > 1 { "s" } else { "" }
            ),
        };
        bullets.push(format!("• {who} {}", verb(*kind, lang, others)));
    }
    let extra = bullets.len().saturating_sub(MAX_LINES);
    bullets.truncate(MAX_LINES);
    let list = bullets.join("\n");
    let (subject, text) = match lang {
        Language::Fr => (
            "Rouen Social — Ce que vous avez manqué".to_owned(),
            format!(
                "Bonjour {},\n\nDepuis votre dernière visite :\n\n{list}{}\n\nTout voir : {web_url}/notifications\n\nChoisir ce que vous recevez par e-mail : {web_url}/settings/notifications\n\n— Rouen Social, le réseau social de Rouen",
                user.display_name,
                if extra > 0 {
                    format!("\n• … et {extra} autres types de notifications")
                } else {
                    String::new()
                }
            ),
        ),
        Language::En => (
            "Rouen Social — What you missed".to_owned(),
            format!(
                "Hello {},\n\nSince your last visit:\n\n{list}{}\n\nSee everything: {web_url}/notifications\n\nChoose what you receive by e-mail: {web_url}/settings/notifications\n\n— Rouen Social, Rouen's own social network",
                user.display_name,
                if extra > 0 {
                    format!("\n• … and {extra} more kinds of notifications")
                } else {
                    String::new()
                }
            ),
        ),
    };
    OutgoingEmail {
        to: user.email.clone(),
        subject,
        text,
        html: None,
        template: "notification_digest".into(),
        lang: lang.code().into(),
    }
}

/// The hourly schedule: one mail per resident with unseen notifications, outside quiet hours.
/// Returns how many mails went out.
pub async fn send_all(platform: &Platform) -> Result<usize, ApiError> {
    let pending = drain(
        platform,
        Query::partition(INDEX_PARTITION).on_index(IndexName::Gsi1),
    )
    .await?;
    let mut by_user: BTreeMap<String, Vec<Item>> = BTreeMap::new();
    for item in pending {
        if let Some(user) = item
            .get("pk")
            .and_then(Value::as_str)
            .and_then(|pk| pk.strip_prefix("DIGEST#"))
        {
            by_user.entry(user.to_owned()).or_default().push(item);
        }
    }
    let now = platform.clock.now();
    let mut sent = 0;
    for (user_id, items) in by_user {
        let Some(user) = directory::load(platform, &user_id).await? else {
            forget(platform, &items).await?;
            continue;
        };
        let prefs = notification_prefs::load(platform, &user_id).await?;
        if prefs.is_quiet(now) {
            continue;
        }
        // What the resident already read in the app is not mailed again.
        let keys: Vec<Key> = items
            .iter()
            .filter_map(|i| i.get("sk").and_then(Value::as_str))
            .map(|id| Key::new(super::notifications::partition(&user_id), id))
            .collect();
        let mut read = std::collections::HashSet::new();
        for chunk in keys.chunks(rouen_ports::item_store::MAX_BATCH_GET_KEYS) {
            for n in platform.store.batch_get(chunk).await? {
                if n.get("read").and_then(Value::as_bool) == Some(true)
                    && let Some(id) = n.get("sk").and_then(Value::as_str)
                {
                    read.insert(id.to_owned());
                }
            }
        }
        let unseen: Vec<&Item> = items
            .iter()
            .filter(|i| {
                i.get("sk")
                    .and_then(Value::as_str)
                    .is_some_and(|id| !read.contains(id))
            })
            .collect();
        if !unseen.is_empty() {
            let actor_ids: Vec<String> = unseen
                .iter()
                .filter_map(|i| i.get("actor_id").and_then(Value::as_str).map(str::to_owned))
                .collect();
            let names: std::collections::HashMap<String, String> =
                directory::load_many(platform, &actor_ids)
                    .await?
                    .into_iter()
                    .map(|u| (u.id, u.display_name))
                    .collect();
            let lines: Vec<(Kind, String)> = unseen
                .iter()
                .filter_map(|i| {
                    let kind: Kind =
                        serde_json::from_value(i.get("kind").cloned().unwrap_or(Value::Null))
                            .ok()?;
                    if kind.is_system() {
                        // Platform notices name their subject instead of a resident.
                        let title = i.get("subject")?.get("title")?.as_str()?;
                        return Some((kind, title.to_owned()));
                    }
                    let actor = names.get(i.get("actor_id").and_then(Value::as_str)?)?;
                    Some((kind, actor.clone()))
                })
                .collect();
            if !lines.is_empty() {
                let mail = render(&user, &lines, &platform.settings.auth.web_url);
                platform.mailer.send(&mail).await?;
                sent += 1;
            }
        }
        forget(platform, &items).await?;
    }
    if sent > 0 {
        tracing::info!(mails = sent, "notification digests sent");
    }
    Ok(sent)
}

async fn forget(platform: &Platform, items: &[Item]) -> Result<(), ApiError> {
    for item in items {
        if let Some(key) = Key::of(item) {
            platform.store.delete(&key, None).await?;
        }
    }
    Ok(())
}
