//! Per-source health: last attempt, last success, last error, items seen; and the conditional-GET
//! validators of the last fetch.

use crate::accounts::model::{from_item, to_item};
use crate::platform::Platform;
use crate::problem::ApiError;
use chrono::{DateTime, Utc};
use rouen_city::{ParserConfig, Skipped, Source};
use rouen_ports::Key;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub fn key(source_id: &str) -> Key {
    Key::new(format!("SOURCE#{source_id}"), "HEALTH")
}

/// What is stored after each attempt.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct HealthRecord {
    pub source_id: String,
    pub last_attempt_at: Option<DateTime<Utc>>,
    pub last_success_at: Option<DateTime<Utc>>,
    pub last_error: Option<String>,
    /// Errors in a row (reset by a success): the alarm and the back-off read it.
    #[serde(default)]
    pub consecutive_failures: u32,
    pub items_seen: u32,
    pub items_skipped: u32,
    #[serde(default)]
    pub skipped: Vec<Skipped>,
    /// Validators for the next conditional GET.
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

pub async fn load(platform: &Platform, source_id: &str) -> Result<Option<HealthRecord>, ApiError> {
    match platform.store.get(&key(source_id)).await? {
        Some(item) => Ok(Some(from_item(item)?)),
        None => Ok(None),
    }
}

pub async fn save(platform: &Platform, record: &HealthRecord) -> Result<(), ApiError> {
    platform
        .store
        .put(to_item(&key(&record.source_id), record)?, None)
        .await?;
    Ok(())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum State {
    Ok,
    Error,
    NotConfigured,
    Disabled,
    Pending,
}

/// A source as the administrators' page shows it.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct SourceHealth {
    pub id: String,
    pub name: String,
    /// `events` or `news`.
    pub kind: String,
    /// The URL fetched (a key, if any, is never shown).
    pub url: String,
    pub homepage: String,
    pub format: String,
    pub every_minutes: u32,
    pub licence: String,
    pub notes: String,
    pub state: State,
    pub last_attempt_at: Option<DateTime<Utc>>,
    pub last_success_at: Option<DateTime<Utc>>,
    pub last_error: Option<String>,
    pub consecutive_failures: u32,
    pub items_seen: u32,
    pub items_skipped: u32,
    pub skipped: Vec<SkippedItem>,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct SkippedItem {
    pub item: String,
    pub reason: String,
}

pub fn format_code(parser: &ParserConfig) -> &'static str {
    match parser {
        ParserConfig::JsonLd => "json_ld",
        ParserConfig::Ical => "ical",
        ParserConfig::OpenAgenda => "open_agenda",
        ParserConfig::Opendatasoft => "opendatasoft",
        ParserConfig::Html(_) => "html",
        ParserConfig::Feed => "feed",
        ParserConfig::OpenMeteo => "open_meteo",
        ParserConfig::MeteoFranceVigilance => "meteo_france_vigilance",
        ParserConfig::OpenWeatherMap => "openweathermap",
        ParserConfig::OdsRoadworks => "ods_roadworks",
        ParserConfig::Datex2 => "datex2",
        ParserConfig::Waze => "waze",
        ParserConfig::TomTom => "tomtom",
        ParserConfig::Gtfs => "gtfs",
        ParserConfig::GtfsRtTripUpdates => "gtfs_rt_trip_updates",
        ParserConfig::GtfsRtAlerts => "gtfs_rt_alerts",
    }
}

pub fn is_configured(platform: &Platform, source: &Source) -> bool {
    source.key.as_ref().is_none_or(|k| {
        platform
            .settings
            .city
            .keys
            .get(k)
            .is_some_and(|v| !v.trim().is_empty())
    })
}

pub fn view(platform: &Platform, source: &Source, record: Option<HealthRecord>) -> SourceHealth {
    let record = record.unwrap_or_default();
    let state = if !source.enabled {
        State::Disabled
    } else if !is_configured(platform, source) {
        State::NotConfigured
    } else if record.last_attempt_at.is_none() {
        State::Pending
    } else if record.consecutive_failures > 0 {
        State::Error
    } else {
        State::Ok
    };
    SourceHealth {
        id: source.id.clone(),
        name: source.name.clone(),
        kind: source.kind.code().to_owned(),
        url: source.url.clone(),
        homepage: source.homepage.clone(),
        format: format_code(&source.parser).to_owned(),
        every_minutes: source.every_minutes,
        licence: source.licence.clone(),
        notes: source.notes.clone(),
        state,
        last_attempt_at: record.last_attempt_at,
        last_success_at: record.last_success_at,
        last_error: record.last_error,
        consecutive_failures: record.consecutive_failures,
        items_seen: record.items_seen,
        items_skipped: record.items_skipped,
        skipped: record
            .skipped
            .into_iter()
            .map(|s| SkippedItem {
                item: s.item,
                reason: s.reason,
            })
            .collect(),
    }
}
