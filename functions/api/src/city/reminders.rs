//! Event reminders: the day before, residents going to or interested in an event are notified once.

use super::{events, rsvp};
use crate::platform::Platform;
use crate::problem::ApiError;
use crate::social::notifications::{self, Kind, Subject};
use chrono::{Duration, NaiveDate, Timelike};
use rouen_city::TZ;
use rouen_ports::{Condition, Item, StoreError};

/// Reminders go out in the daytime (Rouen time), never at night.
const FIRST_HOUR: u32 = 10;
const LAST_HOUR: u32 = 20;

/// The schedule's entry point (hourly): tomorrow's events, during the day.
pub async fn run(platform: &Platform) -> Result<u32, ApiError> {
    let now = platform.clock.now().with_timezone(&TZ);
    if !(FIRST_HOUR..=LAST_HOUR).contains(&now.hour()) {
        return Ok(0);
    }
    remind_for(platform, now.date_naive() + Duration::days(1)).await
}

/// Reminds every resident with an RSVP to an event starting on `day`, once per event and day
/// whatever how often it runs. Returns how many reminders were queued.
pub async fn remind_for(platform: &Platform, day: NaiveDate) -> Result<u32, ApiError> {
    let mut sent = 0;
    for event in events::starting_on(platform, day).await? {
        let mut recipients = Vec::new();
        for user in rsvp::attendees(platform, &event.record.id).await? {
            let mut claim = Item::new();
            claim.insert(
                "pk".into(),
                format!("REMINDED#{}#{day}", event.record.id).into(),
            );
            claim.insert("sk".into(), user.clone().into());
            claim.insert(
                "expires_at".into(),
                (platform.clock.now() + Duration::days(3))
                    .timestamp()
                    .into(),
            );
            match platform.store.put(claim, Some(Condition::NotExists)).await {
                Ok(()) => recipients.push(user),
                Err(StoreError::ConditionFailed) => {}
                Err(err) => return Err(err.into()),
            }
        }
        if recipients.is_empty() {
            continue;
        }
        sent += recipients.len() as u32;
        notifications::send_system(
            platform,
            &recipients,
            Kind::EventReminder,
            Subject {
                kind: "event".into(),
                id: event.record.id.clone(),
                title: event.record.draft.title.clone(),
            },
        )
        .await?;
    }
    tracing::info!(%day, sent, "event reminders");
    Ok(sent)
}
