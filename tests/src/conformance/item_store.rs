//! Conformance suite of the item store port.
//!
//! Both engines run this same function: the embedded one on a fresh SQLite file, the AWS one on a table
//! of DynamoDB Local that may already hold data from earlier runs. So every key of a run lives under a
//! partition prefix made from a fresh ULID, and no assertion assumes the table is empty.
//!
//! The store must have been built with `clock` as its clock: the TTL section moves it forward.

use std::collections::BTreeSet;
use std::fmt::Debug;

use futures::future::join_all;
use rouen_ports::item_store::{MAX_BATCH_GET_KEYS, MAX_TRANSACTION_OPS, sort_key_matches};
use rouen_ports::{
    Clock, Condition, IndexName, Item, ItemStore, Key, ManualClock, Query, SortKeyCondition,
    StoreError, TransactOp, Update,
};
use serde_json::{Value, json};

/// Runs every section of the suite; panics with a plain-words message on the first broken promise.
pub async fn run(store: &dyn ItemStore, clock: &ManualClock) {
    let ns = format!("conformance-{}", ulid::Ulid::new());
    ok(store.ping().await, "the store should answer a ping");
    round_trip(store, &ns).await;
    invalid_requests(store, &ns).await;
    conditional_put(store, &ns).await;
    conditional_delete(store, &ns).await;
    updates(store, &ns).await;
    counters(store, &ns).await;
    sort_key_queries(store, &ns).await;
    cursors(store, &ns).await;
    paging_under_concurrent_inserts(store, &ns).await;
    index_queries(store, &ns).await;
    batch_get(store, &ns).await;
    transactions(store, &ns).await;
    // Last: it moves the clock forward.
    time_to_live(store, clock, &ns).await;
}

// ---------------------------------------------------------------------------------------------------
// Helpers

fn obj(value: Value) -> Item {
    match value {
        Value::Object(map) => map,
        other => panic!("a test item must be a JSON object, not {other}"),
    }
}

fn ok<T>(result: Result<T, StoreError>, what: &str) -> T {
    result.unwrap_or_else(|err| panic!("{what}, but the store answered an error: {err:?}"))
}

fn expect_condition_failed<T: Debug>(result: Result<T, StoreError>, what: &str) {
    match result {
        Err(StoreError::ConditionFailed) => {}
        other => {
            panic!("{what}: the condition should have failed, but the store answered {other:?}")
        }
    }
}

fn expect_invalid_request<T: Debug>(result: Result<T, StoreError>, what: &str) {
    match result {
        Err(StoreError::InvalidRequest(_)) => {}
        other => panic!(
            "{what}: the store should refuse it as an invalid request, but answered {other:?}"
        ),
    }
}

fn expect_invalid_cursor<T: Debug>(result: Result<T, StoreError>, what: &str) {
    match result {
        Err(StoreError::InvalidCursor) => {}
        other => panic!("{what}: the store should refuse the cursor, but answered {other:?}"),
    }
}

fn key_of(item: &Item) -> Key {
    Key::of(item).unwrap_or_else(|| {
        panic!("every item the store returns should have a string pk and sk: {item:?}")
    })
}

fn sort_keys(items: &[Item]) -> Vec<String> {
    items.iter().map(|i| key_of(i).sk).collect()
}

fn attr_str(item: &Item, attr: &str) -> String {
    item.get(attr)
        .and_then(Value::as_str)
        .map(str::to_owned)
        .unwrap_or_default()
}

/// Reads every page of `query` with page size `limit`, checking each page on the way: never more than
/// `limit` items, every page but the last full, the last page without a cursor. Returns the items in
/// order and the page sizes.
async fn all_pages(
    store: &dyn ItemStore,
    query: Query,
    limit: u32,
    what: &str,
) -> (Vec<Item>, Vec<usize>) {
    let mut items = Vec::new();
    let mut sizes = Vec::new();
    let mut cursor = None;
    loop {
        assert!(
            sizes.len() < 1000,
            "{what}: paging never ends (over 1000 pages)"
        );
        let page = ok(
            store.query(&query.clone().limit(limit).after(cursor)).await,
            &format!("{what}: reading a page"),
        );
        assert!(
            page.items.len() <= limit as usize,
            "{what}: a page holds {} items, more than the limit of {limit}",
            page.items.len()
        );
        sizes.push(page.items.len());
        items.extend(page.items);
        match page.cursor {
            Some(next) => cursor = Some(next),
            None => break,
        }
    }
    // Every page but the last is full (nothing in these partitions expires). A store that cannot know
    // whether more items follow may end with one empty page after a full one (DynamoDB does this when
    // the total is a multiple of the limit), never more.
    let total = items.len();
    let full_pages = total / limit as usize;
    let rest = total % limit as usize;
    let mut expected: Vec<usize> = vec![limit as usize; full_pages];
    if rest > 0 || total == 0 {
        expected.push(rest);
    }
    let mut with_empty_tail = expected.clone();
    with_empty_tail.push(0);
    assert!(
        sizes == expected || (rest == 0 && sizes == with_empty_tail),
        "{what}: with {total} items and a limit of {limit}, the pages should hold {expected:?} items, not {sizes:?}"
    );
    (items, sizes)
}

fn assert_no_duplicates(items: &[Item], what: &str) {
    let mut seen = BTreeSet::new();
    for item in items {
        let key = key_of(item);
        assert!(
            seen.insert(key.clone()),
            "{what}: the item {}/{} came back twice",
            key.pk,
            key.sk
        );
    }
}

// ---------------------------------------------------------------------------------------------------
// Sections

