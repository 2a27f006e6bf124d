use crate::harness::{platform, usernames};
use reqwest::Method;
use serde_json::json;

async fn counts(p: &crate::harness::Platform, who: &str) -> (i64, i64) {
    let profile = p.get(&format!("/api/v1/users/{who}"), None).await;
    let c = &profile.ok()["counts"];
    (
        c["followers"].as_i64().unwrap_or(-1),
        c["following"].as_i64().unwrap_or(-1),
    )
}

#[tokio::test(flavor = "multi_thread")]
async fn following_is_idempotent_counted_and_listed() {
    let p = platform().await;
    let marie = p.resident("marie_76").await;
    let paul = p.resident("paul_rg").await;
    let zoe = p.resident("zoe_sm").await;
    for _ in 0..2 {
        let f = p
            .post(
                "/api/v1/users/paul_rg/follow",
                Some(&marie.access),
                json!({}),
            )
            .await;
        assert_eq!(f.ok()["state"], "following");
    }
    p.post(
        &format!("/api/v1/users/{}/follow", paul.id),
        Some(&zoe.access),
        json!({}),
    )
    .await
    .ok();
    assert_eq!(counts(&p, "paul_rg").await, (2, 0));
    assert_eq!(counts(&p, "marie_76").await, (0, 1));
    let followers = p.get("/api/v1/users/paul_rg/followers", None).await;
    assert_eq!(
        usernames(followers.ok()),
        ["zoe_sm", "marie_76"],
        "newest first"
    );
    let following = p.get("/api/v1/users/marie_76/following", None).await;
    assert_eq!(usernames(following.ok()), ["paul_rg"]);
    let rel = p.get("/api/v1/users/paul_rg", Some(&marie.access)).await;
    assert_eq!(rel.ok()["relationship"]["following"], true);
    let back = p.get("/api/v1/users/marie_76", Some(&paul.access)).await;
    assert_eq!(back.ok()["relationship"]["followed_by"], true);

    // Pages of one, with cursors.
    let first = p.get("/api/v1/users/paul_rg/followers?limit=1", None).await;
    assert_eq!(usernames(first.ok()), ["zoe_sm"]);
    let cursor = first.body["next_cursor"]
        .as_str()
        .expect("a cursor")
        .to_owned();
    let second = p
        .get(
            &format!("/api/v1/users/paul_rg/followers?limit=1&cursor={cursor}"),
            None,
        )
        .await;
    assert_eq!(usernames(second.ok()), ["marie_76"]);
    // A cursor of one list does not open another.
    p.get(
        &format!("/api/v1/users/marie_76/followers?limit=1&cursor={cursor}"),
        None,
    )
    .await
    .problem(400, "invalid_cursor");

    for _ in 0..2 {
        let gone = p
            .call(
                Method::DELETE,
                "/api/v1/users/paul_rg/follow",
                Some(&marie.access),
                None,
            )
            .await;
        assert_eq!(gone.status, 204);
    }
    assert_eq!(counts(&p, "paul_rg").await, (1, 0));
    assert_eq!(counts(&p, "marie_76").await, (0, 0));
    p.call(
        Method::DELETE,
        "/api/v1/users/marie_76/follow",
        Some(&marie.access),
        None,
    )
    .await
    .problem(422, "validation_failed");
    p.post(
        "/api/v1/users/marie_76/follow",
        Some(&marie.access),
        json!({}),
    )
    .await
    .problem(422, "validation_failed");
    p.post(
        "/api/v1/users/nobody_here/follow",
        Some(&marie.access),
        json!({}),
    )
    .await
    .problem(404, "not_found");
}

#[tokio::test(flavor = "multi_thread")]
async fn concurrent_follows_count_once() {
    let p = platform().await;
    let marie = p.resident("marie_76").await;
    p.resident("paul_rg").await;
    let attempts = (0..12).map(|_| {
        p.post(
            "/api/v1/users/paul_rg/follow",
            Some(&marie.access),
            json!({}),
        )
    });
    for answer in futures::future::join_all(attempts).await {
        assert_eq!(answer.ok()["state"], "following");
    }
    assert_eq!(counts(&p, "paul_rg").await, (1, 0));
    assert_eq!(counts(&p, "marie_76").await, (0, 1));
}

