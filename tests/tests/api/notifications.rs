use crate::harness::{Platform, Session, platform};
use serde_json::{Value, json};
use std::time::Duration;

async fn notifications_until(p: &Platform, s: &Session, want: impl Fn(&Value) -> bool) -> Value {
    let mut last = Value::Null;
    for _ in 0..300 {
        last = p
            .get("/api/v1/notifications", Some(&s.access))
            .await
            .ok()
            .clone();
        if want(&last) {
            return last;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("notifications never matched: {last}");
}

fn kinds(v: &Value) -> Vec<String> {
    v["items"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|n| n["kind"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread")]
async fn follows_likes_comments_mentions_and_shares_notify_the_author_grouped() {
    let p = platform().await;
    let author = p.resident("author").await;
    let fans: Vec<Session> =
        futures::future::join_all((0..4).map(|i| p.resident_owned(format!("fan_{i}")))).await;
    let created = p
        .post(
            "/api/v1/posts",
            Some(&author.access),
            json!({"text": "Salut @fan_0 !"}),
        )
        .await;
    let id = created.body["id"].as_str().expect("id").to_owned();
    for f in &fans {
        p.post(
            &format!("/api/v1/posts/{id}/like"),
            Some(&f.access),
            json!({}),
        )
        .await
        .ok();
    }
    p.post(
        "/api/v1/users/author/follow",
        Some(&fans[0].access),
        json!({}),
    )
    .await
    .ok();
    p.post(
        &format!("/api/v1/posts/{id}/comments"),
        Some(&fans[1].access),
        json!({"text": "Bravo"}),
    )
    .await
    .ok();
    p.post(
        &format!("/api/v1/posts/{id}/share"),
        Some(&fans[2].access),
        json!({}),
    )
    .await
    .ok();
    // The author liking their own post notifies nobody.
    p.post(
        &format!("/api/v1/posts/{id}/like"),
        Some(&author.access),
        json!({}),
    )
    .await
    .ok();

    let list = notifications_until(&p, &author, |v| kinds(v).len() == 4).await;
    assert_eq!(kinds(&list), ["share", "comment", "follow", "like"]);
    let likes = &list["items"][3];
    assert_eq!(likes["actor_count"], 4, "four likes, one entry");
    assert_eq!(likes["actors"].as_array().map(Vec::len), Some(3));
    assert_eq!(likes["ids"].as_array().map(Vec::len), Some(4));
    assert_eq!(likes["post_id"], id.as_str());

    // The mentioned resident hears about it.
    let mentioned = notifications_until(&p, &fans[0], |v| !kinds(v).is_empty()).await;
    assert_eq!(kinds(&mentioned), ["mention"]);

    let unread = p
        .get("/api/v1/notifications/unread", Some(&author.access))
        .await;
    assert_eq!(unread.ok()["unread"], 7);
    let marked = p
        .post(
            "/api/v1/notifications/read",
            Some(&author.access),
            json!({"ids": likes["ids"]}),
        )
        .await;
    assert_eq!(marked.ok()["marked"], 4);
    assert_eq!(
        p.get("/api/v1/notifications/unread", Some(&author.access))
            .await
            .ok()["unread"],
        3
    );
    p.post(
        "/api/v1/notifications/read",
        Some(&author.access),
        json!({}),
    )
    .await
    .ok();
    assert_eq!(
        p.get("/api/v1/notifications/unread", Some(&author.access))
            .await
            .ok()["unread"],
        0
    );
    let all = p.get("/api/v1/notifications", Some(&author.access)).await;
    assert!(
        all.ok()["items"]
            .as_array()
            .is_some_and(|a| a.iter().all(|n| n["read"] == true))
    );
    p.get("/api/v1/notifications", None)
        .await
        .problem(401, "unauthorized");
}

#[tokio::test(flavor = "multi_thread")]
async fn blocked_residents_notify_nobody() {
    let p = platform().await;
    let author = p.resident("author").await;
    let troll = p.resident("troll").await;
    let friend = p.resident("friend").await;
    p.post("/api/v1/users/troll/block", Some(&author.access), json!({}))
        .await;
    let created = p
        .post(
            "/api/v1/posts",
            Some(&author.access),
            json!({"text": "hello"}),
        )
        .await;
    let id = created.body["id"].as_str().expect("id").to_owned();
    // The troll cannot even see the post; a friend's like arrives alone.
    p.post(
        &format!("/api/v1/posts/{id}/like"),
        Some(&troll.access),
        json!({}),
    )
    .await
    .problem(404, "not_found");
    p.post(
        &format!("/api/v1/posts/{id}/like"),
        Some(&friend.access),
        json!({}),
    )
    .await
    .ok();
    let list = notifications_until(&p, &author, |v| !kinds(v).is_empty()).await;
    assert_eq!(list["items"][0]["actors"][0]["username"], "friend");
    assert_eq!(kinds(&list), ["like"]);
}