async fn round_trip(store: &dyn ItemStore, ns: &str) {
    let pk = format!("{ns}#user#jeanne");
    let original = obj(json!({
        "pk": pk,
        "sk": "profile",
        "name": "Jeanne d'Arc — la Pucelle 🔥",
        "accents": "éèêëàâäîïôöùûüç ÉÈÊ œ Æ «guillemets»",
        "emoji": "🏰🥐🇫🇷",
        "age": 19,
        "negative": -42,
        "big": 9_007_199_254_740_993_i64,
        "ratio": 0.125,
        "price": 12.75,
        "below_zero": -2.5,
        "verified": true,
        "banned": false,
        "nickname": null,
        "empty_text": "",
        "tags": ["pucelle", "orléans", 1431, true, null, {"nested": [1, 2, {"deep": "très profond"}]}],
        "address": {
            "street": "Place du Vieux-Marché",
            "zip": "76000",
            "geo": {"lat": 49.4431, "lon": 1.0993},
            "floors": [],
            "extra": {}
        },
    }));
    ok(
        store.put(original.clone(), None).await,
        "putting an item with nested JSON values should work",
    );
    let read = ok(
        store.get(&Key::new(&pk, "profile")).await,
        "reading it back should work",
    );
    assert_eq!(
        read.as_ref(),
        Some(&original),
        "an item should read back exactly as it was written"
    );

    // A put replaces the whole item: attributes it does not carry are gone.
    let replacement = obj(json!({"pk": pk, "sk": "profile", "name": "Jeanne"}));
    ok(
        store.put(replacement.clone(), None).await,
        "replacing an item should work",
    );
    let read = ok(
        store.get(&Key::new(&pk, "profile")).await,
        "reading the replaced item should work",
    );
    assert_eq!(
        read,
        Some(replacement),
        "a put should replace the whole item, not merge into it"
    );

    let missing = ok(
        store.get(&Key::new(&pk, "nobody-here")).await,
        "reading a missing key should work",
    );
    assert_eq!(
        missing, None,
        "reading a key nobody wrote should find nothing"
    );
}

async fn invalid_requests(store: &dyn ItemStore, ns: &str) {
    let pk = format!("{ns}#invalid");
    expect_invalid_request(
        store.put(obj(json!({"pk": pk})), None).await,
        "putting an item without a sort key",
    );
    expect_invalid_request(
        store.put(obj(json!({"sk": "x"})), None).await,
        "putting an item without a partition key",
    );
    expect_invalid_request(
        store.put(obj(json!({"pk": pk, "sk": 5})), None).await,
        "putting an item whose sort key is a number",
    );
    expect_invalid_request(
        store
            .put(obj(json!({"pk": pk, "sk": "x", "gsi1pk": 12})), None)
            .await,
        "putting an item whose index key is a number",
    );
    expect_invalid_request(
        store
            .put(
                obj(json!({"pk": pk, "sk": "x", "expires_at": "tomorrow"})),
                None,
            )
            .await,
        "putting an item whose expiry is text",
    );
    let key = Key::new(&pk, "x");
    expect_invalid_request(
        store
            .update(&key, &Update::new().set("pk", "elsewhere"), None)
            .await,
        "an update that changes the partition key",
    );
    expect_invalid_request(
        store
            .update(&key, &Update::new().set("sk", "elsewhere"), None)
            .await,
        "an update that changes the sort key",
    );
    expect_invalid_request(
        store.update(&key, &Update::new().add("sk", 1), None).await,
        "an update that adds to the sort key",
    );
    expect_invalid_request(
        store.update(&key, &Update::new().remove("pk"), None).await,
        "an update that removes the partition key",
    );
    expect_invalid_request(
        store.update(&key, &Update::new(), None).await,
        "an update that changes nothing",
    );
    let none = ok(
        store.get(&key).await,
        "reading after refused writes should work",
    );
    assert_eq!(none, None, "refused writes should leave nothing behind");
    expect_invalid_request(
        store.query(&Query::partition(&pk).limit(0)).await,
        "a query with a limit of 0",
    );

    // DynamoDB refuses an empty string as a key value wherever a key is named: every engine does.
    for (what, empty) in [
        ("an empty sort key", Key::new(&pk, "")),
        ("an empty partition key", Key::new("", "x")),
    ] {
        expect_invalid_request(store.get(&empty).await, &format!("reading {what}"));
        expect_invalid_request(
            store.delete(&empty, None).await,
            &format!("deleting {what}"),
        );
        expect_invalid_request(
            store.update(&empty, &Update::new().set("n", 1), None).await,
            &format!("updating {what}"),
        );
        expect_invalid_request(
            store.batch_get(&[key.clone(), empty.clone()]).await,
            &format!("a batch read with {what}"),
        );
        expect_invalid_request(
            store
                .transact_write(vec![TransactOp::Delete {
                    key: empty.clone(),
                    condition: None,
                }])
                .await,
            &format!("a transaction deleting {what}"),
        );
        expect_invalid_request(
            store
                .transact_write(vec![TransactOp::Check {
                    key: empty.clone(),
                    condition: Condition::NotExists,
                }])
                .await,
            &format!("a transaction checking {what}"),
        );
    }
    expect_invalid_request(
        store.query(&Query::partition("")).await,
        "a query of an empty partition",
    );
    for condition in [
        SortKeyCondition::BeginsWith(String::new()),
        SortKeyCondition::LessThan(String::new()),
        SortKeyCondition::Between(String::new(), "z".into()),
    ] {
        expect_invalid_request(
            store
                .query(&Query::partition(&pk).sort(condition.clone()))
                .await,
            &format!("a query whose sort-key condition holds an empty value: {condition:?}"),
        );
    }
    expect_invalid_request(
        store
            .query(&Query::partition("").on_index(IndexName::Gsi1))
            .await,
        "an index query of an empty partition",
    );
}

