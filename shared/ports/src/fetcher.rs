//! Fetcher: polite HTTP fetching of external sources (feeds, agendas, open data).

use async_trait::async_trait;
use bytes::Bytes;

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FetchRequest {
    pub url: String,
    /// From the previous successful fetch, for a conditional GET.
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    /// Scraping honours the site's robots.txt; `None` for requests that are not scraping.
    pub robots: Option<RobotsCheck>,
    /// Extra request headers (a source whose key goes in a header: Météo-France's `apikey`).
    pub headers: Vec<(String, String)>,
    /// A larger body limit than the fetcher's default, for a known big download (a network's GTFS).
    pub max_body_bytes: Option<usize>,
}

/// Which robots.txt governs a request, and the URL as the site knows it: the two differ from `url`
/// when a mirror (recorded snapshots on loopback) answers for the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RobotsCheck {
    pub robots_url: String,
    pub target_url: String,
}

impl RobotsCheck {
    /// The robots.txt of `url`'s own origin.
    pub fn of(url: &str) -> Option<Self> {
        let parsed = url::Url::parse(url).ok()?;
        let robots = parsed.join("/robots.txt").ok()?;
        Some(Self {
            robots_url: robots.to_string(),
            target_url: url.to_owned(),
        })
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum FetchOutcome {
    /// 304: what was stored is still current.
    NotModified,
    Fetched {
        status: u16,
        body: Bytes,
        content_type: Option<String>,
        etag: Option<String>,
        last_modified: Option<String>,
    },
}

#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    #[error("invalid URL `{0}`")]
    InvalidUrl(String),
    #[error("timed out")]
    Timeout,
    #[error("the source answered HTTP {0}")]
    Status(u16),
    #[error("the body passed {0} bytes")]
    TooLarge(usize),
    #[error("network failure: {0}")]
    Network(String),
    #[error("the site's robots.txt disallows it")]
    DisallowedByRobots,
}

#[async_trait]
pub trait Fetcher: Send + Sync {
    async fn fetch(&self, request: &FetchRequest) -> Result<FetchOutcome, FetchError>;
}
