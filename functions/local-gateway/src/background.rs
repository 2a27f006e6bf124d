//! What API Gateway's neighbours do in AWS: EventBridge schedules and SQS event sources.

use crate::cloud::LambdaPool;
use crate::cloud::events;
use bytes::Bytes;
use rouen_api::platform::Platform;
use rouen_api::registry::{Handler, QueueRecord, Route, Trigger, routes};
use std::sync::Arc;
use std::time::Duration;

/// How long a delivered message stays hidden from other consumers (the Lambda timeout × 6 in AWS).
const VISIBILITY: Duration = Duration::from_secs(30);
const LONG_POLL: Duration = Duration::from_secs(2);

/// `rate(5 minutes)` → 300 s. Only the `rate` form is used by the registry.
pub fn parse_rate(expression: &str) -> Option<Duration> {
    let inner = expression.strip_prefix("rate(")?.strip_suffix(')')?;
    let (n, unit) = inner.trim().split_once(' ')?;
    let n: u64 = n.parse().ok().filter(|n| *n > 0)?;
    let secs = match unit.trim() {
        "minute" | "minutes" => n * 60,
        "hour" | "hours" => n * 3600,
        "day" | "days" => n * 86400,
        _ => return None,
    };
    Some(Duration::from_secs(secs))
}

/// Counts the schedules that have not finished their first run (every schedule runs once at start).
#[derive(Default)]
pub struct FirstRuns {
    pending: std::sync::atomic::AtomicUsize,
    done: tokio::sync::Notify,
}

impl FirstRuns {
    fn finished_one(&self) {
        if self
            .pending
            .fetch_sub(1, std::sync::atomic::Ordering::SeqCst)
            == 1
        {
            self.done.notify_waiters();
        }
    }

    /// Returns once every schedule has run once: tests start from a settled platform (in cloud mode
    /// the first runs are cold starts of a dozen processes, which would otherwise race the test).
    pub async fn wait(&self) {
        loop {
            let notified = self.done.notified();
            if self.pending.load(std::sync::atomic::Ordering::SeqCst) == 0 {
                return;
            }
            notified.await;
        }
    }
}

/// Starts every schedule and queue consumer of the registry: in-process, or (cloud mode) as
/// invocations of the functions.
pub fn start(
    platform: Arc<Platform>,
    lambdas: Option<LambdaPool>,
    first_runs: Arc<FirstRuns>,
) -> Vec<tokio::task::JoinHandle<()>> {
    let mut tasks = Vec::new();
    let schedules = routes()
        .iter()
        .filter(|r| matches!(r.trigger, Trigger::Schedule { expression } if parse_rate(expression).is_some()))
        .count();
    first_runs
        .pending
        .store(schedules, std::sync::atomic::Ordering::SeqCst);
    for route in routes() {
        match (&route.trigger, route.handler) {
            (Trigger::Schedule { expression }, Handler::Schedule(handler)) => {
                match parse_rate(expression) {
                    Some(every) => tasks.push(tokio::spawn(schedule(
                        route,
                        handler,
                        every,
                        platform.clone(),
                        lambdas.clone(),
                        first_runs.clone(),
                    ))),
                    None => tracing::error!(
                        function = route.function,
                        expression,
                        "unsupported schedule expression"
                    ),
                }
            }
            (Trigger::Queue { queue }, Handler::Queue(handler)) => {
                tasks.push(tokio::spawn(consume(
                    route,
                    queue,
                    handler,
                    platform.clone(),
                    lambdas.clone(),
                )));
            }
            _ => {}
        }
    }
    tasks
}

