//! Weather through the real pipeline: the recorded Open-Meteo and Météo-France answers served on
//! loopback, the fetcher, the parsers, the cache and the endpoints; the fallback, stale answers and
//! warnings becoming notifications.

use crate::harness::Platform;
use crate::news::run_kind;
use chrono::{Duration, TimeZone, Utc};
use reqwest::Method;
use rouen_city::SourceKind;
use rouen_ports::ManualClock;
use serde_json::{Value, json};
use std::sync::Arc;

const OPEN_METEO: &str = "api.open-meteo.com/v1/forecast";
const VIGILANCE: &str = "public-api.meteofrance.fr/public/DPVigilance/v1/cartevigilance/encours";

async fn weather_platform(keys: &[(&str, &str)]) -> (Platform, Arc<ManualClock>) {
    let keys: Vec<(String, String)> = keys
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    crate::harness::platform_on_clock(crate::harness::recorded_day(), move |config| {
        config.source_keys.extend(keys);
    })
    .await
}

async fn refresh(p: &Platform) -> Vec<rouen_api::city::scrape::Outcome> {
    run_kind(p, SourceKind::Weather).await
}

#[tokio::test]
async fn before_any_fetch_the_weather_is_unavailable_not_an_error() {
    let (p, _) = weather_platform(&[]).await;
    p.get("/api/v1/weather/current", None)
        .await
        .problem(503, "service_unavailable");
    let alerts = p.get("/api/v1/weather/alerts", None).await;
    assert_eq!(alerts.ok()["configured"], false);
    assert_eq!(alerts.ok()["alerts"], json!([]));
}

#[tokio::test]
async fn the_forecast_comes_from_open_meteo_in_rouen_time() {
    let (p, _) = weather_platform(&[]).await;
    let outcomes = refresh(&p).await;
    let of = |id: &str| {
        outcomes
            .iter()
            .find(|o| o.source_id == id)
            .cloned()
            .unwrap()
    };
    assert_eq!(of("open-meteo-rouen").result, "ran", "{outcomes:?}");
    assert_eq!(of("meteo-france-vigilance").result, "not_configured");
    assert_eq!(of("openweathermap-rouen").result, "not_configured");

    let now = p.get("/api/v1/weather/current", None).await;
    let now = now.ok();
    assert_eq!(now["place"], "Rouen");
    assert_eq!(now["source"], "open-meteo-rouen");
    assert_eq!(now["stale"], false);
    let t = now["temperature_c"].as_f64().unwrap();
    assert!((-5.0..20.0).contains(&t), "a November temperature: {t}");
    assert!(now["condition"].as_str().is_some_and(|c| !c.is_empty()));

    let hourly = p.get("/api/v1/weather/hourly", None).await;
    let hours = hourly.ok()["hours"].as_array().unwrap().clone();
    assert_eq!(hours.len(), 48);
    // From the current hour on, one hour apart.
    let first = chrono::DateTime::parse_from_rfc3339(hours[0]["time"].as_str().unwrap()).unwrap();
    assert!(first.to_utc() > Utc.with_ymd_and_hms(2026, 11, 25, 10, 30, 0).unwrap());
    let second = chrono::DateTime::parse_from_rfc3339(hours[1]["time"].as_str().unwrap()).unwrap();
    assert_eq!(second - first, Duration::hours(1));

    let forecast = p.get("/api/v1/weather/forecast", None).await;
    let days = forecast.ok()["days"].as_array().unwrap().clone();
    assert_eq!(days.len(), 7);
    assert_eq!(days[0]["date"], "2026-11-25");
    for d in &days {
        assert!(d["temperature_max_c"].as_f64() >= d["temperature_min_c"].as_f64());
    }
}

