//! Builds the platform over the AWS engines from the function's environment (set by template.yaml).
//! The local gateway's cloud mode builds the same platform from the same variables, for its own
//! side of the work (polling queues, serving `@connections`), through [`platform_from_lookup`].

use rouen_api::accounts::tokens::SigningKey;
use rouen_api::platform::{AuthSettings, Platform, Runtime, Settings, WebPushSettings, queues};
use rouen_aws::config::AwsSettings;
use rouen_fetcher::browser_push::HttpBrowserPush;
use rouen_fetcher::{FetcherSettings, HttpFetcher};
use rouen_ports::{CursorCodec, SystemClock, UlidGenerator};
use std::collections::HashMap;
use std::sync::Arc;

pub async fn platform_from_env() -> Result<Platform, crate::Error> {
    let sdk = aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await;
    platform_from_lookup(|name| std::env::var(name).ok(), &sdk, &Endpoints::default())
}

/// Service endpoints that override the SDK's own resolution. A Lambda needs none (the SDK reads
/// `AWS_ENDPOINT_URL_<SERVICE>` itself); a process that serves several sets of servers passes them.
#[derive(Debug, Clone, Default)]
pub struct Endpoints {
    pub dynamodb: Option<String>,
    pub s3: Option<String>,
    pub sqs: Option<String>,
    pub sesv2: Option<String>,
}

/// The SDK clients of the data services, each at its override endpoint when one is given.
pub struct Clients {
    pub dynamodb: aws_sdk_dynamodb::Client,
    pub s3: aws_sdk_s3::Client,
    pub sqs: aws_sdk_sqs::Client,
    pub sesv2: aws_sdk_sesv2::Client,
}

impl Clients {
    /// `s3_path_style`: path-style S3 URLs, for S3-compatible servers on loopback.
    pub fn new(sdk: &aws_config::SdkConfig, endpoints: &Endpoints, s3_path_style: bool) -> Self {
        macro_rules! client {
            ($service:ident, $endpoint:expr) => {{
                let mut builder = $service::config::Builder::from(sdk);
                if let Some(url) = $endpoint {
                    builder = builder.endpoint_url(url);
                }
                builder
            }};
        }
        Self {
            dynamodb: aws_sdk_dynamodb::Client::from_conf(
                client!(aws_sdk_dynamodb, &endpoints.dynamodb).build(),
            ),
            s3: aws_sdk_s3::Client::from_conf(
                client!(aws_sdk_s3, &endpoints.s3)
                    .force_path_style(s3_path_style)
                    .build(),
            ),
            sqs: aws_sdk_sqs::Client::from_conf(client!(aws_sdk_sqs, &endpoints.sqs).build()),
            sesv2: aws_sdk_sesv2::Client::from_conf(
                client!(aws_sdk_sesv2, &endpoints.sesv2).build(),
            ),
        }
    }
}