async fn conditional_put(store: &dyn ItemStore, ns: &str) {
    let pk = format!("{ns}#handles");
    let key = Key::new(&pk, "handle#jeanne");
    let first = obj(json!({"pk": pk, "sk": "handle#jeanne", "owner": "user-1", "version": 1}));
    let second = obj(json!({"pk": pk, "sk": "handle#jeanne", "owner": "user-2", "version": 1}));
    ok(
        store.put(first.clone(), Some(Condition::NotExists)).await,
        "the first claim of a free handle should succeed",
    );
    expect_condition_failed(
        store.put(second, Some(Condition::NotExists)).await,
        "a second claim of the same handle",
    );
    let read = ok(
        store.get(&key).await,
        "reading the claimed handle should work",
    );
    assert_eq!(
        read,
        Some(first.clone()),
        "a refused conditional put should leave the item unchanged"
    );

    // Optimistic locking on a version attribute.
    let v2 = obj(json!({"pk": pk, "sk": "handle#jeanne", "owner": "user-1", "version": 2}));
    ok(
        store
            .put(
                v2.clone(),
                Some(Condition::Equals("version".into(), json!(1))),
            )
            .await,
        "a put conditioned on the current version should succeed",
    );
    expect_condition_failed(
        store
            .put(first, Some(Condition::Equals("version".into(), json!(1))))
            .await,
        "a put conditioned on an outdated version",
    );
    let read = ok(
        store.get(&key).await,
        "reading after the version check should work",
    );
    assert_eq!(
        read,
        Some(v2.clone()),
        "the outdated put should not have changed the item"
    );

    expect_condition_failed(
        store
            .put(
                obj(json!({"pk": pk, "sk": "handle#ghost"})),
                Some(Condition::Exists),
            )
            .await,
        "a put that requires an existing item, on a missing key",
    );
    let ghost = ok(
        store.get(&Key::new(&pk, "handle#ghost")).await,
        "reading the missing key should work",
    );
    assert_eq!(
        ghost, None,
        "a put refused by its condition should create nothing"
    );

    let v3 = obj(
        json!({"pk": pk, "sk": "handle#jeanne", "owner": "user-1", "version": 3, "locked": true}),
    );
    ok(
        store
            .put(
                v3.clone(),
                Some(Condition::And(vec![
                    Condition::AttributeExists("owner".into()),
                    Condition::AttributeNotExists("locked".into()),
                    Condition::LessThan("version".into(), 3),
                ])),
            )
            .await,
        "a put whose combined conditions all hold should succeed",
    );
    expect_condition_failed(
        store
            .put(
                v2,
                Some(Condition::And(vec![
                    Condition::Exists,
                    Condition::AttributeNotExists("locked".into()),
                ])),
            )
            .await,
        "a put whose combined conditions do not all hold",
    );
    let read = ok(
        store.get(&key).await,
        "reading after the combined conditions should work",
    );
    assert_eq!(
        read,
        Some(v3),
        "the refused combined put should not have changed the item"
    );
}

async fn conditional_delete(store: &dyn ItemStore, ns: &str) {
    let pk = format!("{ns}#posts");
    let key = Key::new(&pk, "post#1");
    let post = obj(json!({"pk": pk, "sk": "post#1", "status": "draft", "text": "Bonjour Rouen !"}));
    ok(
        store.put(post.clone(), None).await,
        "putting a post should work",
    );

    expect_condition_failed(
        store
            .delete(
                &key,
                Some(Condition::Equals("status".into(), json!("published"))),
            )
            .await,
        "deleting a draft on the condition that it is published",
    );
    let kept = ok(
        store.get(&key).await,
        "reading the post after a refused delete should work",
    );
    assert_eq!(
        kept,
        Some(post.clone()),
        "a refused delete should keep the item as it was"
    );

    let old = ok(
        store
            .delete(
                &key,
                Some(Condition::Equals("status".into(), json!("draft"))),
            )
            .await,
        "deleting a draft on the condition that it is a draft should succeed",
    );
    assert_eq!(
        old,
        Some(post),
        "a delete should return the item it removed"
    );
    let gone = ok(store.get(&key).await, "reading a deleted item should work");
    assert_eq!(gone, None, "a deleted item should be gone");

    let nothing = ok(
        store.delete(&key, None).await,
        "deleting a missing item without a condition should work",
    );
    assert_eq!(
        nothing, None,
        "deleting a missing item should return nothing"
    );
    expect_condition_failed(
        store.delete(&key, Some(Condition::Exists)).await,
        "deleting a missing item on the condition that it exists",
    );
}

async fn updates(store: &dyn ItemStore, ns: &str) {
    let pk = format!("{ns}#events");
    let key = Key::new(&pk, "event#armada");

    expect_condition_failed(
        store
            .update(
                &key,
                &Update::new().set("title", "Armada"),
                Some(Condition::Exists),
            )
            .await,
        "updating a missing item on the condition that it exists",
    );
    let none = ok(
        store.get(&key).await,
        "reading after the refused update should work",
    );
    assert_eq!(
        none, None,
        "an update refused by its condition should create nothing"
    );

    let created = ok(
        store
            .update(
                &key,
                &Update::new()
                    .set("title", "Armada de Rouen")
                    .add("views", 1),
                None,
            )
            .await,
        "updating a missing item should create it",
    );
    let expected =
        obj(json!({"pk": pk, "sk": "event#armada", "title": "Armada de Rouen", "views": 1}));
    assert_eq!(
        created, expected,
        "an update of a missing item should create it from its key and the update"
    );
    let read = ok(
        store.get(&key).await,
        "reading the created item should work",
    );
    assert_eq!(
        read,
        Some(expected),
        "the item created by an update should read back the same"
    );

    let changed = ok(
        store
            .update(
                &key,
                &Update::new()
                    .set(
                        "place",
                        json!({"name": "Quais de Seine", "geo": {"lat": 49.44, "lon": 1.08}}),
                    )
                    .add("views", 2)
                    .remove("title"),
                Some(Condition::Equals("views".into(), json!(1))),
            )
            .await,
        "an update that sets, adds and removes should succeed",
    );
    let expected = obj(json!({
        "pk": pk, "sk": "event#armada", "views": 3,
        "place": {"name": "Quais de Seine", "geo": {"lat": 49.44, "lon": 1.08}},
    }));
    assert_eq!(
        changed, expected,
        "an update should return the item as it is after the update"
    );
    let read = ok(
        store.get(&key).await,
        "reading the updated item should work",
    );
    assert_eq!(
        read,
        Some(expected),
        "the stored item should match what the update returned"
    );
}

