//! Builds the platform over the AWS engines from the function's environment (set by template.yaml).

use rouen_api::accounts::tokens::SigningKey;
use rouen_api::platform::{AuthSettings, Platform, Runtime, Settings, WebPushSettings, queues};
use rouen_aws::config::AwsSettings;
use rouen_fetcher::browser_push::HttpBrowserPush;
use rouen_fetcher::{FetcherSettings, HttpFetcher};
use rouen_ports::{CursorCodec, SystemClock, UlidGenerator};
use std::collections::HashMap;
use std::sync::Arc;

pub async fn platform_from_env() -> Result<Platform, crate::Error> {
    let settings = AwsSettings::from_env()?;
    let sdk = aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await;
    let clock = Arc::new(SystemClock);
    let cursor_key = std::env::var("ROUEN_CURSOR_KEY")
        .ok()
        .filter(|k| k.len() >= 32)
        .ok_or("ROUEN_CURSOR_KEY must hold at least 32 characters (template.yaml resolves it from Secrets Manager)")?;

    let store = rouen_aws::item_store::DynamoItemStore::new(
        aws_sdk_dynamodb::Client::new(&sdk),
        settings.table.clone(),
        CursorCodec::new(cursor_key.as_bytes()),
        clock.clone(),
    );
    let search = rouen_aws::search_index::OpenSearchIndex::new(
        &settings.search_url,
        &settings.search_index,
        settings.search_sigv4.then_some(&sdk),
    )?;
    let s3 = aws_sdk_s3::Client::from_conf(
        aws_sdk_s3::config::Builder::from(&sdk)
            .force_path_style(settings.s3_force_path_style)
            .build(),
    );
    let blobs = rouen_aws::blob_store::S3BlobStore::new(s3, settings.media_bucket.clone());
    let mut urls = HashMap::new();
    urls.insert(queues::JOBS.to_owned(), settings.jobs_queue_url.clone());
    urls.insert(
        queues::JOBS_DEAD_LETTER.to_owned(),
        settings.jobs_dlq_url.clone(),
    );
    let queue = rouen_aws::queue::SqsQueue::new(aws_sdk_sqs::Client::new(&sdk), urls);
    let push = rouen_aws::connection_push::ApiGatewayPush::new(
        aws_sdk_apigatewaymanagement::Client::from_conf(
            aws_sdk_apigatewaymanagement::config::Builder::from(&sdk)
                .endpoint_url(settings.ws_callback_url.clone())
                .build(),
        ),
    );
    let mailer = rouen_aws::mailer::SesMailer::new(
        aws_sdk_sesv2::Client::new(&sdk),
        settings.mail_from.clone(),
    );
    let fetcher = HttpFetcher::new(FetcherSettings::default())?;
    let web_origins = std::env::var("ROUEN_WEB_ORIGIN")
        .map(|o| vec![o])
        .unwrap_or_default();
    let signing_key = std::env::var("ROUEN_JWT_KEY")
        .ok()
        .and_then(|k| SigningKey::new(k.into_bytes()))
        .ok_or("ROUEN_JWT_KEY must hold at least 32 characters (template.yaml resolves it from Secrets Manager)")?;
    let web_url = web_origins.first().cloned().unwrap_or_default();
    let auth = AuthSettings::new(signing_key, web_url);
    let mut app_settings = Settings::new(Runtime::Aws, web_origins, auth);
    // The WebSocket API's own URL: the web app is served from CloudFront, the sockets are not.
    app_settings.web_push = std::env::var("ROUEN_JWT_KEY").ok().and_then(|seed| {
        WebPushSettings::derived(seed.as_bytes(), format!("mailto:{}", settings.mail_from))
    });
    app_settings.realtime_url = std::env::var("ROUEN_WS_URL").ok().filter(|u| !u.is_empty());
    app_settings.city = city_settings();

    Ok(Platform {
        store: Arc::new(store),
        search: Arc::new(search),
        blobs: Arc::new(blobs),
        queue: Arc::new(queue),
        push: Arc::new(push),
        browser_push: Arc::new(HttpBrowserPush::new(false)?),
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
fn city_settings() -> rouen_api::platform::CitySettings {
    let keys = rouen_city::registry()
        .unwrap_or_default()
        .into_iter()
        .filter_map(|s| s.key)
        .filter_map(|name| {
            let value = std::env::var(&name).ok().filter(|v| !v.trim().is_empty())?;
            Some((name, value))
        })
        .collect();
    rouen_api::platform::CitySettings {
        scrape: true,
        mirror: std::env::var("ROUEN_SOURCES_MIRROR")
            .ok()
            .filter(|v| !v.is_empty()),
        keys,
    }
}
