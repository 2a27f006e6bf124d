//! Item store engine on SQLite: one table of JSON items, two sparse secondary indexes, TTL filtering.
//!
//! One connection behind a mutex, used from `spawn_blocking`: SQLite serialises writers anyway, and a
//! single connection makes every read-check-write sequence (conditions, counters, transactions) exact
//! without retry loops. Each multi-step operation still runs in one `BEGIN IMMEDIATE` transaction, so
//! a second process opening the same file (a CLI, a backup) cannot interleave with it either.
//!
//! Strings compare with SQLite's BINARY collation, i.e. `memcmp` over UTF-8: the byte order DynamoDB
//! uses for sort keys.

use std::path::Path;
use std::sync::{Arc, Mutex, PoisonError};

use async_trait::async_trait;
use rouen_ports::item_store::{
    ATTR_EXPIRES_AT, ATTR_PK, ATTR_SK, MAX_BATCH_GET_KEYS, MAX_QUERY_LIMIT, condition_holds,
    is_expired, validate_item, validate_transaction,
};
use rouen_ports::{
    Clock, Condition, CursorCodec, IndexName, Item, ItemStore, Key, Page, Query, SortKeyCondition,
    StoreError, TransactOp, Update,
};
use rusqlite::types::Value as SqlValue;
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params, params_from_iter};
use serde_json::{Map, Value};

/// Bumped when the schema changes, so a later version can migrate an older file.
const SCHEMA_VERSION: i64 = 1;

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS items (
    pk         TEXT NOT NULL,
    sk         TEXT NOT NULL,
    gsi1pk     TEXT,
    gsi1sk     TEXT,
    gsi2pk     TEXT,
    gsi2sk     TEXT,
    expires_at INTEGER,
    body       TEXT NOT NULL,
    PRIMARY KEY (pk, sk)
) WITHOUT ROWID;
-- Partial indexes keep the secondary indexes sparse, like DynamoDB's: items without index keys cost nothing.
-- The table key closes each index so that ties on the index sort key still page in a stable order.
CREATE INDEX IF NOT EXISTS items_gsi1 ON items (gsi1pk, gsi1sk, pk, sk) WHERE gsi1pk IS NOT NULL;
CREATE INDEX IF NOT EXISTS items_gsi2 ON items (gsi2pk, gsi2sk, pk, sk) WHERE gsi2pk IS NOT NULL;
CREATE INDEX IF NOT EXISTS items_expiry ON items (expires_at) WHERE expires_at IS NOT NULL;
";

/// The embedded item store. Cheap to clone; clones share the connection.
#[derive(Clone)]
pub struct SqliteItemStore {
    conn: Arc<Mutex<Connection>>,
    cursors: CursorCodec,
    clock: Arc<dyn Clock>,
}

impl std::fmt::Debug for SqliteItemStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SqliteItemStore").finish_non_exhaustive()
    }
}

/// Logs an SQLite failure where it happens (the caller only sees a generic engine error) and wraps it.
fn engine(err: rusqlite::Error) -> StoreError {
    tracing::error!(error = %err, "sqlite item store failure");
    StoreError::engine(err)
}

impl SqliteItemStore {
    /// Opens (or creates) the store file at `path`, creating its directory and schema if needed.
    pub fn open(
        path: &Path,
        cursors: CursorCodec,
        clock: Arc<dyn Clock>,
    ) -> Result<Self, StoreError> {
        let conn = crate::sqlite::open_database(path, SCHEMA, SCHEMA_VERSION, "item store")
            .map_err(StoreError::Engine)?;
        tracing::info!(path = %path.display(), "item store opened");
        Ok(Self {
            conn: Arc::new(Mutex::new(conn)),
            cursors,
            clock,
        })
    }

    /// Deletes expired items for good. Reads already ignore them; this only reclaims space, so the
    /// local binary may call it from a schedule at any pace.
    pub async fn purge_expired(&self) -> Result<u64, StoreError> {
        let now = self.clock.now_epoch();
        let purged = self
            .with_conn(move |conn| {
                conn.execute(
                    "DELETE FROM items WHERE expires_at IS NOT NULL AND expires_at <= ?1",
                    [now],
                )
                .map_err(engine)
            })
            .await?;
        tracing::info!(purged, "expired items purged");
        Ok(u64::try_from(purged).unwrap_or(u64::MAX))
    }

