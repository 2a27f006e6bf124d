use crate::harness::{platform, usernames};
use reqwest::Method;
use serde_json::json;

#[tokio::test(flavor = "multi_thread")]
async fn residents_edit_their_own_profile_within_the_rules() {
    let p = platform().await;
    let marie = p.resident("marie_76").await;
    let paul = p.resident("paul_rg").await;
    let saved = p
        .call(
            Method::PUT,
            "/api/v1/users/me",
            Some(&marie.access),
            Some(json!({"display_name": "  Marie D.  ", "bio": "Fan du 106 et des bords de Seine.",
                        "neighbourhood": "saint-sever", "interests": ["concerts", "vélo", "Vélo"], "language": "en"})),
        )
        .await;
    let me = saved.ok();
    assert_eq!(me["display_name"], "Marie D.");
    assert_eq!(me["neighbourhood"], "saint-sever");
    assert_eq!(me["interests"], json!(["concerts", "vélo"]));
    assert_eq!(me["language"], "en");
    assert_eq!(me["settings"]["language"], "en");

    let bad = p
        .call(
            Method::PUT,
            "/api/v1/users/me",
            Some(&marie.access),
            Some(
                json!({"display_name": " ", "bio": "x".repeat(301), "neighbourhood": "paris-15",
                        "interests": ["", "ok"]}),
            ),
        )
        .await;
    let mut codes = bad.field_codes();
    codes.sort();
    assert_eq!(
        codes,
        [
            "body.bio:too_long",
            "body.display_name:invalid_length",
            "body.interests[0]:invalid_length",
            "body.neighbourhood:unknown"
        ]
    );
    p.call(
        Method::PUT,
        "/api/v1/users/me",
        Some(&marie.access),
        Some(json!({"unknown_field": 1})),
    )
    .await
    .problem(422, "validation_failed");
    // Nothing of the refused edit was kept; the other resident is untouched.
    let me = p.get("/api/v1/users/me", Some(&marie.access)).await;
    assert_eq!(me.ok()["display_name"], "Marie D.");
    let other = p.get("/api/v1/users/paul_rg", Some(&marie.access)).await;
    assert_eq!(other.ok()["display_name"], "paul_rg");
    assert_eq!(other.body["bio"], "");

    // Clearing the neighbourhood with null.
    let cleared = p
        .call(
            Method::PUT,
            "/api/v1/users/me",
            Some(&marie.access),
            Some(json!({"neighbourhood": null})),
        )
        .await;
    assert_eq!(cleared.ok()["neighbourhood"], serde_json::Value::Null);
    let _ = paul;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_username_can_change_and_the_old_one_is_released() {
    let p = platform().await;
    let marie = p.resident("marie_76").await;
    let paul = p.resident("paul_rg").await;
    assert_eq!(
        p.call(
            Method::PUT,
            "/api/v1/users/me",
            Some(&marie.access),
            Some(json!({"username": "PAUL_rg"}))
        )
        .await
        .field_codes(),
        ["body.username:taken"]
    );
    let renamed = p
        .call(
            Method::PUT,
            "/api/v1/users/me",
            Some(&marie.access),
            Some(json!({"username": "marie_rouen"})),
        )
        .await;
    assert_eq!(renamed.ok()["username"], "marie_rouen");
    p.get("/api/v1/users/marie_76", None)
        .await
        .problem(404, "not_found");
    assert_eq!(
        p.get("/api/v1/users/MARIE_ROUEN", None).await.ok()["id"],
        marie.id.as_str()
    );
    assert_eq!(
        p.get(&format!("/api/v1/users/{}", marie.id), None)
            .await
            .ok()["username"],
        "marie_rouen"
    );
    // Signing in works with the new name, and the old one is free for someone else.
    p.login("marie_rouen", crate::harness::PASSWORD).await.ok();
    p.call(
        Method::PUT,
        "/api/v1/users/me",
        Some(&paul.access),
        Some(json!({"username": "marie_76"})),
    )
    .await
    .ok();
    // Only the case changes.
    let recased = p
        .call(
            Method::PUT,
            "/api/v1/users/me",
            Some(&paul.access),
            Some(json!({"username": "Marie_76"})),
        )
        .await;
    assert_eq!(recased.ok()["username"], "Marie_76");
}

#[tokio::test(flavor = "multi_thread")]
async fn profiles_are_public_with_a_relationship_for_signed_in_viewers() {
    let p = platform().await;
    let marie = p.resident("marie_76").await;
    let paul = p.resident("paul_rg").await;
    let anonymous = p.get("/api/v1/users/marie_76", None).await;
    let body = anonymous.ok();
    assert_eq!(body["relationship"], serde_json::Value::Null);
    assert!(
        body.get("email").is_none(),
        "a profile never shows the e-mail"
    );
    assert_eq!(
        body["counts"],
        json!({"followers": 0, "following": 0, "posts": 0})
    );
    let seen = p.get("/api/v1/users/marie_76", Some(&paul.access)).await;
    assert_eq!(
        seen.ok()["relationship"],
        json!({"following": false, "followed_by": false, "requested": false, "blocking": false, "muting": false})
    );
    p.get("/api/v1/users/nobody_here", None)
        .await
        .problem(404, "not_found");
    p.get("/api/v1/users/..%2F..%2Fetc", None)
        .await
        .problem(404, "not_found");
    let _ = marie;
}

#[tokio::test(flavor = "multi_thread")]
async fn settings_change_privacy_and_language() {
    let p = platform().await;
    let s = p.resident("settings_user").await;
    let saved = p
        .call(
            Method::PUT,
            "/api/v1/users/me/settings",
            Some(&s.access),
            Some(json!({"private_account": true, "who_can_message": "followers", "show_presence": false})),
        )
        .await;
    assert_eq!(
        saved.ok()["settings"],
        json!({"private_account": true, "who_can_message": "followers", "show_presence": false, "language": "fr"})
    );
    assert_eq!(saved.body["private_account"], true);
    p.call(
        Method::PUT,
        "/api/v1/users/me/settings",
        Some(&s.access),
        Some(json!({"who_can_message": "strangers"})),
    )
    .await
    .problem(422, "validation_failed");
    p.call(
        Method::PUT,
        "/api/v1/users/me/settings",
        Some(&s.access),
        Some(json!({"language": "de"})),
    )
    .await
    .problem(422, "validation_failed");
}

#[tokio::test(flavor = "multi_thread")]
async fn user_search_finds_verified_residents_accent_insensitively() {
    let p = platform().await;
    let elodie = p.resident("elo_76").await;
    p.call(
        Method::PUT,
        "/api/v1/users/me",
        Some(&elodie.access),
        Some(json!({"display_name": "Élodie Martin", "interests": ["randonnée"]})),
    )
    .await
    .ok();
    // Registered but never verified: not listed.
    assert_eq!(
        p.register("elodie_ghost", "ghost@example.fr").await.status,
        202
    );
    let found = p
        .search_until("elodie", None, |v| {
            usernames(v).contains(&"elo_76".to_owned())
        })
        .await;
    assert_eq!(usernames(&found), ["elo_76"]);
    p.search_until("randonnee", None, |v| usernames(v) == ["elo_76"])
        .await;
    p.get("/api/v1/users/search?q=", None)
        .await
        .problem(422, "validation_failed");
    p.get("/api/v1/users/search", None)
        .await
        .problem(422, "validation_failed");
    p.get("/api/v1/users/search?q=x&limit=0", None)
        .await
        .problem(422, "validation_failed");

    // Someone Élodie blocked does not find her.
    let troll = p.resident("troll_76").await;
    p.post(
        &format!("/api/v1/users/{}/block", troll.id),
        Some(&elodie.access),
        json!({}),
    )
    .await;
    let hidden = p
        .get("/api/v1/users/search?q=elodie", Some(&troll.access))
        .await;
    assert!(usernames(hidden.ok()).is_empty(), "{}", hidden.body);
}

#[tokio::test(flavor = "multi_thread")]
async fn neighbourhoods_are_listed() {
    let p = platform().await;
    let list = p.get("/api/v1/neighbourhoods", None).await;
    let items = list.ok()["items"].as_array().cloned().unwrap_or_default();
    assert!(items.len() >= 20);
    assert!(
        items
            .iter()
            .any(|n| n["id"] == "vieux-marche" && n["name"] == "Vieux-Marché")
    );
}
