//! Search index: full-text search over posts, users, events and news, French and English.
//!
//! Text fields are analysed for both languages the same way in both engines: lower-cased, accents
//! folded ("évènement" ≡ "evenement"), and stemmed with the document's language (French by default),
//! so "évènement" finds "evenements".

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Largest page of hits.
pub const MAX_SEARCH_LIMIT: u32 = 100;
/// Deepest offset served (deep paging is what cursors of the item store are for).
pub const MAX_SEARCH_OFFSET: u32 = 1000;

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct GeoPoint {
    pub lat: f64,
    pub lon: f64,
}

impl GeoPoint {
    /// Great-circle distance in kilometres (haversine).
    pub fn distance_km(&self, other: &GeoPoint) -> f64 {
        let (la1, la2) = (self.lat.to_radians(), other.lat.to_radians());
        let dla = la2 - la1;
        let dlo = (other.lon - self.lon).to_radians();
        let a = (dla / 2.0).sin().powi(2) + la1.cos() * la2.cos() * (dlo / 2.0).sin().powi(2);
        2.0 * 6371.0088 * a.sqrt().asin()
    }
}

/// A document to index. `id` is unique across kinds (use the kind as a prefix if needed).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchDoc {
    pub id: String,
    /// What it is: "post", "user", "event", "news", ...
    pub kind: String,
    pub title: String,
    pub body: String,
    /// "fr" or "en"; drives stemming. Anything else is treated as French.
    pub lang: String,
    pub category: Option<String>,
    pub tags: Vec<String>,
    /// The date the document is about (event start, publication...).
    pub date: Option<DateTime<Utc>>,
    pub geo: Option<GeoPoint>,
}

/// A query: free text (may be empty: then every document matching the filters), filters, paging.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SearchQuery {
    pub text: String,
    /// Only these kinds (none: every kind).
    pub kinds: Vec<String>,
    /// Only these categories (none: every category).
    pub categories: Vec<String>,
    /// Only documents dated in `[from, to]` (inclusive); documents without a date are excluded when
    /// either bound is given.
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
    /// Only documents within `radius_km` of a point.
    pub near: Option<(GeoPoint, f64)>,
    pub limit: u32,
    pub offset: u32,
}

impl SearchQuery {
    pub fn text(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            limit: 20,
            ..Self::default()
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchHit {
    pub id: String,
    pub kind: String,
    pub title: String,
    pub score: f32,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct SearchResults {
    /// Best first; ties (and text-less queries) newest `date` first.
    pub hits: Vec<SearchHit>,
    /// How many documents match in all (may be a lower bound on very large result sets).
    pub total: u64,
}

#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("invalid search request: {0}")]
    InvalidRequest(String),
    #[error("search engine failure: {0}")]
    Engine(String),
}

impl SearchError {
    pub fn engine(err: impl std::fmt::Display) -> Self {
        Self::Engine(err.to_string())
    }
}

#[async_trait]
pub trait SearchIndex: Send + Sync {
    /// Adds or replaces documents (by id). When it returns, they are searchable.
    async fn index(&self, docs: Vec<SearchDoc>) -> Result<(), SearchError>;

    /// Removes documents by id; unknown ids are ignored. When it returns, they are gone from results.
    async fn delete(&self, ids: &[String]) -> Result<(), SearchError>;

    async fn search(&self, query: &SearchQuery) -> Result<SearchResults, SearchError>;

    async fn ping(&self) -> Result<(), SearchError>;
}

/// Checks bounds shared by both engines.
pub fn validate_query(query: &SearchQuery) -> Result<(), SearchError> {
    if query.limit == 0 || query.limit > MAX_SEARCH_LIMIT {
        return Err(SearchError::InvalidRequest(format!(
            "limit must be 1 to {MAX_SEARCH_LIMIT}"
        )));
    }
    if query.offset > MAX_SEARCH_OFFSET {
        return Err(SearchError::InvalidRequest(format!(
            "offset may not pass {MAX_SEARCH_OFFSET}"
        )));
    }
    if query.text.chars().count() > 500 {
        return Err(SearchError::InvalidRequest(
            "the text may hold 500 characters at most".into(),
        ));
    }
    if let Some((p, r)) = query.near {
        // Written as "all in range" so that NaN fails it.
        let valid = (-90.0..=90.0).contains(&p.lat)
            && (-180.0..=180.0).contains(&p.lon)
            && r > 0.0
            && r <= 500.0;
        if !valid {
            return Err(SearchError::InvalidRequest(
                "invalid point or radius".into(),
            ));
        }
    }
    Ok(())
}
