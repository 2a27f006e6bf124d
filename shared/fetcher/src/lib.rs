//! The fetcher engine, shared by both runtimes: polite HTTP GETs of external sources.
//!
//! Polite means: a clear User-Agent, timeouts, conditional GET (ETag / Last-Modified), a bounded body,
//! robots.txt honoured for scraping, and a minimum interval between two requests to the same host, so a burst of scheduled scrapes never
//! hammers one small site. [`browser_push`] is the HTTP engine of the browser-push port.

pub mod browser_push;

use async_trait::async_trait;
use bytes::Bytes;
use reqwest::header::{self, HeaderMap, HeaderValue};
use rouen_ports::{FetchError, FetchOutcome, FetchRequest, Fetcher};
use std::collections::HashMap;
use std::time::Duration;
use tokio::sync::Mutex;
use tokio::time::Instant;

pub const DEFAULT_USER_AGENT: &str = concat!(
    "RouenSocialBot/",
    env!("CARGO_PKG_VERSION"),
    " (+https://github.com/rouen-social/rouen-social; city aggregator)"
);

#[derive(Debug, Clone)]
pub struct FetcherSettings {
    pub user_agent: String,
    pub timeout: Duration,
    pub connect_timeout: Duration,
    /// Minimum delay between two requests to the same host.
    pub per_host_interval: Duration,
    pub max_body_bytes: usize,
}

impl Default for FetcherSettings {
    fn default() -> Self {
        Self {
            user_agent: DEFAULT_USER_AGENT.to_owned(),
            timeout: Duration::from_secs(20),
            connect_timeout: Duration::from_secs(5),
            per_host_interval: Duration::from_secs(1),
            max_body_bytes: 10 * 1024 * 1024,
        }
    }
}

pub struct HttpFetcher {
    client: reqwest::Client,
    settings: FetcherSettings,
    /// When each host may next be asked.
    next_slot: Mutex<HashMap<String, Instant>>,
    /// Parsed robots.txt by URL, with when to read it again.
    robots: Mutex<HashMap<String, (Instant, RobotsRules)>>,
}

/// What a robots.txt says to us.
enum RobotsRules {
    AllowAll,
    /// The site cannot say (5xx, unreachable): RFC 9309 says assume everything is disallowed.
    DisallowAll,
    Rules(Box<texting_robots::Robot>),
}

/// The product token robots.txt groups are matched against.
const ROBOTS_AGENT: &str = "RouenSocialBot";
const ROBOTS_TTL: Duration = Duration::from_secs(24 * 3600);
const ROBOTS_UNREACHABLE_TTL: Duration = Duration::from_secs(600);

impl HttpFetcher {
    pub fn new(settings: FetcherSettings) -> Result<Self, FetchError> {
        let client = reqwest::Client::builder()
            .user_agent(settings.user_agent.clone())
            .timeout(settings.timeout)
            .connect_timeout(settings.connect_timeout)
            .redirect(reqwest::redirect::Policy::limited(5))
            .build()
            .map_err(|e| FetchError::Network(e.to_string()))?;
        Ok(Self {
            client,
            settings,
            next_slot: Mutex::new(HashMap::new()),
            robots: Mutex::new(HashMap::new()),
        })
    }

    /// Whether robots.txt lets us fetch `check.target_url`; robots.txt is read at most once a day
    /// per site.
    async fn allowed(&self, check: &rouen_ports::RobotsCheck) -> bool {
        let cached = {
            let robots = self.robots.lock().await;
            robots
                .get(&check.robots_url)
                .filter(|(until, _)| *until > Instant::now())
                .map(|(_, rules)| rules.allows(&check.target_url))
        };
        if let Some(allowed) = cached {
            return allowed;
        }
        let (rules, ttl) = self.read_robots(&check.robots_url).await;
        let allowed = rules.allows(&check.target_url);
        self.robots
            .lock()
            .await
            .insert(check.robots_url.clone(), (Instant::now() + ttl, rules));
        allowed
    }

