//! The ports a handler can use, bundled once per process (a Lambda init or the local binary).

use rouen_ports::{
    BlobStore, BrowserPush, Clock, ConnectionPush, Fetcher, IdGenerator, ItemStore, Mailer,
    QueuePort, SearchIndex,
};
use std::sync::Arc;

/// Which runtime serves the handlers; shown in build info and logs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Runtime {
    Local,
    Aws,
}

/// Logical queue names (SQS queue URLs in AWS, tables in the embedded queue).
pub mod queues {
    pub const JOBS: &str = "jobs";
    pub const JOBS_DEAD_LETTER: &str = "jobs-dlq";
    /// Receives after which a job message goes to the dead-letter queue (matches template.yaml).
    pub const JOBS_MAX_RECEIVES: u32 = 5;
}

#[derive(Debug, Clone)]
pub struct Settings {
    pub runtime: Runtime,
    /// Origins allowed by CORS (the web app's). The local binary serves the app itself (same origin).
    pub web_origins: Vec<String>,
    /// Largest request body a handler accepts unless its route says otherwise.
    pub max_body_bytes: usize,
    pub auth: AuthSettings,
    pub social: SocialSettings,
    /// The WebSocket endpoint clients connect to (`wss://…/prod`); `None`: the web app's origin at `/ws`.
    pub realtime_url: Option<String>,
    /// Browser push (VAPID); `None`: the channel is off.
    pub web_push: Option<WebPushSettings>,
    pub city: CitySettings,
    /// The CDN in front of the HTTP API, when there is one (CloudFront in AWS).
    pub trusted_edge: Option<TrustedEdge>,
}

/// API Gateway sees the CDN's address as a request's source: the viewer's address comes in a header
/// the CDN sets, believed only when the request also carries the secret the CDN adds on its way to the
/// API (a client calling API Gateway directly could set the first header, not know the second).
#[derive(Clone)]
pub struct TrustedEdge {
    pub secret: String,
}

impl std::fmt::Debug for TrustedEdge {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TrustedEdge").finish_non_exhaustive()
    }
}

/// How the event and news aggregators reach their sources.
#[derive(Clone, Default)]
pub struct CitySettings {
    /// Whether the scheduled scrapes run at all (off in most tests, which do not need city content).
    pub scrape: bool,
    /// A base URL that answers every source URL with its recorded snapshot
    /// (`{mirror}/{host}/{path}`): the local demo and the tests never touch the internet. `None`:
    /// the real sources.
    pub mirror: Option<String>,
    /// Source keys by secret name (`OPENAGENDA_KEY`); a keyed source without one is "not configured".
    pub keys: std::collections::BTreeMap<String, String>,
}

impl std::fmt::Debug for CitySettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CitySettings")
            .field("scrape", &self.scrape)
            .field("mirror", &self.mirror)
            .field("keys", &self.keys.keys().collect::<Vec<_>>())
            .finish()
    }
}

impl CitySettings {
    /// The URL actually fetched for a source URL.
    pub fn fetch_url(&self, url: &str) -> String {
        match (&self.mirror, url::Url::parse(url)) {
            (Some(mirror), Ok(parsed)) => {
                let mut out = format!(
                    "{}/{}{}",
                    mirror.trim_end_matches('/'),
                    parsed.host_str().unwrap_or("unknown"),
                    parsed.path()
                );
                if let Some(q) = parsed.query() {
                    out.push('?');
                    out.push_str(q);
                }
                out
            }
            _ => url.to_owned(),
        }
    }

    /// Image URLs of recorded sources point at the mirror too, so the demo's pages never load
    /// anything from the internet.
    pub fn media_url(&self, url: &str) -> String {
        if self.mirror.is_some() && url.starts_with("http") {
            self.fetch_url(url)
        } else {
            url.to_owned()
        }
    }
}

/// The VAPID identity of the platform towards browsers' push services.
#[derive(Clone)]
pub struct WebPushSettings {
    /// The P-256 private scalar (32 bytes).
    pub private_key: Vec<u8>,
    /// `mailto:` or `https:` contact the push services may reach (RFC 8292).
    pub contact: String,
}

impl std::fmt::Debug for WebPushSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WebPushSettings")
            .field("contact", &self.contact)
            .finish_non_exhaustive()
    }
}

impl WebPushSettings {
    /// A VAPID key derived from a secret seed (the data directory's master key locally, the access
    /// token secret in AWS): no extra secret to provision. Rotating the seed re-keys VAPID, after
    /// which browsers subscribe again.
    pub fn derived(seed: &[u8], contact: impl Into<String>) -> Option<Self> {
        use sha2::{Digest, Sha256};
        let mut h = Sha256::new();
        h.update(b"rouen-social/vapid/v1");
        h.update(seed);
        let private_key = h.finalize().to_vec();
        // A SHA-256 output is a valid P-256 scalar except with probability ~2^-32; check anyway.
        web_push_native::jwt_simple::algorithms::ES256KeyPair::from_bytes(&private_key).ok()?;
        Some(Self {
            private_key,
            contact: contact.into(),
        })
    }
}

