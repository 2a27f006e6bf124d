//! Configuration of the local binary, from the environment (defaults work on a fresh clone).

use std::net::{IpAddr, Ipv4Addr};
use std::path::PathBuf;

#[derive(Clone)]
pub struct LocalConfig {
    /// Address to listen on; loopback by default: the local gateway has no TLS and `@connections` is open.
    pub host: IpAddr,
    /// Port to listen on; 0 picks a free one (tests).
    pub port: u16,
    /// Everything the platform stores lives under this directory.
    pub data_dir: PathBuf,
    /// The built web app (`frontend/dist`), served at `/`.
    pub web_dir: PathBuf,
    /// The URL clients reach this gateway at (presigned blob URLs point there). Derived from host and
    /// port when unset.
    pub public_url: Option<String>,
    /// Extra origins allowed by CORS (e.g. the Vite dev server).
    pub web_origins: Vec<String>,
    /// Rate limits other than the production ones (tests that exercise them set tight ones).
    pub rate_limits: Option<rouen_api::platform::RateLimits>,
    /// Refresh-token reuse grace other than the default 30 s (tests of reuse detection set 0).
    pub refresh_reuse_grace_secs: Option<i64>,
    /// Social settings other than the defaults (tests lower the large-account threshold).
    pub social: Option<rouen_api::platform::SocialSettings>,
    /// Seed the demo residents into a fresh data directory (`ROUEN_DEMO=0` turns it off).
    pub demo: bool,
    /// Where event and news sources are read: their recorded snapshots (default: no internet), or
    /// the live sites (`ROUEN_SOURCES=live`).
    pub live_sources: bool,
    /// Whether the scheduled scrapes run (on by default; most tests turn them off).
    pub city_scrape: bool,
    /// Source keys by secret name, on top of those in the environment (`OPENAGENDA_KEY=…`).
    pub source_keys: std::collections::BTreeMap<String, String>,
    /// The platform's clock; `None`: the system clock. Tests of dated content (recorded feeds) pin it.
    pub clock: Option<std::sync::Arc<dyn rouen_ports::Clock>>,
    /// In cloud mode, where `clock` is mirrored (`ManualClock::mirrored`): the functions, separate
    /// processes, read their time there instead of following `clock` at a fixed offset.
    pub clock_file: Option<std::path::PathBuf>,
    /// Usernames made administrators at start (`ROUEN_ADMINS=alice,bob`): how the first moderator
    /// of a local platform comes to be.
    pub admins: Vec<String>,
    /// Cloud mode (`ROUEN_RUNTIME=cloud`): the Lambda binaries over the AWS engines on local servers,
    /// instead of the handlers in-process over the embedded engines.
    pub cloud: Option<crate::cloud::CloudConfig>,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error(transparent)]
    Cloud(#[from] crate::cloud::CloudError),
    #[error("{name} is not valid: {value:?} ({why})")]
    Invalid {
        name: &'static str,
        value: String,
        why: &'static str,
    },
}

