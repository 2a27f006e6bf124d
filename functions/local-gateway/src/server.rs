//! Assembles the local gateway: API, WebSocket, `@connections`, blobs, dev mailbox, web app.

use axum::Router;
use axum::routing::{any, get};
use std::net::SocketAddr;
use std::sync::Arc;
use tokio::net::TcpListener;

use crate::api_gateway::{self, RouteTable};
use crate::config::LocalConfig;
use crate::engines::{self, LocalEngines};
use crate::{background, mailbox, web_app, websocket};

pub struct GatewayState {
    pub engines: LocalEngines,
    pub routes: RouteTable,
    /// Test hook: replace a source's recorded snapshot.
    pub sources: crate::sources_mirror::Overrides,
    /// Cloud mode: the Lambda functions the routes, queues and schedules go to.
    pub cloud: Option<crate::cloud::CloudRuntime>,
    /// Whether every schedule has run once since start.
    pub first_runs: Arc<background::FirstRuns>,
}

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: String,
        source: std::io::Error,
    },
    #[error(transparent)]
    Engines(#[from] engines::EngineError),
    #[error(transparent)]
    Cloud(#[from] crate::cloud::CloudError),
    #[error("invalid route registry: {0}")]
    Registry(String),
}

/// A gateway serving in the background.
pub struct RunningGateway {
    pub addr: SocketAddr,
    pub url: String,
    pub state: Arc<GatewayState>,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    server: tokio::task::JoinHandle<()>,
    background: Vec<tokio::task::JoinHandle<()>>,
}

impl RunningGateway {
    /// Stops serving and waits for in-flight requests.
    pub async fn stop(mut self) {
        for task in &self.background {
            task.abort();
        }
        if let Some(cloud) = &self.state.cloud {
            cloud.pool.stop();
        }
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        let _ = (&mut self.server).await;
    }

    /// Serves until the process is asked to stop (Ctrl-C or SIGTERM).
    pub async fn wait_for_signal(self) {
        let ctrl_c = tokio::signal::ctrl_c();
        #[cfg(unix)]
        {
            let mut term =
                match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                    Ok(term) => term,
                    Err(_) => {
                        let _ = ctrl_c.await;
                        return self.stop().await;
                    }
                };
            tokio::select! {
                _ = ctrl_c => {}
                _ = term.recv() => {}
            }
        }
        #[cfg(not(unix))]
        let _ = ctrl_c.await;
        tracing::info!("stopping");
        self.stop().await;
    }
}

pub fn router(state: Arc<GatewayState>, web_dir: std::path::PathBuf) -> Router {
    let api = Router::new()
        .route("/api", any(api_gateway::handle))
        .route("/api/{*rest}", any(api_gateway::handle))
        .route("/ws", get(websocket::upgrade))
        .route("/dev/mailbox", get(mailbox::page))
        .route("/dev/mailbox.json", get(mailbox::json))
        .with_state(state.clone());
    api.merge(rouen_embedded::blob_store::blob_router(
        state.engines.blobs.clone(),
    ))
    .merge(rouen_embedded::connections::connections_router(
        state.engines.connections.clone(),
    ))
    .merge(crate::sources_mirror::router(state.sources.clone()))
    .fallback(move |request| web_app::serve(web_dir.clone(), request))
}

