use crate::harness::{PASSWORD, Platform, Session, platform};
use reqwest::Method;
use serde_json::{Value, json};

/// Makes a resident a moderator the way an operator would (the role on the profile), then signs in
/// again so the access token carries it.
async fn moderator(p: &Platform, username: &str) -> Session {
    let s = p.resident(username).await;
    let platform = p.gw.state.engines.platform.clone();
    platform
        .store
        .update(
            &rouen_api::accounts::keys::profile(&s.id),
            &rouen_ports::Update::new().set("role", "moderator"),
            Some(rouen_ports::Condition::Exists),
        )
        .await
        .expect("role");
    p.sign_in(&s.email, PASSWORD).await
}

fn ids(v: &Value, list: &str) -> Vec<String> {
    v[list]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|p| p["id"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread")]
async fn the_word_list_holds_posts_until_a_moderator_releases_them() {
    let p = platform().await;
    let author = p.resident("hothead").await;
    let reader = p.resident("reader").await;
    let moderator = moderator(&p, "modo").await;
    p.post(
        "/api/v1/users/hothead/follow",
        Some(&reader.access),
        json!({}),
    )
    .await
    .ok();
    let held = p
        .post(
            "/api/v1/posts",
            Some(&author.access),
            json!({"text": "Quel CONNARD ce chauffard"}),
        )
        .await;
    assert_eq!(held.status, 201);
    assert_eq!(held.body["status"], "held");
    let id = held.body["id"].as_str().expect("id").to_owned();
    // Only its author (and moderators) see it.
    p.get(&format!("/api/v1/posts/{id}"), Some(&reader.access))
        .await
        .problem(404, "not_found");
    p.get(&format!("/api/v1/posts/{id}"), Some(&author.access))
        .await
        .ok();
    assert!(ids(p.get("/api/v1/feeds/local", None).await.ok(), "items").is_empty());
    // Residents cannot reach the queue.
    p.get("/api/v1/moderation/held", Some(&reader.access))
        .await
        .problem(403, "forbidden");
    let queue = p
        .get("/api/v1/moderation/held", Some(&moderator.access))
        .await;
    assert_eq!(ids(queue.ok(), "items"), std::slice::from_ref(&id));
    let released = p
        .post(
            &format!("/api/v1/moderation/posts/{id}/status"),
            Some(&moderator.access),
            json!({"status": "visible", "reason": "contexte routier"}),
        )
        .await;
    assert_eq!(released.ok()["status"], "visible");
    assert_eq!(
        ids(p.get("/api/v1/feeds/local", None).await.ok(), "items"),
        std::slice::from_ref(&id)
    );
    p.get(&format!("/api/v1/posts/{id}"), Some(&reader.access))
        .await
        .ok();
    assert!(
        ids(
            p.get("/api/v1/moderation/held", Some(&moderator.access))
                .await
                .ok(),
            "items"
        )
        .is_empty()
    );
    let audit = p
        .get("/api/v1/moderation/audit", Some(&moderator.access))
        .await;
    assert_eq!(audit.ok()["items"][0]["action"], "post_released");
    assert_eq!(audit.body["items"][0]["reason"], "contexte routier");
}

#[tokio::test(flavor = "multi_thread")]
async fn reports_are_queued_and_resolved_with_an_audit_trail() {
    let p = platform().await;
    let author = p.resident("spammer").await;
    let reporter = p.resident("reporter").await;
    let moderator = moderator(&p, "modo").await;
    let post = p
        .post(
            "/api/v1/posts",
            Some(&author.access),
            json!({"text": "Achetez mes montres pas chères !!!"}),
        )
        .await;
    let id = post.body["id"].as_str().expect("id").to_owned();
    p.post(
        &format!("/api/v1/posts/{id}/report"),
        Some(&reporter.access),
        json!({"reason": "spam", "details": "publicité"}),
    )
    .await;
    let queue = p
        .get("/api/v1/moderation/reports", Some(&moderator.access))
        .await;
    let report = queue.ok()["items"][0].clone();
    assert_eq!(report["reason"], "spam");
    assert_eq!(report["post"]["id"], id.as_str());
    let report_id = report["id"].as_str().expect("id").to_owned();
    let closed = p
        .post(
            &format!("/api/v1/moderation/reports/{report_id}/resolve"),
            Some(&moderator.access),
            json!({"outcome": "hidden", "reason": "spam"}),
        )
        .await;
    assert_eq!(closed.ok()["outcome"], "hidden");
    assert!(
        ids(
            p.get("/api/v1/moderation/reports", Some(&moderator.access))
                .await
                .ok(),
            "items"
        )
        .is_empty()
    );
    p.get(&format!("/api/v1/posts/{id}"), Some(&reporter.access))
        .await
        .problem(404, "not_found");
    // Restoring it brings it back.
    p.post(
        &format!("/api/v1/moderation/posts/{id}/status"),
        Some(&moderator.access),
        json!({"status": "visible"}),
    )
    .await
    .ok();
    p.get(&format!("/api/v1/posts/{id}"), Some(&reporter.access))
        .await
        .ok();
    // Moderators may remove any comment and any post; both are audited.
    let comment = p
        .post(
            &format!("/api/v1/posts/{id}/comments"),
            Some(&reporter.access),
            json!({"text": "arnaque !"}),
        )
        .await;
    let cid = comment.body["id"].as_str().expect("id").to_owned();
    assert_eq!(
        p.call(
            Method::DELETE,
            &format!("/api/v1/comments/{cid}"),
            Some(&moderator.access),
            None
        )
        .await
        .status,
        204
    );

    assert_eq!(
        p.call(
            Method::DELETE,
            &format!("/api/v1/posts/{id}"),
            Some(&moderator.access),
            None
        )
        .await
        .status,
        204
    );
    let audit = p
        .get("/api/v1/moderation/audit", Some(&moderator.access))
        .await;
    let actions: Vec<&str> = audit.ok()["items"]
        .as_array()
        .map(|a| a.iter().filter_map(|e| e["action"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(
        actions,
        [
            "post_removed",
            "comment_removed",
            "post_released",
            "report_hidden"
        ]
    );
    p.get(
        "/api/v1/moderation/audit?month=2026-13",
        Some(&moderator.access),
    )
    .await
    .problem(422, "validation_failed");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_suspended_account_can_neither_sign_in_nor_post() {
    let p = platform().await;
    let troll = p.resident("troll").await;
    let moderator = moderator(&p, "modo").await;
    p.post(
        "/api/v1/moderation/users/troll/suspend",
        Some(&troll.access),
        json!({"days": 7}),
    )
    .await
    .problem(403, "forbidden");
    let s = p
        .post(
            "/api/v1/moderation/users/troll/suspend",
            Some(&moderator.access),
            json!({"days": 7, "reason": "harcèlement"}),
        )
        .await;
    assert!(s.ok()["suspended_until"].as_str().is_some());
    p.login("troll", PASSWORD)
        .await
        .problem(403, "account_suspended");
    p.refresh(&troll)
        .await
        .problem(401, "invalid_refresh_token");
    p.post(
        "/api/v1/posts",
        Some(&troll.access),
        json!({"text": "encore moi"}),
    )
    .await
    .problem(403, "account_suspended");
    p.post(
        "/api/v1/moderation/users/troll/suspend",
        Some(&moderator.access),
        json!({"days": 0}),
    )
    .await
    .problem(422, "validation_failed");
    p.post(
        "/api/v1/moderation/users/troll/suspend",
        Some(&moderator.access),
        json!({"days": null}),
    )
    .await
    .ok();
    p.login("troll", PASSWORD).await.ok();
}