impl LocalConfig {
    pub fn from_env() -> Result<Self, ConfigError> {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        let port = match var("PORT") {
            None => 8080,
            Some(v) => v.trim().parse().map_err(|_| ConfigError::Invalid {
                name: "PORT",
                value: v.clone(),
                why: "a port number from 0 to 65535",
            })?,
        };
        let host = match var("HOST") {
            None => IpAddr::V4(Ipv4Addr::LOCALHOST),
            Some(v) => v.trim().parse().map_err(|_| ConfigError::Invalid {
                name: "HOST",
                value: v.clone(),
                why: "an IP address such as 127.0.0.1",
            })?,
        };
        let live_sources = matches!(
            var("ROUEN_SOURCES")
                .map(|v| v.trim().to_ascii_lowercase())
                .as_deref(),
            Some("live")
        );
        Ok(Self {
            host,
            port,
            data_dir: var("DATA_DIR").map_or_else(|| PathBuf::from("data"), PathBuf::from),
            web_dir: var("ROUEN_WEB_DIR")
                .map_or_else(|| PathBuf::from("frontend/dist"), PathBuf::from),
            public_url: var("ROUEN_PUBLIC_URL"),
            web_origins: var("ROUEN_WEB_ORIGINS")
                .map(|v| {
                    v.split(',')
                        .map(|s| s.trim().to_owned())
                        .filter(|s| !s.is_empty())
                        .collect()
                })
                .unwrap_or_default(),
            rate_limits: None,
            refresh_reuse_grace_secs: None,
            social: None,
            demo: !matches!(
                var("ROUEN_DEMO")
                    .map(|v| v.trim().to_ascii_lowercase())
                    .as_deref(),
                Some("0" | "false" | "no" | "off")
            ),
            live_sources,
            city_scrape: true,
            // The recorded vigilance map answers without a real key: the demo shows a warning
            // (OpenAgenda and OpenWeatherMap stay "not configured", as on a platform without keys).
            source_keys: if live_sources {
                Default::default()
            } else {
                [("METEOFRANCE_KEY".to_owned(), "recorded-snapshot".to_owned())].into()
            },
            // With the recorded sources the demo starts on the day they were recorded, so weather,
            // news and disruptions are current; `now` (or live sources) keeps the real clock.
            clock: match var("ROUEN_CLOCK_START")
                .or_else(|| (!live_sources).then(|| rouen_city::snapshots::RECORDED_AT.to_owned()))
            {
                Some(v) if v.trim().eq_ignore_ascii_case("now") => None,
                None => None,
                Some(v) => {
                    let start = chrono::DateTime::parse_from_rfc3339(v.trim()).map_err(|_| {
                        ConfigError::Invalid {
                            name: "ROUEN_CLOCK_START",
                            value: v.clone(),
                            why: "an RFC 3339 instant such as 2026-11-25T11:30:00Z",
                        }
                    })?;
                    Some(
                        std::sync::Arc::new(rouen_ports::ShiftedClock::starting_at(start.to_utc()))
                            as std::sync::Arc<dyn rouen_ports::Clock>,
                    )
                }
            },
            clock_file: None,
            admins: var("ROUEN_ADMINS")
                .map(|v| {
                    v.split(',')
                        .map(|s| s.trim().to_owned())
                        .filter(|s| !s.is_empty())
                        .collect()
                })
                .unwrap_or_default(),
            cloud: match var("ROUEN_RUNTIME")
                .map(|v| v.trim().to_ascii_lowercase())
                .as_deref()
            {
                None | Some("local") => None,
                Some("cloud") => Some(crate::cloud::CloudConfig {
                    servers: crate::cloud::Servers::from_env_file(std::path::Path::new("."))?,
                    // `ROUEN_LAMBDA_DIR`: per-function executables (e.g. `target/lambda` from
                    // `cargo lambda build`); by default the multi-call one of `cargo build`.
                    launch: match var("ROUEN_LAMBDA_DIR") {
                        Some(dir) => crate::cloud::Launch::PerFunction(PathBuf::from(dir)),
                        None => crate::cloud::Launch::MultiCall(PathBuf::from(
                            "target/debug/rouen-lambda",
                        )),
                    },
                    max_instances: 4,
                    timeout: std::time::Duration::from_secs(120),
                }),
                Some(other) => {
                    return Err(ConfigError::Invalid {
                        name: "ROUEN_RUNTIME",
                        value: other.to_owned(),
                        why: "`local` (the default) or `cloud`",
                    });
                }
            },
        })
    }

    /// Defaults for tests: a free port on loopback, this data directory.
    pub fn for_tests(data_dir: PathBuf) -> Self {
        Self {
            host: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: 0,
            data_dir,
            web_dir: PathBuf::from("frontend/dist"),
            public_url: None,
            web_origins: Vec::new(),
            rate_limits: None,
            refresh_reuse_grace_secs: None,
            social: None,
            demo: false,
            live_sources: false,
            city_scrape: false,
            source_keys: Default::default(),
            clock: None,
            clock_file: None,
            admins: Vec::new(),
            cloud: None,
        }
    }
}
