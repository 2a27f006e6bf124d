//! The WebSocket protocol against the local binary: tickets, bad frames, several connections per
//! resident, gone connections, presence and live notifications (docs/realtime.md).

use crate::harness::{Socket, platform};
use rouen_api::realtime::connections;
use rouen_api::social::notifications::{self, Kind, Notice};
use serde_json::json;
use std::time::Duration;

fn refused_status(err: tokio_tungstenite::tungstenite::Error) -> u16 {
    match err {
        tokio_tungstenite::tungstenite::Error::Http(response) => response.status().as_u16(),
        other => panic!("expected an HTTP refusal, got {other}"),
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_socket_opens_only_with_a_fresh_single_use_ticket() {
    let p = platform().await;
    let a = p.resident("ticket_holder").await;

    // The ticket route needs a signed-in resident.
    p.post("/api/v1/ws/ticket", None, json!({}))
        .await
        .problem(401, "unauthorized");
    let answer = p
        .post("/api/v1/ws/ticket", Some(&a.access), json!({}))
        .await;
    let body = answer.ok();
    assert_eq!(body["protocol"], 1);
    assert!(body["expires_at"].is_string());
    let ticket = body["ticket"].as_str().expect("ticket").to_owned();

    for query in ["", "?ticket=", "?ticket=forged-ticket-value"] {
        let err = tokio_tungstenite::connect_async(p.ws_url(query))
            .await
            .expect_err("refused without a valid ticket");
        assert_eq!(refused_status(err), 401, "query {query:?}");
    }
    // An access token is not a ticket.
    let err = tokio_tungstenite::connect_async(p.ws_url(&format!("?ticket={}", a.access)))
        .await
        .expect_err("refused");
    assert_eq!(refused_status(err), 401);

    let (ws, _) = tokio_tungstenite::connect_async(p.ws_url(&format!("?ticket={ticket}")))
        .await
        .expect("opens with the ticket");
    // Spent: a second connection with it is refused.
    let err = tokio_tungstenite::connect_async(p.ws_url(&format!("?ticket={ticket}")))
        .await
        .expect_err("a ticket opens one socket");
    assert_eq!(refused_status(err), 401);
    drop(ws);
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_frames_get_error_frames_and_the_socket_stays_open() {
    let p = platform().await;
    let a = p.resident("frame_tester").await;
    let mut ws = p.socket(&a).await;

    ws.send(json!({"type": "ping", "id": "p1"})).await;
    let pong = ws.next_of("pong").await;
    assert_eq!(
        (pong["id"].clone(), pong["v"].clone()),
        (json!("p1"), json!(1))
    );

    ws.send_raw("not json at all").await;
    assert_eq!(ws.next_of("error").await["code"], "invalid_frame");
    ws.send(json!([1, 2, 3])).await;
    assert_eq!(ws.next_of("error").await["code"], "invalid_frame");
    ws.send(json!({"no_type": true})).await;
    assert_eq!(ws.next_of("error").await["code"], "invalid_frame");
    ws.send(json!({"type": "teleport", "id": 7})).await;
    let error = ws.next_of("error").await;
    assert_eq!(
        (error["code"].clone(), error["id"].clone()),
        (json!("unknown_type"), json!(7))
    );
    // Known types with bad fields.
    ws.send(json!({"type": "typing", "id": "t"})).await;
    assert_eq!(ws.next_of("error").await["code"], "missing_field");
    ws.send(json!({"type": "message", "conversation_id": 42}))
        .await;
    assert_eq!(ws.next_of("error").await["code"], "invalid_field");
    ws.send(
        json!({"type": "message", "conversation_id": "01NOSUCHCONVERSATION0000000", "text": "hé"}),
    )
    .await;
    assert_eq!(ws.next_of("error").await["code"], "not_found");
    ws.send(json!({"type": "subscribe", "conversation_id": "nope"}))
        .await;
    assert_eq!(ws.next_of("error").await["code"], "not_found");
    let oversized = format!(r#"{{"type":"ping","pad":"{}"}}"#, "x".repeat(40 * 1024));
    ws.send_raw(&oversized).await;
    assert_eq!(ws.next_of("error").await["code"], "frame_too_large");

    // Still connected after all of that.
    ws.send(json!({"type": "ping", "id": 2})).await;
    assert_eq!(ws.next_of("pong").await["id"], 2);
    ws.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn every_connection_of_a_resident_receives_and_gone_ones_are_forgotten() {
    let p = platform().await;
    let a = p.resident("two_tabs").await;
    let b = p.resident("writer_b").await;
    let conversation = p
        .post(
            "/api/v1/conversations",
            Some(&b.access),
            json!({"members": [a.id]}),
        )
        .await;
    let conversation_id = conversation.ok()["id"].as_str().expect("id").to_owned();

    let mut tab1 = p.socket(&a).await;
    let mut tab2 = p.socket(&a).await;
    let platform = p.gw.state.engines.platform.clone();
    // A connection the registry still lists but whose socket is gone (a crash without $disconnect).
    connections::open(&platform, "gone-connection-id", &a.id, None, None)
        .await
        .expect("registered");
    assert_eq!(
        connections::of_user(&platform, &a.id)
            .await
            .expect("listed")
            .len(),
        3
    );

    p.post(
        &format!("/api/v1/conversations/{conversation_id}/messages"),
        Some(&b.access),
        json!({"text": "Bonjour les deux onglets"}),
    )
    .await
    .ok();
    for tab in [&mut tab1, &mut tab2] {
        let frame = tab.next_of("message").await;
        assert_eq!(frame["message"]["text"], "Bonjour les deux onglets");
        assert_eq!(frame["conversation_id"], conversation_id.as_str());
    }
    let left: Vec<String> = connections::of_user(&platform, &a.id)
        .await
        .expect("listed")
        .into_iter()
        .map(|c| c.id)
        .collect();
    assert_eq!(left.len(), 2, "the gone connection was forgotten: {left:?}");
    assert!(!left.contains(&"gone-connection-id".to_owned()));

    // Closing a tab unregisters it; the other still receives.
    tab1.close().await;
    for _ in 0..100 {
        if connections::of_user(&platform, &a.id)
            .await
            .expect("listed")
            .len()
            == 1
        {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(
        connections::of_user(&platform, &a.id)
            .await
            .expect("listed")
            .len(),
        1
    );
    p.post(
        &format!("/api/v1/conversations/{conversation_id}/messages"),
        Some(&b.access),
        json!({"text": "Encore là ?"}),
    )
    .await
    .ok();
    assert_eq!(
        tab2.next_of("message").await["message"]["text"],
        "Encore là ?"
    );
}

async fn wait_presence(ws: &mut Socket, user: &str, online: bool) -> serde_json::Value {
    for _ in 0..10 {
        let frame = ws.next_of("presence").await;
        if frame["user_id"] == user && frame["online"] == online {
            return frame;
        }
    }
    panic!("no presence frame for {user} online={online}");
}

#[tokio::test(flavor = "multi_thread")]
async fn contacts_see_presence_unless_it_is_hidden() {
    let p = platform().await;
    let a = p.resident("present_a").await;
    let b = p.resident("watcher_b").await;
    let conversation = p
        .post(
            "/api/v1/conversations",
            Some(&a.access),
            json!({"members": [b.id]}),
        )
        .await;
    let conversation_id = conversation.ok()["id"].as_str().expect("id").to_owned();

    let mut watcher = p.socket(&b).await;
    let sock_a = p.socket(&a).await;
    wait_presence(&mut watcher, &a.id, true).await;
    let detail = p
        .get(
            &format!("/api/v1/conversations/{conversation_id}"),
            Some(&b.access),
        )
        .await;
    let member_a = detail.ok()["members"]
        .as_array()
        .expect("members")
        .iter()
        .find(|m| m["user"]["id"] == a.id.as_str())
        .cloned()
        .expect("a is a member");
    assert_eq!(member_a["presence"]["online"], true);

    sock_a.close().await;
    let offline = wait_presence(&mut watcher, &a.id, false).await;
    assert!(offline["last_seen_at"].is_string());

    // Hidden presence: nothing is announced and the member shows no last seen.
    let hidden = p
        .call(
            reqwest::Method::PUT,
            "/api/v1/users/me/settings",
            Some(&a.access),
            Some(json!({"show_presence": false})),
        )
        .await;
    hidden.ok();
    let sock_a = p.socket(&a).await;
    assert!(
        watcher
            .try_next_of("presence", Duration::from_millis(800))
            .await
            .is_none()
    );
    let detail = p
        .get(
            &format!("/api/v1/conversations/{conversation_id}"),
            Some(&b.access),
        )
        .await;
    let member_a = detail.ok()["members"]
        .as_array()
        .expect("members")
        .iter()
        .find(|m| m["user"]["id"] == a.id.as_str())
        .cloned()
        .expect("a is a member");
    assert_eq!(
        member_a["presence"],
        json!({"online": false, "last_seen_at": null})
    );
    sock_a.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn notifications_arrive_live_once_even_when_the_job_is_redelivered() {
    let p = platform().await;
    let a = p.resident("notified_a").await;
    let b = p.resident("follower_b").await;
    let mut ws = p.socket(&a).await;

    p.post(
        &format!("/api/v1/users/{}/follow", a.id),
        Some(&b.access),
        json!({}),
    )
    .await;
    let frame = ws.next_of("notification").await;
    assert_eq!(frame["notification"]["kind"], "follow");
    assert_eq!(frame["notification"]["actor"]["id"], b.id.as_str());
    assert_eq!(frame["unread"], 1);

    // The queue delivers at least once: the same notice recorded twice is one notification.
    let platform = p.gw.state.engines.platform.clone();
    let notice = Notice {
        id: "01JREDELIVERED000000000000".into(),
        recipient: a.id.clone(),
        kind: Kind::Mention,
        actor: b.id.clone(),
        post_id: None,
        conversation_id: None,
        subject: None,
    };
    notifications::record(&platform, &notice)
        .await
        .expect("recorded");
    notifications::record(&platform, &notice)
        .await
        .expect("redelivery is fine");
    let first = ws.next_of("notification").await;
    assert_eq!(first["notification"]["id"], notice.id.as_str());
    assert!(
        ws.try_next_of("notification", Duration::from_millis(800))
            .await
            .is_none(),
        "a redelivered notice is not pushed twice"
    );
    let unread = p.get("/api/v1/notifications/unread", Some(&a.access)).await;
    assert_eq!(unread.ok()["unread"], 2);
}

#[tokio::test(flavor = "multi_thread")]
async fn followers_online_hear_of_new_posts() {
    let p = platform().await;
    let reader = p.resident("feed_reader").await;
    let author = p.resident("feed_author").await;
    p.post(
        &format!("/api/v1/users/{}/follow", author.id),
        Some(&reader.access),
        json!({}),
    )
    .await;
    let mut ws = p.socket(&reader).await;
    let post = p
        .post(
            "/api/v1/posts",
            Some(&author.access),
            json!({"text": "Le pont Boieldieu est rouvert"}),
        )
        .await;
    let post_id = post.ok()["id"].clone();
    let frame = ws.next_of("posts_available").await;
    assert_eq!(frame["post_id"], post_id);
    assert_eq!(frame["author_id"], author.id.as_str());
    assert_eq!(frame["feed"], "home");
    // The author, who does not follow themselves, is not told.
    let mut author_ws = p.socket(&author).await;
    p.post(
        "/api/v1/posts",
        Some(&author.access),
        json!({"text": "Deuxième nouvelle"}),
    )
    .await
    .ok();
    assert_eq!(
        ws.next_of("posts_available").await["author_id"],
        author.id.as_str()
    );
    assert!(
        author_ws
            .try_next_of("posts_available", Duration::from_millis(500))
            .await
            .is_none()
    );
}
