//! Weather in Rouen: now, the next 48 hours, the next 7 days and Météo-France's warnings, served
//! from the cache (see `city::weather`); and the schedule that refreshes it.

use crate::city::weather::{self, StoredReport};
use crate::io::json;
use crate::openapi::{OperationDoc, schema_of};
use crate::platform::Platform;
use crate::problem::ApiError;
use crate::registry::{Auth, Handler, Route, Trigger};
use chrono::{DateTime, NaiveDate, Utc};
use futures::FutureExt;
use http::StatusCode;
use lambda_http::{Body, Request, Response};
use schemars::JsonSchema;
use serde::Serialize;
use std::sync::Arc;

pub fn routes() -> Vec<Route> {
    vec![
        Route {
            function: "weather-refresh",
            trigger: Trigger::Schedule {
                expression: "rate(10 minutes)",
            },
            auth: Auth::Public,
            handler: Handler::Schedule(|p| {
                async move {
                    if !p.settings.city.scrape {
                        return Ok(());
                    }
                    weather::refresh(&p, false).await.map(|_| ())
                }
                .boxed()
            }),
            max_body_bytes: None,
            doc: None,
        },
        Route::http(
            "weather-current",
            "GET",
            "/api/v1/weather/current",
            Auth::Public,
            |p, r| current(p, r).boxed(),
            OperationDoc::new("weather", "The weather in Rouen now").response(
                200,
                "Current conditions",
                schema_of::<CurrentView>,
            ),
        ),
        Route::http(
            "weather-hourly",
            "GET",
            "/api/v1/weather/hourly",
            Auth::Public,
            |p, r| hourly(p, r).boxed(),
            OperationDoc::new("weather", "The next 48 hours, hour by hour").response(
                200,
                "Hourly forecast",
                schema_of::<HourlyView>,
            ),
        ),
        Route::http(
            "weather-forecast",
            "GET",
            "/api/v1/weather/forecast",
            Auth::Public,
            |p, r| forecast(p, r).boxed(),
            OperationDoc::new("weather", "The next 7 days").response(
                200,
                "Daily forecast",
                schema_of::<ForecastView>,
            ),
        ),
        Route::http(
            "weather-alerts",
            "GET",
            "/api/v1/weather/alerts",
            Auth::Public,
            |p, r| alerts(p, r).boxed(),
            OperationDoc::new(
                "weather",
                "Météo-France warnings in force for Seine-Maritime (yellow and above)",
            )
            .response(200, "Warnings", schema_of::<AlertsView>),
        ),
    ]
}

/// `clear`, `partly_cloudy`, `cloudy`, `fog`, `drizzle`, `rain`, `freezing_rain`, `snow`, `showers`,
/// `snow_showers`, `thunderstorm`.
type ConditionCode = String;

