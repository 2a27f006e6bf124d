//! Fetcher: polite HTTP fetching of external sources (feeds, agendas, open data).

use async_trait::async_trait;
use bytes::Bytes;

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FetchRequest {
    pub url: String,
    /// From the previous successful fetch, for a conditional GET.
    pub etag: Option<String>,
    pub last_modified: Option<String>,
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
}

#[async_trait]
pub trait Fetcher: Send + Sync {
    async fn fetch(&self, request: &FetchRequest) -> Result<FetchOutcome, FetchError>;
}
