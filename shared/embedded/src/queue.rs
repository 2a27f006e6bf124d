//! Queue engine on SQLite: SQS semantics (visibility timeouts, receipts per delivery, dead letter after
//! N receives), durable across restarts.
//!
//! Every message is one row. Its `visible_at` (wall-clock milliseconds) says when it may be delivered;
//! a delivery pushes it forward by the visibility timeout and stamps a fresh receipt, so an
//! acknowledgement from an earlier delivery matches nothing. Wall-clock time (not a monotonic clock) is
//! what survives a restart: messages in flight when the process stopped reappear on schedule.
//!
//! Long polling: a receiver that finds nothing waits on its queue's `Notify` (a send wakes it) or until
//! the next in-flight message of the queue becomes visible, whichever comes first.

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use async_trait::async_trait;
use rouen_ports::queue::{MAX_BATCH, validate_batch};
use rouen_ports::{QueueError, QueueMessage, QueuePort, QueueSpec};
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use tokio::sync::Notify;
use tokio::time::Instant;

/// SQS's own bounds: visibility up to 12 hours, long polls up to 20 seconds. Longer asks are clamped
/// rather than refused, so a caller written for one engine behaves the same on the other.
const MAX_VISIBILITY: Duration = Duration::from_secs(12 * 60 * 60);
const MAX_WAIT: Duration = Duration::from_secs(20);

/// A waiting receiver re-checks at least this often, in case another process wrote to the same file.
const MAX_POLL_INTERVAL: Duration = Duration::from_secs(1);

const SCHEMA_VERSION: i64 = 1;

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS messages (
    seq           INTEGER PRIMARY KEY AUTOINCREMENT,
    queue         TEXT NOT NULL,
    id            TEXT NOT NULL,
    body          TEXT NOT NULL,
    receive_count INTEGER NOT NULL DEFAULT 0,
    visible_at    INTEGER NOT NULL,
    receipt       TEXT
);
CREATE INDEX IF NOT EXISTS messages_ready ON messages (queue, visible_at);
CREATE UNIQUE INDEX IF NOT EXISTS messages_receipt ON messages (receipt) WHERE receipt IS NOT NULL;
";

/// What the engine knows of one declared queue.
#[derive(Debug)]
struct Declared {
    dead_letter: Option<(String, u32)>,
    /// Wakes long-polling receivers when a message arrives.
    arrivals: Notify,
}

/// The embedded queue. Cheap to clone; clones share the connection and the waiters.
#[derive(Clone)]
pub struct SqliteQueue {
    conn: Arc<Mutex<Connection>>,
    queues: Arc<HashMap<String, Declared>>,
}

impl std::fmt::Debug for SqliteQueue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SqliteQueue")
            .field("queues", &self.queues.keys())
            .finish_non_exhaustive()
    }
}

fn engine(err: rusqlite::Error) -> QueueError {
    tracing::error!(error = %err, "sqlite queue failure");
    QueueError::engine(err)
}

/// Wall-clock milliseconds since the epoch.
fn now_ms() -> i64 {
    let since = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    i64::try_from(since.as_millis()).unwrap_or(i64::MAX)
}

fn millis(d: Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
}

/// The declared queues: every spec, plus every dead-letter queue a spec names (a dead-letter queue
/// needs no spec of its own unless it has a dead letter itself).
fn declare(specs: Vec<QueueSpec>) -> Result<HashMap<String, Declared>, QueueError> {
    let mut queues: HashMap<String, Declared> = HashMap::new();
    for spec in &specs {
        if spec.name.is_empty() {
            return Err(QueueError::InvalidRequest("a queue needs a name".into()));
        }
        if let Some((dlq, max)) = &spec.dead_letter {
            if *max == 0 {
                return Err(QueueError::InvalidRequest(format!(
                    "queue `{}`: a dead letter after 0 receives would never deliver",
                    spec.name
                )));
            }
            if *dlq == spec.name || dlq.is_empty() {
                return Err(QueueError::InvalidRequest(format!(
                    "queue `{}` needs another queue as its dead letter",
                    spec.name
                )));
            }
        }
        if queues
            .get(&spec.name)
            .is_some_and(|q| q.dead_letter != spec.dead_letter)
        {
            return Err(QueueError::InvalidRequest(format!(
                "queue `{}` is declared twice",
                spec.name
            )));
        }
        queues.insert(
            spec.name.clone(),
            Declared {
                dead_letter: spec.dead_letter.clone(),
                arrivals: Notify::new(),
            },
        );
    }
    for spec in specs {
        if let Some((dlq, _)) = spec.dead_letter {
            queues.entry(dlq).or_insert_with(|| Declared {
                dead_letter: None,
                arrivals: Notify::new(),
            });
        }
    }
    Ok(queues)
}