#[tokio::test]
async fn a_failing_source_keeps_the_last_forecast_marked_stale_and_openweathermap_takes_over() {
    let (p, clock) = weather_platform(&[]).await;
    refresh(&p).await;
    let before = p.get("/api/v1/weather/current", None).await.ok().clone();

    // Open-Meteo is down, with no fallback configured: the cache stays, then turns stale.
    p.gw.state.sources.set(OPEN_METEO, 503, "unavailable");
    clock.advance(Duration::minutes(40));
    let outcomes = refresh(&p).await;
    assert!(
        outcomes
            .iter()
            .any(|o| o.source_id == "open-meteo-rouen" && o.result == "failed")
    );
    let still = p.get("/api/v1/weather/current", None).await;
    assert_eq!(still.ok()["temperature_c"], before["temperature_c"]);
    assert_eq!(still.ok()["stale"], false);
    clock.advance(Duration::minutes(60));
    let stale = p.get("/api/v1/weather/current", None).await;
    assert_eq!(stale.ok()["stale"], true);
    assert_eq!(stale.ok()["fetched_at"], before["fetched_at"]);

    // Truncated JSON is a failure too, never an empty forecast.
    let full = rouen_city::snapshots::get(OPEN_METEO).unwrap();
    p.gw.state
        .sources
        .set(OPEN_METEO, 200, full[..full.len() / 3].to_vec());
    clock.advance(Duration::minutes(60));
    refresh(&p).await;
    assert_eq!(
        p.get("/api/v1/weather/hourly", None).await.ok()["stale"],
        true
    );

    // With its key, OpenWeatherMap answers when Open-Meteo does not.
    drop(p);
    let (p, clock) = weather_platform(&[("OPENWEATHERMAP_KEY", "test-key")]).await;
    p.gw.state.sources.set(OPEN_METEO, 500, "boom");
    let platform = p.gw.state.engines.platform.clone();
    let outcomes = rouen_api::city::weather::refresh(&platform, true)
        .await
        .unwrap();
    let results: Vec<(&str, &str)> = outcomes
        .iter()
        .map(|o| (o.source_id.as_str(), o.result))
        .collect();
    assert!(
        results.contains(&("open-meteo-rouen", "failed")),
        "{results:?}"
    );
    assert!(
        results.contains(&("openweathermap-rouen", "ran")),
        "{results:?}"
    );
    let now = p.get("/api/v1/weather/current", None).await;
    assert_eq!(now.ok()["source"], "openweathermap-rouen");
    assert_eq!(now.ok()["stale"], false);
    // Back to normal: the next refresh reads Open-Meteo again.
    p.gw.state.sources.clear(OPEN_METEO);
    clock.advance(Duration::minutes(12));
    rouen_api::city::weather::refresh(&platform, false)
        .await
        .unwrap();
    let now = p.get("/api/v1/weather/current", None).await;
    assert_eq!(
        now.ok()["source"],
        "openweathermap-rouen",
        "a failed source waits twice its interval before it is asked again"
    );
    clock.advance(Duration::minutes(10));
    rouen_api::city::weather::refresh(&platform, false)
        .await
        .unwrap();
    let now = p.get("/api/v1/weather/current", None).await;
    assert_eq!(now.ok()["source"], "open-meteo-rouen");
}

pub async fn notifications_of(p: &Platform, token: &str, kind: &str) -> Vec<Value> {
    let mut found = Vec::new();
    for _ in 0..50 {
        let items = p.get("/api/v1/notifications", Some(token)).await.ok()["items"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        found = items.into_iter().filter(|n| n["kind"] == kind).collect();
        if !found.is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    found
}

#[tokio::test]
async fn an_orange_warning_is_listed_and_notified_once_to_those_who_asked() {
    let (p, _) = weather_platform(&[("METEOFRANCE_KEY", "test-key")]).await;
    let alice = p.resident("alice").await;
    let bob = p.resident("bob").await;
    let mut prefs = p
        .get("/api/v1/notifications/preferences", Some(&alice.access))
        .await
        .ok()
        .clone();
    assert_eq!(prefs["weather_warning"]["in_app"], false, "opt-in");
    prefs["weather_warning"] = json!({"in_app": true, "email": false, "push": false});
    p.call(
        Method::PUT,
        "/api/v1/notifications/preferences",
        Some(&alice.access),
        Some(prefs),
    )
    .await
    .ok();

    refresh(&p).await;
    let alerts = p.get("/api/v1/weather/alerts", None).await;
    let body = alerts.ok();
    assert_eq!(body["configured"], true);
    let list = body["alerts"].as_array().unwrap();
    let wind = list
        .iter()
        .find(|a| a["phenomenon"] == "wind")
        .expect("the recorded map has wind for Seine-Maritime");
    assert_eq!(wind["level"], "orange");
    assert_eq!(wind["source"], "meteo-france");

    let got = notifications_of(&p, &alice.access, "weather_warning").await;
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0]["subject"]["kind"], "weather_alert");
    // A second run of the same map announces nothing new.
    refresh(&p).await;
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert_eq!(
        notifications_of(&p, &alice.access, "weather_warning")
            .await
            .len(),
        1
    );
    let bobs = p.get("/api/v1/notifications", Some(&bob.access)).await;
    assert!(
        bobs.ok()["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|n| n["kind"] != "weather_warning")
    );

    // A broken map keeps the warnings already known.
    p.gw.state.sources.set(VIGILANCE, 200, "{\"product\": ");
    refresh(&p).await;
    let again = p.get("/api/v1/weather/alerts", None).await;
    assert_eq!(again.ok()["alerts"].as_array().unwrap().len(), list.len());
}