impl Settings {
    pub fn new(runtime: Runtime, web_origins: Vec<String>, auth: AuthSettings) -> Self {
        Self {
            runtime,
            web_origins,
            max_body_bytes: 1024 * 1024,
            auth,
            social: SocialSettings::default(),
            realtime_url: None,
            web_push: None,
            city: CitySettings::default(),
            trusted_edge: None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SocialSettings {
    /// From this many followers, an account's posts are merged into feeds at read time instead of
    /// being written into every follower's feed (the city hall, a newspaper).
    pub large_account_threshold: i64,
}

impl Default for SocialSettings {
    fn default() -> Self {
        Self {
            large_account_threshold: 5_000,
        }
    }
}

/// A fixed-window rate limit: at most `max` hits per `window_secs`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Limit {
    pub max: u32,
    pub window_secs: i64,
}

impl Limit {
    pub const fn per_hour(max: u32) -> Self {
        Self {
            max,
            window_secs: 3600,
        }
    }
    pub const fn per_minutes(max: u32, minutes: i64) -> Self {
        Self {
            max,
            window_secs: minutes * 60,
        }
    }
}

/// Limits on the endpoints attackers hammer. They live in the item store (with TTL), so they hold
/// across Lambda instances. As JSON (`ROUEN_RATE_LIMITS` of the Lambdas), the fields given replace
/// the defaults'.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RateLimits {
    pub register_per_ip: Limit,
    /// Registrations naming one e-mail address (each sends that address a mail).
    pub register_per_account: Limit,
    pub login_per_ip: Limit,
    pub login_per_account: Limit,
    pub forgot_per_ip: Limit,
    pub forgot_per_account: Limit,
    pub verify_per_ip: Limit,
    pub resend_per_account: Limit,
    /// Failed logins on one account before it is locked (then for 1 min, doubling up to 1 h).
    pub lockout_after: u32,
    /// Chat messages one resident may send (a flood stops here, not in everyone's inbox).
    pub messages_per_sender: Limit,
    /// Road incidents one resident may report (abuse stops here; moderators remove the rest).
    pub incident_reports_per_resident: Limit,
    /// Confirm/gone votes one resident may cast.
    pub incident_votes_per_resident: Limit,
}

impl Default for RateLimits {
    fn default() -> Self {
        Self {
            register_per_ip: Limit::per_hour(20),
            register_per_account: Limit::per_hour(5),
            login_per_ip: Limit::per_minutes(60, 15),
            login_per_account: Limit::per_minutes(20, 15),
            forgot_per_ip: Limit::per_hour(20),
            forgot_per_account: Limit::per_hour(5),
            verify_per_ip: Limit::per_minutes(30, 15),
            resend_per_account: Limit::per_hour(5),
            lockout_after: 5,
            messages_per_sender: Limit::per_minutes(30, 1),
            incident_reports_per_resident: Limit::per_hour(6),
            incident_votes_per_resident: Limit::per_hour(120),
        }
    }
}

#[derive(Debug, Clone)]
pub struct AuthSettings {
    /// Signs access tokens (from Secrets Manager in AWS, from the data directory locally).
    pub signing_key: crate::accounts::tokens::SigningKey,
    pub access_ttl_secs: i64,
    pub refresh_ttl_secs: i64,
    /// How long after a refresh token is spent presenting it again still works (lost answers), rather
    /// than revoking the family. 0 disables the grace.
    pub refresh_reuse_grace_secs: i64,
    /// The web app's base URL, for links in e-mails (`https://rouen.social`).
    pub web_url: String,
    pub limits: RateLimits,
}

impl AuthSettings {
    pub fn new(signing_key: crate::accounts::tokens::SigningKey, web_url: String) -> Self {
        Self {
            signing_key,
            access_ttl_secs: 15 * 60,
            refresh_ttl_secs: 7 * 24 * 3600,
            refresh_reuse_grace_secs: 30,
            web_url: web_url.trim_end_matches('/').to_owned(),
            limits: RateLimits::default(),
        }
    }
}

pub struct Platform {
    pub store: Arc<dyn ItemStore>,
    pub search: Arc<dyn SearchIndex>,
    pub blobs: Arc<dyn BlobStore>,
    pub queue: Arc<dyn QueuePort>,
    pub push: Arc<dyn ConnectionPush>,
    /// Web Push to browsers' push services.
    pub browser_push: Arc<dyn BrowserPush>,
    pub mailer: Arc<dyn Mailer>,
    pub fetcher: Arc<dyn Fetcher>,
    pub clock: Arc<dyn Clock>,
    pub ids: Arc<dyn IdGenerator>,
    pub settings: Settings,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rate_limit_overrides_replace_only_the_fields_given_and_refuse_typos() {
        let limits: RateLimits =
            serde_json::from_str(r#"{"register_per_ip": {"max": 50, "window_secs": 3600}}"#)
                .unwrap_or_default();
        assert_eq!(limits.register_per_ip, Limit::per_hour(50));
        assert_eq!(limits.login_per_ip, RateLimits::default().login_per_ip);

        assert!(serde_json::from_str::<RateLimits>(r#"{"register_per_ipp": {}}"#).is_err());
        assert!(
            serde_json::from_str::<RateLimits>(
                r#"{"lockout_after": 3, "login_per_ip": {"max": 1}}"#
            )
            .is_err(),
            "a limit names both its count and its window"
        );
    }
}
