//! OpenWeatherMap One Call 3.0: `current`, `hourly[48]`, `daily[8]` with `weather[{id, …}]`, and
//! `alerts[{sender_name, event, start, end, description, tags}]` (SOURCES.md §3.3; a real French
//! answer is in `tests/fixtures/weather`).
//!
//! Units follow the request's `units=`: Kelvin and m/s by default, °C and m/s with `metric`; the
//! answer does not say which, so the caller passes [`OwmUnits`]. Speeds become km/h, `pop` a
//! percentage, condition ids WMO codes.

use super::conditions::wmo_of_owm;
use super::{
    AlertLevel, Alerts, Condition, CurrentWeather, DAYS, DailyWeather, HourlyWeather, KEPT_HOURS,
    Phenomenon, WeatherAlert, WeatherReport, from_unix, json_object, number, pct, small,
};
use crate::model::{ParseError, Skipped};
use crate::text;
use chrono::{DateTime, FixedOffset, Offset, Utc};
use serde_json::Value;

const FORMAT: &str = "OpenWeatherMap One Call JSON";

/// The `units=` of the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OwmUnits {
    /// Kelvin, m/s (no `units`).
    Standard,
    /// °C, m/s.
    Metric,
    /// °F, mph.
    Imperial,
}

impl OwmUnits {
    /// Reads `units=` from the URL asked.
    pub fn of_url(url: &str) -> Self {
        let units = url::Url::parse(url).ok().and_then(|u| {
            u.query_pairs()
                .find(|(k, _)| k == "units")
                .map(|(_, v)| v.into_owned())
        });
        match units.as_deref() {
            Some("metric") => Self::Metric,
            Some("imperial") => Self::Imperial,
            _ => Self::Standard,
        }
    }

    fn celsius(self, t: f64) -> f64 {
        match self {
            Self::Standard => t - 273.15,
            Self::Metric => t,
            Self::Imperial => (t - 32.0) * 5.0 / 9.0,
        }
    }

    fn kmh(self, speed: f64) -> f64 {
        match self {
            Self::Standard | Self::Metric => speed * 3.6,
            Self::Imperial => speed * 1.609_344,
        }
    }
}

/// Reads a One Call answer: the forecast and the alerts it relays. An error answer
/// (`{"cod": 401, "message": …}`) or a document with none of `current`, `hourly`, `daily` is an
/// error.
pub fn parse_owm(body: &[u8], units: OwmUnits) -> Result<(WeatherReport, Alerts), ParseError> {
    let doc = json_object(body, FORMAT)?;
    if doc.get("cod").is_some() && doc.get("message").is_some() && doc.get("current").is_none() {
        let message = doc
            .get("message")
            .and_then(Value::as_str)
            .unwrap_or_default();
        return Err(ParseError::malformed(
            FORMAT,
            format!("error answer: {message}"),
        ));
    }
    let list = |name: &str| doc.get(name).and_then(Value::as_array);
    if doc.get("current").is_none() && list("hourly").is_none() && list("daily").is_none() {
        return Err(ParseError::Empty {
            what: "current, hourly or daily forecast",
        });
    }
    let offset = number(doc.get("timezone_offset"))
        .and_then(|s| FixedOffset::east_opt(s as i32))
        .unwrap_or(Utc.fix());
    let mut report = WeatherReport::default();
    let mut skip = |item: String, reason: &str| {
        report.skipped.push(Skipped {
            item,
            reason: reason.to_owned(),
        })
    };
    let current = doc.get("current").and_then(|c| {
        let read = read_current(c, units);
        if read.is_none() {
            skip(
                "current".into(),
                "missing dt, temp, weather id or wind_speed",
            );
        }
        read
    });
    let mut hourly = Vec::new();
    for (i, h) in list("hourly").into_iter().flatten().enumerate() {
        match read_hour(h, units) {
            Some(hour) => hourly.push(hour),
            None => skip(
                format!("hourly {}", i + 1),
                "missing dt, temp, weather id or wind_speed",
            ),
        }
    }
    let mut daily = Vec::new();
    for (i, d) in list("daily").into_iter().flatten().enumerate() {
        match read_day(d, units, offset) {
            Some(day) => daily.push(day),
            None => skip(
                format!("daily {}", i + 1),
                "missing dt, temp.min, temp.max or weather id",
            ),
        }
    }
    if let Some(now) = current.as_ref().map(|c: &CurrentWeather| c.observed_at) {
        let hour_start = now - chrono::Duration::seconds(now.timestamp().rem_euclid(3600));
        hourly.retain(|h| h.time >= hour_start);
    }
    hourly.truncate(KEPT_HOURS);
    daily.truncate(DAYS);
    report.current = current;
    report.hourly = hourly;
    report.daily = daily;

    let mut alerts = Alerts::default();
    for (i, a) in list("alerts").into_iter().flatten().enumerate() {
        match read_alert(a) {
            Some(alert) => {
                if !alerts.alerts.iter().any(|x| x.id == alert.id) {
                    alerts.alerts.push(alert);
                }
            }
            None => alerts.skipped.push(Skipped {
                item: format!("alert {}", i + 1),
                reason: "missing start or end, or an event of no known phenomenon".into(),
            }),
        }
    }
    alerts.alerts.sort_by_key(|a| (a.starts_at, a.phenomenon));
    Ok((report, alerts))
}

fn instant(value: Option<&Value>) -> Option<DateTime<Utc>> {
    from_unix(number(value)?)
}

/// `weather[0].id` as a WMO code and its condition.
fn weather(item: &Value) -> Option<(u8, Condition)> {
    let id = small(item.pointer("/weather/0/id"), 999)?;
    let code = wmo_of_owm(id)?;
    Some((code, Condition::from_wmo(code)?))
}