#[tokio::test(flavor = "multi_thread")]
async fn private_accounts_approve_their_followers() {
    let p = platform().await;
    let owner = p.resident("discrete").await;
    let asker = p.resident("curious").await;
    let other = p.resident("pushy").await;
    p.call(
        Method::PUT,
        "/api/v1/users/me/settings",
        Some(&owner.access),
        Some(json!({"private_account": true})),
    )
    .await
    .ok();
    let asked = p
        .post(
            "/api/v1/users/discrete/follow",
            Some(&asker.access),
            json!({}),
        )
        .await;
    assert_eq!(asked.ok()["state"], "requested");
    p.post(
        "/api/v1/users/discrete/follow",
        Some(&other.access),
        json!({}),
    )
    .await
    .ok();
    let rel = p.get("/api/v1/users/discrete", Some(&asker.access)).await;
    assert_eq!(rel.ok()["relationship"]["requested"], true);
    assert_eq!(rel.body["relationship"]["following"], false);
    assert_eq!(counts(&p, "discrete").await, (0, 0));
    // Lists of a private account are for approved followers.
    p.get("/api/v1/users/discrete/followers", Some(&asker.access))
        .await
        .problem(403, "private_account");
    p.get("/api/v1/users/discrete/following", None)
        .await
        .problem(403, "private_account");
    p.get("/api/v1/users/discrete/followers", Some(&owner.access))
        .await
        .ok();

    let pending = p
        .get("/api/v1/users/me/follow-requests", Some(&owner.access))
        .await;
    assert_eq!(usernames(pending.ok()), ["pushy", "curious"]);
    // Only the owner answers requests to them.
    assert_eq!(
        p.post(
            &format!("/api/v1/users/me/follow-requests/{}/accept", other.id),
            Some(&asker.access),
            json!({})
        )
        .await
        .status,
        404
    );
    // Nobody asks to follow themselves.
    p.post(
        &format!("/api/v1/users/me/follow-requests/{}/accept", owner.id),
        Some(&owner.access),
        json!({}),
    )
    .await
    .problem(404, "not_found");
    let accepted = p
        .post(
            &format!("/api/v1/users/me/follow-requests/{}/accept", asker.id),
            Some(&owner.access),
            json!({}),
        )
        .await;
    assert_eq!(accepted.status, 204);
    let rejected = p
        .post(
            &format!("/api/v1/users/me/follow-requests/{}/reject", other.id),
            Some(&owner.access),
            json!({}),
        )
        .await;
    assert_eq!(rejected.status, 204);
    p.post(
        &format!("/api/v1/users/me/follow-requests/{}/reject", other.id),
        Some(&owner.access),
        json!({}),
    )
    .await
    .problem(404, "not_found");
    assert_eq!(counts(&p, "discrete").await, (1, 0));
    assert!(
        usernames(
            p.get("/api/v1/users/me/follow-requests", Some(&owner.access))
                .await
                .ok()
        )
        .is_empty()
    );
    let list = p
        .get("/api/v1/users/discrete/followers", Some(&asker.access))
        .await;
    assert_eq!(usernames(list.ok()), ["curious"]);
    p.get("/api/v1/users/discrete/followers", Some(&other.access))
        .await
        .problem(403, "private_account");
    // Withdrawing a request.
    p.post(
        "/api/v1/users/discrete/follow",
        Some(&other.access),
        json!({}),
    )
    .await
    .ok();
    p.call(
        Method::DELETE,
        "/api/v1/users/discrete/follow",
        Some(&other.access),
        None,
    )
    .await;
    assert!(
        usernames(
            p.get("/api/v1/users/me/follow-requests", Some(&owner.access))
                .await
                .ok()
        )
        .is_empty()
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn blocking_cuts_follows_and_hides_the_blocker() {
    let p = platform().await;
    let victim = p.resident("victim").await;
    let troll = p.resident("troll").await;
    p.post(
        "/api/v1/users/victim/follow",
        Some(&troll.access),
        json!({}),
    )
    .await
    .ok();
    p.post(
        "/api/v1/users/troll/follow",
        Some(&victim.access),
        json!({}),
    )
    .await
    .ok();
    assert_eq!(counts(&p, "victim").await, (1, 1));
    assert_eq!(
        p.post("/api/v1/users/troll/block", Some(&victim.access), json!({}))
            .await
            .status,
        204
    );
    assert_eq!(counts(&p, "victim").await, (0, 0));
    assert_eq!(counts(&p, "troll").await, (0, 0));
    // Seen from the blocked side, the blocker does not exist.
    p.get("/api/v1/users/victim", Some(&troll.access))
        .await
        .problem(404, "not_found");
    p.post(
        "/api/v1/users/victim/follow",
        Some(&troll.access),
        json!({}),
    )
    .await
    .problem(404, "not_found");
    p.get("/api/v1/users/victim/followers", Some(&troll.access))
        .await
        .problem(404, "not_found");
    // The blocker still sees them, marked.
    let seen = p.get("/api/v1/users/troll", Some(&victim.access)).await;
    assert_eq!(seen.ok()["relationship"]["blocking"], true);
    p.post(
        "/api/v1/users/troll/follow",
        Some(&victim.access),
        json!({}),
    )
    .await
    .problem(404, "not_found");
    let blocks = p.get("/api/v1/users/me/blocks", Some(&victim.access)).await;
    assert_eq!(usernames(blocks.ok()), ["troll"]);

    assert_eq!(
        p.call(
            Method::DELETE,
            "/api/v1/users/troll/block",
            Some(&victim.access),
            None
        )
        .await
        .status,
        204
    );
    p.get("/api/v1/users/victim", Some(&troll.access))
        .await
        .ok();
    assert!(
        usernames(
            p.get("/api/v1/users/me/blocks", Some(&victim.access))
                .await
                .ok()
        )
        .is_empty()
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn mutes_are_private_and_listed() {
    let p = platform().await;
    let a = p.resident("quiet_please").await;
    p.resident("loud_one").await;
    assert_eq!(
        p.post("/api/v1/users/loud_one/mute", Some(&a.access), json!({}))
            .await
            .status,
        204
    );
    let rel = p.get("/api/v1/users/loud_one", Some(&a.access)).await;
    assert_eq!(rel.ok()["relationship"]["muting"], true);
    assert_eq!(
        usernames(p.get("/api/v1/users/me/mutes", Some(&a.access)).await.ok()),
        ["loud_one"]
    );
    // The muted resident sees nothing of it.
    let loud = p
        .sign_in("loud_one@example.fr", crate::harness::PASSWORD)
        .await;
    p.get("/api/v1/users/quiet_please", Some(&loud.access))
        .await
        .ok();
    assert_eq!(
        p.call(
            Method::DELETE,
            "/api/v1/users/loud_one/mute",
            Some(&a.access),
            None
        )
        .await
        .status,
        204
    );
    assert!(usernames(p.get("/api/v1/users/me/mutes", Some(&a.access)).await.ok()).is_empty());
    p.post(
        "/api/v1/users/quiet_please/mute",
        Some(&a.access),
        json!({}),
    )
    .await
    .problem(422, "validation_failed");
}