async fn schedule(
    route: &'static Route,
    handler: rouen_api::registry::ScheduleHandler,
    every: Duration,
    platform: Arc<Platform>,
    lambdas: Option<LambdaPool>,
    first_runs: Arc<FirstRuns>,
) {
    let mut first = true;
    // First run at start-up, so a fresh platform is not blank for the first interval.
    let mut ticker = tokio::time::interval(every);
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticker.tick().await;
        let outcome = match &lambdas {
            None => handler(platform.clone()).await.map_err(|e| e.to_string()),
            Some(pool) => {
                let event = events::schedule_event(route.function).to_string();
                pool.invoke(route.function, Bytes::from(event))
                    .await
                    .map(|_| ())
                    .map_err(|e| e.to_string())
            }
        };
        if let Err(err) = outcome {
            tracing::error!(function = route.function, error = %err, "scheduled run failed");
        }
        if std::mem::take(&mut first) {
            first_runs.finished_one();
        }
    }
}

async fn consume(
    route: &'static Route,
    queue: &'static str,
    handler: rouen_api::registry::QueueHandler,
    platform: Arc<Platform>,
    lambdas: Option<LambdaPool>,
) {
    let mut backoff = Duration::from_millis(500);
    loop {
        let messages = match platform
            .queue
            .receive(queue, 10, VISIBILITY, LONG_POLL)
            .await
        {
            Ok(messages) => {
                backoff = Duration::from_millis(500);
                messages
            }
            Err(err) => {
                tracing::error!(function = route.function, queue, error = %err, "receiving failed");
                tokio::time::sleep(backoff).await;
                backoff = (backoff * 2).min(Duration::from_secs(30));
                continue;
            }
        };
        if messages.is_empty() {
            continue;
        }
        let failed = match &lambdas {
            None => {
                let records = messages
                    .iter()
                    .map(|m| QueueRecord {
                        message_id: m.id.clone(),
                        body: m.body.clone(),
                        receive_count: m.receive_count,
                    })
                    .collect();
                handler(platform.clone(), records).await.failed
            }
            Some(pool) => {
                let batch: Vec<events::QueuedMessage<'_>> = messages
                    .iter()
                    .map(|m| events::QueuedMessage {
                        id: &m.id,
                        receipt: &m.receipt,
                        body: &m.body,
                        receive_count: m.receive_count,
                    })
                    .collect();
                let event = events::sqs_event(queue, &batch).to_string();
                match pool.invoke(route.function, Bytes::from(event)).await {
                    Ok(answer) => events::failed_items(&answer, &batch),
                    Err(err) => {
                        // A failed invocation fails the whole batch: SQS redelivers it.
                        tracing::error!(function = route.function, error = %err, "queue batch failed");
                        batch.iter().map(|m| m.id.to_owned()).collect()
                    }
                }
            }
        };
        // As the SQS event source does: delete what succeeded, leave failures to be redelivered.
        for message in messages.iter().filter(|m| !failed.contains(&m.id)) {
            if let Err(err) = platform.queue.delete(queue, &message.receipt).await {
                tracing::warn!(function = route.function, message_id = %message.id, error = %err, "ack failed");
            }
        }
    }
}

/// DynamoDB deletes expired items itself (lazily); the embedded store is purged every hour. Reads never
/// depend on it: the store hides expired items anyway.
pub async fn purge_expired_items(store: Arc<rouen_embedded::item_store::SqliteItemStore>) {
    let mut ticker = tokio::time::interval(Duration::from_secs(3600));
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticker.tick().await;
        match store.purge_expired().await {
            Ok(purged) => tracing::info!(purged, "expired items purged"),
            Err(err) => tracing::warn!(error = %err, "purging expired items failed"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::parse_rate;
    use std::time::Duration;

    #[test]
    fn rates() {
        assert_eq!(
            parse_rate("rate(5 minutes)"),
            Some(Duration::from_secs(300))
        );
        assert_eq!(parse_rate("rate(1 hour)"), Some(Duration::from_secs(3600)));
        assert_eq!(parse_rate("rate(0 minutes)"), None);
        assert_eq!(parse_rate("cron(0 * * * ? *)"), None);
    }
}
