//! Item store: the subset of DynamoDB the application uses, over a single table.
//!
//! Items are JSON objects. Reserved attributes:
//! - `pk`, `sk` (strings): the primary key;
//! - `gsi1pk`/`gsi1sk`, `gsi2pk`/`gsi2sk` (strings): keys of the two secondary indexes; an item
//!   without them is simply absent from that index (sparse indexes);
//! - `expires_at` (number, epoch seconds): TTL. An item whose `expires_at` is at or before the store
//!   clock's "now" is treated as absent by every read **and by every condition**, in both engines:
//!   DynamoDB deletes expired items lazily (and DynamoDB Local may never), so the store filters.
//!
//! Numbers are JSON numbers (integers for counters); strings sort by their UTF-8 bytes, as in DynamoDB.

use async_trait::async_trait;
use serde_json::{Map, Value};

/// One stored item: a JSON object with at least `pk` and `sk`.
pub type Item = Map<String, Value>;

pub const ATTR_PK: &str = "pk";
pub const ATTR_SK: &str = "sk";
pub const ATTR_EXPIRES_AT: &str = "expires_at";

/// Largest number of operations in one transaction (DynamoDB allows 100; the app keeps to 25).
pub const MAX_TRANSACTION_OPS: usize = 25;
/// Largest number of keys in one batch get (DynamoDB's own limit).
pub const MAX_BATCH_GET_KEYS: usize = 100;
/// Largest page a query returns, whatever limit is asked.
pub const MAX_QUERY_LIMIT: u32 = 1000;

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Key {
    pub pk: String,
    pub sk: String,
}

impl Key {
    /// DynamoDB refuses an empty string as a key value; every engine refuses it the same way, so a
    /// caller that builds one fails in every test, not only on AWS.
    pub fn validate(&self) -> Result<(), StoreError> {
        if self.pk.is_empty() || self.sk.is_empty() {
            return Err(StoreError::InvalidRequest(
                "`pk` and `sk` may not be empty".into(),
            ));
        }
        Ok(())
    }

    pub fn new(pk: impl Into<String>, sk: impl Into<String>) -> Self {
        Self {
            pk: pk.into(),
            sk: sk.into(),
        }
    }

    /// The key of an item, if it has string `pk` and `sk` attributes.
    pub fn of(item: &Item) -> Option<Self> {
        Some(Self::new(
            item.get(ATTR_PK)?.as_str()?,
            item.get(ATTR_SK)?.as_str()?,
        ))
    }
}

/// A secondary index of the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IndexName {
    Gsi1,
    Gsi2,
}

impl IndexName {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Gsi1 => "gsi1",
            Self::Gsi2 => "gsi2",
        }
    }

    pub fn partition_attr(self) -> &'static str {
        match self {
            Self::Gsi1 => "gsi1pk",
            Self::Gsi2 => "gsi2pk",
        }
    }

    pub fn sort_attr(self) -> &'static str {
        match self {
            Self::Gsi1 => "gsi1sk",
            Self::Gsi2 => "gsi2sk",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "gsi1" => Some(Self::Gsi1),
            "gsi2" => Some(Self::Gsi2),
            _ => None,
        }
    }
}

/// A condition on the current (unexpired) state of an item, checked atomically with a write.
#[derive(Debug, Clone, PartialEq)]
pub enum Condition {
    /// The item exists (and has not expired).
    Exists,
    /// No item with this key exists (or it has expired).
    NotExists,
    /// The item exists and has this attribute.
    AttributeExists(String),
    /// The item does not exist, or exists without this attribute.
    AttributeNotExists(String),
    /// The item exists and this attribute equals this value.
    Equals(String, Value),
    /// The item exists and this numeric attribute is strictly less than the value.
    LessThan(String, i64),
    /// Every condition holds.
    And(Vec<Condition>),
}

/// An update: attributes to set, numeric attributes to add to (atomically; a missing attribute counts
/// as 0), attributes to remove. Like DynamoDB's UpdateItem, updating a missing item creates it unless
/// a condition forbids it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Update {
    pub set: Vec<(String, Value)>,
    pub add: Vec<(String, i64)>,
    pub remove: Vec<String>,
}

impl Update {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn set(mut self, attr: impl Into<String>, value: impl Into<Value>) -> Self {
        self.set.push((attr.into(), value.into()));
        self
    }

    pub fn add(mut self, attr: impl Into<String>, delta: i64) -> Self {
        self.add.push((attr.into(), delta));
        self
    }

