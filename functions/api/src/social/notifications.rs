//! In-app notifications: written by the jobs worker from `notify` jobs (so a burst of likes does not
//! slow the like itself), listed newest first with bursts grouped ("Alice and 12 others liked your
//! post"), marked read one by one or all at once. Kept 90 days.

use crate::handlers::jobs::{Job, enqueue};
use crate::platform::Platform;
use crate::problem::ApiError;
use rouen_ports::{Condition, Item, Key, Query, StoreError, Update};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

const KEEP_SECS: i64 = 90 * 24 * 3600;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Hash)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Follow,
    FollowRequest,
    Like,
    Comment,
    Mention,
    Share,
    /// A chat message while the recipient was not looking at the conversation.
    Message,
    /// An event the resident is going to or interested in takes place tomorrow.
    EventReminder,
    /// A breaking local story (only for residents who turned it on).
    BreakingNews,
    /// A new orange or red Météo-France warning for Seine-Maritime (opt-in).
    WeatherWarning,
    /// A new disruption on the public transport network (opt-in).
    TransportDisruption,
}

impl Kind {
    /// Sent by the platform about a thing (an event, a story), not by a resident.
    pub fn is_system(self) -> bool {
        matches!(
            self,
            Self::EventReminder
                | Self::BreakingNews
                | Self::WeatherWarning
                | Self::TransportDisruption
        )
    }
}

/// What a platform notice is about, with the title it had when sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Subject {
    /// `event`, `article`, `weather_alert` or `transit_alert`.
    pub kind: String,
    pub id: String,
    pub title: String,
}

impl Subject {
    /// The app's page for it.
    pub fn path(&self) -> String {
        match self.kind.as_str() {
            "event" => format!("/events/{}", self.id),
            "weather_alert" => "/weather".into(),
            "transit_alert" => "/transport".into(),
            _ => format!("/news/{}", self.id),
        }
    }
}

/// What the jobs worker is asked to record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notice {
    /// Chosen when the job is sent, so a redelivered job writes the same item.
    pub id: String,
    pub recipient: String,
    pub kind: Kind,
    pub actor: String,
    #[serde(default)]
    pub post_id: Option<String>,
    #[serde(default)]
    pub conversation_id: Option<String>,
    /// For platform notices (reminders, breaking news); their `actor` is empty.
    #[serde(default)]
    pub subject: Option<Subject>,
}

pub fn partition(user: &str) -> String {
    format!("NOTIF#{user}")
}

/// Queues a notification, unless it would notify someone about themselves.
pub async fn send(
    platform: &Platform,
    recipient: &str,
    kind: Kind,
    actor: &str,
    post_id: Option<&str>,
) -> Result<(), ApiError> {
    if recipient == actor {
        return Ok(());
    }
    let notice = Notice {
        id: platform.ids.new_id(),
        recipient: recipient.into(),
        kind,
        actor: actor.into(),
        post_id: post_id.map(str::to_owned),
        conversation_id: None,
        subject: None,
    };
    enqueue(platform, &[Job::Notify { notice }]).await
}

/// Queues a notification about a conversation (a message).
pub async fn send_about_conversation(
    platform: &Platform,
    recipient: &str,
    kind: Kind,
    actor: &str,
    conversation_id: &str,
) -> Result<(), ApiError> {
    if recipient == actor {
        return Ok(());
    }
    let notice = Notice {
        id: platform.ids.new_id(),
        recipient: recipient.into(),
        kind,
        actor: actor.into(),
        post_id: None,
        conversation_id: Some(conversation_id.into()),
        subject: None,
    };
    enqueue(platform, &[Job::Notify { notice }]).await
}

