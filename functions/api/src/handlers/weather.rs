//! Weather in Rouen: now, the next 48 hours, the next 7 days and Météo-France's warnings, served
//! from the cache (see `city::weather`); and the schedule that refreshes it.

use crate::city::weather::{self, StoredReport};
use crate::io::json;
use crate::openapi::{OperationDoc, schema_of};
use crate::platform::Platform;
use crate::problem::ApiError;
use crate::registry::{Auth, Handler, Route, Trigger};
use chrono::{DateTime, Utc};
use futures::FutureExt;
use http::StatusCode;
use lambda_http::{Body, Request, Response};
use rouen_city::weather::{CurrentWeather, DailyWeather, HourlyWeather, WeatherAlert};
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

#[derive(Debug, Serialize, JsonSchema)]
pub struct CurrentView {
    pub place: String,
    #[serde(flatten)]
    pub now: CurrentWeather,
    /// The registry id of the source.
    pub source: String,
    pub fetched_at: DateTime<Utc>,
    /// Every source has been failing for a while: this is the last good answer.
    pub stale: bool,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct HourlyView {
    pub hours: Vec<HourlyWeather>,
    pub source: String,
    pub fetched_at: DateTime<Utc>,
    pub stale: bool,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct ForecastView {
    /// Days in Europe/Paris, from today.
    pub days: Vec<DailyWeather>,
    pub source: String,
    pub fetched_at: DateTime<Utc>,
    pub stale: bool,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct AlertsView {
    /// Yellow and above; titles in French, as Météo-France names them.
    pub alerts: Vec<WeatherAlert>,
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
            now: now.clone(),
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
        .cloned()
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
        .cloned()
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
                .cloned()
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