    pub fn remove(mut self, attr: impl Into<String>) -> Self {
        self.remove.push(attr.into());
        self
    }

    pub fn is_empty(&self) -> bool {
        self.set.is_empty() && self.add.is_empty() && self.remove.is_empty()
    }

    /// Attributes an update may not touch: the primary key.
    pub fn validate(&self) -> Result<(), StoreError> {
        let touched = self
            .set
            .iter()
            .map(|(a, _)| a.as_str())
            .chain(self.add.iter().map(|(a, _)| a.as_str()))
            .chain(self.remove.iter().map(String::as_str));
        for attr in touched {
            if attr == ATTR_PK || attr == ATTR_SK {
                return Err(StoreError::InvalidRequest(format!(
                    "an update may not change `{attr}`"
                )));
            }
            if attr.is_empty() {
                return Err(StoreError::InvalidRequest("empty attribute name".into()));
            }
        }
        if self.is_empty() {
            return Err(StoreError::InvalidRequest(
                "an update must change something".into(),
            ));
        }
        Ok(())
    }

    /// Applies the update to an item in memory (used by engines that evaluate updates themselves).
    pub fn apply(&self, item: &mut Item) -> Result<(), StoreError> {
        for (attr, value) in &self.set {
            item.insert(attr.clone(), value.clone());
        }
        for (attr, delta) in &self.add {
            let current = match item.get(attr) {
                None | Some(Value::Null) => 0,
                Some(Value::Number(n)) => n.as_i64().ok_or_else(|| {
                    StoreError::InvalidRequest(format!("`{attr}` is not an integer counter"))
                })?,
                Some(_) => {
                    return Err(StoreError::InvalidRequest(format!(
                        "`{attr}` is not a number"
                    )));
                }
            };
            let next = current
                .checked_add(*delta)
                .ok_or_else(|| StoreError::InvalidRequest(format!("`{attr}` would overflow")))?;
            item.insert(attr.clone(), Value::from(next));
        }
        for attr in &self.remove {
            item.remove(attr);
        }
        Ok(())
    }
}

/// A condition on the sort key of a query (of the table's `sk` or of the index's sort attribute).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SortKeyCondition {
    Equals(String),
    BeginsWith(String),
    /// Inclusive on both ends, as in DynamoDB.
    Between(String, String),
    LessThan(String),
    LessOrEqual(String),
    GreaterThan(String),
    GreaterOrEqual(String),
}

/// A query of one partition, of the table or of one index.
#[derive(Debug, Clone, PartialEq)]
pub struct Query {
    pub index: Option<IndexName>,
    pub partition: String,
    pub sort: Option<SortKeyCondition>,
    /// `true`: ascending sort key; `false`: descending (newest first for time-sortable keys).
    pub forward: bool,
    /// Bounded by [`MAX_QUERY_LIMIT`]. A page may hold fewer items (expired items are filtered out)
    /// and still carry a cursor.
    pub limit: u32,
    /// An opaque cursor from a previous page of the *same* query (same index and partition).
    pub cursor: Option<String>,
}

impl Query {
    /// A limit of at least 1, and no empty key value (DynamoDB refuses one in a key condition, even
    /// as a `begins_with` prefix).
    pub fn validate(&self) -> Result<(), StoreError> {
        if self.limit == 0 {
            return Err(StoreError::InvalidRequest(
                "a query's limit must be at least 1".into(),
            ));
        }
        let values: Vec<&str> = match &self.sort {
            None => vec![],
            Some(
                SortKeyCondition::Equals(v)
                | SortKeyCondition::BeginsWith(v)
                | SortKeyCondition::LessThan(v)
                | SortKeyCondition::LessOrEqual(v)
                | SortKeyCondition::GreaterThan(v)
                | SortKeyCondition::GreaterOrEqual(v),
            ) => vec![v],
            Some(SortKeyCondition::Between(lo, hi)) => vec![lo, hi],
        };
        if self.partition.is_empty() || values.iter().any(|v| v.is_empty()) {
            return Err(StoreError::InvalidRequest(
                "a query's partition and sort-key values may not be empty".into(),
            ));
        }
        Ok(())
    }

    pub fn partition(partition: impl Into<String>) -> Self {
        Self {
            index: None,
            partition: partition.into(),
            sort: None,
            forward: true,
            limit: 50,
            cursor: None,
        }
    }