/// What one receive attempt found.
struct Attempt {
    delivered: Vec<QueueMessage>,
    /// Messages moved to the dead-letter queue by this attempt.
    dead_lettered: usize,
    /// When the next in-flight message of the queue becomes visible (epoch ms), if nothing was delivered.
    next_visible: Option<i64>,
}

fn try_receive(
    conn: &mut Connection,
    queue: &str,
    dead_letter: Option<&(String, u32)>,
    max: usize,
    visibility: Duration,
) -> Result<Attempt, QueueError> {
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(engine)?;
    let now = now_ms();
    let hidden_until = now.saturating_add(millis(visibility));
    let mut delivered = Vec::new();
    let mut dead_lettered = 0;
    // Rows already looked at are skipped by sequence: with a zero visibility a delivered message stays
    // visible, and would otherwise be picked again in the same attempt.
    let mut after_seq = 0_i64;
    loop {
        let want = max - delivered.len();
        let rows: Vec<(i64, String, String, u32)> = {
            let mut stmt = tx
                .prepare_cached(
                    "SELECT seq, id, body, receive_count FROM messages
                     WHERE queue = ?1 AND visible_at <= ?2 AND seq > ?3
                     ORDER BY seq LIMIT ?4",
                )
                .map_err(engine)?;
            let mapped = stmt
                .query_map(
                    params![
                        queue,
                        now,
                        after_seq,
                        i64::try_from(want).unwrap_or(i64::MAX)
                    ],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
                )
                .map_err(engine)?;
            mapped.collect::<Result<_, _>>().map_err(engine)?
        };
        if rows.is_empty() {
            break;
        }
        for (seq, id, body, receive_count) in rows {
            after_seq = seq;
            if let Some((dlq, max_receives)) = dead_letter
                && receive_count >= *max_receives
            {
                tx.prepare_cached(
                    "UPDATE messages SET queue = ?1, receive_count = 0, visible_at = ?2, receipt = NULL
                     WHERE seq = ?3",
                )
                .map_err(engine)?
                .execute(params![dlq, now, seq])
                .map_err(engine)?;
                tracing::warn!(queue, dead_letter = %dlq, message_id = %id, receive_count, "message dead-lettered");
                dead_lettered += 1;
                continue;
            }
            let receipt = ulid::Ulid::new().to_string();
            let receive_count = receive_count.saturating_add(1);
            tx.prepare_cached(
                "UPDATE messages SET receive_count = ?1, visible_at = ?2, receipt = ?3 WHERE seq = ?4",
            )
            .map_err(engine)?
            .execute(params![receive_count, hidden_until, receipt, seq])
            .map_err(engine)?;
            delivered.push(QueueMessage {
                id,
                receipt,
                body,
                receive_count,
            });
        }
        if delivered.len() >= max {
            break;
        }
    }
    let next_visible = if delivered.is_empty() {
        tx.prepare_cached(
            "SELECT MIN(visible_at) FROM messages WHERE queue = ?1 AND visible_at > ?2",
        )
        .map_err(engine)?
        .query_row(params![queue, now], |r| r.get::<_, Option<i64>>(0))
        .optional()
        .map_err(engine)?
        .flatten()
    } else {
        None
    };
    tx.commit().map_err(engine)?;
    Ok(Attempt {
        delivered,
        dead_lettered,
        next_visible,
    })
}

impl SqliteQueue {
    /// Opens (or creates) the queue file at `path`, serving the queues `specs` declare.
    pub fn open(path: &Path, specs: Vec<QueueSpec>) -> Result<Self, QueueError> {
        let queues = declare(specs)?;
        let conn = crate::sqlite::open_database(path, SCHEMA, SCHEMA_VERSION, "queue")
            .map_err(QueueError::Engine)?;
        tracing::info!(path = %path.display(), queues = queues.len(), "queue store opened");
        Ok(Self {
            conn: Arc::new(Mutex::new(conn)),
            queues: Arc::new(queues),
        })
    }

    fn declared(&self, queue: &str) -> Result<&Declared, QueueError> {
        self.queues
            .get(queue)
            .ok_or_else(|| QueueError::UnknownQueue(queue.to_owned()))
    }

    async fn with_conn<T, F>(&self, f: F) -> Result<T, QueueError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> Result<T, QueueError> + Send + 'static,
    {
        let conn = Arc::clone(&self.conn);
        tokio::task::spawn_blocking(move || {
            // A panic under the lock rolled its transaction back while unwinding: safe to reuse.
            let mut guard = conn.lock().unwrap_or_else(PoisonError::into_inner);
            f(&mut guard)
        })
        .await
        .map_err(|err| {
            tracing::error!(error = %err, "queue task failed");
            QueueError::engine(err)
        })?
    }
}