async fn counters(store: &dyn ItemStore, ns: &str) {
    let pk = format!("{ns}#counters");
    let likes = Key::new(&pk, "post#likes");
    let update = Update::new().add("likes", 1);
    // The item does not exist yet: the first of these creates it, all of them count.
    let results = join_all((0..40).map(|_| store.update(&likes, &update, None))).await;
    let mut seen: Vec<i64> = results
        .into_iter()
        .map(|r| ok(r, "a concurrent like should succeed"))
        .map(|item| item.get("likes").and_then(Value::as_i64).unwrap_or(-1))
        .collect();
    seen.sort_unstable();
    assert_eq!(
        seen,
        (1..=40).collect::<Vec<i64>>(),
        "40 concurrent likes should each see a distinct count from 1 to 40 (no lost or doubled update)"
    );
    let read = ok(store.get(&likes).await, "reading the counter should work");
    assert_eq!(
        read.and_then(|i| i.get("likes").and_then(Value::as_i64)),
        Some(40),
        "40 concurrent likes should count exactly 40"
    );
    let after_unlike = ok(
        store
            .update(&likes, &Update::new().add("likes", -1), None)
            .await,
        "an unlike should work",
    );
    assert_eq!(
        after_unlike.get("likes"),
        Some(&json!(39)),
        "adding -1 should decrement the counter"
    );

    // A capped counter: 10 concurrent bookings of an event with 4 seats.
    let seats = Key::new(&pk, "event#seats");
    ok(
        store
            .put(
                obj(json!({"pk": pk, "sk": "event#seats", "taken": 0})),
                None,
            )
            .await,
        "creating the event should work",
    );
    let book = Update::new().add("taken", 1);
    let results = join_all(
        (0..10).map(|_| store.update(&seats, &book, Some(Condition::LessThan("taken".into(), 4)))),
    )
    .await;
    let mut booked = 0;
    for result in results {
        match result {
            Ok(_) => booked += 1,
            Err(StoreError::ConditionFailed) => {}
            Err(other) => panic!(
                "a booking should either succeed or fail its condition, not answer {other:?}"
            ),
        }
    }
    assert_eq!(
        booked, 4,
        "exactly 4 of 10 concurrent bookings of 4 seats should succeed"
    );
    let read = ok(store.get(&seats).await, "reading the seats should work");
    assert_eq!(
        read.and_then(|i| i.get("taken").and_then(Value::as_i64)),
        Some(4),
        "the capped counter should stop exactly at its cap"
    );
}

/// Sort keys of the query partition, in an order unrelated to byte order, so that the store sorts.
fn timeline_sort_keys() -> Vec<String> {
    let mut sks: Vec<String> = (0..25).rev().map(|i| format!("post#{i:04}")).collect();
    // Byte order, not alphabetical: upper case before lower case, accented letters after `z`, a prefix
    // before its extensions.
    sks.extend(["élan", "comment#0002", "Zulu", "post", "comment#0001"].map(String::from));
    sks
}

