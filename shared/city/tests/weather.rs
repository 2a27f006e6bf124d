//! Weather parsers on real recorded answers (tests/fixtures/weather, copied unchanged from
//! shared/data/weather), on the Rouen snapshots of the demo, and on broken inputs.

use chrono::{DateTime, NaiveDate, Utc};
use rouen_city::weather::{
    self, AlertLevel, Condition, OwmUnits, Phenomenon, SEINE_MARITIME, parse_open_meteo, parse_owm,
    parse_vigilance,
};
use rouen_city::{ParseError, SourceKind, registry, snapshots};

const LISBON: &[u8] = include_bytes!("fixtures/weather/open-meteo-forecast.lisbon.unixtime.json");
const OWM_FRANCE: &[u8] =
    include_bytes!("fixtures/weather/owm-onecall3.charente-maritime.with-meteofrance-alerts.json");

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().to_utc()
}

fn snapshot(id: &str) -> &'static [u8] {
    let source = registry()
        .unwrap()
        .into_iter()
        .find(|s| s.id == id)
        .unwrap();
    let path = snapshots::path_of(&source.url).unwrap();
    snapshots::get(&path).unwrap_or_else(|| panic!("no snapshot at {path}"))
}

#[test]
fn every_weather_source_parses_its_snapshot() {
    let sources: Vec<_> = registry()
        .unwrap()
        .into_iter()
        .filter(|s| s.kind == SourceKind::Weather)
        .collect();
    assert_eq!(sources.len(), 3);
    for source in sources {
        let path = snapshots::path_of(&source.url).unwrap();
        let host = path.split('/').next().unwrap();
        assert!(
            snapshots::get(&format!("{host}/robots.txt")).is_some(),
            "{host}"
        );
        let parsed = weather::parse(&source, snapshot(&source.id)).unwrap();
        if let Some(report) = &parsed.report {
            assert!(report.current.is_some(), "{}", source.id);
            // A day more than the 48 hours served (OpenWeatherMap only has 48).
            assert!(
                (48..=weather::KEPT_HOURS).contains(&report.hourly.len()),
                "{}: {}",
                source.id,
                report.hourly.len()
            );
            assert_eq!(report.daily.len(), 7, "{}", source.id);
            assert!(
                report.skipped.is_empty(),
                "{}: {:?}",
                source.id,
                report.skipped
            );
            assert!(
                report.defaulted.is_empty(),
                "{}: {:?}",
                source.id,
                report.defaulted
            );
        }
        if let Some(alerts) = &parsed.alerts {
            assert!(!alerts.alerts.is_empty(), "{}", source.id);
        }
    }
}

#[test]
fn open_meteo_rouen_snapshot() {
    let r = parse_open_meteo(snapshot("open-meteo-rouen")).unwrap();
    let now = r.current.as_ref().unwrap();
    assert_eq!(now.observed_at, at("2026-11-25T10:30:00Z"));
    assert_eq!(now.condition, Condition::Rain);
    assert_eq!(now.humidity_pct, Some(88));
    assert_eq!(now.wind_direction_deg, Some(232));
    assert!(now.is_day);
    // 48 hours from the current hour (10:00 UTC = 11:00 in Rouen), one hour apart.
    assert_eq!(r.hourly[0].time, at("2026-11-25T10:00:00Z"));
    assert!(
        r.hourly
            .windows(2)
            .all(|w| (w[1].time - w[0].time).num_hours() == 1)
    );
    // Days are Rouen days: the first is the 25th although its midnight is 23:00 UTC on the 24th.
    assert_eq!(
        r.daily[0].date,
        NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
    );
    assert_eq!(
        r.daily[6].date,
        NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()
    );
    assert_eq!(r.daily[0].sunrise, Some(at("2026-11-25T07:16:00Z")));
    assert!(
        r.daily
            .iter()
            .all(|d| d.temperature_min_c <= d.temperature_max_c)
    );
}

