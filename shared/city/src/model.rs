//! What parsers produce: events and articles normalised from every source format.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// The city's time zone: every "day" of an event or a calendar is a day in Rouen.
pub const TZ: chrono_tz::Tz = chrono_tz::Europe::Paris;

/// When an event takes place. Times are instants (UTC); all-day events start at local midnight and
/// `all_day` tells the app to show dates only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Occurrence {
    pub starts_at: DateTime<Utc>,
    pub ends_at: Option<DateTime<Utc>>,
    pub all_day: bool,
}

impl Occurrence {
    /// The local (Europe/Paris) days this occurrence covers, first and last inclusive. An end at
    /// local midnight does not count the day it opens (DTEND of an all-day event is exclusive).
    pub fn local_days(&self) -> (NaiveDate, NaiveDate) {
        let first = self.starts_at.with_timezone(&TZ).date_naive();
        let last = match self.ends_at {
            Some(end) if end > self.starts_at => {
                let local = end.with_timezone(&TZ);
                let day = local.date_naive();
                if local.time() == chrono::NaiveTime::MIN {
                    day.pred_opt().unwrap_or(day).max(first)
                } else {
                    day
                }
            }
            _ => first,
        };
        (first, last)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Venue {
    pub name: Option<String>,
    pub address: Option<String>,
    pub postal_code: Option<String>,
    pub city: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
}

/// Price as far as the source says.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Price {
    Free,
    /// Amounts in euro cents; `max` is absent for a single price.
    Paid {
        min_cents: Option<u32>,
        max_cents: Option<u32>,
    },
    #[default]
    Unknown,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum EventStatus {
    #[default]
    Scheduled,
    Cancelled,
    Postponed,
}

/// One event as one source describes it, before deduplication across sources.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventDraft {
    /// The source registry id it came from.
    pub source_id: String,
    /// Stable id of the event within its source (uid, GUID, canonical URL...).
    pub source_ref: String,
    /// The event's page at the source.
    pub url: Option<String>,
    /// Plain text, one line.
    pub title: String,
    /// Plain text (HTML sanitised away), paragraphs separated by blank lines.
    pub description: String,
    /// At least one; sorted by start.
    pub occurrences: Vec<Occurrence>,
    pub venue: Option<Venue>,
    pub price: Price,
    pub image: Option<String>,
    pub status: EventStatus,
    /// Keywords, genres or types the source gives (free text, any language): input to categorisation.
    pub source_categories: Vec<String>,
    /// "fr" or "en".
    pub lang: String,
}

/// One article as one feed describes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArticleDraft {
    pub source_id: String,
    /// The item's GUID / id, else its link.
    pub source_ref: String,
    /// Canonical URL (tracking parameters and fragment removed).
    pub url: String,
    /// Plain text, one line.
    pub title: String,
    /// Plain text.
    pub summary: String,
    /// Full text when the feed carries it (plain text), else `None`: the app shows summary and link.
    pub content: Option<String>,
    pub image: Option<String>,
    pub author: Option<String>,
    pub published_at: Option<DateTime<Utc>>,
    /// Categories the feed gives.
    pub source_categories: Vec<String>,
    /// The source marks it as breaking ("ALERTE", "Urgent", a breaking category...).
    pub source_breaking: bool,
    pub lang: String,
}

/// An item a parser could not use, and why (reported in source health, never fatal).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Skipped {
    /// Whatever identifies the item in the source (id, title, position).
    pub item: String,
    pub reason: String,
}

/// What a parser made of one document.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Parsed<T> {
    pub items: Vec<T>,
    pub skipped: Vec<Skipped>,
    /// For paginated APIs: the URL of the next page, if any.
    pub next_page: Option<String>,
}

/// A document that cannot be read at all (the source's health records it; stored items stay).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    #[error("not a valid {format} document: {detail}")]
    Malformed {
        format: &'static str,
        detail: String,
    },
    #[error("the document holds no {what}")]
    Empty { what: &'static str },
    #[error("the parser is misconfigured: {0}")]
    Config(String),
}

impl ParseError {
    pub fn malformed(format: &'static str, detail: impl std::fmt::Display) -> Self {
        Self::Malformed {
            format,
            detail: detail.to_string(),
        }
    }
}

/// Event categories (stable codes; the app translates them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum EventCategory {
    Concerts,
    Theatre,
    Exhibitions,
    Sport,
    Family,
    Markets,
    Festivals,
    Conferences,
    Other,
}

impl EventCategory {
    pub const ALL: [EventCategory; 9] = [
        Self::Concerts,
        Self::Theatre,
        Self::Exhibitions,
        Self::Sport,
        Self::Family,
        Self::Markets,
        Self::Festivals,
        Self::Conferences,
        Self::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::Concerts => "concerts",
            Self::Theatre => "theatre",
            Self::Exhibitions => "exhibitions",
            Self::Sport => "sport",
            Self::Family => "family",
            Self::Markets => "markets",
            Self::Festivals => "festivals",
            Self::Conferences => "conferences",
            Self::Other => "other",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.code() == code)
    }
}

/// News categories (stable codes; the app translates them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum NewsCategory {
    Politique,
    FaitsDivers,
    Sport,
    Culture,
    Economie,
    Transports,
    Societe,
    Environnement,
    Autre,
}

impl NewsCategory {
    pub const ALL: [NewsCategory; 9] = [
        Self::Politique,
        Self::FaitsDivers,
        Self::Sport,
        Self::Culture,
        Self::Economie,
        Self::Transports,
        Self::Societe,
        Self::Environnement,
        Self::Autre,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::Politique => "politique",
            Self::FaitsDivers => "faits_divers",
            Self::Sport => "sport",
            Self::Culture => "culture",
            Self::Economie => "economie",
            Self::Transports => "transports",
            Self::Societe => "societe",
            Self::Environnement => "environnement",
            Self::Autre => "autre",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.code() == code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn an_all_day_end_at_midnight_is_exclusive() {
        let start = TZ.with_ymd_and_hms(2026, 3, 28, 0, 0, 0).unwrap().to_utc();
        let end = TZ.with_ymd_and_hms(2026, 3, 30, 0, 0, 0).unwrap().to_utc();
        let o = Occurrence {
            starts_at: start,
            ends_at: Some(end),
            all_day: true,
        };
        let (first, last) = o.local_days();
        assert_eq!(first, NaiveDate::from_ymd_opt(2026, 3, 28).unwrap());
        assert_eq!(last, NaiveDate::from_ymd_opt(2026, 3, 29).unwrap());
    }

    #[test]
    fn codes_round_trip() {
        for c in EventCategory::ALL {
            assert_eq!(EventCategory::from_code(c.code()), Some(c));
        }
        for c in NewsCategory::ALL {
            assert_eq!(NewsCategory::from_code(c.code()), Some(c));
        }
    }
}