/// The jobs worker's part: one item per notice, skipped when the actor is blocked by the recipient,
/// then pushed to the recipient's open connections. A redelivered job finds its item already
/// written and neither writes nor pushes it again.
pub async fn record(platform: &Platform, notice: &Notice) -> Result<(), ApiError> {
    // The job may run after its actor erased their account (a queue delivers late): nothing naming
    // them may be written then, or the erasure would leave a trace behind.
    if !notice.actor.is_empty()
        && crate::accounts::directory::load(platform, &notice.actor)
            .await?
            .is_none()
    {
        return Ok(());
    }
    if crate::accounts::graph::has_blocked(platform, &notice.recipient, &notice.actor).await? {
        return Ok(());
    }
    let prefs = super::notification_prefs::load(platform, &notice.recipient).await?;
    let channels = prefs.channels(notice.kind);
    if channels.email {
        super::digest::queue(platform, notice).await?;
    }
    if !channels.in_app {
        return Ok(());
    }
    let mut item = Item::new();
    item.insert("pk".into(), partition(&notice.recipient).into());
    item.insert("sk".into(), notice.id.clone().into());
    item.insert("id".into(), notice.id.clone().into());
    item.insert(
        "kind".into(),
        serde_json::to_value(notice.kind).map_err(|e| ApiError::Internal(e.to_string()))?,
    );
    item.insert("actor_id".into(), notice.actor.clone().into());
    if let Some(p) = &notice.post_id {
        item.insert("post_id".into(), p.clone().into());
    }
    if let Some(c) = &notice.conversation_id {
        item.insert("conversation_id".into(), c.clone().into());
    }
    if let Some(subject) = &notice.subject {
        item.insert(
            "subject".into(),
            serde_json::to_value(subject).map_err(|e| ApiError::Internal(e.to_string()))?,
        );
    }
    item.insert("read".into(), false.into());
    item.insert(
        "created_at".into(),
        platform.clock.now().to_rfc3339().into(),
    );
    item.insert(
        "expires_at".into(),
        (platform.clock.now_epoch() + KEEP_SECS).into(),
    );
    // Erasing the actor's account finds what names them.
    item.insert("gsi2pk".into(), format!("NOTIFBY#{}", notice.actor).into());
    item.insert("gsi2sk".into(), notice.id.clone().into());
    match platform.store.put(item, Some(Condition::NotExists)).await {
        Ok(()) => {}
        Err(StoreError::ConditionFailed) => {
            tracing::info!(notification_id = %notice.id, "notification already recorded");
            return Ok(());
        }
        Err(err) => return Err(err.into()),
    }
    // The actor may have erased their account while this ran: their erasure sweeps what names them
    // after deleting the profile, so either that sweep saw this write or this check sees no profile.
    if !notice.actor.is_empty()
        && crate::accounts::directory::load(platform, &notice.actor)
            .await?
            .is_none()
    {
        platform
            .store
            .delete(
                &Key::new(partition(&notice.recipient), notice.id.clone()),
                None,
            )
            .await?;
        platform
            .store
            .delete(
                &Key::new(
                    super::digest::partition(&notice.recipient),
                    notice.id.clone(),
                ),
                None,
            )
            .await?;
        return Ok(());
    }
    let quiet = prefs.is_quiet(platform.clock.now());
    let online = push_live(platform, notice, quiet).await?;
    if channels.push && !quiet && !online {
        push_to_browsers(platform, notice).await?;
    }
    Ok(())
}

/// A browser notification in the recipient's language ("Alice a aimé votre publication").
async fn push_to_browsers(platform: &Platform, notice: &Notice) -> Result<(), ApiError> {
    if let Some(subject) = &notice.subject {
        let Some(recipient) = crate::accounts::directory::load_many(
            platform,
            std::slice::from_ref(&notice.recipient),
        )
        .await?
        .into_iter()
        .next() else {
            return Ok(());
        };
        let payload = crate::realtime::browser_push::Payload {
            title: super::digest::verb(notice.kind, recipient.language, 0),
            body: subject.title.clone(),
            tag: subject.id.clone(),
            url: subject.path(),
        };
        crate::realtime::browser_push::send(platform, &recipient.id, &payload).await?;
        return Ok(());
    }
    let ids = [notice.recipient.clone(), notice.actor.clone()];
    let users = crate::accounts::directory::load_many(platform, &ids).await?;
    let (Some(recipient), Some(actor)) = (
        users.iter().find(|u| u.id == notice.recipient),
        users.iter().find(|u| u.id == notice.actor),
    ) else {
        return Ok(());
    };
    let url = match (&notice.post_id, &notice.conversation_id) {
        (_, Some(c)) => format!("/messages/{c}"),
        (Some(p), None) => format!("/posts/{p}"),
        (None, None) => "/notifications".to_owned(),
    };
    let payload = crate::realtime::browser_push::Payload {
        title: "Rouen Social".into(),
        body: format!(
            "{} {}",
            actor.display_name,
            super::digest::verb(notice.kind, recipient.language, 0)
        ),
        tag: notice
            .conversation_id
            .clone()
            .or_else(|| notice.post_id.clone())
            .unwrap_or_else(|| notice.id.clone()),
        url,
    };
    let delivered = crate::realtime::browser_push::send(platform, &recipient.id, &payload).await?;
    tracing::debug!(notification_id = %notice.id, delivered, "browser push");
    Ok(())
}