fn code<T: Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct CurrentView {
    pub place: String,
    pub observed_at: DateTime<Utc>,
    pub temperature_c: f64,
    pub apparent_temperature_c: f64,
    pub humidity_pct: Option<u8>,
    pub wind_kmh: f64,
    pub wind_gust_kmh: Option<f64>,
    pub wind_direction_deg: Option<u16>,
    pub precipitation_mm: f64,
    /// WMO weather interpretation code.
    pub weather_code: u8,
    pub condition: ConditionCode,
    pub is_day: bool,
    /// The registry id of the source.
    pub source: String,
    pub fetched_at: DateTime<Utc>,
    /// Every source has been failing for a while: this is the last good answer.
    pub stale: bool,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct HourView {
    pub time: DateTime<Utc>,
    pub temperature_c: f64,
    pub precipitation_probability_pct: Option<u8>,
    pub precipitation_mm: f64,
    pub weather_code: u8,
    pub condition: ConditionCode,
    pub wind_kmh: f64,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct HourlyView {
    pub hours: Vec<HourView>,
    pub source: String,
    pub fetched_at: DateTime<Utc>,
    pub stale: bool,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct DayView {
    /// The day in Europe/Paris.
    pub date: NaiveDate,
    pub weather_code: u8,
    pub condition: ConditionCode,
    pub temperature_max_c: f64,
    pub temperature_min_c: f64,
    pub precipitation_mm: f64,
    pub precipitation_probability_pct: Option<u8>,
    pub sunrise: Option<DateTime<Utc>>,
    pub sunset: Option<DateTime<Utc>>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct ForecastView {
    pub days: Vec<DayView>,
    pub source: String,
    pub fetched_at: DateTime<Utc>,
    pub stale: bool,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct AlertView {
    pub id: String,
    /// `wind`, `rain_flood`, `thunderstorms`, `flood`, `snow_ice`, `heat_wave`, `extreme_cold`,
    /// `avalanches`, `waves_submersion`.
    pub phenomenon: String,
    /// `yellow`, `orange` or `red`.
    pub level: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    /// In French, as Météo-France names it.
    pub title: String,
    pub description: Option<String>,
    pub source: String,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct AlertsView {
    pub alerts: Vec<AlertView>,
    /// Whether a source of warnings has its key (without one the list is always empty).
    pub configured: bool,
    pub fetched_at: Option<DateTime<Utc>>,
    pub stale: bool,
}

async fn cached(platform: &Platform) -> Result<(StoredReport, bool), ApiError> {
    weather::report(platform).await?.ok_or_else(|| {
        ApiError::Unavailable("no weather has been fetched yet; it is on its way".into())
    })
}

async fn current(platform: Arc<Platform>, _request: Request) -> Result<Response<Body>, ApiError> {
    let (stored, stale) = cached(&platform).await?;
    let now = stored.report.current.as_ref().ok_or_else(|| {
        ApiError::Unavailable("the weather source gave no current conditions".into())
    })?;
    json(
        StatusCode::OK,
        &CurrentView {
            place: "Rouen".into(),
            observed_at: now.observed_at,
            temperature_c: now.temperature_c,
            apparent_temperature_c: now.apparent_temperature_c,
            humidity_pct: now.humidity_pct,
            wind_kmh: now.wind_kmh,
            wind_gust_kmh: now.wind_gust_kmh,
            wind_direction_deg: now.wind_direction_deg,
            precipitation_mm: now.precipitation_mm,
            weather_code: now.weather_code,
            condition: code(&now.condition),
            is_day: now.is_day,
            source: stored.source.clone(),
            fetched_at: stored.fetched_at,
            stale,
        },
    )
}

async fn hourly(platform: Arc<Platform>, _request: Request) -> Result<Response<Body>, ApiError> {
    let (stored, stale) = cached(&platform).await?;
    // From the current hour on: a cached forecast must not show hours already past.
    let from = platform.clock.now() - chrono::Duration::hours(1);
    let hours = stored
        .report
        .hourly
        .iter()
        .filter(|h| h.time > from)
        .take(rouen_city::weather::HOURS)
        .map(|h| HourView {
            time: h.time,
            temperature_c: h.temperature_c,
            precipitation_probability_pct: h.precipitation_probability_pct,
            precipitation_mm: h.precipitation_mm,
            weather_code: h.weather_code,
            condition: code(&h.condition),
            wind_kmh: h.wind_kmh,
        })
        .collect();
    json(
        StatusCode::OK,
        &HourlyView {
            hours,
            source: stored.source,
            fetched_at: stored.fetched_at,
            stale,
        },
    )
}

async fn forecast(platform: Arc<Platform>, _request: Request) -> Result<Response<Body>, ApiError> {
    let (stored, stale) = cached(&platform).await?;
    let today = platform
        .clock
        .now()
        .with_timezone(&rouen_city::TZ)
        .date_naive();
    let days = stored
        .report
        .daily
        .iter()
        .filter(|d| d.date >= today)
        .take(rouen_city::weather::DAYS)
        .map(|d| DayView {
            date: d.date,
            weather_code: d.weather_code,
            condition: code(&d.condition),
            temperature_max_c: d.temperature_max_c,
            temperature_min_c: d.temperature_min_c,
            precipitation_mm: d.precipitation_mm,
            precipitation_probability_pct: d.precipitation_probability_pct,
            sunrise: d.sunrise,
            sunset: d.sunset,
        })
        .collect();
    json(
        StatusCode::OK,
        &ForecastView {
            days,
            source: stored.source,
            fetched_at: stored.fetched_at,
            stale,
        },
    )
}

async fn alerts(platform: Arc<Platform>, _request: Request) -> Result<Response<Body>, ApiError> {
    let configured = weather::alerts_configured(&platform)?;
    let now = platform.clock.now();
    let view = match weather::alerts(&platform).await? {
        Some((stored, stale)) => AlertsView {
            alerts: stored
                .alerts
                .iter()
                .filter(|a| a.ends_at > now)
                .map(|a| AlertView {
                    id: a.id.clone(),
                    phenomenon: code(&a.phenomenon),
                    level: code(&a.level),
                    starts_at: a.starts_at,
                    ends_at: a.ends_at,
                    title: a.title.clone(),
                    description: a.description.clone(),
                    source: a.source.clone(),
                })
                .collect(),
            configured,
            fetched_at: Some(stored.fetched_at),
            stale,
        },
        None => AlertsView {
            alerts: Vec::new(),
            configured,
            fetched_at: None,
            stale: false,
        },
    };
    json(StatusCode::OK, &view)
}
