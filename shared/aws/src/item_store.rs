//! The item store over DynamoDB (one table, two sparse GSIs, TTL on `expires_at`).
//!
//! TTL: DynamoDB deletes expired items lazily, so every read filters them out and every condition treats
//! them as absent, using the store's clock (not the server's), exactly as the embedded engine does.

use async_trait::async_trait;
use aws_sdk_dynamodb::Client;
use aws_sdk_dynamodb::error::{DisplayErrorContext, ProvideErrorMetadata};
use aws_sdk_dynamodb::types::{
    AttributeDefinition, AttributeValue, BillingMode, ConditionCheck, Delete, GlobalSecondaryIndex,
    KeySchemaElement, KeyType, KeysAndAttributes, Projection, ProjectionType, Put,
    ReturnConsumedCapacity, ReturnValue, ScalarAttributeType, TableStatus, TimeToLiveSpecification,
    TransactWriteItem, Update as DynamoUpdate,
};
use rouen_ports::item_store::{
    ATTR_EXPIRES_AT, ATTR_PK, ATTR_SK, MAX_BATCH_GET_KEYS, MAX_QUERY_LIMIT, is_expired,
    validate_item, validate_transaction,
};
use rouen_ports::{
    Clock, Condition, CursorCodec, IndexName, Item, ItemStore, Key, Page, Query, SortKeyCondition,
    StoreError, TransactOp, Update,
};
use serde_json::{Map, Number, Value};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::time::Duration;

type AvMap = HashMap<String, AttributeValue>;

pub struct DynamoItemStore {
    client: Client,
    table: String,
    cursors: CursorCodec,
    clock: Arc<dyn Clock>,
}

fn engine_error<E: ProvideErrorMetadata + std::error::Error + 'static, R: std::fmt::Debug>(
    err: aws_sdk_dynamodb::error::SdkError<E, R>,
) -> StoreError {
    StoreError::Engine(DisplayErrorContext(&err).to_string())
}

fn is_condition_failure<E: ProvideErrorMetadata>(
    err: &aws_sdk_dynamodb::error::SdkError<E, impl std::fmt::Debug>,
) -> bool {
    err.code() == Some("ConditionalCheckFailedException")
}

pub fn to_av(value: &Value) -> AttributeValue {
    match value {
        Value::Null => AttributeValue::Null(true),
        Value::Bool(b) => AttributeValue::Bool(*b),
        Value::Number(n) => AttributeValue::N(n.to_string()),
        Value::String(s) => AttributeValue::S(s.clone()),
        Value::Array(items) => AttributeValue::L(items.iter().map(to_av).collect()),
        Value::Object(map) => {
            AttributeValue::M(map.iter().map(|(k, v)| (k.clone(), to_av(v))).collect())
        }
    }
}

pub fn from_av(value: &AttributeValue) -> Value {
    match value {
        AttributeValue::S(s) => Value::String(s.clone()),
        AttributeValue::N(n) => n
            .parse::<i64>()
            .map(Value::from)
            .ok()
            .or_else(|| {
                n.parse::<f64>()
                    .ok()
                    .and_then(Number::from_f64)
                    .map(Value::Number)
            })
            .unwrap_or(Value::Null),
        AttributeValue::Bool(b) => Value::Bool(*b),
        AttributeValue::L(items) => Value::Array(items.iter().map(from_av).collect()),
        AttributeValue::M(map) => {
            Value::Object(map.iter().map(|(k, v)| (k.clone(), from_av(v))).collect())
        }
        AttributeValue::Ss(set) => Value::Array(set.iter().cloned().map(Value::String).collect()),
        AttributeValue::Ns(set) => Value::Array(
            set.iter()
                .map(|n| from_av(&AttributeValue::N(n.clone())))
                .collect(),
        ),
        _ => Value::Null,
    }
}

fn to_item(item: &Item) -> AvMap {
    item.iter().map(|(k, v)| (k.clone(), to_av(v))).collect()
}

fn from_item(map: &AvMap) -> Item {
    map.iter().map(|(k, v)| (k.clone(), from_av(v))).collect()
}

