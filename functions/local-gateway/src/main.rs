//! `rouen-local`: the whole platform on one machine. `make run` starts it.

use rouen_local_gateway::{LocalConfig, start};
use std::process::ExitCode;
use std::time::Duration;
use tracing_subscriber::EnvFilter;

fn init_logs() {
    let filter =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,tantivy=warn"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    if std::env::var("ROUEN_LOG_FORMAT").is_ok_and(|f| f == "pretty") {
        builder.init();
    } else {
        builder
            .json()
            .flatten_event(true)
            .with_current_span(true)
            .init();
    }
}

/// Waits until the platform answers its own health endpoint, so the printed URL works when printed.
async fn wait_until_answering(url: &str) -> bool {
    let Ok(client) = reqwest::Client::builder()
        .timeout(Duration::from_secs(5))
        .build()
    else {
        return false;
    };
    for _ in 0..100 {
        if let Ok(response) = client.get(format!("{url}/api/v1/health")).send().await
            && response.status().is_success()
        {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    false
}

#[tokio::main]
async fn main() -> ExitCode {
    init_logs();
    let config = match LocalConfig::from_env() {
        Ok(config) => config,
        Err(err) => {
            eprintln!("rouen-local: {err}");
            return ExitCode::from(2);
        }
    };
    let data_dir = config.data_dir.display().to_string();
    let gateway = match start(config).await {
        Ok(gateway) => gateway,
        Err(err) => {
            eprintln!("rouen-local: {err}");
            return ExitCode::FAILURE;
        }
    };
    if wait_until_answering(&gateway.url).await {
        println!(
            "Rouen Social is running at {} (data in {data_dir}; Ctrl-C to stop)",
            gateway.url
        );
    } else {
        eprintln!(
            "rouen-local: listening on {} but the health check does not pass; see the logs",
            gateway.url
        );
    }
    gateway.wait_for_signal().await;
    ExitCode::SUCCESS
}