#[async_trait]
impl QueuePort for SqliteQueue {
    async fn send_batch(&self, queue: &str, bodies: &[String]) -> Result<(), QueueError> {
        let declared = self.declared(queue)?;
        validate_batch(bodies)?;
        let name = queue.to_owned();
        let bodies = bodies.to_vec();
        let count = bodies.len();
        self.with_conn(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(engine)?;
            let now = now_ms();
            {
                let mut insert = tx
                    .prepare_cached("INSERT INTO messages (queue, id, body, visible_at) VALUES (?1, ?2, ?3, ?4)")
                    .map_err(engine)?;
                for body in &bodies {
                    insert.execute(params![name, ulid::Ulid::new().to_string(), body, now]).map_err(engine)?;
                }
            }
            tx.commit().map_err(engine)
        })
        .await?;
        tracing::debug!(queue, count, "messages sent");
        declared.arrivals.notify_waiters();
        Ok(())
    }

    async fn receive(
        &self,
        queue: &str,
        max: u32,
        visibility: Duration,
        wait: Duration,
    ) -> Result<Vec<QueueMessage>, QueueError> {
        let declared = self.declared(queue)?;
        let max = usize::try_from(max).unwrap_or(usize::MAX);
        if max == 0 || max > MAX_BATCH {
            return Err(QueueError::InvalidRequest(format!(
                "a receive takes 1 to {MAX_BATCH} messages"
            )));
        }
        let visibility = visibility.min(MAX_VISIBILITY);
        let deadline = Instant::now() + wait.min(MAX_WAIT);
        loop {
            // Registered before looking, so a send between the look and the wait still wakes us.
            let arrival = declared.arrivals.notified();
            tokio::pin!(arrival);
            arrival.as_mut().enable();

            let name = queue.to_owned();
            let dead_letter = declared.dead_letter.clone();
            let attempt = self
                .with_conn(move |conn| {
                    try_receive(conn, &name, dead_letter.as_ref(), max, visibility)
                })
                .await?;
            if attempt.dead_lettered > 0
                && let Some(dlq) = declared
                    .dead_letter
                    .as_ref()
                    .and_then(|(dlq, _)| self.queues.get(dlq))
            {
                dlq.arrivals.notify_waiters();
            }
            if !attempt.delivered.is_empty() {
                tracing::debug!(queue, count = attempt.delivered.len(), "messages received");
                return Ok(attempt.delivered);
            }
            let now = Instant::now();
            if now >= deadline {
                return Ok(Vec::new());
            }
            let mut wake = deadline.min(now + MAX_POLL_INTERVAL);
            if let Some(at) = attempt.next_visible {
                let in_ms = u64::try_from(at.saturating_sub(now_ms())).unwrap_or(0);
                wake = wake.min(now + Duration::from_millis(in_ms));
            }
            tokio::select! {
                () = &mut arrival => {}
                () = tokio::time::sleep_until(wake) => {}
            }
        }
    }

    async fn delete(&self, queue: &str, receipt: &str) -> Result<(), QueueError> {
        self.declared(queue)?;
        if receipt.is_empty() {
            return Err(QueueError::InvalidRequest(
                "an empty receipt acknowledges nothing".into(),
            ));
        }
        let name = queue.to_owned();
        let handle = receipt.to_owned();
        let deleted = self
            .with_conn(move |conn| {
                conn.prepare_cached("DELETE FROM messages WHERE queue = ?1 AND receipt = ?2")
                    .map_err(engine)?
                    .execute(params![name, handle])
                    .map_err(engine)
            })
            .await?;
        if deleted == 0 {
            // Stale (redelivered since, or already acknowledged): SQS ignores it too.
            tracing::debug!(queue, "delete with a stale receipt ignored");
        }
        Ok(())
    }

    async fn depth(&self, queue: &str) -> Result<u64, QueueError> {
        self.declared(queue)?;
        let name = queue.to_owned();
        let count = self
            .with_conn(move |conn| {
                conn.prepare_cached("SELECT COUNT(*) FROM messages WHERE queue = ?1")
                    .map_err(engine)?
                    .query_row([name], |r| r.get::<_, i64>(0))
                    .map_err(engine)
            })
            .await?;
        Ok(u64::try_from(count).unwrap_or(0))
    }

    async fn ping(&self) -> Result<(), QueueError> {
        self.with_conn(|conn| {
            conn.query_row("SELECT 1", [], |r| r.get::<_, i64>(0))
                .map(|_| ())
                .map_err(engine)
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn specs() -> Vec<QueueSpec> {
        vec![QueueSpec {
            name: "work".into(),
            dead_letter: Some(("work-dlq".into(), 1)),
        }]
    }

    fn bodies(b: &[&str]) -> Vec<String> {
        b.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn refuses_bad_specs() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("q.db");
        let zero = vec![QueueSpec {
            name: "a".into(),
            dead_letter: Some(("b".into(), 0)),
        }];
        assert!(matches!(
            SqliteQueue::open(&path, zero),
            Err(QueueError::InvalidRequest(_))
        ));
        let itself = vec![QueueSpec {
            name: "a".into(),
            dead_letter: Some(("a".into(), 3)),
        }];
        assert!(matches!(
            SqliteQueue::open(&path, itself),
            Err(QueueError::InvalidRequest(_))
        ));
    }

    #[tokio::test]
    async fn dead_letter_keeps_id_and_body_and_resets_count() {
        let dir = tempfile::tempdir().unwrap();
        let q = SqliteQueue::open(&dir.path().join("q.db"), specs()).unwrap();
        q.send_batch("work", &bodies(&["one"])).await.unwrap();
        let first = q
            .receive("work", 10, Duration::ZERO, Duration::ZERO)
            .await
            .unwrap();
        assert_eq!(first.len(), 1);
        // Received once already (max 1): the next attempt moves it instead of delivering it.
        let again = q
            .receive("work", 10, Duration::ZERO, Duration::ZERO)
            .await
            .unwrap();
        assert!(again.is_empty());
        assert_eq!(q.depth("work").await.unwrap(), 0);
        let dead = q
            .receive("work-dlq", 10, Duration::from_secs(30), Duration::ZERO)
            .await
            .unwrap();
        assert_eq!(dead.len(), 1);
        assert_eq!(
            (
                dead[0].id.as_str(),
                dead[0].body.as_str(),
                dead[0].receive_count
            ),
            (first[0].id.as_str(), "one", 1)
        );
    }

    #[tokio::test]
    async fn zero_visibility_delivers_each_message_once_per_receive() {
        let dir = tempfile::tempdir().unwrap();
        let q = SqliteQueue::open(
            &dir.path().join("q.db"),
            vec![QueueSpec {
                name: "w".into(),
                dead_letter: None,
            }],
        )
        .unwrap();
        q.send_batch("w", &bodies(&["a", "b"])).await.unwrap();
        let got = q
            .receive("w", 10, Duration::ZERO, Duration::ZERO)
            .await
            .unwrap();
        assert_eq!(
            got.iter().map(|m| m.body.as_str()).collect::<Vec<_>>(),
            ["a", "b"]
        );
        let again = q
            .receive("w", 10, Duration::ZERO, Duration::ZERO)
            .await
            .unwrap();
        assert_eq!(
            again.iter().map(|m| m.receive_count).collect::<Vec<_>>(),
            [2, 2]
        );
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_send_wakes_a_long_poll() {
        let dir = tempfile::tempdir().unwrap();
        let q = SqliteQueue::open(&dir.path().join("q.db"), specs()).unwrap();
        let receiver = {
            let q = q.clone();
            tokio::spawn(async move {
                q.receive("work", 1, Duration::from_secs(30), Duration::from_secs(10))
                    .await
            })
        };
        tokio::time::sleep(Duration::from_millis(200)).await;
        let started = std::time::Instant::now();
        q.send_batch("work", &bodies(&["wake up"])).await.unwrap();
        let got = receiver.await.unwrap().unwrap();
        assert_eq!(got.len(), 1);
        assert!(
            started.elapsed() < Duration::from_secs(2),
            "the send should wake the receiver at once"
        );
    }

    #[tokio::test]
    async fn refuses_unknown_queues_and_bad_sizes() {
        let dir = tempfile::tempdir().unwrap();
        let q = SqliteQueue::open(&dir.path().join("q.db"), specs()).unwrap();
        assert!(matches!(
            q.send_batch("nope", &bodies(&["x"])).await,
            Err(QueueError::UnknownQueue(_))
        ));
        assert!(matches!(
            q.depth("nope").await,
            Err(QueueError::UnknownQueue(_))
        ));
        assert!(matches!(
            q.receive("work", 0, Duration::ZERO, Duration::ZERO).await,
            Err(QueueError::InvalidRequest(_))
        ));
        // The dead-letter queue is declared by the spec that names it.
        assert_eq!(q.depth("work-dlq").await.unwrap(), 0);
    }
}