fn key_map(key: &Key) -> AvMap {
    HashMap::from([
        (ATTR_PK.to_owned(), AttributeValue::S(key.pk.clone())),
        (ATTR_SK.to_owned(), AttributeValue::S(key.sk.clone())),
    ])
}

/// Placeholders for one expression: DynamoDB reserves many words, so every name and value goes through one.
#[derive(Default)]
struct Expr {
    names: HashMap<String, String>,
    values: HashMap<String, AttributeValue>,
}

impl Expr {
    fn name(&mut self, attr: &str) -> String {
        if let Some((placeholder, _)) = self.names.iter().find(|(_, a)| a.as_str() == attr) {
            return placeholder.clone();
        }
        let placeholder = format!("#n{}", self.names.len());
        self.names.insert(placeholder.clone(), attr.to_owned());
        placeholder
    }

    fn value(&mut self, value: AttributeValue) -> String {
        let placeholder = format!(":v{}", self.values.len());
        self.values.insert(placeholder.clone(), value);
        placeholder
    }

    fn names(&self) -> Option<HashMap<String, String>> {
        (!self.names.is_empty()).then(|| self.names.clone())
    }

    fn values(&self) -> Option<HashMap<String, AttributeValue>> {
        (!self.values.is_empty()).then(|| self.values.clone())
    }

    /// The item exists and has not expired.
    fn present(&mut self, now: i64) -> String {
        let pk = self.name(ATTR_PK);
        let exp = self.name(ATTR_EXPIRES_AT);
        let now = self.value(AttributeValue::N(now.to_string()));
        format!("(attribute_exists({pk}) AND (attribute_not_exists({exp}) OR {exp} > {now}))")
    }

    /// No item, or an expired one.
    fn absent(&mut self, now: i64) -> String {
        let pk = self.name(ATTR_PK);
        let exp = self.name(ATTR_EXPIRES_AT);
        let now = self.value(AttributeValue::N(now.to_string()));
        format!("(attribute_not_exists({pk}) OR {exp} <= {now})")
    }

    fn condition(&mut self, condition: &Condition, now: i64) -> String {
        match condition {
            Condition::Exists => self.present(now),
            Condition::NotExists => self.absent(now),
            Condition::AttributeExists(a) => {
                let present = self.present(now);
                let a = self.name(a);
                format!("({present} AND attribute_exists({a}))")
            }
            Condition::AttributeNotExists(a) => {
                let absent = self.absent(now);
                let a = self.name(a);
                format!("({absent} OR attribute_not_exists({a}))")
            }
            Condition::Equals(a, v) => {
                let present = self.present(now);
                let a = self.name(a);
                let v = self.value(to_av(v));
                format!("({present} AND {a} = {v})")
            }
            Condition::LessThan(a, n) => {
                let present = self.present(now);
                let a = self.name(a);
                let v = self.value(AttributeValue::N(n.to_string()));
                format!("({present} AND {a} < {v})")
            }
            Condition::And(all) if all.is_empty() => {
                let pk = self.name(ATTR_PK);
                format!("(attribute_exists({pk}) OR attribute_not_exists({pk}))")
            }
            Condition::And(all) => {
                let parts: Vec<String> = all.iter().map(|c| self.condition(c, now)).collect();
                format!("({})", parts.join(" AND "))
            }
        }
    }

    fn update(&mut self, update: &Update) -> String {
        let mut clauses = Vec::new();
        if !update.set.is_empty() {
            let sets: Vec<String> = update
                .set
                .iter()
                .map(|(a, v)| {
                    let a = self.name(a);
                    let v = self.value(to_av(v));
                    format!("{a} = {v}")
                })
                .collect();
            clauses.push(format!("SET {}", sets.join(", ")));
        }
        if !update.add.is_empty() {
            let adds: Vec<String> = update
                .add
                .iter()
                .map(|(a, n)| {
                    let a = self.name(a);
                    let v = self.value(AttributeValue::N(n.to_string()));
                    format!("{a} {v}")
                })
                .collect();
            clauses.push(format!("ADD {}", adds.join(", ")));
        }
        if !update.remove.is_empty() {
            let removes: Vec<String> = update.remove.iter().map(|a| self.name(a)).collect();
            clauses.push(format!("REMOVE {}", removes.join(", ")));
        }
        clauses.join(" ")
    }

