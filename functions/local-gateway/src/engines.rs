//! Opens the embedded engines under the data directory and bundles them into a [`Platform`].

use rouen_api::accounts::tokens::SigningKey;
use rouen_api::platform::{
    AuthSettings, CitySettings, Platform, RateLimits, Runtime, Settings, SocialSettings,
    WebPushSettings, queues,
};
use rouen_embedded::blob_store::FsBlobStore;
use rouen_embedded::connections::LocalConnections;
use rouen_embedded::item_store::SqliteItemStore;
use rouen_embedded::mailer::OutboxMailer;
use rouen_embedded::queue::SqliteQueue;
use rouen_embedded::search_index::TantivySearchIndex;
use rouen_fetcher::browser_push::HttpBrowserPush;
use rouen_fetcher::{FetcherSettings, HttpFetcher};
use rouen_ports::{Clock, CursorCodec, QueueSpec, SystemClock, UlidGenerator};
use sha2::{Digest, Sha256};
use std::path::Path;
use std::sync::Arc;

#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    #[error("cannot use the data directory {path}: {source}")]
    DataDir {
        path: String,
        source: std::io::Error,
    },
    #[error("cannot open the {engine}: {message}")]
    Open {
        engine: &'static str,
        message: String,
    },
}

/// The platform plus the engine handles the gateway itself serves (blobs, sockets, mailbox).
pub struct LocalEngines {
    pub platform: Arc<Platform>,
    pub blobs: Arc<FsBlobStore>,
    pub connections: LocalConnections,
    pub outbox: Arc<OutboxMailer>,
    pub store: Arc<SqliteItemStore>,
    /// The data directory had no item store before this start.
    pub fresh: bool,
}

fn open_err(engine: &'static str) -> impl Fn(&dyn std::fmt::Display) -> EngineError {
    move |e| EngineError::Open {
        engine,
        message: e.to_string(),
    }
}

/// The secret the local runtime signs cursors and blob URLs with: made once, kept in the data dir.
fn master_key(data_dir: &Path) -> Result<Vec<u8>, EngineError> {
    let dir = data_dir.join("secrets");
    let path = dir.join("signing.key");
    let io = |source| EngineError::DataDir {
        path: dir.display().to_string(),
        source,
    };
    if let Ok(existing) = std::fs::read(&path)
        && existing.len() >= 32
    {
        return Ok(existing);
    }
    std::fs::create_dir_all(&dir).map_err(io)?;
    let mut key = vec![0u8; 32];
    getrandom::fill(&mut key).map_err(|e| EngineError::Open {
        engine: "key generator",
        message: e.to_string(),
    })?;
    std::fs::write(&path, &key).map_err(io)?;
    Ok(key)
}

fn derive(master: &[u8], purpose: &str) -> Vec<u8> {
    let mut h = Sha256::new();
    h.update(master);
    h.update(purpose.as_bytes());
    h.finalize().to_vec()
}

/// What a local platform is opened with besides where it lives.
#[derive(Default)]
pub struct Options {
    pub web_origins: Vec<String>,
    pub limits: Option<RateLimits>,
    pub refresh_grace: Option<i64>,
    pub social: Option<SocialSettings>,
    pub city: CitySettings,
    pub clock: Option<Arc<dyn Clock>>,
}

pub fn open(
    data_dir: &Path,
    public_url: &str,
    options: Options,
) -> Result<LocalEngines, EngineError> {
    let Options {
        web_origins,
        limits,
        refresh_grace,
        social,
        city,
        clock,
    } = options;
    std::fs::create_dir_all(data_dir).map_err(|source| EngineError::DataDir {
        path: data_dir.display().to_string(),
        source,
    })?;
    let fresh = !data_dir.join("items.sqlite").exists();
    let master = master_key(data_dir)?;
    let clock: Arc<dyn Clock> = clock.unwrap_or_else(|| Arc::new(SystemClock));

    let store = Arc::new(
        SqliteItemStore::open(
            &data_dir.join("items.sqlite"),
            CursorCodec::new(&derive(&master, "cursor")),
            clock.clone(),
        )
        .map_err(|e| open_err("item store")(&e))?,
    );
    let search = Arc::new(
        TantivySearchIndex::open(&data_dir.join("search"))
            .map_err(|e| open_err("search index")(&e))?,
    );
    let blobs = Arc::new(FsBlobStore::new(
        data_dir.join("blobs"),
        public_url.to_owned(),
        derive(&master, "blobs"),
        clock.clone(),
    ));
    let queue = Arc::new(
        SqliteQueue::open(
            &data_dir.join("queue.sqlite"),
            vec![
                QueueSpec {
                    name: queues::JOBS.into(),
                    dead_letter: Some((queues::JOBS_DEAD_LETTER.into(), queues::JOBS_MAX_RECEIVES)),
                },
                QueueSpec {
                    name: queues::JOBS_DEAD_LETTER.into(),
                    dead_letter: None,
                },
            ],
        )
        .map_err(|e| open_err("queue")(&e))?,
    );
    let connections = LocalConnections::with_clock(clock.clone());
    let outbox = Arc::new(OutboxMailer::new(data_dir.join("outbox"), clock.clone()));
    let fetcher = Arc::new(
        HttpFetcher::new(FetcherSettings {
            // The snapshot mirror is this process: pacing it would only slow the demo down.
            per_host_interval: if city.mirror.is_some() {
                std::time::Duration::ZERO
            } else {
                FetcherSettings::default().per_host_interval
            },
            ..FetcherSettings::default()
        })
        .map_err(|e| open_err("fetcher")(&e))?,
    );

    let signing_key =
        SigningKey::new(derive(&master, "access-tokens")).ok_or_else(|| EngineError::Open {
            engine: "token signer",
            message: "the derived key is too short".into(),
        })?;
    let mut auth = AuthSettings::new(signing_key, public_url.to_owned());
    if let Some(limits) = limits {
        auth.limits = limits;
    }
    if let Some(grace) = refresh_grace {
        auth.refresh_reuse_grace_secs = grace;
    }
    let platform = Arc::new(Platform {
        store: store.clone(),
        search,
        blobs: blobs.clone(),
        queue,
        push: Arc::new(connections.clone()),
        // Loopback `http` endpoints are allowed locally: tests run their own push service there.
        browser_push: Arc::new(
            HttpBrowserPush::new(true).map_err(|e| open_err("browser push")(&e))?,
        ),
        mailer: outbox.clone(),
        fetcher,
        clock,
        ids: Arc::new(UlidGenerator::default()),
        settings: Settings {
            social: social.unwrap_or_default(),
            city,
            web_push: WebPushSettings::derived(
                &derive(&master, "vapid"),
                "mailto:noreply@localhost",
            ),
            ..Settings::new(Runtime::Local, web_origins, auth)
        },
    });
    Ok(LocalEngines {
        platform,
        blobs,
        connections,
        outbox,
        store,
        fresh,
    })
}
