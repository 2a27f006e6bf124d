use crate::harness::{Platform, Session, platform, platform_configured, usernames};
use crate::images::phone_photo;
use reqwest::Method;
use rouen_api::platform::SocialSettings;
use serde_json::{Value, json};
use std::time::Duration;

async fn post(p: &Platform, s: &Session, body: Value) -> Value {
    let answer = p.post("/api/v1/posts", Some(&s.access), body).await;
    assert_eq!(answer.status, 201, "{}", answer.body);
    answer.body
}

fn ids(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|p| p["id"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// Waits for the jobs worker (fan-out runs in the background, as SQS would deliver it).
async fn home_until(p: &Platform, s: &Session, want: impl Fn(&Vec<String>) -> bool) -> Vec<String> {
    let mut last = Vec::new();
    for _ in 0..300 {
        last = ids(p
            .get("/api/v1/feeds/home?limit=50", Some(&s.access))
            .await
            .ok());
        if want(&last) {
            return last;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the home feed never matched: {last:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_post_carries_its_text_tags_mentions_and_neighbourhood() {
    let p = platform().await;
    let marie = p.resident("marie_76").await;
    p.resident("paul_rg").await;
    p.call(
        Method::PUT,
        "/api/v1/users/me",
        Some(&marie.access),
        Some(json!({"neighbourhood": "saint-sever"})),
    )
    .await
    .ok();
    let created = post(&p, &marie, json!({"text": "  Concert ce soir au 106 avec @Paul_RG et @nobody_here ! #Fête #musique  "})).await;
    assert_eq!(
        created["text"],
        "Concert ce soir au 106 avec @Paul_RG et @nobody_here ! #Fête #musique"
    );
    assert_eq!(created["hashtags"], json!(["fete", "musique"]));
    assert_eq!(created["mentions"], json!(["paul_rg"]));
    assert_eq!(
        created["neighbourhood"], "saint-sever",
        "defaults to the author's"
    );
    assert_eq!(created["visibility"], "public");
    assert_eq!(created["author"]["username"], "marie_76");
    assert_eq!(
        created["counts"],
        json!({"likes": 0, "comments": 0, "shares": 0})
    );
    let id = created["id"].as_str().expect("id");
    let fetched = p.get(&format!("/api/v1/posts/{id}"), None).await;
    assert_eq!(fetched.ok()["text"], created["text"]);
    let me = p.get("/api/v1/users/marie_76", None).await;
    assert_eq!(me.ok()["counts"]["posts"], 1);
    // Both spellings of the tag find it.
    for tag in ["fete", "F%C3%8ATE", "%23Fete"] {
        let page = p.get(&format!("/api/v1/hashtags/{tag}"), None).await;
        assert_eq!(ids(page.ok()), [id], "{tag}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn posts_are_validated() {
    let p = platform().await;
    let s = p.resident("writer").await;
    for (body, expected) in [
        (json!({"text": "   "}), "body.text:required"),
        (json!({"text": "é".repeat(2001)}), "body.text:too_long"),
        (
            json!({"text": "ok", "image_ids": ["a", "b", "c", "d", "e"]}),
            "body.image_ids:too_many",
        ),
        (
            json!({"text": "ok", "image_ids": ["a", "a"]}),
            "body.image_ids:duplicate",
        ),
        (
            json!({"text": "ok", "neighbourhood": "paris-15"}),
            "body.neighbourhood:unknown",
        ),
        (
            json!({"text": "ok", "image_ids": ["01JUNKNOWNUPLOAD"]}),
            "body.image_ids[0]:unknown",
        ),
        (
            json!({"text": "a\u{0007}b"}),
            "body.text:invalid_characters",
        ),
    ] {
        let answer = p.post("/api/v1/posts", Some(&s.access), body.clone()).await;
        assert_eq!(answer.field_codes(), [expected], "{body}");
    }
    // 2,000 characters as residents count them, even when each is several code points.
    let family = "👨‍👩‍👧".repeat(2000);
    post(&p, &s, json!({"text": family})).await;
    p.post(
        "/api/v1/posts",
        Some(&s.access),
        json!({"text": "x", "visibility": "secret"}),
    )
    .await
    .problem(422, "validation_failed");
    p.post("/api/v1/posts", None, json!({"text": "anonymous"}))
        .await
        .problem(401, "unauthorized");
    p.get("/api/v1/posts/01JD0000000000000000000000", None)
        .await
        .problem(404, "not_found");
}

#[tokio::test(flavor = "multi_thread")]
async fn photos_are_uploaded_processed_and_stripped() {
    let p = platform().await;
    let s = p.resident("photographer").await;
    let mut image_ids = Vec::new();
    for _ in 0..2 {
        image_ids.push(p.upload_photo(&s, phone_photo()).await);
    }
    let created = post(
        &p,
        &s,
        json!({"text": "La cathédrale au coucher du soleil", "image_ids": image_ids}),
    )
    .await;
    let photos = created["photos"].as_array().cloned().unwrap_or_default();
    assert_eq!(photos.len(), 2);
    assert_eq!(
        (photos[0]["width"].as_u64(), photos[0]["height"].as_u64()),
        (Some(1024), Some(768))
    );
    assert!(photos[0]["blurhash"].as_str().is_some_and(|b| b.len() >= 6));
    let large = p
        .http
        .get(photos[0]["large"].as_str().expect("url"))
        .send()
        .await
        .expect("download");
    assert_eq!(large.headers()["content-type"], "image/jpeg");
    let bytes = large.bytes().await.expect("bytes");
    assert!(!bytes.windows(4).any(|w| w == b"Exif"), "EXIF survived");
    // An upload is spent once used.
    let again = p
        .post(
            "/api/v1/posts",
            Some(&s.access),
            json!({"text": "again", "image_ids": [image_ids[0]]}),
        )
        .await;
    assert_eq!(again.field_codes(), ["body.image_ids[0]:unknown"]);
    // A photo-only post needs no text.
    let upload = p.upload_photo(&s, phone_photo()).await;
    post(&p, &s, json!({"image_ids": [upload]})).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_home_feed_gets_followed_posts_and_loses_deleted_ones() {
    let p = platform().await;
    let reader = p.resident("reader").await;
    let author = p.resident("author").await;
    let stranger = p.resident("stranger").await;
    p.post(
        "/api/v1/users/author/follow",
        Some(&reader.access),
        json!({}),
    )
    .await
    .ok();
    let own = post(&p, &reader, json!({"text": "Mon premier message"})).await;
    let followed = post(
        &p,
        &author,
        json!({"text": "Marché du Vieux-Marché ce matin"}),
    )
    .await;
    post(&p, &stranger, json!({"text": "Pas dans le fil de reader"})).await;
    let own_id = own["id"].as_str().expect("id").to_owned();
    let followed_id = followed["id"].as_str().expect("id").to_owned();
    let feed = home_until(&p, &reader, |f| f.contains(&followed_id)).await;
    assert_eq!(feed, [followed_id.clone(), own_id.clone()]);
    // The author's own feed has their post at once, without waiting for the fan-out.
    assert_eq!(
        ids(p.get("/api/v1/feeds/home", Some(&author.access)).await.ok()),
        std::slice::from_ref(&followed_id)
    );

    // Delete: gone from every feed at once.
    assert_eq!(
        p.call(
            Method::DELETE,
            &format!("/api/v1/posts/{followed_id}"),
            Some(&author.access),
            None
        )
        .await
        .status,
        204
    );
    assert_eq!(
        ids(p.get("/api/v1/feeds/home", Some(&reader.access)).await.ok()),
        std::slice::from_ref(&own_id)
    );
    p.get(&format!("/api/v1/posts/{followed_id}"), None)
        .await
        .problem(404, "not_found");
    assert_eq!(
        p.get("/api/v1/users/author", None).await.ok()["counts"]["posts"],
        0
    );

    // Unfollow: new posts stop arriving.
    p.call(
        Method::DELETE,
        "/api/v1/users/author/follow",
        Some(&reader.access),
        None,
    )
    .await;
    let later = post(&p, &author, json!({"text": "Après le désabonnement"})).await;

    p.post(
        "/api/v1/users/stranger/follow",
        Some(&reader.access),
        json!({}),
    )
    .await
    .ok();
    let after = post(&p, &stranger, json!({"text": "après l'abonnement"})).await;
    let after_id = after["id"].as_str().expect("id").to_owned();
    let feed = home_until(&p, &reader, |f| f.contains(&after_id)).await;
    assert!(!feed.contains(&later["id"].as_str().unwrap_or_default().to_owned()));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_redelivered_fan_out_never_duplicates_a_feed_item() {
    let p = platform().await;
    let reader = p.resident("reader").await;
    let author = p.resident("author").await;
    p.post(
        "/api/v1/users/author/follow",
        Some(&reader.access),
        json!({}),
    )
    .await
    .ok();
    let created = post(&p, &author, json!({"text": "Une seule fois"})).await;
    let id = created["id"].as_str().expect("id").to_owned();
    home_until(&p, &reader, |f| f.contains(&id)).await;
    let platform = p.gw.state.engines.platform.clone();
    for _ in 0..3 {
        rouen_api::social::feeds::fan_out(&platform, &id)
            .await
            .expect("fan-out again");
    }
    assert_eq!(
        ids(p.get("/api/v1/feeds/home", Some(&reader.access)).await.ok()),
        [id]
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn large_accounts_are_merged_at_read_time() {
    let p = platform_configured(|c| {
        c.social = Some(SocialSettings {
            large_account_threshold: 2,
        })
    })
    .await;
    let city = p.resident("mairie_rouen").await;
    let a = p.resident("resident_a").await;
    let b = p.resident("resident_b").await;
    for s in [&a, &b] {
        p.post(
            "/api/v1/users/mairie_rouen/follow",
            Some(&s.access),
            json!({}),
        )
        .await
        .ok();
    }
    let first = post(
        &p,
        &city,
        json!({"text": "Fermeture du pont Boieldieu ce week-end"}),
    )
    .await;
    let id = first["id"].as_str().expect("id").to_owned();
    for s in [&a, &b] {
        home_until(&p, s, |f| f.contains(&id)).await;
    }
    // Nothing was written into the followers' partitions: the post came from the author's timeline.
    let platform = p.gw.state.engines.platform.clone();
    let stored = platform
        .store
        .query(&rouen_ports::Query::partition(format!("FEED#{}", a.id)).limit(50))
        .await
        .expect("query");
    assert!(stored.items.is_empty(), "fan-out wrote {:?}", stored.items);
    // Unfollowing stops the merge too.
    p.call(
        Method::DELETE,
        "/api/v1/users/mairie_rouen/follow",
        Some(&a.access),
        None,
    )
    .await;
    assert!(ids(p.get("/api/v1/feeds/home", Some(&a.access)).await.ok()).is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn feed_pages_stay_stable_while_new_posts_arrive() {
    let p = platform().await;
    let s = p.resident("busy_bee").await;
    let mut created = Vec::new();
    for i in 0..7 {
        created.push(
            post(&p, &s, json!({"text": format!("message {i}")})).await["id"]
                .as_str()
                .expect("id")
                .to_owned(),
        );
    }
    created.reverse();
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let url = match &cursor {
            Some(c) => format!("/api/v1/feeds/home?limit=3&cursor={c}"),
            None => "/api/v1/feeds/home?limit=3".to_owned(),
        };
        let page = p.get(&url, Some(&s.access)).await;
        seen.extend(ids(page.ok()));
        // Newer posts arrive between pages.
        post(&p, &s, json!({"text": "arrivé entre deux pages"})).await;
        match page.body["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_owned()),
            None => break,
        }
    }
    assert_eq!(seen, created, "every older post exactly once, in order");
    p.get("/api/v1/feeds/home?cursor=not-a-cursor", Some(&s.access))
        .await
        .problem(400, "invalid_cursor");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_local_feed_lists_public_posts_by_neighbourhood() {
    let p = platform().await;
    let a = p.resident("rive_gauche").await;
    let b = p.resident("rive_droite").await;
    let private = p.resident("discreet").await;
    p.call(
        Method::PUT,
        "/api/v1/users/me/settings",
        Some(&private.access),
        Some(json!({"private_account": true})),
    )
    .await
    .ok();
    let south = post(
        &p,
        &a,
        json!({"text": "Saint-Sever", "neighbourhood": "saint-sever"}),
    )
    .await;
    let north = post(
        &p,
        &b,
        json!({"text": "Vieux-Marché", "neighbourhood": "vieux-marche"}),
    )
    .await;
    post(
        &p,
        &b,
        json!({"text": "abonnés seulement", "visibility": "followers"}),
    )
    .await;
    post(
        &p,
        &private,
        json!({"text": "compte privé", "neighbourhood": "saint-sever"}),
    )
    .await;
    let all = p.get("/api/v1/feeds/local", None).await;
    assert_eq!(
        ids(all.ok()),
        [
            north["id"].as_str().unwrap_or(""),
            south["id"].as_str().unwrap_or("")
        ]
    );
    // `GET /api/v1/posts` is the same list.
    assert_eq!(ids(p.get("/api/v1/posts", None).await.ok()), ids(&all.body));
    let filtered = p
        .get("/api/v1/feeds/local?neighbourhood=saint-sever", None)
        .await;
    assert_eq!(ids(filtered.ok()), [south["id"].as_str().unwrap_or("")]);
    p.get("/api/v1/feeds/local?neighbourhood=paris", None)
        .await
        .problem(422, "validation_failed");
}

#[tokio::test(flavor = "multi_thread")]
async fn visibility_follows_privacy_and_blocks() {
    let p = platform().await;
    let author = p.resident("author").await;
    let fan = p.resident("fan").await;
    let other = p.resident("other").await;
    p.post("/api/v1/users/author/follow", Some(&fan.access), json!({}))
        .await
        .ok();
    let followers_only = post(
        &p,
        &author,
        json!({"text": "pour mes abonnés", "visibility": "followers"}),
    )
    .await;
    let fid = followers_only["id"].as_str().expect("id").to_owned();
    p.get(&format!("/api/v1/posts/{fid}"), Some(&fan.access))
        .await
        .ok();
    p.get(&format!("/api/v1/posts/{fid}"), Some(&other.access))
        .await
        .problem(404, "not_found");
    p.get(&format!("/api/v1/posts/{fid}"), None)
        .await
        .problem(404, "not_found");
    // The timeline shows others only what they may see.
    assert_eq!(
        ids(p
            .get("/api/v1/users/author/posts", Some(&fan.access))
            .await
            .ok()),
        std::slice::from_ref(&fid)
    );
    assert!(
        ids(p
            .get("/api/v1/users/author/posts", Some(&other.access))
            .await
            .ok())
        .is_empty()
    );
    // Such a post cannot be shared.
    assert_eq!(
        p.post(
            &format!("/api/v1/posts/{fid}/share"),
            Some(&fan.access),
            json!({})
        )
        .await
        .field_codes(),
        ["path.id:not_shareable"]
    );
    // Blocked: nothing of the blocker's is visible.
    let public = post(&p, &author, json!({"text": "public"})).await;
    let pid = public["id"].as_str().expect("id").to_owned();
    p.post("/api/v1/users/other/block", Some(&author.access), json!({}))
        .await;
    p.get(&format!("/api/v1/posts/{pid}"), Some(&other.access))
        .await
        .problem(404, "not_found");
    p.get("/api/v1/users/author/posts", Some(&other.access))
        .await
        .problem(404, "not_found");
    p.post(
        &format!("/api/v1/posts/{pid}/like"),
        Some(&other.access),
        json!({}),
    )
    .await
    .problem(404, "not_found");
    p.post(
        &format!("/api/v1/posts/{pid}/comments"),
        Some(&other.access),
        json!({"text": "hé"}),
    )
    .await
    .problem(404, "not_found");
    assert!(!ids(p.get("/api/v1/feeds/local", Some(&other.access)).await.ok()).contains(&pid));
    // A private account's posts are for approved followers.
    p.call(
        Method::PUT,
        "/api/v1/users/me/settings",
        Some(&author.access),
        Some(json!({"private_account": true})),
    )
    .await
    .ok();
    let stranger = p.resident("stranger").await;
    p.get(&format!("/api/v1/posts/{pid}"), Some(&stranger.access))
        .await
        .problem(404, "not_found");
    p.get("/api/v1/users/author/posts", Some(&stranger.access))
        .await
        .problem(403, "private_account");
    p.get(&format!("/api/v1/posts/{pid}"), Some(&fan.access))
        .await
        .ok();
}

#[tokio::test(flavor = "multi_thread")]
async fn concurrent_likes_count_exactly_once_each() {
    let p = platform().await;
    let author = p.resident("popular").await;
    let created = post(&p, &author, json!({"text": "Aimez-moi"})).await;
    let id = created["id"].as_str().expect("id").to_owned();
    let mut fans = Vec::new();
    for i in 0..8 {
        fans.push(p.resident(&format!("fan_{i}")).await);
    }
    // Every fan likes twice, all at once.
    let url = format!("/api/v1/posts/{id}/like");
    let likes = fans
        .iter()
        .flat_map(|f| [f, f])
        .map(|f| p.post(&url, Some(&f.access), json!({})));
    for answer in futures::future::join_all(likes).await {
        assert_eq!(answer.ok()["liked"], true);
    }
    let fetched = p
        .get(&format!("/api/v1/posts/{id}"), Some(&fans[0].access))
        .await;
    assert_eq!(fetched.ok()["counts"]["likes"], 8);
    assert_eq!(fetched.body["liked"], true);
    let likers = p
        .get(&format!("/api/v1/posts/{id}/likes?limit=100"), None)
        .await;
    assert_eq!(usernames(likers.ok()).len(), 8);
    let undo = p
        .call(Method::DELETE, &url, Some(&fans[0].access), None)
        .await;
    assert_eq!(undo.ok()["likes"], 7);
    let undo_again = p
        .call(Method::DELETE, &url, Some(&fans[0].access), None)
        .await;
    assert_eq!(
        undo_again.ok()["likes"],
        7,
        "unliking twice changes nothing"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn comments_are_listed_edited_and_deleted_by_the_right_people() {
    let p = platform().await;
    let author = p.resident("author").await;
    let a = p.resident("commenter_a").await;
    let b = p.resident("commenter_b").await;
    let created = post(
        &p,
        &author,
        json!({"text": "Vos avis sur le nouveau tram ?"}),
    )
    .await;
    let id = created["id"].as_str().expect("id").to_owned();
    let first = p
        .post(
            &format!("/api/v1/posts/{id}/comments"),
            Some(&a.access),
            json!({"text": "Super !"}),
        )
        .await;
    assert_eq!(first.status, 201);
    let cid = first.body["id"].as_str().expect("id").to_owned();
    p.post(
        &format!("/api/v1/posts/{id}/comments"),
        Some(&b.access),
        json!({"text": "Trop cher."}),
    )
    .await
    .ok();
    p.post(
        &format!("/api/v1/posts/{id}/comments"),
        Some(&b.access),
        json!({"text": "  "}),
    )
    .await
    .problem(422, "validation_failed");
    let list = p.get(&format!("/api/v1/posts/{id}/comments"), None).await;
    let texts: Vec<&str> = list.ok()["items"]
        .as_array()
        .map(|a| a.iter().filter_map(|c| c["text"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(texts, ["Super !", "Trop cher."], "oldest first");
    assert_eq!(
        p.get(&format!("/api/v1/posts/{id}"), None).await.ok()["counts"]["comments"],
        2
    );

    p.call(
        Method::PUT,
        &format!("/api/v1/comments/{cid}"),
        Some(&b.access),
        Some(json!({"text": "piraté"})),
    )
    .await
    .problem(403, "forbidden");
    let edited = p
        .call(
            Method::PUT,
            &format!("/api/v1/comments/{cid}"),
            Some(&a.access),
            Some(json!({"text": "Super, vraiment !"})),
        )
        .await;
    assert_eq!(edited.ok()["text"], "Super, vraiment !");
    assert!(edited.body["edited_at"].as_str().is_some());
    let liked = p
        .post(
            &format!("/api/v1/comments/{cid}/like"),
            Some(&b.access),
            json!({}),
        )
        .await;
    assert_eq!(liked.ok()["likes"], 1);
    p.call(
        Method::DELETE,
        &format!("/api/v1/comments/{cid}"),
        Some(&b.access),
        None,
    )
    .await
    .problem(403, "forbidden");
    // The post's author may remove comments under it.
    assert_eq!(
        p.call(
            Method::DELETE,
            &format!("/api/v1/comments/{cid}"),
            Some(&author.access),
            None
        )
        .await
        .status,
        204
    );
    assert_eq!(
        p.get(&format!("/api/v1/posts/{id}"), None).await.ok()["counts"]["comments"],
        1
    );
    p.call(
        Method::PUT,
        &format!("/api/v1/comments/{cid}"),
        Some(&a.access),
        Some(json!({"text": "x"})),
    )
    .await
    .problem(404, "not_found");
}

#[tokio::test(flavor = "multi_thread")]
async fn shares_edits_deletes_and_reports() {
    let p = platform().await;
    let author = p.resident("author").await;
    let sharer = p.resident("sharer").await;
    let created = post(
        &p,
        &author,
        json!({"text": "Braderie rue du Gros-Horloge #braderie"}),
    )
    .await;
    let id = created["id"].as_str().expect("id").to_owned();
    let share = p
        .post(
            &format!("/api/v1/posts/{id}/share"),
            Some(&sharer.access),
            json!({"text": "J'y serai"}),
        )
        .await;
    assert_eq!(share.status, 201, "{}", share.body);
    assert_eq!(share.body["shared"]["id"], id.as_str());
    assert_eq!(share.body["text"], "J'y serai");
    assert_eq!(
        p.get(&format!("/api/v1/posts/{id}"), None).await.ok()["counts"]["shares"],
        1
    );

    // Only the author edits; the history keeps the old text; tags follow the new text.
    p.call(
        Method::PUT,
        &format!("/api/v1/posts/{id}"),
        Some(&sharer.access),
        Some(json!({"text": "piraté"})),
    )
    .await
    .problem(403, "forbidden");
    let edited = p
        .call(
            Method::PUT,
            &format!("/api/v1/posts/{id}"),
            Some(&author.access),
            Some(json!({"text": "Braderie reportée #vide_grenier"})),
        )
        .await;
    assert_eq!(edited.ok()["hashtags"], json!(["vide_grenier"]));
    assert!(edited.body["edited_at"].as_str().is_some());
    assert!(ids(p.get("/api/v1/hashtags/braderie", None).await.ok()).is_empty());
    assert_eq!(
        ids(p.get("/api/v1/hashtags/vide_grenier", None).await.ok()),
        std::slice::from_ref(&id)
    );
    let platform = p.gw.state.engines.platform.clone();
    let history = platform
        .store
        .query(
            &rouen_ports::Query::partition(format!("POST#{id}"))
                .sort(rouen_ports::SortKeyCondition::BeginsWith("EDIT#".into())),
        )
        .await
        .expect("history");
    assert_eq!(history.items.len(), 1);
    assert_eq!(
        history.items[0]["text"],
        "Braderie rue du Gros-Horloge #braderie"
    );

    let revisions = p.get(&format!("/api/v1/posts/{id}/history"), None).await;
    assert_eq!(
        revisions.ok()["items"][0]["text"],
        "Braderie rue du Gros-Horloge #braderie"
    );
    let report = p
        .post(
            &format!("/api/v1/posts/{id}/report"),
            Some(&sharer.access),
            json!({"reason": "spam", "details": "pub déguisée"}),
        )
        .await;
    assert_eq!(report.status, 202);
    p.post(
        &format!("/api/v1/posts/{id}/report"),
        Some(&sharer.access),
        json!({"reason": "boring"}),
    )
    .await
    .problem(422, "validation_failed");

    p.call(
        Method::DELETE,
        &format!("/api/v1/posts/{id}"),
        Some(&sharer.access),
        None,
    )
    .await
    .problem(403, "forbidden");
    assert_eq!(
        p.call(
            Method::DELETE,
            &format!("/api/v1/posts/{id}"),
            Some(&author.access),
            None
        )
        .await
        .status,
        204
    );
    // The share remains, without its original.
    let share_id = share.body["id"].as_str().expect("id");
    let kept = p.get(&format!("/api/v1/posts/{share_id}"), None).await;
    assert_eq!(kept.ok()["shared"], Value::Null);
}
