//! The Lambda side: each binary in `src/bin/` is a `main` that serves one registry entry over the AWS
//! engines. Clients are built once per execution environment, at init, without network I/O.

pub mod engines;

use aws_lambda_events::event::sqs::{BatchItemFailure, SqsBatchResponse, SqsEvent};
use lambda_runtime::{LambdaEvent, service_fn};
use rouen_api::registry::{self, Handler, QueueRecord};
use std::sync::Arc;

pub type Error = lambda_runtime::Error;

fn init_logs() {
    // CloudWatch wants one JSON object per line, without ANSI colours or timestamps (Lambda adds them).
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    tracing_subscriber::fmt()
        .json()
        .flatten_event(true)
        .with_current_span(true)
        .with_env_filter(filter)
        .with_ansi(false)
        .without_time()
        .init();
}

/// Serves the registry entry named `function` until the Lambda runtime stops the process.
pub async fn serve(function: &'static str) -> Result<(), Error> {
    init_logs();
    let route =
        registry::find(function).ok_or_else(|| format!("`{function}` is not in the registry"))?;
    let platform = Arc::new(engines::platform_from_env().await?);
    rouen_api::metrics::enable(function);
    tracing::info!(function, "initialised");
    match route.handler {
        Handler::Http(_) => lambda_http::run(service_fn(move |request: lambda_http::Request| {
            let platform = platform.clone();
            async move { Ok::<_, Error>(rouen_api::edge::serve(route, platform, request).await) }
        }))
        .await,
        Handler::Queue(handler) => {
            lambda_runtime::run(service_fn(move |event: LambdaEvent<SqsEvent>| {
                let platform = platform.clone();
                async move {
                    use rouen_api::metrics::{Metric, emit};
                    let now_ms = chrono::Utc::now().timestamp_millis();
                    // The oldest message's wait: what the queue-age alarm and dashboard show.
                    let oldest = event
                        .payload
                        .records
                        .iter()
                        .filter_map(|m| m.attributes.get("SentTimestamp")?.parse::<i64>().ok())
                        .min();
                    if let Some(sent) = oldest {
                        emit(&[(Metric::QueueAge, (now_ms - sent).max(0) as f64)]);
                    }
                    let records: Vec<QueueRecord> = event
                        .payload
                        .records
                        .into_iter()
                        .map(|m| QueueRecord {
                            message_id: m.message_id.unwrap_or_default(),
                            receive_count: m
                                .attributes
                                .get("ApproximateReceiveCount")
                                .and_then(|c| c.parse().ok())
                                .unwrap_or(1),
                            body: m.body.unwrap_or_default(),
                        })
                        .collect();
                    let started = std::time::Instant::now();
                    let (outcome, consumed) =
                        rouen_ports::capacity::measure(handler(platform, records)).await;
                    emit(&[
                        (Metric::Latency, started.elapsed().as_secs_f64() * 1000.0),
                        (Metric::JobFailures, outcome.failed.len() as f64),
                        (Metric::ReadCapacity, consumed.read),
                        (Metric::WriteCapacity, consumed.write),
                    ]);
                    let mut response = SqsBatchResponse::default();
                    response.batch_item_failures = outcome
                        .failed
                        .into_iter()
                        .map(|id| {
                            let mut failure = BatchItemFailure::default();
                            failure.item_identifier = id;
                            failure
                        })
                        .collect();
                    Ok::<_, Error>(response)
                }
            }))
            .await
        }
        Handler::Schedule(handler) => {
            lambda_runtime::run(service_fn(move |_event: LambdaEvent<serde_json::Value>| {
                let platform = platform.clone();
                async move {
                    use rouen_api::metrics::{Metric, emit};
                    let started = std::time::Instant::now();
                    let (result, consumed) =
                        rouen_ports::capacity::measure(handler(platform)).await;
                    emit(&[
                        (Metric::Latency, started.elapsed().as_secs_f64() * 1000.0),
                        (Metric::ReadCapacity, consumed.read),
                        (Metric::WriteCapacity, consumed.write),
                    ]);
                    result.map_err(|e| Error::from(e.to_string()))
                }
            }))
            .await
        }
    }
}

/// Defines a Lambda `main` serving one registry entry.
#[macro_export]
macro_rules! lambda_main {
    ($function:literal) => {
        #[tokio::main]
        async fn main() -> Result<(), $crate::Error> {
            $crate::serve($function).await
        }
    };
}
