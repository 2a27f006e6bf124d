//! What API Gateway's neighbours do in AWS: EventBridge schedules and SQS event sources.

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

/// Starts every schedule and queue consumer of the registry.
pub fn start(platform: Arc<Platform>) -> Vec<tokio::task::JoinHandle<()>> {
    let mut tasks = Vec::new();
    for route in routes() {
        match (&route.trigger, route.handler) {
            (Trigger::Schedule { expression }, Handler::Schedule(handler)) => {
                match parse_rate(expression) {
                    Some(every) => tasks.push(tokio::spawn(schedule(
                        route,
                        handler,
                        every,
                        platform.clone(),
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
) {
    // First run at start-up, so a fresh platform is not blank for the first interval.
    let mut ticker = tokio::time::interval(every);
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticker.tick().await;
        if let Err(err) = handler(platform.clone()).await {
            tracing::error!(function = route.function, error = %err, "scheduled run failed");
        }
    }
}

async fn consume(
    route: &'static Route,
    queue: &'static str,
    handler: rouen_api::registry::QueueHandler,
    platform: Arc<Platform>,
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
        let records = messages
            .iter()
            .map(|m| QueueRecord {
                message_id: m.id.clone(),
                body: m.body.clone(),
                receive_count: m.receive_count,
            })
            .collect();
        let outcome = handler(platform.clone(), records).await;
        // As the SQS event source does: delete what succeeded, leave failures to be redelivered.
        for message in messages.iter().filter(|m| !outcome.failed.contains(&m.id)) {
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