    async fn read_robots(&self, robots_url: &str) -> (RobotsRules, Duration) {
        let Some(host) = url::Url::parse(robots_url)
            .ok()
            .and_then(|u| u.host_str().map(str::to_owned))
        else {
            return (RobotsRules::DisallowAll, ROBOTS_UNREACHABLE_TTL);
        };
        self.pace(&host).await;
        let response = match self.client.get(robots_url).send().await {
            Ok(response) => response,
            Err(error) => {
                tracing::warn!(%host, %error, "robots.txt unreachable");
                return (RobotsRules::DisallowAll, ROBOTS_UNREACHABLE_TTL);
            }
        };
        let status = response.status();
        if status.is_server_error() {
            return (RobotsRules::DisallowAll, ROBOTS_UNREACHABLE_TTL);
        }
        if !status.is_success() {
            // 4xx: no robots.txt, everything is allowed (RFC 9309 §2.3.1.3).
            return (RobotsRules::AllowAll, ROBOTS_TTL);
        }
        match response.bytes().await {
            Ok(body) if body.len() <= 512 * 1024 => {
                match texting_robots::Robot::new(ROBOTS_AGENT, &body) {
                    Ok(robot) => (RobotsRules::Rules(Box::new(robot)), ROBOTS_TTL),
                    Err(_) => (RobotsRules::AllowAll, ROBOTS_TTL),
                }
            }
            _ => (RobotsRules::DisallowAll, ROBOTS_UNREACHABLE_TTL),
        }
    }

    /// Waits for this host's turn and books the next slot.
    async fn pace(&self, host: &str) {
        let wait_until = {
            let mut slots = self.next_slot.lock().await;
            let now = Instant::now();
            let slot = slots.get(host).copied().filter(|s| *s > now).unwrap_or(now);
            slots.insert(host.to_owned(), slot + self.settings.per_host_interval);
            slot
        };
        tokio::time::sleep_until(wait_until).await;
    }
}

fn header_string(headers: &HeaderMap, name: header::HeaderName) -> Option<String> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

impl RobotsRules {
    fn allows(&self, url: &str) -> bool {
        match self {
            Self::AllowAll => true,
            Self::DisallowAll => false,
            Self::Rules(robot) => robot.allowed(url),
        }
    }
}

#[async_trait]
impl Fetcher for HttpFetcher {
    async fn fetch(&self, request: &FetchRequest) -> Result<FetchOutcome, FetchError> {
        let url = url::Url::parse(&request.url)
            .map_err(|_| FetchError::InvalidUrl(request.url.clone()))?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(FetchError::InvalidUrl(request.url.clone()));
        }
        let host = url
            .host_str()
            .ok_or_else(|| FetchError::InvalidUrl(request.url.clone()))?
            .to_owned();
        if let Some(check) = &request.robots
            && !self.allowed(check).await
        {
            tracing::info!(%host, url = %check.target_url, "robots.txt disallows");
            return Err(FetchError::DisallowedByRobots);
        }
        self.pace(&host).await;

        let mut headers = HeaderMap::new();
        if let Some(etag) = request
            .etag
            .as_deref()
            .and_then(|v| HeaderValue::from_str(v).ok())
        {
            headers.insert(header::IF_NONE_MATCH, etag);
        }
        if let Some(lm) = request
            .last_modified
            .as_deref()
            .and_then(|v| HeaderValue::from_str(v).ok())
        {
            headers.insert(header::IF_MODIFIED_SINCE, lm);
        }
        for (name, value) in &request.headers {
            if let (Ok(name), Ok(value)) = (
                header::HeaderName::from_bytes(name.as_bytes()),
                HeaderValue::from_str(value),
            ) {
                headers.insert(name, value);
            }
        }
        let started = Instant::now();
        let response = self
            .client
            .get(url)
            .headers(headers)
            .send()
            .await
            .map_err(|e| {
                if e.is_timeout() {
                    FetchError::Timeout
                } else {
                    FetchError::Network(e.to_string())
                }
            })?;
        let status = response.status().as_u16();
        tracing::info!(%host, status, elapsed_ms = started.elapsed().as_millis() as u64, "fetched source");
        if status == 304 {
            return Ok(FetchOutcome::NotModified);
        }
        if !response.status().is_success() {
            return Err(FetchError::Status(status));
        }
        let limit = request
            .max_body_bytes
            .unwrap_or(self.settings.max_body_bytes);
        if response
            .content_length()
            .is_some_and(|len| len > limit as u64)
        {
            return Err(FetchError::TooLarge(limit));
        }
        let resp_headers = response.headers().clone();
        let mut body = Vec::new();
        let mut response = response;
        // Read in chunks so a lying or missing Content-Length cannot make us buffer without bound.
        while let Some(chunk) = response.chunk().await.map_err(|e| {
            if e.is_timeout() {
                FetchError::Timeout
            } else {
                FetchError::Network(e.to_string())
            }
        })? {
            if body.len() + chunk.len() > limit {
                return Err(FetchError::TooLarge(limit));
            }
            body.extend_from_slice(&chunk);
        }
        Ok(FetchOutcome::Fetched {
            status,
            body: Bytes::from(body),
            content_type: header_string(&resp_headers, header::CONTENT_TYPE),
            etag: header_string(&resp_headers, header::ETAG),
            last_modified: header_string(&resp_headers, header::LAST_MODIFIED),
        })
    }
}