/// The `notification` frame: what happened, who did it, and the new unread count for the badge.
/// During quiet hours the frame says `quiet: true`: the badge moves, no toast or sound. Returns
/// whether the recipient has an open connection (then no browser notification is needed).
async fn push_live(platform: &Platform, notice: &Notice, quiet: bool) -> Result<bool, ApiError> {
    if crate::realtime::connections::of_user(platform, &notice.recipient)
        .await?
        .is_empty()
    {
        return Ok(false);
    }
    let actor =
        crate::accounts::directory::summaries(platform, std::slice::from_ref(&notice.actor))
            .await?
            .into_iter()
            .next();
    let unread = unread(platform, &notice.recipient).await?;
    let frame = crate::realtime::frames::frame(
        "notification",
        serde_json::json!({
            "notification": {
                "id": notice.id,
                "kind": notice.kind,
                "actor": actor,
                "post_id": notice.post_id,
                "conversation_id": notice.conversation_id,
                "subject": notice.subject,
                "created_at": platform.clock.now().to_rfc3339(),
            },
            "unread": unread,
            "quiet": quiet,
        }),
    );
    crate::realtime::connections::push_to_user(platform, &notice.recipient, &frame).await?;
    Ok(true)
}

pub async fn page(
    platform: &Platform,
    user: &str,
    cursor: Option<String>,
    limit: u32,
) -> Result<(Vec<Item>, Option<String>), ApiError> {
    let page = platform
        .store
        .query(
            &Query::partition(partition(user))
                .descending()
                .limit(limit)
                .after(cursor),
        )
        .await?;
    Ok((page.items, page.cursor))
}

/// Unread notifications among the newest 100 (a badge needs no more).
pub async fn unread(platform: &Platform, user: &str) -> Result<u32, ApiError> {
    let page = platform
        .store
        .query(&Query::partition(partition(user)).descending().limit(100))
        .await?;
    Ok(page
        .items
        .iter()
        .filter(|i| i.get("read").and_then(Value::as_bool) == Some(false))
        .count() as u32)
}

pub async fn mark_read(
    platform: &Platform,
    user: &str,
    ids: Option<&[String]>,
) -> Result<u32, ApiError> {
    let targets: Vec<String> = match ids {
        Some(ids) => ids.to_vec(),
        None => {
            let page = platform
                .store
                // The whole partition: DynamoDB refuses an empty string in a key condition.
                .query(&Query::partition(partition(user)).descending().limit(500))
                .await?;
            page.items
                .iter()
                .filter(|i| i.get("read").and_then(Value::as_bool) == Some(false))
                .filter_map(|i| i.get("id").and_then(Value::as_str).map(str::to_owned))
                .collect()
        }
    };
    let mut n = 0;
    for id in targets {
        match platform
            .store
            .update(
                &Key::new(partition(user), id),
                &Update::new().set("read", true),
                Some(Condition::Exists),
            )
            .await
        {
            Ok(_) => n += 1,
            Err(StoreError::ConditionFailed) => {}
            Err(e) => return Err(e.into()),
        }
    }
    Ok(n)
}

/// Queues a platform notice (no actor) for each recipient.
pub async fn send_system(
    platform: &Platform,
    recipients: &[String],
    kind: Kind,
    subject: Subject,
) -> Result<(), ApiError> {
    let jobs: Vec<Job> = recipients
        .iter()
        .map(|recipient| Job::Notify {
            notice: Notice {
                id: platform.ids.new_id(),
                recipient: recipient.clone(),
                kind,
                actor: String::new(),
                post_id: None,
                conversation_id: None,
                subject: Some(subject.clone()),
            },
        })
        .collect();
    for chunk in jobs.chunks(10) {
        enqueue(platform, chunk).await?;
    }
    Ok(())
}

/// The breaking-news alert of a story, to every resident who turned it on.
pub async fn announce_breaking(
    platform: &Platform,
    story_id: &str,
    article_id: &str,
) -> Result<(), ApiError> {
    let Some(article) = crate::city::news::load_article(platform, article_id).await? else {
        return Ok(());
    };
    let subscribers = super::notification_prefs::subscribers(platform, Kind::BreakingNews).await?;
    tracing::info!(%story_id, recipients = subscribers.len(), "breaking news alert");
    send_system(
        platform,
        &subscribers,
        Kind::BreakingNews,
        Subject {
            kind: "article".into(),
            id: article.id,
            title: article.draft.title,
        },
    )
    .await
}
