//! The item store suite against the SQLite engine, and the engine's persistence across a reopen.

use std::sync::Arc;

use chrono::Utc;
use rouen_embedded::item_store::SqliteItemStore;
use rouen_ports::{CursorCodec, ItemStore, Key, ManualClock, Query, Update};
use serde_json::json;

fn codec() -> CursorCodec {
    CursorCodec::new(b"conformance-embedded-cursor-key!")
}

#[tokio::test(flavor = "multi_thread")]
async fn sqlite_item_store_passes_the_conformance_suite() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let clock = Arc::new(ManualClock::new(Utc::now()));
    let store = SqliteItemStore::open(&dir.path().join("items.db"), codec(), clock.clone())
        .expect("the store should open in a fresh directory");
    rouen_tests::conformance::item_store::run(&store, &clock).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn sqlite_item_store_keeps_items_across_a_reopen() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("nested/dir/items.db");
    let clock = Arc::new(ManualClock::new(Utc::now()));
    let item = json!({"pk": "user#1", "sk": "profile", "name": "Émile", "gsi1pk": "city#rouen", "gsi1sk": "Émile"});
    let item = item.as_object().cloned().expect("an object");
    let cursor = {
        let store =
            SqliteItemStore::open(&path, codec(), clock.clone()).expect("the store should open");
        store
            .put(item.clone(), None)
            .await
            .expect("the put should work");
        store
            .put(
                json!({"pk": "user#1", "sk": "zz"})
                    .as_object()
                    .cloned()
                    .expect("an object"),
                None,
            )
            .await
            .expect("put");
        store
            .update(
                &Key::new("user#1", "stats"),
                &Update::new().add("posts", 3),
                None,
            )
            .await
            .expect("update");
        let page = store
            .query(&Query::partition("user#1").limit(1))
            .await
            .expect("query");
        page.cursor
            .expect("a first page of 1 out of 3 should carry a cursor")
    };

    let store =
        SqliteItemStore::open(&path, codec(), clock.clone()).expect("the store should reopen");
    let read = store
        .get(&Key::new("user#1", "profile"))
        .await
        .expect("get");
    assert_eq!(
        read,
        Some(item),
        "an item should survive closing and reopening the store"
    );
    let stats = store
        .get(&Key::new("user#1", "stats"))
        .await
        .expect("get")
        .expect("the counter item should survive");
    assert_eq!(
        stats.get("posts"),
        Some(&json!(3)),
        "a counter should survive closing and reopening the store"
    );
    let index = store
        .query(&Query::partition("city#rouen").on_index(rouen_ports::IndexName::Gsi1))
        .await
        .expect("index query");
    assert_eq!(
        index.items.len(),
        1,
        "the secondary index should survive a reopen"
    );
    let next = store
        .query(&Query::partition("user#1").limit(1).after(Some(cursor)))
        .await
        .expect("a cursor minted before the reopen should still work");
    assert_eq!(
        next.items.len(),
        1,
        "the page after the cursor should hold the next item"
    );
    store.ping().await.expect("ping");
}