async fn sort_key_queries(store: &dyn ItemStore, ns: &str) {
    let pk = format!("{ns}#timeline");
    let sks = timeline_sort_keys();
    for (n, sk) in sks.iter().enumerate() {
        ok(
            store
                .put(obj(json!({"pk": pk, "sk": sk, "n": n})), None)
                .await,
            "putting a timeline item should work",
        );
    }
    let mut ascending = sks.clone();
    ascending.sort(); // String order is byte order, the store's promised order.

    let s = |v: &str| v.to_owned();
    let cases: Vec<(&str, Option<SortKeyCondition>)> = vec![
        ("the whole partition", None),
        (
            "sort keys beginning with post#",
            Some(SortKeyCondition::BeginsWith(s("post#"))),
        ),
        (
            "sort keys beginning with post",
            Some(SortKeyCondition::BeginsWith(s("post"))),
        ),
        (
            "sort keys beginning with é",
            Some(SortKeyCondition::BeginsWith(s("é"))),
        ),
        (
            "sort keys beginning with a prefix nobody has",
            Some(SortKeyCondition::BeginsWith(s("nothing"))),
        ),
        (
            "sort keys between post#0005 and post#0014",
            Some(SortKeyCondition::Between(s("post#0005"), s("post#0014"))),
        ),
        (
            "sort keys greater than post#0020",
            Some(SortKeyCondition::GreaterThan(s("post#0020"))),
        ),
        (
            "sort keys from post#0020 up",
            Some(SortKeyCondition::GreaterOrEqual(s("post#0020"))),
        ),
        (
            "sort keys less than comment#0002",
            Some(SortKeyCondition::LessThan(s("comment#0002"))),
        ),
        (
            "sort keys up to post#0003",
            Some(SortKeyCondition::LessOrEqual(s("post#0003"))),
        ),
        (
            "the sort key post#0007",
            Some(SortKeyCondition::Equals(s("post#0007"))),
        ),
    ];
    for (label, condition) in cases {
        let matching: Vec<String> = ascending
            .iter()
            .filter(|sk| condition.as_ref().is_none_or(|c| sort_key_matches(c, sk)))
            .cloned()
            .collect();
        for forward in [true, false] {
            let direction = if forward { "ascending" } else { "descending" };
            let what = format!("query of {label}, {direction}");
            let mut expected = matching.clone();
            if !forward {
                expected.reverse();
            }
            let mut query = Query::partition(&pk);
            query.sort = condition.clone();
            query.forward = forward;

            let single = ok(
                store.query(&query.clone().limit(100)).await,
                &format!("{what}: one big page"),
            );
            assert_eq!(
                sort_keys(&single.items),
                expected,
                "{what}: one page should hold the matching items in order"
            );
            assert!(
                single.cursor.is_none(),
                "{what}: a page holding every match should carry no cursor"
            );

            let (paged, _) = all_pages(store, query, 7, &format!("{what}, by pages of 7")).await;
            assert_no_duplicates(&paged, &format!("{what}, by pages of 7"));
            assert_eq!(
                sort_keys(&paged),
                expected,
                "{what}: the pages of 7 put together should equal the full ordered list"
            );
        }
    }

    // The items come back whole.
    let page = ok(
        store
            .query(&Query::partition(&pk).sort(SortKeyCondition::Equals("post#0007".into())))
            .await,
        "querying one sort key should work",
    );
    let n = sks
        .iter()
        .position(|sk| sk == "post#0007")
        .unwrap_or_default();
    assert_eq!(
        page.items,
        vec![obj(json!({"pk": pk, "sk": "post#0007", "n": n}))],
        "a query should return whole items"
    );

    // A limit above the maximum is clamped, not refused.
    let page = ok(
        store.query(&Query::partition(&pk).limit(u32::MAX)).await,
        "a huge limit should be accepted",
    );
    assert_eq!(
        page.items.len(),
        sks.len(),
        "a huge limit should still return the whole small partition"
    );
}

async fn cursors(store: &dyn ItemStore, ns: &str) {
    let pk = format!("{ns}#timeline");
    let other = format!("{ns}#counters");
    let first = ok(
        store.query(&Query::partition(&pk).limit(7)).await,
        "reading a first page should work",
    );
    let cursor = first
        .cursor
        .unwrap_or_else(|| panic!("a first page of 7 out of 30 items should carry a cursor"));

    let again = ok(
        store
            .query(&Query::partition(&pk).limit(7).after(Some(cursor.clone())))
            .await,
        "following a cursor should work",
    );
    let again_twice = ok(
        store
            .query(&Query::partition(&pk).limit(7).after(Some(cursor.clone())))
            .await,
        "following the same cursor a second time should work",
    );
    assert_eq!(
        again.items, again_twice.items,
        "the same cursor should give the same next page"
    );
    assert_eq!(
        sort_keys(&again.items).first().map(String::as_str),
        Some("post#0003"),
        "the second page should start right after the first"
    );

    expect_invalid_cursor(
        store
            .query(
                &Query::partition(&other)
                    .limit(7)
                    .after(Some(cursor.clone())),
            )
            .await,
        "a cursor used on another partition",
    );
    expect_invalid_cursor(
        store
            .query(
                &Query::partition(&pk)
                    .on_index(IndexName::Gsi1)
                    .limit(7)
                    .after(Some(cursor.clone())),
            )
            .await,
        "a table cursor used on an index query",
    );
    let mut tampered: Vec<char> = cursor.chars().collect();
    if let Some(c) = tampered.get_mut(2) {
        *c = if *c == 'A' { 'B' } else { 'A' };
    }
    let tampered: String = tampered.into_iter().collect();
    expect_invalid_cursor(
        store
            .query(&Query::partition(&pk).limit(7).after(Some(tampered)))
            .await,
        "a tampered cursor",
    );
    for garbage in ["garbage", "", "eyJzIjoidGFibGUifQ.AAAA", "..."] {
        expect_invalid_cursor(
            store
                .query(&Query::partition(&pk).limit(7).after(Some(garbage.into())))
                .await,
            &format!("the made-up cursor {garbage:?}"),
        );
    }
}

async fn paging_under_concurrent_inserts(store: &dyn ItemStore, ns: &str) {
    let pk = format!("{ns}#live");
    for i in 0..20 {
        ok(
            store
                .put(obj(json!({"pk": pk, "sk": format!("msg#{i:04}")})), None)
                .await,
            "putting a message should work",
        );
    }
    let first = ok(
        store.query(&Query::partition(&pk).limit(7)).await,
        "reading the first page should work",
    );
    let mut seen = sort_keys(&first.items);
    // New items arrive while a reader pages: one behind its position, one ahead of it.
    ok(
        store
            .put(obj(json!({"pk": pk, "sk": "msg#0003b"})), None)
            .await,
        "inserting behind the reader should work",
    );
    ok(
        store
            .put(obj(json!({"pk": pk, "sk": "msg#0012b"})), None)
            .await,
        "inserting ahead of the reader should work",
    );
    let mut cursor = first.cursor;
    while let Some(next) = cursor {
        let page = ok(
            store
                .query(&Query::partition(&pk).limit(7).after(Some(next)))
                .await,
            "reading a page should work",
        );
        seen.extend(sort_keys(&page.items));
        cursor = page.cursor;
    }
    let mut expected: Vec<String> = (0..20).map(|i| format!("msg#{i:04}")).collect();
    expected.push("msg#0012b".into());
    expected.sort();
    assert_eq!(
        seen, expected,
        "paging should neither skip nor repeat items when others are inserted meanwhile (the one inserted ahead shows up, the one behind does not)"
    );
}