#[test]
fn open_meteo_real_lisbon_answer() {
    // Real answer: unixtime, `current` and `daily` but no `hourly`, no precipitation_sum, no
    // apparent temperature.
    let r = parse_open_meteo(LISBON).unwrap();
    let now = r.current.unwrap();
    assert_eq!(now.observed_at, at("2024-01-26T10:15:00Z"));
    assert_eq!(now.temperature_c, 12.1);
    assert_eq!(now.apparent_temperature_c, 12.1);
    assert_eq!((now.weather_code, now.condition), (3, Condition::Cloudy));
    assert_eq!(now.humidity_pct, Some(83));
    assert_eq!(now.wind_gust_kmh, None);
    assert!(r.hourly.is_empty());
    // Lisbon is on UTC in winter: day times are UTC midnights, the first is today.
    let dates: Vec<String> = r.daily.iter().map(|d| d.date.to_string()).collect();
    assert_eq!(dates.first().map(String::as_str), Some("2024-01-26"));
    assert_eq!(r.daily.len(), 7);
    assert_eq!(r.daily[3].condition, Condition::Drizzle);
    assert_eq!(r.daily[4].condition, Condition::Fog);
    assert_eq!(r.daily[3].precipitation_probability_pct, Some(16));
    assert!(
        r.defaulted
            .iter()
            .any(|d| d.starts_with("daily.precipitation_sum"))
    );
    assert!(
        r.defaulted
            .iter()
            .any(|d| d.starts_with("current.apparent_temperature"))
    );
}

#[test]
fn open_meteo_local_times_across_the_spring_switch() {
    // Asked on 2026-03-27 (CET, +01:00): Open-Meteo keeps +01:00 for the whole series, so the
    // 29 March hours after 02:00 are still written in winter time. They must stay one hour apart
    // in UTC, and 02:00 (which does not exist in Paris that day) must not fail.
    let doc = r#"{"utc_offset_seconds":3600,"timezone":"Europe/Paris","timezone_abbreviation":"GMT+1",
      "current":{"time":"2026-03-29T01:45","interval":900,"temperature_2m":6.0,"weather_code":0,"wind_speed_10m":5.0,"is_day":0},
      "hourly":{"time":["2026-03-29T01:00","2026-03-29T02:00","2026-03-29T03:00"],
                "temperature_2m":[6.0,5.8,5.5],"weather_code":[0,1,2],"wind_speed_10m":[5,5,6],
                "precipitation":[0,0,0],"precipitation_probability":[0,null,3]},
      "daily":{"time":["2026-03-29","2026-03-30"],"weather_code":[1,3],"temperature_2m_max":[14,12],
               "temperature_2m_min":[5,6],"precipitation_sum":[0,1.2],"sunrise":["2026-03-29T06:20","2026-03-30T06:18"],"sunset":["2026-03-29T19:07",null]}}"#;
    let r = parse_open_meteo(doc.as_bytes()).unwrap();
    assert_eq!(r.current.unwrap().observed_at, at("2026-03-29T00:45:00Z"));
    let hours: Vec<_> = r.hourly.iter().map(|h| h.time).collect();
    assert_eq!(
        hours,
        [
            at("2026-03-29T00:00:00Z"),
            at("2026-03-29T01:00:00Z"),
            at("2026-03-29T02:00:00Z")
        ]
    );
    assert_eq!(r.hourly[1].precipitation_probability_pct, None);
    // 06:20 written with +01:00 is 05:20 UTC (07:20 summer time, which is Rouen's sunrise that day).
    assert_eq!(r.daily[0].sunrise, Some(at("2026-03-29T05:20:00Z")));
    assert_eq!(r.daily[1].sunset, None);
}

#[test]
fn open_meteo_skips_hours_missing_essentials() {
    let doc = r#"{"hourly":{"time":[1795561200,1795564800,1795568400],
        "temperature_2m":[8.0,null,7.5],"weather_code":[3,3,3],"wind_speed_10m":[10,10,"x"]}}"#;
    let r = parse_open_meteo(doc.as_bytes()).unwrap();
    assert_eq!(r.hourly.len(), 1);
    assert_eq!(r.skipped.len(), 2);
}

