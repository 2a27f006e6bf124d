//! Cloud mode: the platform in its AWS shape on one machine. The real Lambda binaries (one per
//! registry entry) run under a Lambda Runtime API ([`runtime_api`]); the gateway forwards HTTP and
//! WebSocket routes to them as API Gateway does, polls the SQS queue as the event source mapping
//! does and fires the schedules as EventBridge Scheduler does ([`events`]); the functions reach
//! DynamoDB Local, the OpenSearch node, ElasticMQ, the S3 server and moto (SES) through their AWS
//! engines, and `@connections` on this gateway. Each start provisions its own table, bucket,
//! queues and index, so runs never see each other's data.

pub mod events;
pub mod runtime_api;

use rouen_api::platform::{Platform, queues};
use rouen_ports::QueueSpec;
use std::time::Duration;

pub use runtime_api::{InvokeError, LambdaPool, Launch, PoolSettings};

/// The local servers behind the AWS engines (what `infra/scripts/emulators.sh start` prints).
#[derive(Debug, Clone)]
pub struct Servers {
    pub dynamodb: String,
    pub opensearch: String,
    pub sqs: String,
    pub s3: String,
    pub ses: String,
    pub region: String,
    pub access_key: String,
    pub secret_key: String,
}

impl Servers {
    /// The SDK configuration the servers accept (their region and credentials).
    pub async fn sdk(&self) -> aws_config::SdkConfig {
        aws_config::defaults(aws_config::BehaviorVersion::latest())
            .region(aws_config::Region::new(self.region.clone()))
            .credentials_provider(aws_sdk_dynamodb::config::Credentials::new(
                self.access_key.clone(),
                self.secret_key.clone(),
                None,
                None,
                "cloud-mode",
            ))
            .load()
            .await
    }

    /// Where each data service is.
    pub fn endpoints(&self) -> rouen_lambdas::engines::Endpoints {
        rouen_lambdas::engines::Endpoints {
            dynamodb: Some(self.dynamodb.clone()),
            s3: Some(self.s3.clone()),
            sqs: Some(self.sqs.clone()),
            sesv2: Some(self.ses.clone()),
        }
    }

    /// Clients of the servers' data services (S3 path-style, as s3s-fs needs).
    pub async fn clients(&self) -> rouen_lambdas::engines::Clients {
        rouen_lambdas::engines::Clients::new(&self.sdk().await, &self.endpoints(), true)
    }

    /// What SES (moto) accepted from `from` to `to`, oldest first, read from moto's state.
    pub async fn mail_sent(
        &self,
        http: &reqwest::Client,
        from: &str,
        to: &str,
    ) -> Result<Vec<SentMail>, reqwest::Error> {
        let state: serde_json::Value = http
            .get(format!("{}/moto-api/data.json", self.ses))
            .send()
            .await?
            .error_for_status()?
            .json()
            .await?;
        let text = |v: &serde_json::Value| v.as_str().unwrap_or("").to_owned();
        Ok(state["ses"]["Message"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|m| m["source"] == from)
            .filter(|m| {
                m["destinations"]["ToAddresses"]
                    .as_array()
                    .is_some_and(|a| a.iter().any(|t| t == to))
            })
            .map(|m| SentMail {
                id: text(&m["id"]),
                subject: text(&m["subject"]),
                body: text(&m["body"]),
            })
            .collect())
    }

    /// From `ROUEN_TEST_*` variables, looked up in the environment and then in the emulators' env file.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, CloudError> {
        let get = |name: &'static str| lookup(name).filter(|v| !v.trim().is_empty());
        let required = |name: &'static str| get(name).ok_or(CloudError::Missing(name));
        Ok(Self {
            dynamodb: required("ROUEN_TEST_DYNAMODB_ENDPOINT")?,
            opensearch: required("ROUEN_TEST_OPENSEARCH_URL")?,
            sqs: required("ROUEN_TEST_SQS_ENDPOINT")?,
            s3: required("ROUEN_TEST_S3_ENDPOINT")?,
            ses: required("ROUEN_TEST_SES_ENDPOINT")?,
            region: get("AWS_REGION").unwrap_or_else(|| events::REGION.to_owned()),
            // s3s-fs checks signatures with these; the other servers take any alphanumeric key.
            access_key: get("ROUEN_TEST_S3_ACCESS_KEY").unwrap_or_else(|| "AKIDLOCAL".into()),
            secret_key: get("ROUEN_TEST_S3_SECRET_KEY").unwrap_or_else(|| "localsecret".into()),
        })
    }

    /// Reads `.cache/emulators/env` (lines `export NAME=value`) under `root`, the environment first.
    pub fn from_env_file(root: &std::path::Path) -> Result<Self, CloudError> {
        let text = std::fs::read_to_string(root.join(".cache/emulators/env")).unwrap_or_default();
        let file: std::collections::HashMap<String, String> = text
            .lines()
            .filter_map(|l| {
                let l = l.trim();
                l.strip_prefix("export ").unwrap_or(l).split_once('=')
            })
            .map(|(k, v)| {
                (
                    k.trim().to_owned(),
                    v.trim().trim_matches(['"', '\'']).to_owned(),
                )
            })
            .collect();
        Self::from_lookup(|name| std::env::var(name).ok().or_else(|| file.get(name).cloned()))
    }
}

