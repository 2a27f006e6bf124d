use crate::harness::{PASSWORD, platform};
use crate::images::{phone_photo, upload};
use reqwest::Method;
use serde_json::{Value, json};

#[tokio::test(flavor = "multi_thread")]
async fn the_export_holds_everything_about_the_resident() {
    let p = platform().await;
    let marie = p.resident("marie_76").await;
    let paul = p.resident("paul_rg").await;
    p.call(
        Method::PUT,
        "/api/v1/users/me",
        Some(&marie.access),
        Some(json!({"bio": "Rive gauche forever"})),
    )
    .await
    .ok();
    p.post(
        "/api/v1/users/paul_rg/follow",
        Some(&marie.access),
        json!({}),
    )
    .await
    .ok();
    p.post(
        "/api/v1/users/marie_76/follow",
        Some(&paul.access),
        json!({}),
    )
    .await
    .ok();
    p.post("/api/v1/users/paul_rg/mute", Some(&marie.access), json!({}))
        .await;
    upload(&p, &marie.access, "avatar", "image/jpeg", phone_photo())
        .await
        .ok();

    let own = p
        .post(
            "/api/v1/posts",
            Some(&marie.access),
            json!({"text": "Mon billet #rouen"}),
        )
        .await;
    assert_eq!(own.status, 201);
    let theirs = p
        .post(
            "/api/v1/posts",
            Some(&paul.access),
            json!({"text": "Le sien"}),
        )
        .await;
    let theirs_id = theirs.body["id"].as_str().expect("id").to_owned();
    p.post(
        &format!("/api/v1/posts/{theirs_id}/like"),
        Some(&marie.access),
        json!({}),
    )
    .await
    .ok();
    p.post(
        &format!("/api/v1/posts/{theirs_id}/comments"),
        Some(&marie.access),
        json!({"text": "Bien vu"}),
    )
    .await
    .ok();
    let link = p.get("/api/v1/users/me/export", Some(&marie.access)).await;
    let url = link.ok()["url"].as_str().expect("url").to_owned();
    assert!(link.body["expires_at"].as_str().is_some());
    let archive: Value = p
        .http
        .get(&url)
        .send()
        .await
        .expect("download")
        .json()
        .await
        .expect("json");
    assert_eq!(archive["format"], "rouen-social-export");
    assert_eq!(archive["account"]["email"], marie.email.as_str());
    assert_eq!(archive["account"]["bio"], "Rive gauche forever");
    assert_eq!(
        archive["data"]["following"][0]["followee"],
        paul.id.as_str()
    );
    assert_eq!(
        archive["data"]["followers"][0]["follower"],
        paul.id.as_str()
    );
    assert_eq!(archive["data"]["mutes"][0]["user_id"], paul.id.as_str());
    assert!(
        archive["data"]["sessions"]
            .as_array()
            .is_some_and(|s| !s.is_empty())
    );
    assert_eq!(archive["media"][0]["kind"], "avatar");
    assert_eq!(archive["posts"][0]["text"], "Mon billet #rouen");
    assert_eq!(archive["comments"][0]["text"], "Bien vu");
    assert_eq!(archive["likes"][0]["target"], format!("post:{theirs_id}"));
    for section in [
        "posts",
        "comments",
        "likes",
        "messages",
        "rsvps",
        "notifications",
    ] {
        assert!(
            archive[section].is_array(),
            "{section} is part of the archive"
        );
    }
    let text = archive.to_string();
    assert!(!text.contains("argon2"), "no password hash in the archive");
    // Nobody else can read it: the link is signed.
    // One hex digit of the signature changed (`signature=` locally, `X-Amz-Signature=` on S3).
    let at = url.find("ignature=").expect("a signed link") + "ignature=".len();
    let end = url[at..].find('&').map_or(url.len(), |i| at + i);
    let last = if url[..end].ends_with('0') { "1" } else { "0" };
    let tampered = format!("{}{last}{}", &url[..end - 1], &url[end..]);
    assert_ne!(tampered, url);
    assert_eq!(
        p.http.get(&tampered).send().await.expect("sent").status(),
        403
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn erasing_an_account_leaves_nothing_behind() {
    let p = platform().await;
    let leaving = p.resident("leaving_76").await;
    let friend = p.resident("friend_76").await;
    let private = p.resident("private_76").await;
    p.call(
        Method::PUT,
        "/api/v1/users/me/settings",
        Some(&private.access),
        Some(json!({"private_account": true})),
    )
    .await
    .ok();
    p.call(
        Method::PUT,
        "/api/v1/users/me",
        Some(&leaving.access),
        Some(json!({"display_name": "Léa Partante", "bio": "Bientôt partie"})),
    )
    .await
    .ok();
    p.post(
        "/api/v1/users/friend_76/follow",
        Some(&leaving.access),
        json!({}),
    )
    .await
    .ok();
    p.post(
        "/api/v1/users/leaving_76/follow",
        Some(&friend.access),
        json!({}),
    )
    .await
    .ok();
    p.post(
        "/api/v1/users/private_76/follow",
        Some(&leaving.access),
        json!({}),
    )
    .await
    .ok();
    p.post(
        "/api/v1/users/leaving_76/block",
        Some(&private.access),
        json!({}),
    )
    .await;
    p.post(
        "/api/v1/users/friend_76/mute",
        Some(&leaving.access),
        json!({}),
    )
    .await;
    upload(&p, &leaving.access, "avatar", "image/jpeg", phone_photo())
        .await
        .ok();
    upload(&p, &leaving.access, "cover", "image/jpeg", phone_photo())
        .await
        .ok();
    p.post(
        "/api/v1/users/avatar",
        Some(&leaving.access),
        json!({"content_type": "image/png", "size": 10}),
    )
    .await
    .ok();
    p.get("/api/v1/users/me/export", Some(&leaving.access))
        .await
        .ok();
    p.post(
        "/api/v1/auth/forgot-password",
        None,
        json!({"email": leaving.email}),
    )
    .await
    .ok();
    let second_session = p.sign_in(&leaving.email, PASSWORD).await;
    p.search_until("partante", None, |v| {
        crate::harness::usernames(v) == ["leaving_76"]
    })
    .await;
    // Posts, comments and likes, on their own posts and on others'.
    p.post(
        "/api/v1/posts",
        Some(&leaving.access),
        json!({"text": "Au revoir Rouen #adieu", "neighbourhood": "saint-sever"}),
    )
    .await
    .ok();
    let friends_post = p
        .post(
            "/api/v1/posts",
            Some(&friend.access),
            json!({"text": "Pot de départ ?"}),
        )
        .await;
    let fpid = friends_post.body["id"].as_str().expect("id").to_owned();
    p.post(
        &format!("/api/v1/posts/{fpid}/like"),
        Some(&leaving.access),
        json!({}),
    )
    .await
    .ok();
    let comment = p
        .post(
            &format!("/api/v1/posts/{fpid}/comments"),
            Some(&leaving.access),
            json!({"text": "Avec plaisir !"}),
        )
        .await;
    let friends_comment = p
        .post(
            &format!("/api/v1/posts/{fpid}/comments"),
            Some(&friend.access),
            json!({"text": "Super"}),
        )
        .await;
    let fcid = friends_comment.body["id"].as_str().expect("id").to_owned();
    p.post(
        &format!("/api/v1/comments/{fcid}/like"),
        Some(&leaving.access),
        json!({}),
    )
    .await
    .ok();
    assert_eq!(comment.status, 201);
    let reported = p
        .post(
            &format!("/api/v1/posts/{fpid}/report"),
            Some(&leaving.access),
            json!({"reason": "other"}),
        )
        .await;
    assert_eq!(reported.status, 202);
    // The friend follows the leaving resident: the post reaches their feed.
    for _ in 0..300 {
        let feed = p.get("/api/v1/feeds/home", Some(&friend.access)).await;
        if feed.ok()["items"].as_array().is_some_and(|a| a.len() == 2) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }

    p.call(
        Method::DELETE,
        "/api/v1/users/me",
        Some(&leaving.access),
        Some(json!({"password": "not my password"})),
    )
    .await
    .problem(403, "wrong_password");
    let erased = p
        .call(
            Method::DELETE,
            "/api/v1/users/me",
            Some(&leaving.access),
            Some(json!({"password": PASSWORD})),
        )
        .await;
    assert_eq!(erased.status, 204, "{}", erased.body);

    // The account is gone for everyone, sessions included.
    p.get("/api/v1/users/leaving_76", None)
        .await
        .problem(404, "not_found");
    p.get("/api/v1/users/me", Some(&leaving.access))
        .await
        .problem(401, "invalid_access_token");
    p.refresh(&second_session)
        .await
        .problem(401, "invalid_refresh_token");
    p.login(&leaving.email, PASSWORD)
        .await
        .problem(401, "invalid_credentials");
    // Others' counts and lists no longer include it.
    let friend_profile = p.get("/api/v1/users/friend_76", None).await;
    assert_eq!(
        friend_profile.ok()["counts"],
        json!({"followers": 0, "following": 0, "posts": 1})
    );
    assert!(
        crate::harness::usernames(
            p.get("/api/v1/users/me/follow-requests", Some(&private.access))
                .await
                .ok()
        )
        .is_empty()
    );
    assert!(
        crate::harness::usernames(
            p.get("/api/v1/users/me/blocks", Some(&private.access))
                .await
                .ok()
        )
        .is_empty()
    );
    p.search_until("partante", None, |v| {
        crate::harness::usernames(v).is_empty()
    })
    .await;

    // Nothing of it is left in the store, the blobs or the search index on disk.
    let needles = [
        "Au revoir Rouen",
        "Avec plaisir",
        leaving.id.as_str(),
        "leaving_76",
        &leaving.email,
        "Léa Partante",
        "Bientôt partie",
    ];
    let rows = p.stored_items().await;
    assert!(!rows.is_empty());
    for needle in needles {
        let hits: Vec<&String> = rows.iter().filter(|r| r.contains(needle)).collect();
        assert!(hits.is_empty(), "{needle} is still stored: {hits:?}");
    }
    for key in p.stored_blobs().await {
        assert!(!key.contains(&leaving.id), "blob left behind: {key}");
    }
    // Others' posts lost the likes and comments, and the friend's feed the post.
    let fp = p.get(&format!("/api/v1/posts/{fpid}"), None).await;
    assert_eq!(
        fp.ok()["counts"],
        json!({"likes": 0, "comments": 1, "shares": 0})
    );
    let remaining = p.get(&format!("/api/v1/posts/{fpid}/comments"), None).await;
    assert_eq!(remaining.ok()["items"][0]["likes"], 0);
    let feed = p.get("/api/v1/feeds/home", Some(&friend.access)).await;
    assert_eq!(feed.ok()["items"].as_array().map(Vec::len), Some(1));
    assert!(
        p.get("/api/v1/hashtags/adieu", None).await.ok()["items"]
            .as_array()
            .is_some_and(Vec::is_empty)
    );
    // The friend's own data is intact.
    p.get("/api/v1/users/me", Some(&friend.access)).await.ok();
}
