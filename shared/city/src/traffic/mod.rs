//! Road traffic: roadworks and incidents from the Métropole's open data, Bison Futé (DATEX II),
//! Waze for Cities and TomTom, normalised into the contract's incident shape (issue 7) and kept to
//! the Rouen area ([`area`]).
//!
//! Every parser is pure: bytes and an area in, [`Incidents`] out; a document that cannot be read is
//! a [`ParseError`], an item missing its essentials (a position, a kind) is skipped and reported,
//! an item outside the area is only counted.

pub mod area;
pub mod datex2;
pub mod ods_roadworks;
pub mod tomtom;
pub mod waze;

pub use area::{Area, ROUEN};
pub use datex2::parse_datex2;
pub use ods_roadworks::parse_ods_roadworks;
pub use tomtom::parse_tomtom;
pub use waze::parse_waze;

use crate::model::{ParseError, Skipped};
use crate::sources::{ParserConfig, Source};
use crate::text;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Longest description kept, in characters.
pub const MAX_DESCRIPTION: usize = 2000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum IncidentType {
    Accident,
    Roadworks,
    Closure,
    Congestion,
    Hazard,
    Police,
    Event,
    Other,
}

impl IncidentType {
    pub const ALL: [Self; 8] = [
        Self::Accident,
        Self::Roadworks,
        Self::Closure,
        Self::Congestion,
        Self::Hazard,
        Self::Police,
        Self::Event,
        Self::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::Accident => "accident",
            Self::Roadworks => "roadworks",
            Self::Closure => "closure",
            Self::Congestion => "congestion",
            Self::Hazard => "hazard",
            Self::Police => "police",
            Self::Event => "event",
            Self::Other => "other",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.code() == code)
    }

    /// The French title of an incident whose source gives none.
    pub fn french(self) -> &'static str {
        match self {
            Self::Accident => "Accident",
            Self::Roadworks => "Travaux",
            Self::Closure => "Route fermée",
            Self::Congestion => "Ralentissements",
            Self::Hazard => "Danger signalé",
            Self::Police => "Présence policière",
            Self::Event => "Événement",
            Self::Other => "Incident",
        }
    }
}

/// Who reported it; `resident` is the app's own reports (never produced by a parser).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum IncidentSource {
    Resident,
    Metropole,
    BisonFute,
    Waze,
    #[serde(rename = "tomtom")]
    TomTom,
}

/// One incident as a source describes it (the contract's Incident without the app's votes).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrafficIncident {
    /// Stable across fetches: `<source>:<the source's own id>` (`waze:4a1f…`, `bison-fute:…`).
    pub source_id: String,
    #[serde(rename = "type")]
    pub kind: IncidentType,
    /// How bad a congestion is, 0 (free) to 5 (standstill), when the source says (Waze `level`,
    /// TomTom `magnitudeOfDelay` scaled): input to the city-wide traffic level.
    pub congestion_level: Option<u8>,
    /// Plain text, one line.
    pub title: String,
    /// Plain text (HTML sanitised away).
    pub description: Option<String>,
    pub lat: f64,
    pub lon: f64,
    pub street: Option<String>,
    pub commune: Option<String>,
    pub starts_at: Option<DateTime<Utc>>,
    pub ends_at: Option<DateTime<Utc>>,
    pub source: IncidentSource,
    pub source_url: Option<String>,
}

/// What a traffic parser made of one document.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Incidents {
    /// Inside the area, each `source_id` once.
    pub items: Vec<TrafficIncident>,
    /// Items missing their essentials.
    pub skipped: Vec<Skipped>,
    /// Items read but located outside the area (a national feed is mostly these).
    pub outside_area: usize,
}

impl Incidents {
    pub(crate) fn skip(&mut self, item: impl Into<String>, reason: impl Into<String>) {
        self.skipped.push(Skipped {
            item: item.into(),
            reason: reason.into(),
        });
    }

    /// Keeps an incident inside `area` whose id was not seen yet; counts it otherwise.
    pub(crate) fn keep(&mut self, incident: TrafficIncident, area: &Area) {
        if !area.contains(incident.lat, incident.lon) {
            self.outside_area += 1;
        } else if !self.items.iter().any(|i| i.source_id == incident.source_id) {
            self.items.push(incident);
        }
    }
}

/// Parses one fetched document of a traffic source with the parser its registry entry names.
pub fn parse(source: &Source, body: &[u8], area: &Area) -> Result<Incidents, ParseError> {
    match &source.parser {
        ParserConfig::OdsRoadworks => parse_ods_roadworks(body, area),
        ParserConfig::Datex2 => parse_datex2(body, area),
        ParserConfig::Waze => parse_waze(body, area),
        ParserConfig::TomTom => parse_tomtom(body, area),
        other => Err(ParseError::Config(format!(
            "{}: a {} parser cannot read traffic",
            source.id,
            other.kind().code()
        ))),
    }
}

/// Source text to one clean line; empty is `None`.
pub(crate) fn line(text: Option<&str>) -> Option<String> {
    text.map(text::one_line).filter(|t| !t.is_empty())
}

/// Source text or HTML to sanitised plain text, cut to [`MAX_DESCRIPTION`]; empty is `None`.
pub(crate) fn plain(text: Option<&str>) -> Option<String> {
    text.map(|t| text::truncate(&text::html_to_text(t), MAX_DESCRIPTION))
        .filter(|t| !t.is_empty())
}

/// "Travaux — rue Jeanne-d'Arc" when the source gives no title.
pub(crate) fn default_title(kind: IncidentType, street: Option<&str>) -> String {
    match street {
        Some(street) => format!("{} — {street}", kind.french()),
        None => kind.french().to_owned(),
    }
}

/// A JSON root that must be an object, for the JSON traffic formats.
pub(crate) use crate::weather::json_object;
