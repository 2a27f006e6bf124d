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

#[tokio::test(flavor = "multi_thread")]
async fn preferences_are_validated_and_decide_the_channels() {
    let p = platform().await;
    let a = p.resident("prefs_owner").await;
    let b = p.resident("prefs_fan").await;
    let defaults = p
        .get("/api/v1/notifications/preferences", Some(&a.access))
        .await;
    let mut prefs = defaults.ok().clone();
    assert_eq!(
        prefs["like"],
        json!({"in_app": true, "email": false, "push": false})
    );
    assert_eq!(prefs["mention"]["email"], true);
    assert_eq!(prefs["quiet_hours"], Value::Null);
    p.get("/api/v1/notifications/preferences", None)
        .await
        .problem(401, "unauthorized");

    let put = |body: Value| {
        let token = a.access.clone();
        let p = &p;
        async move {
            p.call(
                reqwest::Method::PUT,
                "/api/v1/notifications/preferences",
                Some(&token),
                Some(body),
            )
            .await
        }
    };
    let mut bad = prefs.clone();
    bad["quiet_hours"] = json!({"start": "25:00", "end": "7h"});
    let refused = put(bad).await;
    refused.problem(422, "validation_failed");
    assert_eq!(
        refused.field_codes(),
        vec![
            "body.quiet_hours.start:invalid_format",
            "body.quiet_hours.end:invalid_format"
        ]
    );
    let mut unknown = prefs.clone();
    unknown["telepathy"] = json!(true);
    put(unknown).await.problem(422, "validation_failed");

    // Follows: not in the app any more; likes still.
    prefs["follow"] = json!({"in_app": false, "email": false, "push": false});
    let saved = put(prefs.clone()).await;
    assert_eq!(saved.ok()["follow"]["in_app"], false);
    p.post(
        &format!("/api/v1/users/{}/follow", a.id),
        Some(&b.access),
        json!({}),
    )
    .await;
    let post = p
        .post(
            "/api/v1/posts",
            Some(&a.access),
            json!({"text": "Vue depuis la côte Sainte-Catherine"}),
        )
        .await;
    let post_id = post.ok()["id"].as_str().expect("id").to_owned();
    p.post(
        &format!("/api/v1/posts/{post_id}/like"),
        Some(&b.access),
        json!({}),
    )
    .await;
    let list = notifications_until(&p, &a, |v| kinds(v).contains(&"like".to_owned())).await;
    assert_eq!(
        kinds(&list),
        vec!["like"],
        "no follow notification in the app"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn digests_collect_unseen_notifications_into_one_mail_outside_quiet_hours() {
    use chrono::{Duration as Span, Timelike};
    let p = platform().await;
    let platform = p.gw.state.engines.platform.clone();
    let a = p.resident("digest_owner").await;
    let fans: Vec<Session> =
        futures::future::join_all((0..3).map(|i| p.resident_owned(format!("digest_fan_{i}"))))
            .await;
    let post = p
        .post(
            "/api/v1/posts",
            Some(&a.access),
            json!({"text": "Concert au 106 ce soir"}),
        )
        .await;
    let post_id = post.ok()["id"].as_str().expect("id").to_owned();
    // Quiet right now (Rouen time): a window around the current hour.
    let paris = chrono::Utc::now().with_timezone(&chrono_tz::Europe::Paris);
    let hhmm = |t: chrono::DateTime<chrono_tz::Tz>| format!("{:02}:{:02}", t.hour(), t.minute());
    let mut prefs = p
        .get("/api/v1/notifications/preferences", Some(&a.access))
        .await
        .ok()
        .clone();
    prefs["quiet_hours"] =
        json!({"start": hhmm(paris - Span::hours(1)), "end": hhmm(paris + Span::hours(1))});
    p.call(
        reqwest::Method::PUT,
        "/api/v1/notifications/preferences",
        Some(&a.access),
        Some(prefs.clone()),
    )
    .await
    .ok();
    for fan in &fans {
        p.post(
            &format!("/api/v1/posts/{post_id}/comments"),
            Some(&fan.access),
            json!({"text": "J'y serai !"}),
        )
        .await
        .ok();
    }
    notifications_until(&p, &a, |v| v["items"][0]["actor_count"] == 3).await;
    assert_eq!(
        rouen_api::social::digest::send_all(&platform)
            .await
            .expect("runs"),
        0
    );
    assert!(
        p.mail(&a.email, "notification_digest").await.is_none(),
        "quiet hours hold the digest"
    );

    prefs["quiet_hours"] = Value::Null;
    p.call(
        reqwest::Method::PUT,
        "/api/v1/notifications/preferences",
        Some(&a.access),
        Some(prefs),
    )
    .await
    .ok();
    assert_eq!(
        rouen_api::social::digest::send_all(&platform)
            .await
            .expect("runs"),
        1
    );
    let mail = p
        .mail(&a.email, "notification_digest")
        .await
        .expect("one digest");
    assert!(
        mail.text
            .contains("et 2 autres ont commenté votre publication"),
        "{}",
        mail.text
    );
    assert!(mail.text.contains("/settings/notifications"));
    // Sent once: nothing left for the next run.
    assert_eq!(
        rouen_api::social::digest::send_all(&platform)
            .await
            .expect("runs"),
        0
    );

    // What was read in the app is not mailed.
    p.post(
        &format!("/api/v1/posts/{post_id}/like"),
        Some(&fans[0].access),
        json!({}),
    )
    .await;
    let mut prefs = p
        .get("/api/v1/notifications/preferences", Some(&a.access))
        .await
        .ok()
        .clone();
    prefs["like"]["email"] = json!(true);
    p.call(
        reqwest::Method::PUT,
        "/api/v1/notifications/preferences",
        Some(&a.access),
        Some(prefs),
    )
    .await
    .ok();
    p.post(
        &format!("/api/v1/posts/{post_id}/like"),
        Some(&fans[1].access),
        json!({}),
    )
    .await;
    notifications_until(&p, &a, |v| {
        v["items"].as_array().is_some_and(|i| {
            i.iter()
                .any(|n| n["kind"] == "like" && n["actor_count"] == 2)
        })
    })
    .await;
    p.post("/api/v1/notifications/read", Some(&a.access), json!({}))
        .await
        .ok();
    assert_eq!(
        rouen_api::social::digest::send_all(&platform)
            .await
            .expect("runs"),
        0
    );
}