    fn sort_key(&mut self, attr: &str, condition: &SortKeyCondition) -> String {
        let a = self.name(attr);
        let mut v = |s: &String| self.value(AttributeValue::S(s.clone()));
        match condition {
            SortKeyCondition::Equals(s) => format!("{a} = {}", v(s)),
            SortKeyCondition::BeginsWith(s) => format!("begins_with({a}, {})", v(s)),
            SortKeyCondition::Between(lo, hi) => {
                let lo = v(lo);
                let hi = v(hi);
                format!("{a} BETWEEN {lo} AND {hi}")
            }
            SortKeyCondition::LessThan(s) => format!("{a} < {}", v(s)),
            SortKeyCondition::LessOrEqual(s) => format!("{a} <= {}", v(s)),
            SortKeyCondition::GreaterThan(s) => format!("{a} > {}", v(s)),
            SortKeyCondition::GreaterOrEqual(s) => format!("{a} >= {}", v(s)),
        }
    }
}

impl DynamoItemStore {
    pub fn new(client: Client, table: String, cursors: CursorCodec, clock: Arc<dyn Clock>) -> Self {
        Self {
            client,
            table,
            cursors,
            clock,
        }
    }

    /// The attributes that position a page: the table key, plus the index key for index queries.
    fn position_attrs(index: Option<IndexName>) -> Vec<&'static str> {
        let mut attrs = vec![ATTR_PK, ATTR_SK];
        if let Some(index) = index {
            attrs.push(index.partition_attr());
            attrs.push(index.sort_attr());
        }
        attrs
    }

    fn start_key(&self, query: &Query) -> Result<Option<AvMap>, StoreError> {
        let Some(cursor) = &query.cursor else {
            return Ok(None);
        };
        let position = self
            .cursors
            .decode(&query.cursor_scope(), cursor)
            .map_err(|_| StoreError::InvalidCursor)?;
        let mut key = AvMap::new();
        for attr in Self::position_attrs(query.index) {
            let value = position
                .get(attr)
                .and_then(Value::as_str)
                .ok_or(StoreError::InvalidCursor)?;
            key.insert(attr.to_owned(), AttributeValue::S(value.to_owned()));
        }
        let partition_attr = query.index.map_or(ATTR_PK, IndexName::partition_attr);
        if position.get(partition_attr).and_then(Value::as_str) != Some(query.partition.as_str()) {
            return Err(StoreError::InvalidCursor);
        }
        Ok(Some(key))
    }

    fn cursor_after(&self, query: &Query, item: &Item) -> Option<String> {
        let mut position = Map::new();
        for attr in Self::position_attrs(query.index) {
            position.insert(attr.to_owned(), item.get(attr)?.clone());
        }
        Some(self.cursors.encode(&query.cursor_scope(), position))
    }

    async fn update_once(
        &self,
        key: &Key,
        update: &Update,
        condition: Option<&Condition>,
    ) -> Result<Item, StoreError> {
        let now = self.clock.now_epoch();
        let mut expr = Expr::default();
        let update_expression = expr.update(update);
        // An expired item must not lend its old attributes to the update: refuse to touch it, so the
        // caller can clear it first.
        let fresh = {
            let present = expr.present(now);
            let pk = expr.name(ATTR_PK);
            format!("(attribute_not_exists({pk}) OR {present})")
        };
        let condition_expression = match condition {
            Some(c) => format!("{fresh} AND {}", expr.condition(c, now)),
            None => fresh,
        };
        let output = self
            .client
            .update_item()
            .table_name(&self.table)
            .set_key(Some(key_map(key)))
            .update_expression(update_expression)
            .condition_expression(condition_expression)
            .set_expression_attribute_names(expr.names())
            .set_expression_attribute_values(expr.values())
            .return_values(ReturnValue::AllNew)
            .return_consumed_capacity(ReturnConsumedCapacity::Total)
            .send()
            .await;
        match output {
            Ok(out) => {
                write_units(out.consumed_capacity.as_ref());
                Ok(out.attributes.as_ref().map(from_item).unwrap_or_default())
            }
            Err(err) if is_condition_failure(&err) => Err(StoreError::ConditionFailed),
            Err(err) => Err(engine_error(err)),
        }
    }

    /// Deletes the item if (and only if) it has expired; true when it did.
    async fn clear_expired(&self, key: &Key) -> Result<bool, StoreError> {
        let now = self.clock.now_epoch();
        let mut expr = Expr::default();
        let exp = expr.name(ATTR_EXPIRES_AT);
        let now_v = expr.value(AttributeValue::N(now.to_string()));
        let result = self
            .client
            .delete_item()
            .table_name(&self.table)
            .set_key(Some(key_map(key)))
            .condition_expression(format!("{exp} <= {now_v}"))
            .set_expression_attribute_names(expr.names())
            .set_expression_attribute_values(expr.values())
            .send()
            .await;
        match result {
            Ok(_) => Ok(true),
            Err(err) if is_condition_failure(&err) => Ok(false),
            Err(err) => Err(engine_error(err)),
        }
    }

    fn transact_item(&self, op: &TransactOp, now: i64) -> Result<TransactWriteItem, StoreError> {
        let mut expr = Expr::default();
        let build =
            |e: aws_sdk_dynamodb::error::BuildError| StoreError::InvalidRequest(e.to_string());
        let item = match op {
            TransactOp::Put { item, condition } => {
                let condition = condition.as_ref().map(|c| expr.condition(c, now));
                TransactWriteItem::builder()
                    .put(
                        Put::builder()
                            .table_name(&self.table)
                            .set_item(Some(to_item(item)))
                            .set_condition_expression(condition)
                            .set_expression_attribute_names(expr.names())
                            .set_expression_attribute_values(expr.values())
                            .build()
                            .map_err(build)?,
                    )
                    .build()
            }
            TransactOp::Update {
                key,
                update,
                condition,
            } => {
                let update_expression = expr.update(update);
                let condition = condition.as_ref().map(|c| expr.condition(c, now));
                TransactWriteItem::builder()
                    .update(
                        DynamoUpdate::builder()
                            .table_name(&self.table)
                            .set_key(Some(key_map(key)))
                            .update_expression(update_expression)
                            .set_condition_expression(condition)
                            .set_expression_attribute_names(expr.names())
                            .set_expression_attribute_values(expr.values())
                            .build()
                            .map_err(build)?,
                    )
                    .build()
            }
            TransactOp::Delete { key, condition } => {
                let condition = condition.as_ref().map(|c| expr.condition(c, now));
                TransactWriteItem::builder()
                    .delete(
                        Delete::builder()
                            .table_name(&self.table)
                            .set_key(Some(key_map(key)))
                            .set_condition_expression(condition)
                            .set_expression_attribute_names(expr.names())
                            .set_expression_attribute_values(expr.values())
                            .build()
                            .map_err(build)?,
                    )
                    .build()
            }
            TransactOp::Check { key, condition } => {
                let condition = expr.condition(condition, now);
                TransactWriteItem::builder()
                    .condition_check(
                        ConditionCheck::builder()
                            .table_name(&self.table)
                            .set_key(Some(key_map(key)))
                            .condition_expression(condition)
                            .set_expression_attribute_names(expr.names())
                            .set_expression_attribute_values(expr.values())
                            .build()
                            .map_err(build)?,
                    )
                    .build()
            }
        };
        Ok(item)
    }
}

