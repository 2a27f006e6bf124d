//! Weather: the last good forecast and the last good warnings, kept in the item store and served
//! from there. Requests never wait on a weather API: the schedule refreshes the cache, a request
//! that finds it old asks the jobs worker for a refresh (once, behind a short lock) and answers
//! with what it has, marked `stale` when every source has been failing for a while.
//!
//! Items: `WEATHER`/`REPORT` (forecast), `WEATHER`/`ALERTS` (warnings), `WEATHER`/`REFRESHING`
//! (the refresh lock, TTL), `WXALERT#{id}`/`SENT` (a warning announced once).

use crate::accounts::model::{from_item, to_item};
use crate::handlers::jobs::{Job, enqueue};
use crate::platform::Platform;
use crate::problem::ApiError;
use crate::social::notifications::{Kind, Subject, send_system};
use chrono::{DateTime, Duration, Utc};
use rouen_city::weather::{AlertLevel, Alerts, WeatherAlert, WeatherReport};
use rouen_city::{ParserConfig, Source, SourceKind};
use rouen_ports::{Condition, Item, Key, StoreError};
use serde::{Deserialize, Serialize};

/// Current conditions older than this are refreshed on the next request (Open-Meteo updates them every
/// 15 minutes; the schedule reads it every 10).
pub const FRESH_FOR: Duration = Duration::minutes(10);
/// A forecast older than this means every source has been failing for several runs: it is served
/// marked stale.
pub const STALE_AFTER: Duration = Duration::minutes(45);
const ALERTS_FRESH_FOR: Duration = Duration::minutes(15);
const ALERTS_STALE_AFTER: Duration = Duration::minutes(45);
const REFRESH_LOCK_SECS: i64 = 120;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StoredReport {
    pub report: WeatherReport,
    /// The id of the source it came from.
    pub source: String,
    pub fetched_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StoredAlerts {
    pub alerts: Vec<WeatherAlert>,
    pub source: String,
    pub fetched_at: DateTime<Utc>,
}

fn report_key() -> Key {
    Key::new("WEATHER", "REPORT")
}

fn alerts_key() -> Key {
    Key::new("WEATHER", "ALERTS")
}

fn read<T: serde::de::DeserializeOwned>(item: Option<Item>) -> Result<Option<T>, ApiError> {
    let Some(mut item) = item else {
        return Ok(None);
    };
    item.remove("pk");
    item.remove("sk");
    from_item(item).map(Some)
}

/// The cached forecast and whether it is stale; asks for a refresh when it is old.
pub async fn report(platform: &Platform) -> Result<Option<(StoredReport, bool)>, ApiError> {
    let stored: Option<StoredReport> = read(platform.store.get(&report_key()).await?)?;
    let now = platform.clock.now();
    let age = stored.as_ref().map(|s| now - s.fetched_at);
    if age.is_none_or(|a| a > FRESH_FOR) {
        request_refresh(platform).await?;
    }
    Ok(stored.map(|s| {
        let stale = now - s.fetched_at > STALE_AFTER;
        (s, stale)
    }))
}

/// The cached warnings (if any source of them is configured) and whether they are stale.
pub async fn alerts(platform: &Platform) -> Result<Option<(StoredAlerts, bool)>, ApiError> {
    let stored: Option<StoredAlerts> = read(platform.store.get(&alerts_key()).await?)?;
    let now = platform.clock.now();
    if alerts_configured(platform)?
        && stored
            .as_ref()
            .is_none_or(|s| now - s.fetched_at > ALERTS_FRESH_FOR)
    {
        request_refresh(platform).await?;
    }
    Ok(stored.map(|s| {
        let stale = now - s.fetched_at > ALERTS_STALE_AFTER;
        (s, stale)
    }))
}

/// Whether a source of warnings has its key.
pub fn alerts_configured(platform: &Platform) -> Result<bool, ApiError> {
    Ok(super::sources()?.iter().any(|s| {
        s.kind == SourceKind::Weather
            && s.enabled
            && matches!(
                s.parser,
                ParserConfig::MeteoFranceVigilance | ParserConfig::OpenWeatherMap
            )
            && super::health::is_configured(platform, s)
    }))
}

/// Sends one refresh job unless one was sent in the last two minutes.
async fn request_refresh(platform: &Platform) -> Result<(), ApiError> {
    if !platform.settings.city.scrape {
        return Ok(());
    }
    let mut lock = Item::new();
    lock.insert("pk".into(), "WEATHER".into());
    lock.insert("sk".into(), "REFRESHING".into());
    lock.insert(
        "expires_at".into(),
        (platform.clock.now_epoch() + REFRESH_LOCK_SECS).into(),
    );
    match platform.store.put(lock, Some(Condition::NotExists)).await {
        Ok(()) => enqueue(platform, &[Job::RefreshWeather]).await,
        Err(StoreError::ConditionFailed) => Ok(()),
        Err(err) => Err(err.into()),
    }
}

/// The schedule's and the job's work (both skip it when scrapes are off): the forecast from the first source that answers (Open-Meteo,
/// then OpenWeatherMap when configured), and the warnings.
pub async fn refresh(
    platform: &Platform,
    force: bool,
) -> Result<Vec<super::scrape::Outcome>, ApiError> {
    let sources: Vec<Source> = super::sources()?
        .into_iter()
        .filter(|s| s.kind == SourceKind::Weather)
        .collect();
    let mut outcomes = Vec::new();
    let mut forecast_ok = false;
    for source in sources.iter().filter(|s| is_forecast(s)) {
        // A fallback runs only when the sources before it could not give a forecast.
        if forecast_ok {
            break;
        }
        let outcome = super::scrape::run(platform, source, force || !outcomes.is_empty()).await;
        forecast_ok = matches!(outcome.result, "ran" | "not_modified" | "not_due");
        outcomes.push(outcome);
    }
    for source in sources.iter().filter(|s| !is_forecast(s)) {
        outcomes.push(super::scrape::run(platform, source, force).await);
    }
    for o in &outcomes {
        tracing::info!(source_id = %o.source_id, result = o.result, error = o.error.as_deref().unwrap_or(""), "weather source");
    }
    Ok(outcomes)
}

fn is_forecast(source: &Source) -> bool {
    matches!(
        source.parser,
        ParserConfig::OpenMeteo | ParserConfig::OpenWeatherMap
    )
}

/// Stores what one weather document gave; returns the number of items seen.
pub async fn ingest(platform: &Platform, source: &Source, body: &[u8]) -> Result<u32, String> {
    let parsed = rouen_city::weather::parse(source, body).map_err(|e| e.to_string())?;
    let now = platform.clock.now();
    let mut seen = 0;
    if let Some(report) = parsed.report {
        if report.current.is_none() && report.hourly.is_empty() && report.daily.is_empty() {
            return Err("the document holds no forecast".into());
        }
        seen += report.hourly.len() as u32 + report.daily.len() as u32;
        let stored = StoredReport {
            report,
            source: source.id.clone(),
            fetched_at: now,
        };
        let item = to_item(&report_key(), &stored).map_err(|e| e.to_string())?;
        platform
            .store
            .put(item, None)
            .await
            .map_err(|e| e.to_string())?;
    }
    if let Some(alerts) = parsed.alerts {
        // OpenWeatherMap relays Météo-France's warnings; the official feed wins when configured.
        let official = source.parser == ParserConfig::MeteoFranceVigilance;
        let vigilance_configured = super::sources()
            .map_err(|e| e.to_string())?
            .iter()
            .any(|s| {
                s.parser == ParserConfig::MeteoFranceVigilance
                    && s.enabled
                    && super::health::is_configured(platform, s)
            });
        if official || !vigilance_configured {
            seen += alerts.alerts.len() as u32;
            store_alerts(platform, source, alerts)
                .await
                .map_err(|e| e.to_string())?;
        }
    }
    Ok(seen)
}

async fn store_alerts(
    platform: &Platform,
    source: &Source,
    alerts: Alerts,
) -> Result<(), ApiError> {
    let now = platform.clock.now();
    let current: Vec<WeatherAlert> = alerts
        .alerts
        .into_iter()
        .filter(|a| a.ends_at > now)
        .collect();
    let stored = StoredAlerts {
        alerts: current.clone(),
        source: source.id.clone(),
        fetched_at: now,
    };
    platform
        .store
        .put(to_item(&alerts_key(), &stored)?, None)
        .await?;
    for alert in current.iter().filter(|a| a.level >= AlertLevel::Orange) {
        announce(platform, alert).await?;
    }
    Ok(())
}

/// A new orange or red warning, once, to the residents who turned weather warnings on.
async fn announce(platform: &Platform, alert: &WeatherAlert) -> Result<(), ApiError> {
    let mut marker = Item::new();
    marker.insert("pk".into(), format!("WXALERT#{}", alert.id).into());
    marker.insert("sk".into(), "SENT".into());
    marker.insert(
        "expires_at".into(),
        (alert.ends_at.timestamp() + 24 * 3600).into(),
    );
    match platform.store.put(marker, Some(Condition::NotExists)).await {
        Ok(()) => {}
        Err(StoreError::ConditionFailed) => return Ok(()),
        Err(err) => return Err(err.into()),
    }
    let recipients =
        crate::social::notification_prefs::subscribers(platform, Kind::WeatherWarning).await?;
    tracing::info!(alert = %alert.id, level = alert.level.code(), recipients = recipients.len(), "weather warning announced");
    send_system(
        platform,
        &recipients,
        Kind::WeatherWarning,
        Subject {
            kind: "weather_alert".into(),
            id: alert.id.clone(),
            title: alert.title.clone(),
        },
    )
    .await
}