async fn index_queries(store: &dyn ItemStore, ns: &str) {
    let feed = format!("{ns}#feed");
    let tag = format!("{ns}#tag#rouen");
    let mut in_feed = Vec::new();
    let mut in_tag = Vec::new();
    for i in 0..12_usize {
        let author = format!("{ns}#author#{}", i % 4);
        // Groups of three share a date: ties on the index sort key, split across page boundaries.
        let date = format!("2025-06-{:02}", 10 + i / 3);
        let mut item = obj(json!({
            "pk": author, "sk": format!("post#{i:02}"), "gsi1pk": feed, "gsi1sk": date, "text": format!("message {i}"),
        }));
        if i % 2 == 0 {
            item.insert("gsi2pk".into(), json!(tag));
            item.insert("gsi2sk".into(), json!(format!("{:03}", 100 - i)));
            in_tag.push(item.clone());
        }
        ok(
            store.put(item.clone(), None).await,
            "putting an indexed item should work",
        );
        in_feed.push(item);
    }
    // Items in the same table partitions but outside the feed: no index keys, or half of them.
    for i in 0..3 {
        let author = format!("{ns}#author#{i}");
        ok(
            store
                .put(obj(json!({"pk": author, "sk": format!("draft#{i}")})), None)
                .await,
            "putting an unindexed item should work",
        );
        ok(
            store
                .put(obj(json!({"pk": author, "sk": format!("half#{i}"), "gsi1pk": feed, "gsi2pk": tag})), None)
                .await,
            "putting an item with only an index partition key should work",
        );
    }
    // In the tag index only.
    for i in 0..2 {
        let item = obj(json!({
            "pk": format!("{ns}#venue#{i}"), "sk": "venue", "gsi2pk": tag, "gsi2sk": format!("{:03}", 200 + i),
        }));
        ok(
            store.put(item.clone(), None).await,
            "putting an item indexed only in gsi2 should work",
        );
        in_tag.push(item);
    }

    let cases = [
        (
            "the feed index",
            IndexName::Gsi1,
            feed.as_str(),
            None,
            in_feed.clone(),
        ),
        (
            "the feed index between two dates",
            IndexName::Gsi1,
            feed.as_str(),
            Some(SortKeyCondition::Between(
                "2025-06-11".into(),
                "2025-06-12".into(),
            )),
            in_feed.clone(),
        ),
        (
            "the feed index after a date",
            IndexName::Gsi1,
            feed.as_str(),
            Some(SortKeyCondition::GreaterThan("2025-06-12".into())),
            in_feed.clone(),
        ),
        (
            "the feed index by month prefix",
            IndexName::Gsi1,
            feed.as_str(),
            Some(SortKeyCondition::BeginsWith("2025-06".into())),
            in_feed.clone(),
        ),
        (
            "the tag index",
            IndexName::Gsi2,
            tag.as_str(),
            None,
            in_tag.clone(),
        ),
    ];
    for (label, index, partition, condition, population) in cases {
        let mut expected: Vec<Item> = population
            .into_iter()
            .filter(|i| {
                condition
                    .as_ref()
                    .is_none_or(|c| sort_key_matches(c, &attr_str(i, index.sort_attr())))
            })
            .collect();
        expected.sort_by_key(|i| attr_str(i, index.sort_attr()));
        for forward in [true, false] {
            let direction = if forward { "ascending" } else { "descending" };
            let what = format!("query of {label}, {direction}");
            let mut query = Query::partition(partition).on_index(index);
            query.sort = condition.clone();
            query.forward = forward;
            let (items, _) = all_pages(store, query, 5, &format!("{what}, by pages of 5")).await;
            assert_no_duplicates(&items, &what);
            let mut index_sks: Vec<String> = expected
                .iter()
                .map(|i| attr_str(i, index.sort_attr()))
                .collect();
            if !forward {
                index_sks.reverse();
            }
            let got_sks: Vec<String> = items
                .iter()
                .map(|i| attr_str(i, index.sort_attr()))
                .collect();
            assert_eq!(
                got_sks, index_sks,
                "{what}: items should come in index sort key order"
            );
            // Ties may come in any order, but each item exactly once and whole.
            let got: BTreeSet<String> = items
                .iter()
                .map(|i| Value::Object(i.clone()).to_string())
                .collect();
            let want: BTreeSet<String> = expected
                .iter()
                .map(|i| Value::Object(i.clone()).to_string())
                .collect();
            assert_eq!(
                got, want,
                "{what}: the index should return exactly the indexed items, whole"
            );
        }
    }

    let empty = ok(
        store
            .query(&Query::partition(format!("{ns}#feed#nobody")).on_index(IndexName::Gsi1))
            .await,
        "querying an empty index partition should work",
    );
    assert!(
        empty.items.is_empty() && empty.cursor.is_none(),
        "an empty index partition should give an empty page"
    );

    let page = ok(
        store
            .query(&Query::partition(&feed).on_index(IndexName::Gsi1).limit(5))
            .await,
        "reading a first index page should work",
    );
    let cursor = page
        .cursor
        .unwrap_or_else(|| panic!("a first index page of 5 out of 12 items should carry a cursor"));
    expect_invalid_cursor(
        store
            .query(
                &Query::partition(&feed)
                    .on_index(IndexName::Gsi2)
                    .limit(5)
                    .after(Some(cursor.clone())),
            )
            .await,
        "a gsi1 cursor used on gsi2",
    );
    expect_invalid_cursor(
        store
            .query(&Query::partition(&feed).limit(5).after(Some(cursor.clone())))
            .await,
        "an index cursor used on a table query",
    );
    expect_invalid_cursor(
        store
            .query(
                &Query::partition(&tag)
                    .on_index(IndexName::Gsi1)
                    .limit(5)
                    .after(Some(cursor)),
            )
            .await,
        "an index cursor used on another index partition",
    );
}