#[test]
fn open_meteo_broken_inputs() {
    let cases: [(&str, &[u8]); 8] = [
        ("truncated", br#"{"latitude":49.44,"hourly":{"time":[17955"#),
        ("empty object", b"{}"),
        ("empty array", b"[]"),
        ("empty body", b""),
        ("error answer", br#"{"error":true,"reason":"Cannot initialize WeatherVariable from invalid String value tempeature_2m"}"#),
        ("hourly wrong type", br#"{"hourly":[1,2,3]}"#),
        ("hourly without time", br#"{"hourly":{"temperature_2m":[1,2]}}"#),
        ("bad offset", br#"{"utc_offset_seconds":"x","daily":{}}"#),
    ];
    for (name, body) in cases {
        let err = parse_open_meteo(body).expect_err(name);
        assert!(
            matches!(err, ParseError::Malformed { .. } | ParseError::Empty { .. }),
            "{name}: {err}"
        );
    }
    let err = parse_open_meteo(b"{}").unwrap_err();
    assert!(matches!(err, ParseError::Empty { .. }));
}

#[test]
fn vigilance_snapshot_keeps_seine_maritime_from_yellow() {
    let a = parse_vigilance(snapshot("meteo-france-vigilance"), SEINE_MARITIME).unwrap();
    assert!(a.skipped.is_empty(), "{:?}", a.skipped);
    let summary: Vec<(Phenomenon, AlertLevel, DateTime<Utc>, DateTime<Utc>)> = a
        .alerts
        .iter()
        .map(|x| (x.phenomenon, x.level, x.starts_at, x.ends_at))
        .collect();
    assert_eq!(
        summary,
        [
            // Today's orange and tomorrow's orange touch at midnight: one alert.
            (
                Phenomenon::Wind,
                AlertLevel::Orange,
                at("2026-11-25T11:00:00Z"),
                at("2026-11-26T05:00:00Z")
            ),
            (
                Phenomenon::RainFlood,
                AlertLevel::Yellow,
                at("2026-11-25T14:00:00Z"),
                at("2026-11-25T23:00:00Z")
            ),
            (
                Phenomenon::Wind,
                AlertLevel::Yellow,
                at("2026-11-26T05:00:00Z"),
                at("2026-11-26T11:00:00Z")
            ),
        ]
    );
    let orange = &a.alerts[0];
    assert_eq!(orange.title, "Vigilance orange vent violent");
    assert_eq!(orange.id, "meteo-france-76-wind-orange-20261125T1100Z");
    assert_eq!(orange.source, "meteo-france");
    assert!(
        orange
            .description
            .as_deref()
            .unwrap()
            .starts_with("Soyez très vigilants")
    );
    // The coastal domain 7610 (waves, yellow) is not the département.
    assert!(
        a.alerts
            .iter()
            .all(|x| x.phenomenon != Phenomenon::WavesSubmersion)
    );
    // Another département of the same document.
    let calvados = parse_vigilance(snapshot("meteo-france-vigilance"), "14").unwrap();
    assert_eq!(calvados.alerts[0].level, AlertLevel::Orange);
    let paris = parse_vigilance(snapshot("meteo-france-vigilance"), "75").unwrap();
    assert!(paris.alerts.is_empty());
}

#[test]
fn vigilance_ids_are_stable_across_parses() {
    let body = snapshot("meteo-france-vigilance");
    let first = parse_vigilance(body, SEINE_MARITIME).unwrap();
    let second = parse_vigilance(body, SEINE_MARITIME).unwrap();
    let ids = |a: &weather::Alerts| a.alerts.iter().map(|x| x.id.clone()).collect::<Vec<_>>();
    assert_eq!(ids(&first), ids(&second));
    let mut unique = ids(&first);
    unique.dedup();
    assert_eq!(unique.len(), first.alerts.len());
}

#[test]
fn vigilance_without_hourly_detail_uses_the_period_and_green_is_never_listed() {
    let doc = r#"{"product":{"periods":[{"echeance":"J","begin_validity_time":"2026-11-24T23:00:00Z",
        "end_validity_time":"2026-11-25T23:00:00Z","timelaps":{"domain_ids":[
        {"domain_id":"76","phenomenon_items":[
            {"phenomenon_id":"3","phenomenon_max_color_id":2},
            {"phenomenon_id":"1","phenomenon_max_color_id":1},
            {"phenomenon_id":"42","phenomenon_max_color_id":3},
            {"phenomenon_id":6,"phenomenon_max_color_id":4,"timelaps_items":[{"begin_time":"2026-11-25T10:00:00Z","color_id":4}]}]},
        {"domain_id":"27","phenomenon_items":[{"phenomenon_id":"1","phenomenon_max_color_id":4}]}]}}]}}"#;
    let a = parse_vigilance(doc.as_bytes(), "76").unwrap();
    assert_eq!(a.alerts.len(), 1);
    assert_eq!(a.alerts[0].phenomenon, Phenomenon::Thunderstorms);
    assert_eq!(a.alerts[0].level, AlertLevel::Yellow);
    assert_eq!(a.alerts[0].starts_at, at("2026-11-24T23:00:00Z"));
    // The unknown phenomenon and the red interval without an end are reported, not fatal.
    assert_eq!(a.skipped.len(), 2, "{:?}", a.skipped);
}

#[test]
fn vigilance_broken_inputs() {
    let cases: [&[u8]; 7] = [
        br#"{"product":{"periods":[{"echeance":"J""#,
        b"{}",
        b"[]",
        b"",
        br#"{"product":{}}"#,
        br#"{"code":"900901","message":"Invalid Credentials","description":"Invalid Credentials. Make sure you have provided the correct security credentials"}"#,
        br#"{"product":{"periods":{"echeance":"J"}}}"#,
    ];
    for body in cases {
        let err = parse_vigilance(body, "76").expect_err(&String::from_utf8_lossy(body));
        assert!(matches!(
            err,
            ParseError::Malformed { .. } | ParseError::Empty { .. }
        ));
    }
    // No period at all is no alert, not an error.
    let none = parse_vigilance(br#"{"product":{"periods":[]}}"#, "76").unwrap();
    assert!(none.alerts.is_empty());
}

#[test]
fn owm_real_french_answer_in_kelvin() {
    let (r, alerts) = parse_owm(OWM_FRANCE, OwmUnits::Standard).unwrap();
    let now = r.current.unwrap();
    assert_eq!(
        now.observed_at,
        DateTime::from_timestamp(1_729_335_735, 0).unwrap()
    );
    assert!(
        (now.temperature_c - 16.04).abs() < 0.01,
        "{}",
        now.temperature_c
    );
    assert!((now.wind_kmh - 31.284).abs() < 0.01);
    assert_eq!((now.weather_code, now.condition), (3, Condition::Cloudy));
    assert!(now.is_day);
    assert_eq!(r.hourly.len(), 48);
    assert_eq!(r.daily.len(), 7);
    assert_eq!(
        r.daily[0].date,
        NaiveDate::from_ymd_opt(2024, 10, 19).unwrap()
    );
    assert_eq!(r.daily[0].condition, Condition::Rain);
    assert_eq!(r.daily[0].precipitation_mm, 9.16);
    assert_eq!(r.daily[0].precipitation_probability_pct, Some(100));
    assert_eq!(r.hourly[0].precipitation_probability_pct, Some(80));
    assert!(r.skipped.is_empty());
    // Three METEO-FRANCE relays: flooding twice (two days) and a coastal event.
    let got: Vec<_> = alerts
        .alerts
        .iter()
        .map(|a| (a.phenomenon, a.level, a.source.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            (Phenomenon::Flood, AlertLevel::Yellow, "meteo-france"),
            (
                Phenomenon::WavesSubmersion,
                AlertLevel::Yellow,
                "meteo-france"
            ),
            (Phenomenon::Flood, AlertLevel::Yellow, "meteo-france"),
        ]
    );
    assert_eq!(alerts.alerts[0].title, "Vigilance jaune crues");
}

#[test]
fn owm_rouen_snapshot_in_metric() {
    let source = registry()
        .unwrap()
        .into_iter()
        .find(|s| s.id == "openweathermap-rouen")
        .unwrap();
    assert_eq!(OwmUnits::of_url(&source.url), OwmUnits::Metric);
    let (r, alerts) = parse_owm(snapshot("openweathermap-rouen"), OwmUnits::Metric).unwrap();
    let now = r.current.unwrap();
    assert_eq!(now.temperature_c, 9.82);
    assert_eq!(now.precipitation_mm, 0.81);
    assert_eq!(now.condition, Condition::Rain);
    assert_eq!(r.hourly[0].time, at("2026-11-25T10:00:00Z"));
    assert_eq!(
        r.daily[0].date,
        NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
    );
    let got: Vec<_> = alerts
        .alerts
        .iter()
        .map(|a| (a.phenomenon, a.level))
        .collect();
    assert_eq!(
        got,
        [
            (Phenomenon::Wind, AlertLevel::Orange),
            (Phenomenon::RainFlood, AlertLevel::Yellow)
        ]
    );
}

#[test]
fn owm_broken_inputs() {
    let cases: [&[u8]; 6] = [
        br#"{"lat":49.44,"current":{"dt":17"#,
        b"{}",
        b"[]",
        b"",
        br#"{"cod":401,"message":"Invalid API key. Please see https://openweathermap.org/faq#error401 for more info."}"#,
        br#"{"lat":"x","lon":1}"#,
    ];
    for body in cases {
        assert!(
            parse_owm(body, OwmUnits::Metric).is_err(),
            "{}",
            String::from_utf8_lossy(body)
        );
    }
    // Wrong types inside are skipped entries, not a failure.
    let (r, _) = parse_owm(
        br#"{"current":{"dt":"soon","temp":9},"hourly":[{"dt":1795600800,"temp":"warm","weather":[{"id":500}],"wind_speed":3}]}"#,
        OwmUnits::Metric,
    )
    .unwrap();
    assert!(r.current.is_none());
    assert!(r.hourly.is_empty());
    assert_eq!(r.skipped.len(), 2);
}