/// What a read reported consuming, for the request's meter (`rouen_ports::capacity`).
fn read_units(consumed: Option<&aws_sdk_dynamodb::types::ConsumedCapacity>) {
    if let Some(units) = consumed.and_then(|c| c.capacity_units()) {
        rouen_ports::capacity::record_read(units);
    }
}

fn write_units(consumed: Option<&aws_sdk_dynamodb::types::ConsumedCapacity>) {
    if let Some(units) = consumed.and_then(|c| c.capacity_units()) {
        rouen_ports::capacity::record_write(units);
    }
}

#[async_trait]
impl ItemStore for DynamoItemStore {
    async fn get(&self, key: &Key) -> Result<Option<Item>, StoreError> {
        key.validate()?;
        let out = self
            .client
            .get_item()
            .table_name(&self.table)
            .set_key(Some(key_map(key)))
            .consistent_read(true)
            .return_consumed_capacity(ReturnConsumedCapacity::Total)
            .send()
            .await
            .map_err(engine_error)?;
        read_units(out.consumed_capacity.as_ref());
        let now = self.clock.now_epoch();
        Ok(out
            .item
            .as_ref()
            .map(from_item)
            .filter(|item| !is_expired(item, now)))
    }

    async fn put(&self, item: Item, condition: Option<Condition>) -> Result<(), StoreError> {
        validate_item(&item)?;
        let now = self.clock.now_epoch();
        let mut expr = Expr::default();
        let condition = condition.as_ref().map(|c| expr.condition(c, now));
        let result = self
            .client
            .put_item()
            .table_name(&self.table)
            .set_item(Some(to_item(&item)))
            .set_condition_expression(condition)
            .set_expression_attribute_names(expr.names())
            .set_expression_attribute_values(expr.values())
            .return_consumed_capacity(ReturnConsumedCapacity::Total)
            .send()
            .await;
        match result {
            Ok(out) => {
                write_units(out.consumed_capacity.as_ref());
                Ok(())
            }
            Err(err) if is_condition_failure(&err) => Err(StoreError::ConditionFailed),
            Err(err) => Err(engine_error(err)),
        }
    }