    /// Runs `f` on the connection on a blocking thread: SQLite calls block, the async runtime must not.
    async fn with_conn<T, F>(&self, f: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> Result<T, StoreError> + Send + 'static,
    {
        let conn = Arc::clone(&self.conn);
        tokio::task::spawn_blocking(move || {
            // A panic while the lock was held unwound through the open transaction, which rolled back:
            // the connection is consistent, so a poisoned lock is safe to reuse.
            let mut guard = conn.lock().unwrap_or_else(PoisonError::into_inner);
            f(&mut guard)
        })
        .await
        .map_err(|err| {
            tracing::error!(error = %err, "item store task failed");
            StoreError::engine(err)
        })?
    }

    /// Runs `f` inside one immediate (write-locking) transaction, committed only if `f` succeeds.
    async fn in_transaction<T, F>(&self, f: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: FnOnce(&Connection, i64) -> Result<T, StoreError> + Send + 'static,
    {
        let clock = Arc::clone(&self.clock);
        self.with_conn(move |conn| {
            let tx = conn
                .transaction_with_behavior(TransactionBehavior::Immediate)
                .map_err(engine)?;
            // "Now" is read once the write lock is held, so the whole transaction sees one instant.
            let now = clock.now_epoch();
            let out = f(&tx, now)?;
            tx.commit().map_err(engine)?;
            Ok(out)
        })
        .await
    }
}

/// The unexpired item at `key`, if any.
fn load(conn: &Connection, key: &Key, now: i64) -> Result<Option<Item>, StoreError> {
    let body: Option<String> = conn
        .prepare_cached("SELECT body FROM items WHERE pk = ?1 AND sk = ?2")
        .map_err(engine)?
        .query_row(params![key.pk, key.sk], |r| r.get(0))
        .optional()
        .map_err(engine)?;
    match body {
        None => Ok(None),
        Some(body) => {
            let item = parse_body(&body)?;
            Ok((!is_expired(&item, now)).then_some(item))
        }
    }
}

fn parse_body(body: &str) -> Result<Item, StoreError> {
    serde_json::from_str(body).map_err(|err| {
        tracing::error!(error = %err, "stored item is not a JSON object");
        StoreError::Engine(format!("stored item is corrupt: {err}"))
    })
}

/// A string attribute of an item, if present and a string.
fn str_attr<'a>(item: &'a Item, attr: &str) -> Option<&'a str> {
    item.get(attr).and_then(Value::as_str)
}

/// The index key columns of an item: both or neither, since an item lacking either index key attribute
/// is absent from that index (as in DynamoDB).
fn index_columns(item: &Item, index: IndexName) -> (Option<&str>, Option<&str>) {
    match (
        str_attr(item, index.partition_attr()),
        str_attr(item, index.sort_attr()),
    ) {
        (Some(p), Some(s)) => (Some(p), Some(s)),
        _ => (None, None),
    }
}