    pub fn on_index(mut self, index: IndexName) -> Self {
        self.index = Some(index);
        self
    }

    pub fn sort(mut self, condition: SortKeyCondition) -> Self {
        self.sort = Some(condition);
        self
    }

    pub fn descending(mut self) -> Self {
        self.forward = false;
        self
    }

    pub fn limit(mut self, limit: u32) -> Self {
        self.limit = limit;
        self
    }

    pub fn after(mut self, cursor: Option<String>) -> Self {
        self.cursor = cursor;
        self
    }

    /// The scope a cursor of this query is bound to: a cursor minted for one scope is refused in any other.
    pub fn cursor_scope(&self) -> String {
        format!(
            "{}|{}",
            self.index.map_or("table", IndexName::as_str),
            self.partition
        )
    }
}

/// One page of a query.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Page {
    pub items: Vec<Item>,
    /// Present when there may be more items; pass it back in [`Query::cursor`].
    pub cursor: Option<String>,
}

/// One write of a transaction.
#[derive(Debug, Clone, PartialEq)]
pub enum TransactOp {
    Put {
        item: Item,
        condition: Option<Condition>,
    },
    Update {
        key: Key,
        update: Update,
        condition: Option<Condition>,
    },
    Delete {
        key: Key,
        condition: Option<Condition>,
    },
    /// Writes nothing; the transaction fails unless the condition holds.
    Check { key: Key, condition: Condition },
}

impl TransactOp {
    pub fn key(&self) -> Option<Key> {
        match self {
            Self::Put { item, .. } => Key::of(item),
            Self::Update { key, .. } | Self::Delete { key, .. } | Self::Check { key, .. } => {
                Some(key.clone())
            }
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The condition of a single write did not hold; nothing was written.
    #[error("the condition of the write did not hold")]
    ConditionFailed,
    /// A transaction was cancelled as a whole; `failed` lists the indexes of the operations whose
    /// condition did not hold. Nothing was written.
    #[error("the transaction was cancelled (failed operations: {failed:?})")]
    TransactionCanceled { failed: Vec<usize> },
    /// The cursor is malformed, forged, or belongs to another query.
    #[error("invalid cursor")]
    InvalidCursor,
    /// The request breaks a rule of the port (missing key, too many operations, ...): a bug of the caller.
    #[error("invalid store request: {0}")]
    InvalidRequest(String),
    /// The engine failed (I/O, network, throttling...). Not the caller's fault.
    #[error("item store engine failure: {0}")]
    Engine(String),
}

impl StoreError {
    pub fn engine(err: impl std::fmt::Display) -> Self {
        Self::Engine(err.to_string())
    }
}

/// Checks a put's item: it must have string `pk` and `sk`, and index keys must be strings.
pub fn validate_item(item: &Item) -> Result<Key, StoreError> {
    let key = Key::of(item)
        .ok_or_else(|| StoreError::InvalidRequest("an item needs string `pk` and `sk`".into()))?;
    if key.pk.is_empty() || key.sk.is_empty() {
        return Err(StoreError::InvalidRequest(
            "`pk` and `sk` may not be empty".into(),
        ));
    }
    for index in [IndexName::Gsi1, IndexName::Gsi2] {
        for attr in [index.partition_attr(), index.sort_attr()] {
            match item.get(attr) {
                None => {}
                Some(Value::String(s)) if !s.is_empty() => {}
                Some(_) => {
                    return Err(StoreError::InvalidRequest(format!(
                        "`{attr}` must be a non-empty string"
                    )));
                }
            }
        }
    }
    if item.get(ATTR_EXPIRES_AT).is_some_and(|v| !v.is_i64()) {
        return Err(StoreError::InvalidRequest(
            "`expires_at` must be an integer (epoch seconds)".into(),
        ));
    }
    Ok(key)
}

/// Whether an item has expired at `now` (epoch seconds).
pub fn is_expired(item: &Item, now_epoch: i64) -> bool {
    item.get(ATTR_EXPIRES_AT)
        .and_then(Value::as_i64)
        .is_some_and(|exp| exp <= now_epoch)
}

/// Evaluates a condition against the current unexpired item (`None` when absent or expired).
/// Engines that cannot push conditions down use this; its semantics are the port's.
pub fn condition_holds(condition: &Condition, current: Option<&Item>) -> bool {
    match condition {
        Condition::Exists => current.is_some(),
        Condition::NotExists => current.is_none(),
        Condition::AttributeExists(a) => current.is_some_and(|i| i.contains_key(a)),
        Condition::AttributeNotExists(a) => current.is_none_or(|i| !i.contains_key(a)),
        Condition::Equals(a, v) => current
            .and_then(|i| i.get(a))
            .is_some_and(|x| json_equal(x, v)),
        Condition::LessThan(a, n) => current
            .and_then(|i| i.get(a))
            .and_then(Value::as_i64)
            .is_some_and(|x| x < *n),
        Condition::And(all) => all.iter().all(|c| condition_holds(c, current)),
    }
}

/// Numbers compare by value (1 == 1.0), as DynamoDB does.
fn json_equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => match (x.as_i64(), y.as_i64()) {
            (Some(x), Some(y)) => x == y,
            _ => x.as_f64() == y.as_f64(),
        },
        _ => a == b,
    }
}