    async fn delete(
        &self,
        key: &Key,
        condition: Option<Condition>,
    ) -> Result<Option<Item>, StoreError> {
        key.validate()?;
        let now = self.clock.now_epoch();
        let mut expr = Expr::default();
        let condition = condition.as_ref().map(|c| expr.condition(c, now));
        let result = self
            .client
            .delete_item()
            .table_name(&self.table)
            .set_key(Some(key_map(key)))
            .set_condition_expression(condition)
            .set_expression_attribute_names(expr.names())
            .set_expression_attribute_values(expr.values())
            .return_values(ReturnValue::AllOld)
            .return_consumed_capacity(ReturnConsumedCapacity::Total)
            .send()
            .await;
        match result {
            Ok(out) => Ok({
                write_units(out.consumed_capacity.as_ref());
                out
            }
            .attributes
            .as_ref()
            .map(from_item)
            .filter(|item| !is_expired(item, now))),
            Err(err) if is_condition_failure(&err) => Err(StoreError::ConditionFailed),
            Err(err) => Err(engine_error(err)),
        }
    }

    async fn update(
        &self,
        key: &Key,
        update: &Update,
        condition: Option<Condition>,
    ) -> Result<Item, StoreError> {
        update.validate()?;
        key.validate()?;
        match self.update_once(key, update, condition.as_ref()).await {
            Err(StoreError::ConditionFailed) if self.clear_expired(key).await? => {
                self.update_once(key, update, condition.as_ref()).await
            }
            other => other,
        }
    }