/// The platform from settings read through `lookup` (the environment, in a Lambda).
pub fn platform_from_lookup(
    lookup: impl Fn(&str) -> Option<String>,
    sdk: &aws_config::SdkConfig,
    endpoints: &Endpoints,
) -> Result<Platform, crate::Error> {
    let var = |name: &str| lookup(name).filter(|v| !v.trim().is_empty());
    let settings = AwsSettings::from_lookup(&lookup)?;
    // Never set in AWS: the cloud mode on one machine replays recorded sources at their day, and its
    // tests move time by hand through a file every function reads.
    let clock: Arc<dyn rouen_ports::Clock> =
        match (var("ROUEN_CLOCK_FILE"), var("ROUEN_CLOCK_OFFSET_MS")) {
            (Some(path), _) => Arc::new(rouen_ports::FileClock::new(path.into())),
            (None, None) => Arc::new(SystemClock),
            (None, Some(ms)) => {
                let ms: i64 = ms
                    .trim()
                    .parse()
                    .map_err(|_| "ROUEN_CLOCK_OFFSET_MS must be a whole number of milliseconds")?;
                Arc::new(rouen_ports::ShiftedClock::with_offset(
                    chrono::Duration::milliseconds(ms),
                ))
            }
        };
    let cursor_key = var("ROUEN_CURSOR_KEY")
        .filter(|k| k.len() >= 32)
        .ok_or("ROUEN_CURSOR_KEY must hold at least 32 characters (template.yaml resolves it from Secrets Manager)")?;

    let clients = Clients::new(sdk, endpoints, settings.s3_force_path_style);
    let store = rouen_aws::item_store::DynamoItemStore::new(
        clients.dynamodb,
        settings.table.clone(),
        CursorCodec::new(cursor_key.as_bytes()),
        clock.clone(),
    );
    let search = rouen_aws::search_index::OpenSearchIndex::new(
        &settings.search_url,
        &settings.search_index,
        settings.search_sigv4.then_some(sdk),
    )?;
    let blobs = rouen_aws::blob_store::S3BlobStore::new(clients.s3, settings.media_bucket.clone());
    let mut urls = HashMap::new();
    urls.insert(queues::JOBS.to_owned(), settings.jobs_queue_url.clone());
    urls.insert(
        queues::JOBS_DEAD_LETTER.to_owned(),
        settings.jobs_dlq_url.clone(),
    );
    let queue = rouen_aws::queue::SqsQueue::new(clients.sqs, urls);
    let push = rouen_aws::connection_push::ApiGatewayPush::new(
        aws_sdk_apigatewaymanagement::Client::from_conf(
            aws_sdk_apigatewaymanagement::config::Builder::from(sdk)
                .endpoint_url(settings.ws_callback_url.clone())
                .build(),
        ),
    );
    let mailer = rouen_aws::mailer::SesMailer::new(clients.sesv2, settings.mail_from.clone());
    let fetcher = HttpFetcher::new(FetcherSettings::default())?;
    let web_origins: Vec<String> = var("ROUEN_WEB_ORIGIN")
        .map(|o| {
            o.split(',')
                .map(|s| s.trim().to_owned())
                .filter(|s| !s.is_empty())
                .collect()
        })
        .unwrap_or_default();
    let signing_key = var("ROUEN_JWT_KEY")
        .and_then(|k| SigningKey::new(k.into_bytes()))
        .ok_or("ROUEN_JWT_KEY must hold at least 32 characters (template.yaml resolves it from Secrets Manager)")?;
    let web_url = web_origins.first().cloned().unwrap_or_default();
    let mut auth = AuthSettings::new(signing_key, web_url);
    // Optional operator overrides (docs/deployment.md); the cloud mode's tests tighten them too.
    if let Some(json) = var("ROUEN_RATE_LIMITS") {
        auth.limits = serde_json::from_str(&json)
            .map_err(|e| format!("ROUEN_RATE_LIMITS must be a JSON object of rate limits: {e}"))?;
    }
    if let Some(secs) = var("ROUEN_REFRESH_REUSE_GRACE_SECS") {
        auth.refresh_reuse_grace_secs = secs
            .trim()
            .parse()
            .map_err(|_| "ROUEN_REFRESH_REUSE_GRACE_SECS must be a whole number of seconds")?;
    }
    let mut app_settings = Settings::new(Runtime::Aws, web_origins, auth);
    if let Some(n) = var("ROUEN_LARGE_ACCOUNT_THRESHOLD") {
        app_settings.social.large_account_threshold = n
            .trim()
            .parse()
            .map_err(|_| "ROUEN_LARGE_ACCOUNT_THRESHOLD must be a whole number of followers")?;
    }
    // The WebSocket API's own URL: the web app is served from CloudFront, the sockets are not.
    app_settings.web_push = var("ROUEN_JWT_KEY").and_then(|seed| {
        WebPushSettings::derived(seed.as_bytes(), format!("mailto:{}", settings.mail_from))
    });
    app_settings.realtime_url = var("ROUEN_WS_URL");
    // Set where CloudFront fronts the HTTP API (template.yaml): its secret makes the viewer's address
    // believable (rate limits per address would otherwise count every resident behind one edge).
    app_settings.trusted_edge = match var("ROUEN_EDGE_SECRET") {
        None => None,
        Some(secret) if secret.len() >= 32 => Some(rouen_api::platform::TrustedEdge { secret }),
        Some(_) => return Err("ROUEN_EDGE_SECRET must hold at least 32 characters".into()),
    };
    app_settings.city = city_settings(&var);

    Ok(Platform {
        store: Arc::new(store),
        search: Arc::new(search),
        blobs: Arc::new(blobs),
        queue: Arc::new(queue),
        push: Arc::new(push),
        // Push services are https; the cloud mode on one machine runs its test push service on
        // loopback http (`ROUEN_PUSH_ALLOW_LOOPBACK`, never set in AWS).
        browser_push: Arc::new(HttpBrowserPush::new(
            var("ROUEN_PUSH_ALLOW_LOOPBACK").is_some_and(|v| v == "true"),
        )?),
        mailer: Arc::new(mailer),
        fetcher: Arc::new(fetcher),
        clock,
        ids: Arc::new(UlidGenerator::default()),
        settings: app_settings,
    })
}

/// Scrapes run on their schedules; source keys are the environment variables the registry names
/// (`OPENAGENDA_KEY`), resolved by the template from Secrets Manager. `ROUEN_SOURCES_MIRROR` points
/// the sources at recorded snapshots (the cloud-mode test on one machine).
fn city_settings(var: &impl Fn(&str) -> Option<String>) -> rouen_api::platform::CitySettings {
    let keys = rouen_city::registry()
        .unwrap_or_default()
        .into_iter()
        .filter_map(|s| s.key)
        .filter_map(|name| {
            let value = var(&name)?;
            Some((name, value))
        })
        .collect();
    rouen_api::platform::CitySettings {
        // Off only where one machine runs tests that scrape on their own terms (cloud mode).
        scrape: var("ROUEN_CITY_SCRAPE").is_none_or(|v| v != "false"),
        mirror: var("ROUEN_SOURCES_MIRROR"),
        keys,
    }
}