/// Whether a sort key satisfies a condition (byte order, as DynamoDB compares strings).
pub fn sort_key_matches(condition: &SortKeyCondition, sk: &str) -> bool {
    let sk = sk.as_bytes();
    match condition {
        SortKeyCondition::Equals(v) => sk == v.as_bytes(),
        SortKeyCondition::BeginsWith(p) => sk.starts_with(p.as_bytes()),
        SortKeyCondition::Between(lo, hi) => sk >= lo.as_bytes() && sk <= hi.as_bytes(),
        SortKeyCondition::LessThan(v) => sk < v.as_bytes(),
        SortKeyCondition::LessOrEqual(v) => sk <= v.as_bytes(),
        SortKeyCondition::GreaterThan(v) => sk > v.as_bytes(),
        SortKeyCondition::GreaterOrEqual(v) => sk >= v.as_bytes(),
    }
}

/// Checks a transaction's shape: 1 to 25 operations, each with a key, no key twice (DynamoDB's rule).
pub fn validate_transaction(ops: &[TransactOp]) -> Result<(), StoreError> {
    if ops.is_empty() || ops.len() > MAX_TRANSACTION_OPS {
        return Err(StoreError::InvalidRequest(format!(
            "a transaction holds 1 to {MAX_TRANSACTION_OPS} operations, not {}",
            ops.len()
        )));
    }
    let mut seen = std::collections::HashSet::new();
    for op in ops {
        let key = match op {
            TransactOp::Put { item, .. } => validate_item(item)?,
            TransactOp::Update { key, update, .. } => {
                update.validate()?;
                key.validate()?;
                key.clone()
            }
            TransactOp::Delete { key, .. } | TransactOp::Check { key, .. } => {
                key.validate()?;
                key.clone()
            }
        };
        if !seen.insert(key.clone()) {
            return Err(StoreError::InvalidRequest(format!(
                "a transaction may touch an item once; {}/{} appears twice",
                key.pk, key.sk
            )));
        }
    }
    Ok(())
}

/// The item store port.
#[async_trait]
pub trait ItemStore: Send + Sync {
    /// The unexpired item with this key, if any.
    async fn get(&self, key: &Key) -> Result<Option<Item>, StoreError>;

    /// Writes a whole item, replacing any previous one, if the condition holds.
    async fn put(&self, item: Item, condition: Option<Condition>) -> Result<(), StoreError>;

    /// Deletes an item if the condition holds; returns the unexpired item that was there, if any.
    async fn delete(
        &self,
        key: &Key,
        condition: Option<Condition>,
    ) -> Result<Option<Item>, StoreError>;

    /// Applies an update atomically if the condition holds (creating the item if missing) and
    /// returns the item as it is after the update.
    async fn update(
        &self,
        key: &Key,
        update: &Update,
        condition: Option<Condition>,
    ) -> Result<Item, StoreError>;

    /// One page of a partition of the table or of an index, in sort-key order.
    async fn query(&self, query: &Query) -> Result<Page, StoreError>;

    /// The unexpired items among these keys (at most 100), in no particular order; missing keys are
    /// simply absent from the answer.
    async fn batch_get(&self, keys: &[Key]) -> Result<Vec<Item>, StoreError>;

    /// Applies up to 25 writes atomically: all of them, or none when any condition fails.
    async fn transact_write(&self, ops: Vec<TransactOp>) -> Result<(), StoreError>;

    /// A cheap round trip proving the engine answers (for health checks).
    async fn ping(&self) -> Result<(), StoreError>;
}