    async fn query(&self, query: &Query) -> Result<Page, StoreError> {
        query.validate()?;
        let mut start = self.start_key(query)?;
        // Larger pages are served as the largest page, as the port says.
        let limit = query.limit.min(MAX_QUERY_LIMIT) as usize;
        let now = self.clock.now_epoch();
        let (partition_attr, sort_attr) = match query.index {
            Some(index) => (index.partition_attr(), index.sort_attr()),
            None => (ATTR_PK, ATTR_SK),
        };
        let mut items: Vec<Item> = Vec::new();
        loop {
            let mut expr = Expr::default();
            let p = expr.name(partition_attr);
            let pv = expr.value(AttributeValue::S(query.partition.clone()));
            let mut key_condition = format!("{p} = {pv}");
            if let Some(sort) = &query.sort {
                key_condition = format!("{key_condition} AND {}", expr.sort_key(sort_attr, sort));
            }
            let exp = expr.name(ATTR_EXPIRES_AT);
            let nowv = expr.value(AttributeValue::N(now.to_string()));
            // One more than needed, to know whether another page follows.
            let want = (limit + 1 - items.len()) as i32;
            let out = self
                .client
                .query()
                .table_name(&self.table)
                .set_index_name(query.index.map(|i| i.as_str().to_owned()))
                .key_condition_expression(key_condition)
                .filter_expression(format!("attribute_not_exists({exp}) OR {exp} > {nowv}"))
                .set_expression_attribute_names(expr.names())
                .set_expression_attribute_values(expr.values())
                .scan_index_forward(query.forward)
                .limit(want)
                .set_exclusive_start_key(start.take())
                .return_consumed_capacity(ReturnConsumedCapacity::Total)
                .send()
                .await
                .map_err(engine_error)?;
            read_units(out.consumed_capacity.as_ref());
            items.extend(
                out.items()
                    .iter()
                    .map(from_item)
                    .filter(|i| !is_expired(i, now)),
            );
            if items.len() > limit {
                items.truncate(limit);
                let cursor = items.last().and_then(|last| self.cursor_after(query, last));
                return Ok(Page { items, cursor });
            }
            match out.last_evaluated_key {
                Some(lek) if !lek.is_empty() => start = Some(lek),
                _ => {
                    return Ok(Page {
                        items,
                        cursor: None,
                    });
                }
            }
        }
    }

    async fn batch_get(&self, keys: &[Key]) -> Result<Vec<Item>, StoreError> {
        for key in keys {
            key.validate()?;
        }
        if keys.len() > MAX_BATCH_GET_KEYS {
            return Err(StoreError::InvalidRequest(format!(
                "a batch get holds {MAX_BATCH_GET_KEYS} keys at most"
            )));
        }
        let unique: Vec<&Key> = {
            let mut seen = HashSet::new();
            keys.iter().filter(|k| seen.insert(*k)).collect()
        };
        if unique.is_empty() {
            return Ok(Vec::new());
        }
        let mut pending = KeysAndAttributes::builder()
            .set_keys(Some(unique.iter().map(|k| key_map(k)).collect()))
            .consistent_read(true)
            .build()
            .map_err(|e| StoreError::InvalidRequest(e.to_string()))?;
        let now = self.clock.now_epoch();
        let mut found = Vec::new();
        for attempt in 0..8u32 {
            let out = self
                .client
                .batch_get_item()
                .request_items(&self.table, pending.clone())
                .return_consumed_capacity(ReturnConsumedCapacity::Total)
                .send()
                .await
                .map_err(engine_error)?;
            for c in out.consumed_capacity() {
                read_units(Some(c));
            }
            if let Some(rows) = out.responses.as_ref().and_then(|r| r.get(&self.table)) {
                found.extend(rows.iter().map(from_item).filter(|i| !is_expired(i, now)));
            }
            match out.unprocessed_keys.and_then(|mut u| u.remove(&self.table)) {
                Some(rest) if !rest.keys.is_empty() => {
                    pending = rest;
                    tokio::time::sleep(Duration::from_millis(25 << attempt)).await;
                }
                _ => return Ok(found),
            }
        }
        Err(StoreError::Engine(
            "batch get: keys still unprocessed after retries".into(),
        ))
    }

    async fn transact_write(&self, ops: Vec<TransactOp>) -> Result<(), StoreError> {
        validate_transaction(&ops)?;
        let now = self.clock.now_epoch();
        let items = ops
            .iter()
            .map(|op| self.transact_item(op, now))
            .collect::<Result<Vec<_>, _>>()?;
        let result = self
            .client
            .transact_write_items()
            .set_transact_items(Some(items))
            .return_consumed_capacity(ReturnConsumedCapacity::Total)
            .send()
            .await;
        match result {
            Ok(out) => {
                for c in out.consumed_capacity() {
                    write_units(Some(c));
                }
                Ok(())
            }
            Err(err) => {
                if let Some(aws_sdk_dynamodb::operation::transact_write_items::TransactWriteItemsError::TransactionCanceledException(e)) =
                    err.as_service_error()
                {
                    let failed: Vec<usize> = e
                        .cancellation_reasons()
                        .iter()
                        .enumerate()
                        .filter(|(_, r)| r.code() == Some("ConditionalCheckFailed"))
                        .map(|(i, _)| i)
                        .collect();
                    if !failed.is_empty() {
                        return Err(StoreError::TransactionCanceled { failed });
                    }
                }
                Err(engine_error(err))
            }
        }
    }

