//! Weather: forecasts (Open-Meteo, OpenWeatherMap) and Météo-France alerts, normalised into the
//! shapes of the API contract (`docs` issue 7: `/weather/current`, `/hourly`, `/forecast`, `/alerts`).
//!
//! Every parser is pure: bytes in, a report out; a document that cannot be read is a
//! [`ParseError`], an entry missing its essentials is skipped and reported.

pub mod conditions;
pub mod open_meteo;
pub mod owm;
pub mod vigilance;

pub use conditions::Condition;
pub use open_meteo::parse_open_meteo;
pub use owm::{OwmUnits, parse_owm};
pub use vigilance::{SEINE_MARITIME, parse_vigilance};

use crate::model::{ParseError, Skipped};
use crate::sources::{ParserConfig, Source};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Hours of the hourly forecast kept, from the current hour.
pub const HOURS: usize = 48;
/// Hours a parsed report keeps from its current hour: a day more than [`HOURS`], so a cached
/// report still fills 48 hours from "now" while it is served.
pub const KEPT_HOURS: usize = HOURS + 24;
/// Days of the daily forecast kept, from today.
pub const DAYS: usize = 7;

/// The weather now (`/weather/current` without the API's own fields).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CurrentWeather {
    pub observed_at: DateTime<Utc>,
    pub temperature_c: f64,
    pub apparent_temperature_c: f64,
    pub humidity_pct: Option<u8>,
    pub wind_kmh: f64,
    pub wind_gust_kmh: Option<f64>,
    pub wind_direction_deg: Option<u16>,
    pub precipitation_mm: f64,
    /// WMO weather interpretation code (OpenWeatherMap ids are translated to one).
    pub weather_code: u8,
    pub condition: Condition,
    pub is_day: bool,
}

/// One hour of the forecast.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct HourlyWeather {
    pub time: DateTime<Utc>,
    pub temperature_c: f64,
    pub precipitation_probability_pct: Option<u8>,
    pub precipitation_mm: f64,
    pub weather_code: u8,
    pub condition: Condition,
    pub wind_kmh: f64,
}

/// One day of the forecast; `date` is the Europe/Paris day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct DailyWeather {
    pub date: NaiveDate,
    pub weather_code: u8,
    pub condition: Condition,
    pub temperature_max_c: f64,
    pub temperature_min_c: f64,
    pub precipitation_mm: f64,
    pub precipitation_probability_pct: Option<u8>,
    pub sunrise: Option<DateTime<Utc>>,
    pub sunset: Option<DateTime<Utc>>,
}

/// A forecast document read: now, the next [`HOURS`] hours and [`DAYS`] days.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct WeatherReport {
    pub current: Option<CurrentWeather>,
    pub hourly: Vec<HourlyWeather>,
    pub daily: Vec<DailyWeather>,
    /// Hours or days left out for missing essentials (time, temperature, weather code...).
    pub skipped: Vec<Skipped>,
    /// Optional values the document did not carry and that were filled in (`"current.precipitation:
    /// absent, read as 0"`): a changed request or upstream shows here before users notice.
    pub defaulted: Vec<String>,
}

/// Météo-France phenomena, ids 1 to 9 in this order.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Phenomenon {
    Wind,
    RainFlood,
    Thunderstorms,
    Flood,
    SnowIce,
    HeatWave,
    ExtremeCold,
    Avalanches,
    WavesSubmersion,
}

impl Phenomenon {
    pub const ALL: [Phenomenon; 9] = [
        Self::Wind,
        Self::RainFlood,
        Self::Thunderstorms,
        Self::Flood,
        Self::SnowIce,
        Self::HeatWave,
        Self::ExtremeCold,
        Self::Avalanches,
        Self::WavesSubmersion,
    ];

    /// From Météo-France's `phenomenon_id` (1..=9).
    pub fn from_id(id: u8) -> Option<Self> {
        Self::ALL.get(usize::from(id).checked_sub(1)?).copied()
    }

    pub fn code(self) -> &'static str {
        match self {
            Self::Wind => "wind",
            Self::RainFlood => "rain_flood",
            Self::Thunderstorms => "thunderstorms",
            Self::Flood => "flood",
            Self::SnowIce => "snow_ice",
            Self::HeatWave => "heat_wave",
            Self::ExtremeCold => "extreme_cold",
            Self::Avalanches => "avalanches",
            Self::WavesSubmersion => "waves_submersion",
        }
    }

    /// Météo-France's own French name, as on vigilance.meteofrance.fr.
    pub fn french(self) -> &'static str {
        match self {
            Self::Wind => "vent violent",
            Self::RainFlood => "pluie-inondation",
            Self::Thunderstorms => "orages",
            Self::Flood => "crues",
            Self::SnowIce => "neige-verglas",
            Self::HeatWave => "canicule",
            Self::ExtremeCold => "grand froid",
            Self::Avalanches => "avalanches",
            Self::WavesSubmersion => "vagues-submersion",
        }
    }
}