async fn batch_get(store: &dyn ItemStore, ns: &str) {
    let mut present = Vec::new();
    for i in 0..5 {
        let item =
            obj(json!({"pk": format!("{ns}#batch#{}", i % 2), "sk": format!("item#{i}"), "i": i}));
        ok(
            store.put(item.clone(), None).await,
            "putting a batch item should work",
        );
        present.push(item);
    }
    let mut keys: Vec<Key> = present.iter().map(key_of).collect();
    keys.insert(1, Key::new(format!("{ns}#batch#0"), "missing#1"));
    keys.insert(4, Key::new(format!("{ns}#batch#9"), "item#0"));
    keys.push(Key::new(format!("{ns}#batch#1"), "missing#2"));
    let found = ok(
        store.batch_get(&keys).await,
        "a batch get of present and missing keys should work",
    );
    let got: BTreeSet<String> = found
        .iter()
        .map(|i| Value::Object(i.clone()).to_string())
        .collect();
    let want: BTreeSet<String> = present
        .iter()
        .map(|i| Value::Object(i.clone()).to_string())
        .collect();
    assert_eq!(
        found.len(),
        5,
        "a batch get should return each present item once and skip missing keys"
    );
    assert_eq!(
        got, want,
        "a batch get should return the present items, whole"
    );

    let too_many: Vec<Key> = (0..=MAX_BATCH_GET_KEYS)
        .map(|i| Key::new(format!("{ns}#batch#0"), format!("k{i}")))
        .collect();
    expect_invalid_request(store.batch_get(&too_many).await, "a batch get of 101 keys");
}

async fn transactions(store: &dyn ItemStore, ns: &str) {
    let pk = format!("{ns}#tx");
    let slot = |i: usize| format!("slot#{i:02}");
    let slot_item = |i: usize| obj(json!({"pk": pk, "sk": slot(i), "n": i}));

    let puts: Vec<TransactOp> = (0..MAX_TRANSACTION_OPS)
        .map(|i| TransactOp::Put {
            item: slot_item(i),
            condition: Some(Condition::NotExists),
        })
        .collect();
    ok(
        store.transact_write(puts).await,
        "a transaction of 25 puts should succeed",
    );
    let (items, _) = all_pages(
        store,
        Query::partition(&pk),
        100,
        "reading the transaction's items",
    )
    .await;
    assert_eq!(
        items,
        (0..25).map(slot_item).collect::<Vec<_>>(),
        "all 25 items of the transaction should be written"
    );

    // 25 mixed writes whose 18th (index 17) checks a condition that does not hold.
    let mixed = |check_n: i64| -> Vec<TransactOp> {
        (0..MAX_TRANSACTION_OPS)
            .map(|i| match i {
                0..8 => TransactOp::Update {
                    key: Key::new(&pk, slot(i)),
                    update: Update::new().add("n", 100).set("touched", true),
                    condition: Some(Condition::Exists),
                },
                8..12 => TransactOp::Delete {
                    key: Key::new(&pk, slot(i)),
                    condition: Some(Condition::Exists),
                },
                12..17 => TransactOp::Put {
                    item: obj(json!({"pk": pk, "sk": format!("extra#{i:02}")})),
                    condition: Some(Condition::NotExists),
                },
                17 => TransactOp::Check {
                    key: Key::new(&pk, slot(17)),
                    condition: Condition::Equals("n".into(), json!(check_n)),
                },
                _ => TransactOp::Put {
                    item: obj(json!({"pk": pk, "sk": slot(i), "n": -1})),
                    condition: None,
                },
            })
            .collect()
    };
    match store.transact_write(mixed(999)).await {
        Err(StoreError::TransactionCanceled { failed }) => {
            assert_eq!(
                failed,
                vec![17],
                "the cancelled transaction should name operation 17, and only it, as failed"
            );
        }
        other => panic!(
            "a transaction with one failing condition should be cancelled as a whole, got {other:?}"
        ),
    }
    let (items, _) = all_pages(
        store,
        Query::partition(&pk),
        100,
        "reading after the cancelled transaction",
    )
    .await;
    assert_eq!(
        items,
        (0..25).map(slot_item).collect::<Vec<_>>(),
        "a cancelled transaction should write, change and delete nothing"
    );

    ok(
        store.transact_write(mixed(17)).await,
        "the same transaction should succeed once its check holds",
    );
    let (items, _) = all_pages(
        store,
        Query::partition(&pk),
        100,
        "reading after the committed transaction",
    )
    .await;
    let mut expected: Vec<Item> = Vec::new();
    for i in 0..25_usize {
        match i {
            0..8 => expected.push(obj(
                json!({"pk": pk, "sk": slot(i), "n": i + 100, "touched": true}),
            )),
            8..12 => {}
            12..17 => {
                expected.push(obj(json!({"pk": pk, "sk": format!("extra#{i:02}")})));
                expected.push(slot_item(i));
            }
            17 => expected.push(slot_item(i)),
            _ => expected.push(obj(json!({"pk": pk, "sk": slot(i), "n": -1}))),
        }
    }
    expected.sort_by_key(|i| key_of(i).sk);
    assert_eq!(
        items, expected,
        "a committed transaction should apply every one of its writes"
    );

    let too_many: Vec<TransactOp> = (0..=MAX_TRANSACTION_OPS)
        .map(|i| TransactOp::Put {
            item: obj(json!({"pk": pk, "sk": format!("big#{i:02}")})),
            condition: None,
        })
        .collect();
    expect_invalid_request(
        store.transact_write(too_many).await,
        "a transaction of 26 operations",
    );
    let page = ok(
        store
            .query(&Query::partition(&pk).sort(SortKeyCondition::BeginsWith("big#".into())))
            .await,
        "reading after the refused transaction should work",
    );
    assert!(
        page.items.is_empty(),
        "a refused transaction of 26 operations should write nothing"
    );

    expect_invalid_request(
        store.transact_write(Vec::new()).await,
        "an empty transaction",
    );
    expect_invalid_request(
        store
            .transact_write(vec![
                TransactOp::Put {
                    item: slot_item(0),
                    condition: None,
                },
                TransactOp::Delete {
                    key: Key::new(&pk, slot(0)),
                    condition: None,
                },
            ])
            .await,
        "a transaction touching the same item twice",
    );
    expect_invalid_request(
        store
            .transact_write(vec![TransactOp::Update {
                key: Key::new(&pk, slot(1)),
                update: Update::new().set("sk", "moved"),
                condition: None,
            }])
            .await,
        "a transaction whose update changes a sort key",
    );
}

