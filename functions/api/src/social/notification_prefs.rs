//! Notification preferences: for each kind, whether it appears in the app and whether it goes into
//! the e-mail digest; and quiet hours (Rouen time) during which no digest is sent and live
//! notifications arrive silently.

use super::notifications::Kind;
use crate::accounts::keys;
use crate::accounts::model::{from_item, to_item};
use crate::platform::Platform;
use crate::problem::{ApiError, FieldError};
use chrono::{DateTime, NaiveTime, Utc};
use chrono_tz::Europe::Paris;
use rouen_ports::Key;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Channels {
    /// Shown in the notification list, the badge and live.
    pub in_app: bool,
    /// Included in the e-mail digest (at most one mail an hour).
    pub email: bool,
    /// A browser notification on the devices where the resident allowed them, when they are not
    /// connected (not during quiet hours).
    #[serde(default)]
    pub push: bool,
}

impl Channels {
    pub fn any(self) -> bool {
        self.in_app || self.email || self.push
    }

    const fn new(in_app: bool, email: bool, push: bool) -> Self {
        Self {
            in_app,
            email,
            push,
        }
    }
}

/// A daily window, in Rouen's time zone; it may span midnight (22:00 → 07:00).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct QuietHours {
    /// `HH:MM`, 24-hour clock.
    #[schemars(regex(pattern = r"^([01][0-9]|2[0-3]):[0-5][0-9]$"))]
    pub start: String,
    /// `HH:MM`, 24-hour clock.
    #[schemars(regex(pattern = r"^([01][0-9]|2[0-3]):[0-5][0-9]$"))]
    pub end: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Preferences {
    pub follow: Channels,
    pub follow_request: Channels,
    pub like: Channels,
    pub comment: Channels,
    pub mention: Channels,
    pub share: Channels,
    pub message: Channels,
    /// The day before an event one is going to or interested in.
    #[serde(default = "Preferences::default_event_reminder")]
    pub event_reminder: Channels,
    /// Breaking local news: off unless the resident turns it on.
    #[serde(default = "Preferences::default_breaking_news")]
    pub breaking_news: Channels,
    /// Orange and red weather warnings for Seine-Maritime: off unless turned on.
    #[serde(default = "Preferences::default_breaking_news")]
    pub weather_warning: Channels,
    /// New disruptions on the public transport network: off unless turned on.
    #[serde(default = "Preferences::default_breaking_news")]
    pub transport_disruption: Channels,
    /// No digest and no live alert sound/toast during these hours; `null`: none.
    pub quiet_hours: Option<QuietHours>,
}

impl Default for Preferences {
    fn default() -> Self {
        // E-mail only for what concerns the resident directly; likes and shares stay in the app.
        Self {
            follow: Channels::new(true, false, false),
            follow_request: Channels::new(true, true, true),
            like: Channels::new(true, false, false),
            comment: Channels::new(true, true, true),
            mention: Channels::new(true, true, true),
            share: Channels::new(true, false, false),
            message: Channels::new(true, true, true),
            event_reminder: Self::default_event_reminder(),
            breaking_news: Self::default_breaking_news(),
            weather_warning: Self::default_breaking_news(),
            transport_disruption: Self::default_breaking_news(),
            quiet_hours: None,
        }
    }
}

fn parse_time(value: &str) -> Option<NaiveTime> {
    (value.len() == 5)
        .then(|| NaiveTime::parse_from_str(value, "%H:%M").ok())
        .flatten()
}

impl Preferences {
    fn default_event_reminder() -> Channels {
        Channels::new(true, false, true)
    }

    fn default_breaking_news() -> Channels {
        Channels::new(false, false, false)
    }

    pub fn channels(&self, kind: Kind) -> Channels {
        match kind {
            Kind::Follow => self.follow,
            Kind::FollowRequest => self.follow_request,
            Kind::Like => self.like,
            Kind::Comment => self.comment,
            Kind::Mention => self.mention,
            Kind::Share => self.share,
            Kind::Message => self.message,
            Kind::EventReminder => self.event_reminder,
            Kind::BreakingNews => self.breaking_news,
            Kind::WeatherWarning => self.weather_warning,
            Kind::TransportDisruption => self.transport_disruption,
        }
    }

    pub fn validate(&self) -> Result<(), ApiError> {
        let Some(quiet) = &self.quiet_hours else {
            return Ok(());
        };
        let mut errors = Vec::new();
        for (field, value) in [("start", &quiet.start), ("end", &quiet.end)] {
            if parse_time(value).is_none() {
                errors.push(FieldError::new(
                    format!("body.quiet_hours.{field}"),
                    "invalid_format",
                    "a time as HH:MM (24-hour clock)",
                ));
            }
        }
        if errors.is_empty() && quiet.start == quiet.end {
            errors.push(FieldError::new(
                "body.quiet_hours.end",
                "empty_window",
                "quiet hours end at another time than they start",
            ));
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(ApiError::Validation(errors))
        }
    }