/// Vigilance colours worth telling; green (1) is never an alert.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum AlertLevel {
    Yellow,
    Orange,
    Red,
}

impl AlertLevel {
    /// From Météo-France's `color_id` (1 green, 2 yellow, 3 orange, 4 red); green is `None`.
    pub fn from_color_id(id: u8) -> Option<Self> {
        match id {
            2 => Some(Self::Yellow),
            3 => Some(Self::Orange),
            4 => Some(Self::Red),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Self::Yellow => "yellow",
            Self::Orange => "orange",
            Self::Red => "red",
        }
    }

    pub fn french(self) -> &'static str {
        match self {
            Self::Yellow => "jaune",
            Self::Orange => "orange",
            Self::Red => "rouge",
        }
    }

    /// Météo-France's standard advice for the level (the legend of its map).
    pub fn advice(self) -> &'static str {
        match self {
            Self::Yellow => {
                "Soyez attentifs : des phénomènes habituels dans la région mais occasionnellement et \
                 localement dangereux sont prévus."
            }
            Self::Orange => {
                "Soyez très vigilants : des phénomènes dangereux sont prévus. Tenez-vous au courant \
                 de l'évolution de la situation et suivez les conseils de sécurité."
            }
            Self::Red => {
                "Une vigilance absolue s'impose : des phénomènes dangereux d'intensité \
                 exceptionnelle sont prévus. Tenez-vous régulièrement au courant de l'évolution de \
                 la situation et respectez impérativement les consignes des pouvoirs publics."
            }
        }
    }
}

/// One weather alert (`/weather/alerts` item).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct WeatherAlert {
    /// Stable across fetches while the alert's phenomenon, level and start stay the same.
    pub id: String,
    pub phenomenon: Phenomenon,
    pub level: AlertLevel,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    /// French: "Vigilance orange vent violent".
    pub title: String,
    pub description: Option<String>,
    /// "meteo-france" (also when relayed by OpenWeatherMap), else the relaying sender.
    pub source: String,
}

impl WeatherAlert {
    pub(crate) fn title_of(phenomenon: Phenomenon, level: AlertLevel) -> String {
        format!("Vigilance {} {}", level.french(), phenomenon.french())
    }
}

/// The alerts of one document.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Alerts {
    /// Sorted by start, then phenomenon.
    pub alerts: Vec<WeatherAlert>,
    pub skipped: Vec<Skipped>,
}

/// What any weather source gave.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct WeatherParsed {
    pub report: Option<WeatherReport>,
    pub alerts: Option<Alerts>,
}

/// Parses one fetched document of a weather source with the parser its registry entry names.
pub fn parse(source: &Source, body: &[u8]) -> Result<WeatherParsed, ParseError> {
    match &source.parser {
        ParserConfig::OpenMeteo => Ok(WeatherParsed {
            report: Some(parse_open_meteo(body)?),
            alerts: None,
        }),
        ParserConfig::MeteoFranceVigilance => Ok(WeatherParsed {
            report: None,
            alerts: Some(parse_vigilance(body, SEINE_MARITIME)?),
        }),
        ParserConfig::OpenWeatherMap => {
            let (report, alerts) = parse_owm(body, OwmUnits::of_url(&source.url))?;
            Ok(WeatherParsed {
                report: Some(report),
                alerts: Some(alerts),
            })
        }
        other => Err(ParseError::Config(format!(
            "{}: a {} parser cannot read weather",
            source.id,
            other.kind().code()
        ))),
    }
}

/// The JSON root of a document, which must be an object; `format` names it in errors.
pub(crate) fn json_object(
    body: &[u8],
    format: &'static str,
) -> Result<serde_json::Map<String, Value>, ParseError> {
    let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(ParseError::Empty { what: "JSON" });
    }
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(other) => Err(ParseError::malformed(
            format,
            format!("expected an object, found {}", json_type(&other)),
        )),
        Err(e) => Err(ParseError::malformed(format, e)),
    }
}

pub(crate) fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// A number, also when an API writes it as a string.
pub(crate) fn number(value: Option<&Value>) -> Option<f64> {
    match value? {
        Value::Number(n) => n.as_f64().filter(|f| f.is_finite()),
        Value::String(s) => s.trim().parse::<f64>().ok().filter(|f| f.is_finite()),
        _ => None,
    }
}

/// A whole number in `0..=max` (codes, percentages, degrees); fractions are rounded.
pub(crate) fn small(value: Option<&Value>, max: u16) -> Option<u16> {
    let n = number(value)?.round();
    (0.0..=f64::from(max)).contains(&n).then_some(n as u16)
}

/// A percentage 0..=100.
pub(crate) fn pct(value: Option<&Value>) -> Option<u8> {
    small(value, 100).and_then(|n| u8::try_from(n).ok())
}

/// Seconds since the epoch to an instant.
pub(crate) fn from_unix(seconds: f64) -> Option<DateTime<Utc>> {
    DateTime::from_timestamp(seconds.round() as i64, 0)
}