    async fn ping(&self) -> Result<(), StoreError> {
        self.client
            .describe_table()
            .table_name(&self.table)
            .send()
            .await
            .map_err(engine_error)?;
        Ok(())
    }
}

/// Creates the table as template.yaml declares it (keys, both GSIs, TTL); succeeds if it exists.
pub async fn create_table(client: &Client, name: &str) -> Result<(), StoreError> {
    let build = |e: aws_sdk_dynamodb::error::BuildError| StoreError::InvalidRequest(e.to_string());
    let attr = |n: &str| {
        AttributeDefinition::builder()
            .attribute_name(n)
            .attribute_type(ScalarAttributeType::S)
            .build()
            .map_err(build)
    };
    let key = |n: &str, t: KeyType| {
        KeySchemaElement::builder()
            .attribute_name(n)
            .key_type(t)
            .build()
            .map_err(build)
    };
    let gsi = |index: IndexName| -> Result<GlobalSecondaryIndex, StoreError> {
        GlobalSecondaryIndex::builder()
            .index_name(index.as_str())
            .key_schema(key(index.partition_attr(), KeyType::Hash)?)
            .key_schema(key(index.sort_attr(), KeyType::Range)?)
            .projection(
                Projection::builder()
                    .projection_type(ProjectionType::All)
                    .build(),
            )
            .build()
            .map_err(build)
    };
    let created = client
        .create_table()
        .table_name(name)
        .billing_mode(BillingMode::PayPerRequest)
        .set_attribute_definitions(Some(vec![
            attr(ATTR_PK)?,
            attr(ATTR_SK)?,
            attr("gsi1pk")?,
            attr("gsi1sk")?,
            attr("gsi2pk")?,
            attr("gsi2sk")?,
        ]))
        .key_schema(key(ATTR_PK, KeyType::Hash)?)
        .key_schema(key(ATTR_SK, KeyType::Range)?)
        .global_secondary_indexes(gsi(IndexName::Gsi1)?)
        .global_secondary_indexes(gsi(IndexName::Gsi2)?)
        .send()
        .await;
    match created {
        Ok(_) => {}
        Err(err) if err.code() == Some("ResourceInUseException") => {}
        Err(err) => return Err(engine_error(err)),
    }
    for _ in 0..120 {
        let table = client
            .describe_table()
            .table_name(name)
            .send()
            .await
            .map_err(engine_error)?;
        if table.table().and_then(|t| t.table_status()) == Some(&TableStatus::Active) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    let ttl = TimeToLiveSpecification::builder()
        .attribute_name(ATTR_EXPIRES_AT)
        .enabled(true)
        .build()
        .map_err(build)?;
    match client
        .update_time_to_live()
        .table_name(name)
        .time_to_live_specification(ttl)
        .send()
        .await
    {
        Ok(_) => Ok(()),
        // Already enabled: nothing to do.
        Err(err) if err.code() == Some("ValidationException") => Ok(()),
        Err(err) => Err(engine_error(err)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn json_round_trips_through_attribute_values() {
        let value = json!({"s": "été 🎉", "i": 42, "f": 1.5, "b": true, "n": null, "l": [1, "a"], "m": {"x": -7}});
        assert_eq!(from_av(&to_av(&value)), value);
    }

    #[test]
    fn conditions_treat_expired_items_as_absent() {
        let mut expr = Expr::default();
        let text = expr.condition(&Condition::NotExists, 100);
        assert!(
            text.contains("attribute_not_exists(#n0) OR #n1 <= :v0"),
            "{text}"
        );
        let mut expr = Expr::default();
        let text = expr.condition(&Condition::Equals("status".into(), json!("open")), 100);
        assert!(
            text.contains("attribute_exists(#n0)")
                && text.contains("#n1 > :v0")
                && text.contains("#n2 = :v1"),
            "{text}"
        );
    }
}