#[derive(Debug, Clone)]
pub struct CloudConfig {
    pub servers: Servers,
    /// The function executables.
    pub launch: Launch,
    /// Environments per function at most.
    pub max_instances: usize,
    pub timeout: Duration,
}

#[derive(Debug, thiserror::Error)]
pub enum CloudError {
    #[error("{0} is not set: start the local AWS servers with `infra/scripts/emulators.sh start`")]
    Missing(&'static str),
    #[error("cannot provision {what} on the local servers: {message}")]
    Provision { what: &'static str, message: String },
    #[error("cannot start the Lambda Runtime API: {0}")]
    Runtime(std::io::Error),
}

fn provision(what: &'static str) -> impl Fn(&dyn std::fmt::Display) -> CloudError {
    move |e| CloudError::Provision {
        what,
        message: e.to_string(),
    }
}

/// A mail as SES (moto) accepted it.
#[derive(Debug, Clone)]
pub struct SentMail {
    pub id: String,
    pub subject: String,
    pub body: String,
}

/// What the gateway holds in cloud mode.
pub struct CloudRuntime {
    pub pool: LambdaPool,
    /// The functions' environment (also what the gateway's own platform was built from).
    pub env: Vec<(String, String)>,
    pub servers: Servers,
    pub mail_from: String,
}

/// What the functions need from the gateway.
pub struct GatewaySide<'a> {
    pub url: &'a str,
    pub web_origins: &'a [String],
    pub sources_mirror: Option<String>,
    pub source_keys: &'a std::collections::BTreeMap<String, String>,
    /// The gateway's configuration: the functions follow its clock (at its offset, or through the
    /// file a test's manual clock is mirrored to), run the scrapes when it does, and get the settings
    /// tests tighten as their optional overrides.
    pub config: &'a crate::LocalConfig,
}

fn random_key() -> Result<String, CloudError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| provision("a signing key")(&e))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// Provisions a fresh set of resources, starts the Runtime API, and builds the gateway's own
/// platform over the same resources.
pub async fn start(
    config: &CloudConfig,
    side: GatewaySide<'_>,
) -> Result<(CloudRuntime, Platform), CloudError> {
    let servers = &config.servers;
    let sdk = servers.sdk().await;
    let endpoints = servers.endpoints();
    let clients = rouen_lambdas::engines::Clients::new(&sdk, &endpoints, true);
    let run = ulid::Ulid::new().to_string().to_lowercase();
    let table = format!("rouen-{run}");
    let bucket = format!("rouen-media-{run}");
    let index = format!("rouen-{run}");
    let jobs = format!("jobs-{run}");
    // Unique per start too: SES (moto) keeps every run's mail, told apart by their sender.
    let mail_from = format!("no-reply+{run}@rouen.local");

    rouen_aws::item_store::create_table(&clients.dynamodb, &table)
        .await
        .map_err(|e| provision("the table")(&e))?;
    rouen_aws::blob_store::create_bucket(&clients.s3, &bucket)
        .await
        .map_err(|e| provision("the media bucket")(&e))?;
    let urls = rouen_aws::queue::ensure_queue(
        &clients.sqs,
        &QueueSpec {
            name: jobs.clone(),
            dead_letter: Some((format!("{jobs}-dlq"), queues::JOBS_MAX_RECEIVES)),
        },
    )
    .await
    .map_err(|e| provision("the jobs queues")(&e))?;
    let queue_url = |name: &str| {
        urls.get(name)
            .cloned()
            .ok_or_else(|| provision("the jobs queues")(&format!("no URL for {name}")))
    };
    let (jobs_url, dlq_url) = (queue_url(&jobs)?, queue_url(&format!("{jobs}-dlq"))?);
    rouen_aws::search_index::OpenSearchIndex::new(&servers.opensearch, &index, None)
        .map_err(|e| provision("the search index")(&e))?
        .ensure_index()
        .await
        .map_err(|e| provision("the search index")(&e))?;
    clients
        .sesv2
        .create_email_identity()
        .email_identity(&mail_from)
        .send()
        .await
        .map_err(|e| {
            provision("the SES identity")(&aws_sdk_sesv2::error::DisplayErrorContext(e))
        })?;

    let ws_url = format!("{}/ws", side.url.replacen("http", "ws", 1));
    let mut env: Vec<(String, String)> = vec![
        ("AWS_REGION".into(), servers.region.clone()),
        ("AWS_DEFAULT_REGION".into(), servers.region.clone()),
        ("AWS_ACCESS_KEY_ID".into(), servers.access_key.clone()),
        ("AWS_SECRET_ACCESS_KEY".into(), servers.secret_key.clone()),
        ("AWS_EC2_METADATA_DISABLED".into(), "true".into()),
        ("AWS_ENDPOINT_URL_DYNAMODB".into(), servers.dynamodb.clone()),
        ("AWS_ENDPOINT_URL_SQS".into(), servers.sqs.clone()),
        ("AWS_ENDPOINT_URL_S3".into(), servers.s3.clone()),
        ("AWS_ENDPOINT_URL_SESV2".into(), servers.ses.clone()),
        ("ROUEN_TABLE".into(), table),
        ("ROUEN_MEDIA_BUCKET".into(), bucket),
        ("ROUEN_JOBS_QUEUE_URL".into(), jobs_url),
        ("ROUEN_JOBS_DLQ_URL".into(), dlq_url),
        ("ROUEN_SEARCH_URL".into(), servers.opensearch.clone()),
        ("ROUEN_SEARCH_INDEX".into(), index),
        ("ROUEN_SEARCH_SIGV4".into(), "false".into()),
        ("ROUEN_S3_FORCE_PATH_STYLE".into(), "true".into()),
        ("ROUEN_PUSH_ALLOW_LOOPBACK".into(), "true".into()),
        ("ROUEN_WS_CALLBACK_URL".into(), side.url.to_owned()),
        ("ROUEN_WS_URL".into(), ws_url),
        ("ROUEN_MAIL_FROM".into(), mail_from.clone()),
        ("ROUEN_WEB_ORIGIN".into(), side.web_origins.join(",")),
        ("ROUEN_CURSOR_KEY".into(), random_key()?),
        ("ROUEN_JWT_KEY".into(), random_key()?),
        (
            "RUST_LOG".into(),
            std::env::var("ROUEN_LAMBDA_LOG").unwrap_or_else(|_| "info".into()),
        ),
    ];
    if let Some(mirror) = side.sources_mirror {
        env.push(("ROUEN_SOURCES_MIRROR".into(), mirror));
    }
    let local = side.config;
    if !local.city_scrape {
        env.push(("ROUEN_CITY_SCRAPE".into(), "false".into()));
    }
    if let Some(path) = &local.clock_file {
        env.push(("ROUEN_CLOCK_FILE".into(), path.display().to_string()));
    } else if let Some(clock) = &local.clock {
        let offset = clock.now() - chrono::Utc::now();
        env.push((
            "ROUEN_CLOCK_OFFSET_MS".into(),
            offset.num_milliseconds().to_string(),
        ));
    }
    if let Some(limits) = &local.rate_limits {
        let json = serde_json::to_string(limits).map_err(|e| provision("the rate limits")(&e))?;
        env.push(("ROUEN_RATE_LIMITS".into(), json));
    }
    if let Some(secs) = local.refresh_reuse_grace_secs {
        env.push(("ROUEN_REFRESH_REUSE_GRACE_SECS".into(), secs.to_string()));
    }
    if let Some(social) = local.social {
        env.push((
            "ROUEN_LARGE_ACCOUNT_THRESHOLD".into(),
            social.large_account_threshold.to_string(),
        ));
    }
    env.extend(side.source_keys.iter().map(|(k, v)| (k.clone(), v.clone())));

    let lookup_env = env.clone();
    let platform = rouen_lambdas::engines::platform_from_lookup(
        move |name| {
            lookup_env
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
        },
        &sdk,
        &endpoints,
    )
    .map_err(|e| provision("the gateway's platform")(&e))?;
    let pool = LambdaPool::start(PoolSettings {
        launch: config.launch.clone(),
        env: env.clone(),
        log_dir: std::env::var("ROUEN_LAMBDA_LOG_DIR")
            .map_or_else(|_| local.data_dir.join("lambda-logs"), Into::into),
        max_instances: config.max_instances,
        timeout: config.timeout,
    })
    .await
    .map_err(CloudError::Runtime)?;
    Ok((
        CloudRuntime {
            pool,
            env,
            servers: servers.clone(),
            mail_from,
        },
        platform,
    ))
}
