//! The source registry: every external source of events, news, weather and road traffic, from
//! data files (`sources/{events,news,weather,traffic}.toml`) compiled into the binary.

use serde::{Deserialize, Serialize};
use std::collections::HashSet;

const EVENTS_TOML: &str = include_str!("../sources/events.toml");
const NEWS_TOML: &str = include_str!("../sources/news.toml");
const WEATHER_TOML: &str = include_str!("../sources/weather.toml");
const TRAFFIC_TOML: &str = include_str!("../sources/traffic.toml");
const TRANSIT_TOML: &str = include_str!("../sources/transit.toml");

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceKind {
    Events,
    News,
    Weather,
    Traffic,
    /// Public transport timetables (GTFS) and their real-time feeds (GTFS-Realtime).
    Transit,
}

impl SourceKind {
    pub fn code(self) -> &'static str {
        match self {
            Self::Events => "events",
            Self::News => "news",
            Self::Weather => "weather",
            Self::Traffic => "traffic",
            Self::Transit => "transit",
        }
    }
}

/// Where a source's key goes when it has one.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KeyUse {
    /// `{key}` in the URL is replaced by the key (`key={key}`).
    #[default]
    Placeholder,
    /// The key is sent in this request header (Météo-France wants `apikey: <key>`); the URL has
    /// no placeholder. TOML: `key_use = { header = "apikey" }`.
    Header(String),
    /// The secret is the whole URL (a Waze partner feed is a private URL). `url` then only records
    /// the documented shape, whose snapshot the local demo serves. TOML: `key_use = "whole_url"`.
    WholeUrl,
}

/// CSS selectors of a site with no structured data: one `item` per event, the other selectors are
/// relative to it. Dates are read from `date` text in French ("samedi 14 mars 2026 à 20h00").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HtmlRules {
    pub item: String,
    pub title: String,
    pub date: String,
    pub link: Option<String>,
    pub description: Option<String>,
    pub image: Option<String>,
    pub venue: Option<String>,
    pub category: Option<String>,
    pub price: Option<String>,
    /// The venue of every item when the page names none: a single-venue site (a museum, a hall).
    #[serde(default)]
    pub default_venue: Option<String>,
}

/// How a source's documents are read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "format", rename_all = "snake_case", deny_unknown_fields)]
// A few dozen configs are loaded once; boxing the rules would only make them awkward to match.
#[allow(clippy::large_enum_variant)]
pub enum ParserConfig {
    /// schema.org `Event` objects in `<script type="application/ld+json">` of an HTML page.
    JsonLd,
    /// An iCalendar (RFC 5545) feed of `VEVENT`s.
    Ical,
    /// OpenAgenda API v2 (`/v2/agendas/{uid}/events`).
    OpenAgenda,
    /// An Opendatasoft Explore v2.1 `records` answer of the OpenAgenda export schema
    /// (`title_fr`, `firstdate_begin`, ...).
    Opendatasoft,
    /// Selector-based scraping of an HTML listing.
    Html(HtmlRules),
    /// RSS 0.9x/1.0/2.0, Atom or JSON Feed (news).
    Feed,
    /// Open-Meteo `/v1/forecast` JSON (weather).
    OpenMeteo,
    /// Météo-France DPVigilance `cartevigilance/encours` JSON (weather alerts).
    MeteoFranceVigilance,
    /// OpenWeatherMap One Call 3.0 JSON (weather and alerts, fallback).
    #[serde(rename = "openweathermap")]
    OpenWeatherMap,
    /// Opendatasoft Explore v2.1 `records` of the Métropole's roadworks (`travaux-json`).
    OdsRoadworks,
    /// DATEX II v2 situation publication, possibly in a SOAP envelope (Bison Futé).
    Datex2,
    /// Waze for Cities (CCP) partner feed JSON (`alerts`, `jams`).
    Waze,
    /// TomTom Traffic Incident Details v5 JSON.
    #[serde(rename = "tomtom")]
    TomTom,
    /// A GTFS zip (public transport timetable), imported by `rouen-transit`.
    Gtfs,
    /// GTFS-Realtime trip updates (protobuf).
    GtfsRtTripUpdates,
    /// GTFS-Realtime service alerts (protobuf).
    GtfsRtAlerts,
}