async fn time_to_live(store: &dyn ItemStore, clock: &ManualClock, ns: &str) {
    let pk = format!("{ns}#sessions");
    let index_pk = format!("{ns}#sessions-by-user");
    let now = clock.now_epoch();
    let session_key = Key::new(&pk, "session#1");
    let session = obj(json!({
        "pk": pk, "sk": "session#1", "expires_at": now + 60, "gsi1pk": index_pk, "gsi1sk": "session#1",
    }));
    let keep =
        obj(json!({"pk": pk, "sk": "session#keep", "gsi1pk": index_pk, "gsi1sk": "session#keep"}));
    let lapsed = obj(json!({"pk": pk, "sk": "session#lapsed", "expires_at": now - 1}));
    ok(
        store.put(session.clone(), None).await,
        "putting a session that expires in a minute should work",
    );
    ok(
        store.put(keep.clone(), None).await,
        "putting a session that never expires should work",
    );
    ok(
        store.put(lapsed, None).await,
        "putting an already expired session should work",
    );
    let session_keys = [
        session_key.clone(),
        Key::new(&pk, "session#keep"),
        Key::new(&pk, "session#lapsed"),
    ];

    let read = ok(
        store.get(&session_key).await,
        "reading a live session should work",
    );
    assert_eq!(
        read,
        Some(session.clone()),
        "a session that expires in a minute should still be visible"
    );
    let gone = ok(
        store.get(&Key::new(&pk, "session#lapsed")).await,
        "reading an expired session should work",
    );
    assert_eq!(
        gone, None,
        "an item written already expired should be invisible"
    );
    let page = ok(
        store.query(&Query::partition(&pk)).await,
        "querying live sessions should work",
    );
    assert_eq!(
        sort_keys(&page.items),
        ["session#1", "session#keep"],
        "a query should show live items only"
    );
    let page = ok(
        store
            .query(&Query::partition(&index_pk).on_index(IndexName::Gsi1))
            .await,
        "querying the index should work",
    );
    assert_eq!(
        page.items.len(),
        2,
        "an index query should show the live session"
    );
    let found = ok(
        store.batch_get(&session_keys).await,
        "a batch get of sessions should work",
    );
    assert_eq!(found.len(), 2, "a batch get should show live items only");

    clock.advance(chrono::Duration::seconds(120));

    let read = ok(
        store.get(&session_key).await,
        "reading an expired session should work",
    );
    assert_eq!(read, None, "an expired item should be invisible to get");
    let page = ok(
        store.query(&Query::partition(&pk)).await,
        "querying after expiry should work",
    );
    assert_eq!(
        page.items,
        vec![keep.clone()],
        "an expired item should be invisible to queries"
    );
    assert!(
        page.cursor.is_none(),
        "a query whose only other items expired should carry no cursor"
    );
    let page = ok(
        store
            .query(&Query::partition(&index_pk).on_index(IndexName::Gsi1))
            .await,
        "querying the index should work",
    );
    assert_eq!(
        page.items,
        vec![keep.clone()],
        "an expired item should be invisible to index queries"
    );
    let found = ok(
        store.batch_get(&session_keys).await,
        "a batch get after expiry should work",
    );
    assert_eq!(
        found,
        vec![keep],
        "an expired item should be invisible to batch gets"
    );

    // Conditions see an expired item as absent, too.
    expect_condition_failed(
        store
            .update(
                &session_key,
                &Update::new().set("refreshed", true),
                Some(Condition::Exists),
            )
            .await,
        "refreshing an expired session on the condition that it exists",
    );
    expect_condition_failed(
        store.delete(&session_key, Some(Condition::Exists)).await,
        "deleting an expired session on the condition that it exists",
    );
    let fresh = obj(json!({"pk": pk, "sk": "session#1", "user": "user-2"}));
    ok(
        store.put(fresh.clone(), Some(Condition::NotExists)).await,
        "a put on the condition that nothing is there should succeed over an expired item",
    );
    let read = ok(
        store.get(&session_key).await,
        "reading the new session should work",
    );
    assert_eq!(
        read,
        Some(fresh),
        "the new item should replace the expired one entirely"
    );

    // Expiry is inclusive: an item expiring exactly now is already gone.
    let edge = obj(json!({"pk": pk, "sk": "session#edge", "expires_at": clock.now_epoch()}));
    ok(
        store.put(edge, None).await,
        "putting a session that expires this second should work",
    );
    let read = ok(
        store.get(&Key::new(&pk, "session#edge")).await,
        "reading it should work",
    );
    assert_eq!(
        read, None,
        "an item whose expiry is the current second should be invisible"
    );
}