/// Rain plus snow of the last hour (`rain: {"1h": mm}`) or of the day (`rain: mm`).
fn precipitation(item: &Value) -> f64 {
    ["rain", "snow"]
        .iter()
        .filter_map(|k| {
            let v = item.get(*k)?;
            number(Some(v)).or_else(|| number(v.get("1h")))
        })
        .sum()
}

fn read_current(c: &Value, units: OwmUnits) -> Option<CurrentWeather> {
    let observed_at = instant(c.get("dt"))?;
    let temperature = units.celsius(number(c.get("temp"))?);
    let (weather_code, condition) = weather(c)?;
    let is_day = match (instant(c.get("sunrise")), instant(c.get("sunset"))) {
        (Some(rise), Some(set)) => observed_at >= rise && observed_at < set,
        // OpenWeatherMap's icons end in `d` by day and `n` by night.
        _ => c
            .pointer("/weather/0/icon")
            .and_then(Value::as_str)
            .is_none_or(|i| i.ends_with('d')),
    };
    Some(CurrentWeather {
        observed_at,
        temperature_c: temperature,
        apparent_temperature_c: number(c.get("feels_like"))
            .map_or(temperature, |t| units.celsius(t)),
        humidity_pct: pct(c.get("humidity")),
        wind_kmh: units.kmh(number(c.get("wind_speed"))?),
        wind_gust_kmh: number(c.get("wind_gust")).map(|g| units.kmh(g)),
        wind_direction_deg: small(c.get("wind_deg"), 360),
        precipitation_mm: precipitation(c),
        weather_code,
        condition,
        is_day,
    })
}

fn read_hour(h: &Value, units: OwmUnits) -> Option<HourlyWeather> {
    let (weather_code, condition) = weather(h)?;
    Some(HourlyWeather {
        time: instant(h.get("dt"))?,
        temperature_c: units.celsius(number(h.get("temp"))?),
        precipitation_probability_pct: number(h.get("pop"))
            .and_then(|p| pct(Some(&Value::from(p * 100.0)))),
        precipitation_mm: precipitation(h),
        weather_code,
        condition,
        wind_kmh: units.kmh(number(h.get("wind_speed"))?),
    })
}

fn read_day(d: &Value, units: OwmUnits, offset: FixedOffset) -> Option<DailyWeather> {
    let (weather_code, condition) = weather(d)?;
    // `dt` is local noon of the day: its date in the answer's own offset is the day.
    let date = instant(d.get("dt"))?.with_timezone(&offset).date_naive();
    Some(DailyWeather {
        date,
        weather_code,
        condition,
        temperature_max_c: units.celsius(number(d.pointer("/temp/max"))?),
        temperature_min_c: units.celsius(number(d.pointer("/temp/min"))?),
        precipitation_mm: precipitation(d),
        precipitation_probability_pct: number(d.get("pop"))
            .and_then(|p| pct(Some(&Value::from(p * 100.0)))),
        sunrise: instant(d.get("sunrise")),
        sunset: instant(d.get("sunset")),
    })
}

/// An alert relayed by OpenWeatherMap. Météo-France's relays name the level in CAP severity words
/// ("Moderate flooding warning": Moderate is yellow, Severe orange, Extreme red, as on
/// MeteoAlarm) and the phenomenon in `tags`.
fn read_alert(a: &Value) -> Option<WeatherAlert> {
    let starts_at = instant(a.get("start"))?;
    let ends_at = instant(a.get("end"))?;
    let event = a.get("event").and_then(Value::as_str).unwrap_or_default();
    let folded = text::fold(event);
    let level = if folded.contains("extreme") {
        AlertLevel::Red
    } else if folded.contains("severe") {
        AlertLevel::Orange
    } else {
        AlertLevel::Yellow
    };
    let tags: Vec<String> = a
        .get("tags")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .map(text::fold)
        .collect();
    // Tags and event together: "Flood" + "Rain" is Météo-France's pluie-inondation, "Flood" alone
    // its crues.
    let phenomenon = phenomenon_of(&format!("{} {folded}", tags.join(" ")))?;
    let sender = a
        .get("sender_name")
        .and_then(Value::as_str)
        .unwrap_or("openweathermap");
    let source = if text::fold(sender) == "meteo france" {
        "meteo-france".to_owned()
    } else {
        sender.to_owned()
    };
    let description = a
        .get("description")
        .and_then(Value::as_str)
        .map(text::one_line)
        .filter(|d| !d.is_empty());
    Some(WeatherAlert {
        id: format!(
            "owm-{}-{}-{}",
            phenomenon.code(),
            level.code(),
            starts_at.format("%Y%m%dT%H%MZ")
        ),
        phenomenon,
        level,
        starts_at,
        ends_at,
        title: WeatherAlert::title_of(phenomenon, level),
        description,
        source,
    })
}

/// A folded tag or event text to a phenomenon (OpenWeatherMap's English words).
fn phenomenon_of(text: &str) -> Option<Phenomenon> {
    let has = |w: &str| text.contains(w);
    Some(if has("coastal") || has("wave") || has("submersion") {
        Phenomenon::WavesSubmersion
    } else if has("avalanche") {
        Phenomenon::Avalanches
    } else if has("thunder") {
        Phenomenon::Thunderstorms
    } else if has("rain") {
        Phenomenon::RainFlood
    } else if has("flood") {
        Phenomenon::Flood
    } else if has("snow") || has("ice") {
        Phenomenon::SnowIce
    } else if has("wind") {
        Phenomenon::Wind
    } else if has("high temperature") || has("heat") {
        Phenomenon::HeatWave
    } else if has("low temperature") || has("cold") {
        Phenomenon::ExtremeCold
    } else {
        return None;
    })
}