impl ParserConfig {
    /// The kind of source a format belongs to.
    pub fn kind(&self) -> SourceKind {
        match self {
            Self::JsonLd | Self::Ical | Self::OpenAgenda | Self::Opendatasoft | Self::Html(_) => {
                SourceKind::Events
            }
            Self::Feed => SourceKind::News,
            Self::OpenMeteo | Self::MeteoFranceVigilance | Self::OpenWeatherMap => {
                SourceKind::Weather
            }
            Self::OdsRoadworks | Self::Datex2 | Self::Waze | Self::TomTom => SourceKind::Traffic,
            Self::Gtfs | Self::GtfsRtTripUpdates | Self::GtfsRtAlerts => SourceKind::Transit,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Stable id (kebab-case): stored items and health records name it.
    pub id: String,
    pub name: String,
    pub kind: SourceKind,
    /// What is fetched. `{key}` is replaced by the source's key when it needs one.
    pub url: String,
    /// The source's public site, shown as "via …".
    pub homepage: String,
    /// Minimum minutes between two fetches.
    pub every_minutes: u32,
    /// "fr" or "en": the language of its texts.
    pub lang: String,
    /// Licence or terms under which it is used.
    pub licence: String,
    /// The secret that holds its key (`OPENAGENDA_KEY`); without it, the source is "not configured".
    #[serde(default)]
    pub key: Option<String>,
    /// Where the key goes: a URL placeholder (default), a header, or the whole URL.
    #[serde(default)]
    pub key_use: KeyUse,
    /// Trust in its "breaking" markers and local relevance (0 to 1): a regional paper is 1, a
    /// national feed lower.
    #[serde(default = "one")]
    pub weight: f32,
    /// Sources turned off stay listed (with why in `notes`) but are never fetched.
    #[serde(default = "yes")]
    pub enabled: bool,
    #[serde(default)]
    pub notes: String,
    pub parser: ParserConfig,
}

fn one() -> f32 {
    1.0
}
fn yes() -> bool {
    true
}

#[derive(Debug, Deserialize)]
struct File {
    source: Vec<Source>,
}

#[derive(Debug, thiserror::Error)]
pub enum RegistryError {
    #[error("{file}: {message}")]
    Invalid { file: &'static str, message: String },
}

impl Source {
    /// The URL to fetch, with its key filled in. `None` when a key is needed and absent.
    pub fn fetch_url(&self, key: Option<&str>) -> Option<String> {
        let key = key.map(str::trim).filter(|k| !k.is_empty());
        match (&self.key, key) {
            (None, _) => Some(self.url.clone()),
            (Some(_), None) => None,
            (Some(_), Some(key)) => match &self.key_use {
                KeyUse::Placeholder => Some(self.url.replace("{key}", key)),
                KeyUse::Header(_) => Some(self.url.clone()),
                KeyUse::WholeUrl => Some(key.to_owned()),
            },
        }
    }

    /// The header (name, value) that carries the key, for a source whose key goes in a header.
    pub fn key_header(&self, key: Option<&str>) -> Option<(String, String)> {
        let key = key.map(str::trim).filter(|k| !k.is_empty())?;
        match (&self.key, &self.key_use) {
            (Some(_), KeyUse::Header(name)) => Some((name.clone(), key.to_owned())),
            _ => None,
        }
    }
}

/// Every source, events first; checked for unique ids and sane values.
pub fn registry() -> Result<Vec<Source>, RegistryError> {
    let mut all = Vec::new();
    for (file, text, kind) in [
        ("sources/events.toml", EVENTS_TOML, SourceKind::Events),
        ("sources/news.toml", NEWS_TOML, SourceKind::News),
        ("sources/weather.toml", WEATHER_TOML, SourceKind::Weather),
        ("sources/traffic.toml", TRAFFIC_TOML, SourceKind::Traffic),
        ("sources/transit.toml", TRANSIT_TOML, SourceKind::Transit),
    ] {
        let parsed: File = toml::from_str(text).map_err(|e| RegistryError::Invalid {
            file,
            message: e.to_string(),
        })?;
        for source in parsed.source {
            let invalid = |message: String| RegistryError::Invalid { file, message };
            if source.kind != kind {
                return Err(invalid(format!(
                    "{} is not of kind {}",
                    source.id,
                    kind.code()
                )));
            }
            let is_kebab = !source.id.is_empty()
                && source.id.len() <= 40
                && source
                    .id
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
            if !is_kebab {
                return Err(invalid(format!("id `{}` is not kebab-case", source.id)));
            }
            let url = url::Url::parse(&source.url.replace("{key}", "k"))
                .map_err(|e| invalid(format!("{}: url: {e}", source.id)))?;
            if !matches!(url.scheme(), "https" | "http") {
                return Err(invalid(format!("{}: url must be http(s)", source.id)));
            }
            let placeholder = source.url.contains("{key}");
            let key_fits = match (&source.key, &source.key_use) {
                (None, KeyUse::Placeholder) => !placeholder,
                (None, _) => false,
                (Some(_), KeyUse::Placeholder) => placeholder,
                (Some(_), KeyUse::Header(name)) => !placeholder && !name.trim().is_empty(),
                (Some(_), KeyUse::WholeUrl) => !placeholder,
            };
            if !key_fits {
                return Err(invalid(format!(
                    "{}: a `key` goes with a `{{key}}` placeholder, or with a `key_use` of header or whole_url",
                    source.id
                )));
            }
            // Real-time feeds are published to be polled (the Astuce one refreshes every 30 s).
            let min_minutes = match source.parser {
                ParserConfig::GtfsRtTripUpdates | ParserConfig::GtfsRtAlerts => 1,
                _ => 5,
            };
            if source.every_minutes < min_minutes {
                return Err(invalid(format!(
                    "{}: every_minutes below {min_minutes} is impolite",
                    source.id
                )));
            }
            if !matches!(source.lang.as_str(), "fr" | "en") {
                return Err(invalid(format!("{}: lang is fr or en", source.id)));
            }
            if source.parser.kind() != kind {
                return Err(invalid(format!(
                    "{}: parser does not fit kind {}",
                    source.id,
                    kind.code()
                )));
            }
            all.push(source);
        }
    }
    let mut ids = HashSet::new();
    for s in &all {
        if !ids.insert(s.id.as_str()) {
            return Err(RegistryError::Invalid {
                file: "sources",
                message: format!("id `{}` is declared twice", s.id),
            });
        }
    }
    Ok(all)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_registry_loads() {
        let sources = registry().unwrap();
        assert!(sources.iter().all(|s| !s.name.is_empty()));
    }

    #[test]
    fn keys_fill_the_url_or_leave_it_unconfigured() {
        let s = Source {
            id: "oa".into(),
            name: "OA".into(),
            kind: SourceKind::Events,
            url: "https://api.openagenda.com/v2/agendas/1/events?key={key}".into(),
            homepage: "https://openagenda.com".into(),
            every_minutes: 60,
            lang: "fr".into(),
            licence: String::new(),
            key: Some("OPENAGENDA_KEY".into()),
            key_use: KeyUse::Placeholder,
            weight: 1.0,
            enabled: true,
            notes: String::new(),
            parser: ParserConfig::OpenAgenda,
        };
        assert_eq!(s.fetch_url(None), None);
        assert_eq!(s.fetch_url(Some("  ")), None);
        assert_eq!(
            s.fetch_url(Some("abc")).as_deref(),
            Some("https://api.openagenda.com/v2/agendas/1/events?key=abc")
        );
    }
}