/// Writes a whole (already validated) item, replacing any previous one.
fn store(conn: &Connection, key: &Key, item: &Item) -> Result<(), StoreError> {
    let body = serde_json::to_string(item).map_err(StoreError::engine)?;
    let (g1p, g1s) = index_columns(item, IndexName::Gsi1);
    let (g2p, g2s) = index_columns(item, IndexName::Gsi2);
    let expires_at = item.get(ATTR_EXPIRES_AT).and_then(Value::as_i64);
    conn.prepare_cached(
        "INSERT OR REPLACE INTO items (pk, sk, gsi1pk, gsi1sk, gsi2pk, gsi2sk, expires_at, body)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )
    .map_err(engine)?
    .execute(params![
        key.pk, key.sk, g1p, g1s, g2p, g2s, expires_at, body
    ])
    .map_err(engine)?;
    Ok(())
}

fn remove(conn: &Connection, key: &Key) -> Result<(), StoreError> {
    conn.prepare_cached("DELETE FROM items WHERE pk = ?1 AND sk = ?2")
        .map_err(engine)?
        .execute(params![key.pk, key.sk])
        .map_err(engine)?;
    Ok(())
}

/// The item an update produces from the current one (a missing or expired item starts from its key).
fn updated(key: &Key, current: Option<Item>, update: &Update) -> Result<Item, StoreError> {
    let mut item = current.unwrap_or_else(|| {
        let mut fresh = Map::new();
        fresh.insert(ATTR_PK.into(), Value::String(key.pk.clone()));
        fresh.insert(ATTR_SK.into(), Value::String(key.sk.clone()));
        fresh
    });
    update.apply(&mut item)?;
    // `set` may have written index keys or a TTL of the wrong type: hold the result to a put's rules.
    validate_item(&item)?;
    Ok(item)
}

fn holds(condition: Option<&Condition>, current: Option<&Item>) -> bool {
    condition.is_none_or(|c| condition_holds(c, current))
}

/// The smallest string greater than every string starting with `prefix`, if there is one: a
/// `BeginsWith` becomes a range an index can serve. UTF-8 byte order is code point order, so bumping the
/// last code point (skipping surrogates, dropping U+10FFFF) gives the bound.
fn prefix_successor(prefix: &str) -> Option<String> {
    let mut chars: Vec<char> = prefix.chars().collect();
    while let Some(last) = chars.pop() {
        let next = match last {
            '\u{D7FF}' => Some('\u{E000}'),
            c => char::from_u32(u32::from(c) + 1),
        };
        if let Some(next) = next {
            chars.push(next);
            return Some(chars.into_iter().collect());
        }
    }
    None
}

/// Where a query reads: the partition and sort columns, and the extra columns that order ties.
struct Layout {
    index: Option<IndexName>,
    partition_col: &'static str,
    sort_col: &'static str,
}

impl Layout {
    fn of(index: Option<IndexName>) -> Self {
        match index {
            None => Self {
                index,
                partition_col: "pk",
                sort_col: "sk",
            },
            Some(IndexName::Gsi1) => Self {
                index,
                partition_col: "gsi1pk",
                sort_col: "gsi1sk",
            },
            Some(IndexName::Gsi2) => Self {
                index,
                partition_col: "gsi2pk",
                sort_col: "gsi2sk",
            },
        }
    }

    /// The position a cursor records for `item`: the table key, plus the index key for index queries.
    fn position(&self, item: &Item) -> Map<String, Value> {
        let mut attrs = vec![ATTR_PK, ATTR_SK];
        if let Some(index) = self.index {
            attrs.extend([index.partition_attr(), index.sort_attr()]);
        }
        attrs
            .into_iter()
            .filter_map(|a| item.get(a).map(|v| (a.to_owned(), v.clone())))
            .collect()
    }
}

/// A position decoded from a cursor: the values the next page must start strictly after.
struct After {
    pk: String,
    sk: String,
    index_sk: Option<String>,
}

fn decode_position(
    layout: &Layout,
    position: &Map<String, Value>,
    partition: &str,
) -> Result<After, StoreError> {
    let get = |attr: &str| {
        position
            .get(attr)
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    let pk = get(ATTR_PK).ok_or(StoreError::InvalidCursor)?;
    let sk = get(ATTR_SK).ok_or(StoreError::InvalidCursor)?;
    let index_sk = match layout.index {
        None => {
            // The scope already binds the partition; this guards against a codec key shared by mistake.
            if pk != partition {
                return Err(StoreError::InvalidCursor);
            }
            None
        }
        Some(index) => {
            if get(index.partition_attr()).as_deref() != Some(partition) {
                return Err(StoreError::InvalidCursor);
            }
            Some(get(index.sort_attr()).ok_or(StoreError::InvalidCursor)?)
        }
    };
    Ok(After { pk, sk, index_sk })
}

/// Builds the SQL of one page: partition, unexpired, sort condition, after the cursor, ordered, one
/// row more than the page to learn whether another page follows.
fn page_sql(
    layout: &Layout,
    query: &Query,
    after: Option<&After>,
    now: i64,
    fetch: u32,
) -> Result<(String, Vec<SqlValue>), StoreError> {
    let (p, s) = (layout.partition_col, layout.sort_col);
    let mut sql = format!(
        "SELECT body FROM items WHERE {p} = ? AND {s} IS NOT NULL AND (expires_at IS NULL OR expires_at > ?)"
    );
    let mut args = vec![
        SqlValue::Text(query.partition.clone()),
        SqlValue::Integer(now),
    ];
    let text = |v: &str| SqlValue::Text(v.to_owned());
    match &query.sort {
        None => {}
        Some(SortKeyCondition::Equals(v)) => {
            sql.push_str(&format!(" AND {s} = ?"));
            args.push(text(v));
        }
        Some(SortKeyCondition::BeginsWith(prefix)) => {
            sql.push_str(&format!(" AND {s} >= ?"));
            args.push(text(prefix));
            if let Some(upper) = prefix_successor(prefix) {
                sql.push_str(&format!(" AND {s} < ?"));
                args.push(SqlValue::Text(upper));
            }
        }
        Some(SortKeyCondition::Between(lo, hi)) => {
            if lo.as_bytes() > hi.as_bytes() {
                // DynamoDB refuses an inverted range rather than answering nothing; so does this engine.
                return Err(StoreError::InvalidRequest(
                    "`Between` needs a lower bound at or below its upper bound".into(),
                ));
            }
            sql.push_str(&format!(" AND {s} BETWEEN ? AND ?"));
            args.extend([text(lo), text(hi)]);
        }
        Some(SortKeyCondition::LessThan(v)) => {
            sql.push_str(&format!(" AND {s} < ?"));
            args.push(text(v));
        }
        Some(SortKeyCondition::LessOrEqual(v)) => {
            sql.push_str(&format!(" AND {s} <= ?"));
            args.push(text(v));
        }
        Some(SortKeyCondition::GreaterThan(v)) => {
            sql.push_str(&format!(" AND {s} > ?"));
            args.push(text(v));
        }
        Some(SortKeyCondition::GreaterOrEqual(v)) => {
            sql.push_str(&format!(" AND {s} >= ?"));
            args.push(text(v));
        }
    }
    let (cmp, dir) = if query.forward {
        (">", "ASC")
    } else {
        ("<", "DESC")
    };
    match (layout.index, after) {
        (_, None) => {}
        (None, Some(after)) => {
            sql.push_str(&format!(" AND sk {cmp} ?"));
            args.push(text(&after.sk));
        }
        (Some(_), Some(after)) => {
            // Items may share an index sort key: the table key breaks the tie, in both directions.
            sql.push_str(&format!(" AND ({s}, pk, sk) {cmp} (?, ?, ?)"));
            args.extend([
                text(after.index_sk.as_deref().unwrap_or_default()),
                text(&after.pk),
                text(&after.sk),
            ]);
        }
    }
    match layout.index {
        None => sql.push_str(&format!(" ORDER BY sk {dir}")),
        Some(_) => sql.push_str(&format!(" ORDER BY {s} {dir}, pk {dir}, sk {dir}")),
    }
    sql.push_str(" LIMIT ?");
    args.push(SqlValue::Integer(i64::from(fetch)));
    Ok((sql, args))
}

#[async_trait]
impl ItemStore for SqliteItemStore {
    async fn get(&self, key: &Key) -> Result<Option<Item>, StoreError> {
        key.validate()?;
        let key = key.clone();
        let now = self.clock.now_epoch();
        self.with_conn(move |conn| load(conn, &key, now)).await
    }

    async fn put(&self, item: Item, condition: Option<Condition>) -> Result<(), StoreError> {
        let key = validate_item(&item)?;
        self.in_transaction(move |tx, now| {
            let current = load(tx, &key, now)?;
            if !holds(condition.as_ref(), current.as_ref()) {
                tracing::debug!(pk = %key.pk, sk = %key.sk, "put refused: condition failed");
                return Err(StoreError::ConditionFailed);
            }
            store(tx, &key, &item)
        })
        .await
    }

    async fn delete(
        &self,
        key: &Key,
        condition: Option<Condition>,
    ) -> Result<Option<Item>, StoreError> {
        key.validate()?;
        let key = key.clone();
        self.in_transaction(move |tx, now| {
            let current = load(tx, &key, now)?;
            if !holds(condition.as_ref(), current.as_ref()) {
                tracing::debug!(pk = %key.pk, sk = %key.sk, "delete refused: condition failed");
                return Err(StoreError::ConditionFailed);
            }
            // Also drops an expired row still on disk: it is absent to every reader already.
            remove(tx, &key)?;
            Ok(current)
        })
        .await
    }

    async fn update(
        &self,
        key: &Key,
        update: &Update,
        condition: Option<Condition>,
    ) -> Result<Item, StoreError> {
        update.validate()?;
        key.validate()?;
        let key = key.clone();
        let update = update.clone();
        self.in_transaction(move |tx, now| {
            let current = load(tx, &key, now)?;
            if !holds(condition.as_ref(), current.as_ref()) {
                tracing::debug!(pk = %key.pk, sk = %key.sk, "update refused: condition failed");
                return Err(StoreError::ConditionFailed);
            }
            let item = updated(&key, current, &update)?;
            store(tx, &key, &item)?;
            Ok(item)
        })
        .await
    }

    async fn query(&self, query: &Query) -> Result<Page, StoreError> {
        query.validate()?;
        let limit = query.limit.min(MAX_QUERY_LIMIT);
        let layout = Layout::of(query.index);
        let scope = query.cursor_scope();
        let after = match &query.cursor {
            None => None,
            Some(cursor) => {
                let position = self.cursors.decode(&scope, cursor).map_err(|err| {
                    tracing::debug!(error = %err, scope = %scope, "cursor refused");
                    StoreError::InvalidCursor
                })?;
                Some(decode_position(&layout, &position, &query.partition)?)
            }
        };
        let now = self.clock.now_epoch();
        let (sql, args) = page_sql(&layout, query, after.as_ref(), now, limit + 1)?;
        let mut items = self
            .with_conn(move |conn| {
                let mut stmt = conn.prepare_cached(&sql).map_err(engine)?;
                let rows = stmt
                    .query_map(params_from_iter(args), |r| r.get::<_, String>(0))
                    .map_err(engine)?;
                let mut items = Vec::new();
                for body in rows {
                    items.push(parse_body(&body.map_err(engine)?)?);
                }
                Ok(items)
            })
            .await?;
        let more = items.len() > limit as usize;
        items.truncate(limit as usize);
        let cursor = match items.last() {
            Some(last) if more => Some(self.cursors.encode(&scope, layout.position(last))),
            _ => None,
        };
        Ok(Page { items, cursor })
    }

    async fn batch_get(&self, keys: &[Key]) -> Result<Vec<Item>, StoreError> {
        for key in keys {
            key.validate()?;
        }
        if keys.len() > MAX_BATCH_GET_KEYS {
            return Err(StoreError::InvalidRequest(format!(
                "a batch get reads at most {MAX_BATCH_GET_KEYS} keys, not {}",
                keys.len()
            )));
        }
        // A key asked twice is answered once, so the answer never holds the same item twice.
        let mut unique: Vec<Key> = keys.to_vec();
        unique.sort();
        unique.dedup();
        let now = self.clock.now_epoch();
        self.with_conn(move |conn| {
            let mut found = Vec::with_capacity(unique.len());
            for key in &unique {
                if let Some(item) = load(conn, key, now)? {
                    found.push(item);
                }
            }
            Ok(found)
        })
        .await
    }

    async fn transact_write(&self, ops: Vec<TransactOp>) -> Result<(), StoreError> {
        validate_transaction(&ops)?;
        let count = ops.len();
        self.in_transaction(move |tx, now| {
            // Every condition is read before anything is written; keys are distinct (validated), so
            // no operation can see another's effect, as in DynamoDB.
            let mut failed = Vec::new();
            let mut currents = Vec::with_capacity(ops.len());
            for (i, op) in ops.iter().enumerate() {
                let Some(key) = op.key() else {
                    return Err(StoreError::InvalidRequest(format!(
                        "operation {i} has no key"
                    )));
                };
                let current = load(tx, &key, now)?;
                let condition = match op {
                    TransactOp::Put { condition, .. }
                    | TransactOp::Update { condition, .. }
                    | TransactOp::Delete { condition, .. } => condition.as_ref(),
                    TransactOp::Check { condition, .. } => Some(condition),
                };
                if !holds(condition, current.as_ref()) {
                    failed.push(i);
                }
                currents.push((key, current));
            }
            if !failed.is_empty() {
                tracing::debug!(?failed, "transaction cancelled: conditions failed");
                return Err(StoreError::TransactionCanceled { failed });
            }
            for (op, (key, current)) in ops.iter().zip(currents) {
                match op {
                    TransactOp::Put { item, .. } => store(tx, &key, item)?,
                    TransactOp::Update { update, .. } => {
                        store(tx, &key, &updated(&key, current, update)?)?
                    }
                    TransactOp::Delete { .. } => remove(tx, &key)?,
                    TransactOp::Check { .. } => {}
                }
            }
            Ok(())
        })
        .await?;
        tracing::debug!(ops = count, "transaction committed");
        Ok(())
    }

    async fn ping(&self) -> Result<(), StoreError> {
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
    use chrono::Utc;
    use rouen_ports::ManualClock;
    use serde_json::json;

    fn item(v: Value) -> Item {
        v.as_object().cloned().unwrap_or_default()
    }

    fn open(dir: &tempfile::TempDir, clock: Arc<ManualClock>) -> SqliteItemStore {
        let codec = CursorCodec::new(b"unit-test-key-unit-test-key-0123");
        SqliteItemStore::open(&dir.path().join("data/items.db"), codec, clock).unwrap()
    }

    #[test]
    fn prefix_successor_bounds_every_extension() {
        assert_eq!(prefix_successor("ab").as_deref(), Some("ac"));
        assert_eq!(prefix_successor("a\u{D7FF}").as_deref(), Some("a\u{E000}"));
        assert_eq!(prefix_successor("a\u{10FFFF}").as_deref(), Some("b"));
        assert_eq!(prefix_successor("\u{10FFFF}"), None);
        assert_eq!(prefix_successor(""), None);
        let upper = prefix_successor("é").unwrap();
        assert!("é\u{10FFFF}zzz" < upper.as_str() && "ê" >= upper.as_str());
    }

    #[tokio::test]
    async fn begins_with_handles_multibyte_prefixes() {
        let dir = tempfile::tempdir().unwrap();
        let store = open(&dir, Arc::new(ManualClock::new(Utc::now())));
        for sk in ["é", "é#1", "é\u{10FFFF}", "ê", "e", "f"] {
            store
                .put(item(json!({"pk": "P", "sk": sk})), None)
                .await
                .unwrap();
        }
        let page = store
            .query(&Query::partition("P").sort(SortKeyCondition::BeginsWith("é".into())))
            .await
            .unwrap();
        let sks: Vec<_> = page
            .items
            .iter()
            .filter_map(|i| str_attr(i, "sk"))
            .collect();
        assert_eq!(sks, ["é", "é#1", "é\u{10FFFF}"]);
    }

    #[tokio::test]
    async fn purge_removes_only_expired_rows() {
        let dir = tempfile::tempdir().unwrap();
        let clock = Arc::new(ManualClock::new(Utc::now()));
        let store = open(&dir, Arc::clone(&clock));
        let now = clock.now_epoch();
        store
            .put(
                item(json!({"pk": "P", "sk": "old", "expires_at": now + 10})),
                None,
            )
            .await
            .unwrap();
        store
            .put(
                item(json!({"pk": "P", "sk": "new", "expires_at": now + 1000})),
                None,
            )
            .await
            .unwrap();
        store
            .put(item(json!({"pk": "P", "sk": "forever"})), None)
            .await
            .unwrap();
        clock.advance(chrono::Duration::seconds(10));
        assert_eq!(store.purge_expired().await.unwrap(), 1);
        let page = store.query(&Query::partition("P")).await.unwrap();
        assert_eq!(page.items.len(), 2);
    }

    #[tokio::test]
    async fn update_keeps_index_keys_valid() {
        let dir = tempfile::tempdir().unwrap();
        let store = open(&dir, Arc::new(ManualClock::new(Utc::now())));
        let key = Key::new("P", "S");
        let err = store
            .update(&key, &Update::new().set("gsi1pk", 5), None)
            .await
            .unwrap_err();
        assert!(matches!(err, StoreError::InvalidRequest(_)), "{err:?}");
        assert!(store.get(&key).await.unwrap().is_none());
        let err = store
            .update(&key, &Update::new().set("title", "x").add("title", 1), None)
            .await
            .unwrap_err();
        assert!(matches!(err, StoreError::InvalidRequest(_)), "{err:?}");
    }

    #[tokio::test]
    async fn inverted_between_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let store = open(&dir, Arc::new(ManualClock::new(Utc::now())));
        let q = Query::partition("P").sort(SortKeyCondition::Between("b".into(), "a".into()));
        assert!(matches!(
            store.query(&q).await,
            Err(StoreError::InvalidRequest(_))
        ));
    }

    #[tokio::test]
    async fn item_half_in_an_index_is_absent_from_it() {
        let dir = tempfile::tempdir().unwrap();
        let store = open(&dir, Arc::new(ManualClock::new(Utc::now())));
        store
            .put(item(json!({"pk": "P", "sk": "1", "gsi1pk": "G"})), None)
            .await
            .unwrap();
        store
            .put(
                item(json!({"pk": "P", "sk": "2", "gsi1pk": "G", "gsi1sk": "x"})),
                None,
            )
            .await
            .unwrap();
        let page = store
            .query(&Query::partition("G").on_index(IndexName::Gsi1))
            .await
            .unwrap();
        assert_eq!(page.items.len(), 1);
    }
}