    /// Whether `at` falls within the quiet hours, in Rouen's time.
    pub fn is_quiet(&self, at: DateTime<Utc>) -> bool {
        let Some(quiet) = &self.quiet_hours else {
            return false;
        };
        let (Some(start), Some(end)) = (parse_time(&quiet.start), parse_time(&quiet.end)) else {
            return false;
        };
        let now = at.with_timezone(&Paris).time();
        if start < end {
            start <= now && now < end
        } else {
            now >= start || now < end
        }
    }
}

fn key(user_id: &str) -> Key {
    Key::new(keys::user_pk(user_id), "NOTIFPREFS")
}

pub async fn load(platform: &Platform, user_id: &str) -> Result<Preferences, ApiError> {
    match platform.store.get(&key(user_id)).await? {
        Some(mut item) => {
            // The record refuses unknown fields (it is also the request body): drop the keys.
            for attr in ["pk", "sk", "gsi1pk", "gsi1sk"] {
                item.remove(attr);
            }
            from_item(item).or_else(|err| {
            tracing::warn!(%user_id, error = %err, "unreadable notification preferences; defaults used");
                Ok(Preferences::default())
            })
        }
        None => Ok(Preferences::default()),
    }
}

/// One sparse-index partition lists every resident who turned on any city alert, with their
/// preferences on the entry: an alert reads one partition and keeps those who want this kind.
const CITY_SUBSCRIBERS: &str = "CITYSUBS";
const CITY_ALERTS: [Kind; 3] = [
    Kind::BreakingNews,
    Kind::WeatherWarning,
    Kind::TransportDisruption,
];

pub async fn save(platform: &Platform, user_id: &str, prefs: &Preferences) -> Result<(), ApiError> {
    let mut item = to_item(&key(user_id), prefs)?;
    if CITY_ALERTS.iter().any(|k| prefs.channels(*k).any()) {
        item.insert("gsi1pk".into(), CITY_SUBSCRIBERS.into());
        item.insert("gsi1sk".into(), user_id.into());
    }
    platform.store.put(item, None).await?;
    Ok(())
}

/// Residents who turned this city alert on (any channel).
pub async fn subscribers(platform: &Platform, kind: Kind) -> Result<Vec<String>, ApiError> {
    let items = crate::storage::drain(
        platform,
        rouen_ports::Query::partition(CITY_SUBSCRIBERS).on_index(rouen_ports::IndexName::Gsi1),
    )
    .await?;
    let mut out = Vec::new();
    for mut item in items {
        let Some(user) = item
            .get("gsi1sk")
            .and_then(|v| v.as_str())
            .map(str::to_owned)
        else {
            continue;
        };
        for attr in ["pk", "sk", "gsi1pk", "gsi1sk"] {
            item.remove(attr);
        }
        match from_item::<Preferences>(item) {
            Ok(prefs) if prefs.channels(kind).any() => out.push(user),
            Ok(_) => {}
            Err(err) => {
                tracing::warn!(%user, error = %err, "unreadable notification preferences skipped")
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn quiet(start: &str, end: &str) -> Preferences {
        Preferences {
            quiet_hours: Some(QuietHours {
                start: start.into(),
                end: end.into(),
            }),
            ..Preferences::default()
        }
    }

    #[test]
    fn quiet_hours_are_in_rouen_time_and_may_span_midnight() {
        let night = quiet("22:00", "07:00");
        // 21:30 UTC in November is 22:30 in Rouen (UTC+1).
        let late = Utc.with_ymd_and_hms(2026, 11, 25, 21, 30, 0).single();
        let morning = Utc.with_ymd_and_hms(2026, 11, 25, 6, 30, 0).single();
        let noon = Utc.with_ymd_and_hms(2026, 11, 25, 11, 0, 0).single();
        assert_eq!(late.map(|t| night.is_quiet(t)), Some(true));
        assert_eq!(morning.map(|t| night.is_quiet(t)), Some(false));
        assert_eq!(noon.map(|t| night.is_quiet(t)), Some(false));
        let lunch = quiet("12:00", "14:00");
        assert_eq!(noon.map(|t| lunch.is_quiet(t)), Some(true));
        // Summer time: 10:30 UTC in July is 12:30 in Rouen.
        let july = Utc.with_ymd_and_hms(2026, 7, 1, 10, 30, 0).single();
        assert_eq!(july.map(|t| lunch.is_quiet(t)), Some(true));
    }

    #[test]
    fn times_are_validated() {
        assert!(quiet("22:00", "07:00").validate().is_ok());
        assert!(quiet("25:00", "07:00").validate().is_err());
        assert!(quiet("7:00", "08:00").validate().is_err());
        assert!(quiet("08:00", "08:00").validate().is_err());
        assert!(Preferences::default().validate().is_ok());
    }
}