/// Opens the engines, binds, and starts serving, the schedules and the queue consumers.
pub async fn start(config: LocalConfig) -> Result<RunningGateway, StartError> {
    let addr = SocketAddr::new(config.host, config.port);
    let listener = TcpListener::bind(addr)
        .await
        .map_err(|source| StartError::Bind {
            addr: addr.to_string(),
            source,
        })?;
    let addr = listener.local_addr().map_err(|source| StartError::Bind {
        addr: addr.to_string(),
        source,
    })?;
    let url = config
        .public_url
        .clone()
        .unwrap_or_else(|| format!("http://{addr}"));
    let mut origins = config.web_origins.clone();
    origins.push(url.clone());
    let mut keys: std::collections::BTreeMap<String, String> = rouen_city::registry()
        .unwrap_or_default()
        .into_iter()
        .filter_map(|s| s.key)
        .filter_map(|name| {
            let value = std::env::var(&name).ok().filter(|v| !v.trim().is_empty())?;
            Some((name, value))
        })
        .collect();
    keys.extend(config.source_keys.clone());
    let city = rouen_api::platform::CitySettings {
        scrape: config.city_scrape,
        mirror: (!config.live_sources).then(|| format!("{url}{}", crate::sources_mirror::PREFIX)),
        keys: keys.clone(),
    };
    let mirror = city.mirror.clone();
    let mut engines = engines::open(
        &config.data_dir,
        &url,
        engines::Options {
            web_origins: origins.clone(),
            limits: config.rate_limits,
            refresh_grace: config.refresh_reuse_grace_secs,
            social: config.social,
            city,
            clock: config.clock.clone(),
        },
    )?;
    // Cloud mode keeps the gateway's own pieces (sockets, `@connections`, the sources mirror) and
    // puts the AWS engines under everything else; the embedded ones stay unused.
    let cloud = match &config.cloud {
        None => None,
        Some(cloud_config) => {
            let (runtime, platform) = crate::cloud::start(
                cloud_config,
                crate::cloud::GatewaySide {
                    url: &url,
                    web_origins: &origins,
                    sources_mirror: mirror,
                    source_keys: &keys,
                    config: &config,
                },
            )
            .await?;
            engines.platform = Arc::new(platform);
            engines.fresh = true;
            Some(runtime)
        }
    };
    if config.demo && engines.fresh {
        // A failed seed leaves an empty platform, not a broken one: it is logged and start goes on.
        match crate::demo::seed(&engines.platform).await {
            Ok(_) => tracing::info!(
                password = crate::demo::DEMO_PASSWORD,
                "demo residents ready: sign in as camille_demo (or leon_demo, ines_demo, bastien_demo, comite_demo)"
            ),
            Err(error) => tracing::warn!(%error, "demo content could not be seeded"),
        }
    }
    for username in &config.admins {
        match rouen_api::accounts::directory::id_by_username(&engines.platform, username).await {
            Ok(Some(id)) => {
                let update = rouen_ports::Update::new().set("role", "admin");
                match engines
                    .platform
                    .store
                    .update(
                        &rouen_api::accounts::keys::profile(&id),
                        &update,
                        Some(rouen_ports::Condition::Exists),
                    )
                    .await
                {
                    Ok(_) => tracing::info!(%username, "administrator (ROUEN_ADMINS)"),
                    Err(error) => tracing::warn!(%username, %error, "could not make administrator"),
                }
            }
            Ok(None) => tracing::warn!(%username, "ROUEN_ADMINS names no such account"),
            Err(error) => tracing::warn!(%username, %error, "could not look up an administrator"),
        }
    }
    let routes = RouteTable::from_registry().map_err(StartError::Registry)?;
    let state = Arc::new(GatewayState {
        engines,
        routes,
        sources: crate::sources_mirror::Overrides::default(),
        cloud,
        first_runs: Arc::default(),
    });
    let mut background = background::start(
        state.engines.platform.clone(),
        state.cloud.as_ref().map(|c| c.pool.clone()),
        state.first_runs.clone(),
    );
    if state.cloud.is_none() {
        background.push(tokio::spawn(background::purge_expired_items(
            state.engines.store.clone(),
        )));
    }
    let app = router(state.clone(), config.web_dir.clone());
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(async move {
        let served = axum::serve(
            listener,
            app.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(async {
            let _ = rx.await;
        })
        .await;
        if let Err(err) = served {
            tracing::error!(error = %err, "server stopped");
        }
    });
    Ok(RunningGateway {
        addr,
        url,
        state,
        shutdown: Some(tx),
        server,
        background,
    })
}
