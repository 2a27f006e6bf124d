//! Chat over HTTP and the WebSocket: conversations, membership rules, messages, receipts, typing,
//! search, mute and delete-for-me, with authorisation on every object.

use crate::harness::{Platform, Session, platform, platform_with};
use reqwest::Method;
use rouen_api::platform::{Limit, RateLimits};
use serde_json::{Value, json};
use std::time::Duration;

async fn direct(p: &Platform, from: &Session, to: &Session) -> String {
    let answer = p
        .post(
            "/api/v1/conversations",
            Some(&from.access),
            json!({"members": [to.id]}),
        )
        .await;
    assert!(answer.status.is_success(), "{}", answer.body);
    answer.body["id"].as_str().expect("id").to_owned()
}

async fn say(p: &Platform, who: &Session, conversation: &str, text: &str) -> Value {
    let answer = p
        .post(
            &format!("/api/v1/conversations/{conversation}/messages"),
            Some(&who.access),
            json!({"text": text}),
        )
        .await;
    assert_eq!(answer.status, 201, "{}", answer.body);
    answer.body
}

fn texts(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|m| m["text"].as_str().unwrap_or_default().to_owned())
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_direct_conversation_is_one_whoever_opens_it() {
    let p = platform().await;
    let a = p.resident("direct_a").await;
    let b = p.resident("direct_b").await;
    let first = p
        .post(
            "/api/v1/conversations",
            Some(&a.access),
            json!({"members": ["direct_b"]}),
        )
        .await;
    assert_eq!(first.status, 201, "{}", first.body);
    assert_eq!(first.body["kind"], "direct");
    assert_eq!(first.body["member_count"], 2);
    let id = first.body["id"].clone();
    let again = p
        .post(
            "/api/v1/conversations",
            Some(&a.access),
            json!({"members": [b.id]}),
        )
        .await;
    assert_eq!(
        (again.status.as_u16(), again.body["id"].clone()),
        (200, id.clone())
    );
    let other_side = p
        .post(
            "/api/v1/conversations",
            Some(&b.access),
            json!({"members": [a.id]}),
        )
        .await;
    assert_eq!(
        (other_side.status.as_u16(), other_side.body["id"].clone()),
        (200, id)
    );

    // Bad input.
    p.post(
        "/api/v1/conversations",
        Some(&a.access),
        json!({"members": []}),
    )
    .await
    .problem(422, "validation_failed");
    let unknown = p
        .post(
            "/api/v1/conversations",
            Some(&a.access),
            json!({"members": ["nobody_here"]}),
        )
        .await;
    unknown.problem(422, "validation_failed");
    assert_eq!(unknown.field_codes(), vec!["body.members[0]:unknown_user"]);
    p.post(
        "/api/v1/conversations",
        Some(&a.access),
        json!({"members": [a.id]}),
    )
    .await
    .problem(422, "validation_failed");
    p.post("/api/v1/conversations", None, json!({"members": [b.id]}))
        .await
        .problem(401, "unauthorized");
}

#[tokio::test(flavor = "multi_thread")]
async fn outsiders_are_told_a_conversation_does_not_exist() {
    let p = platform().await;
    let a = p.resident("member_a").await;
    let b = p.resident("member_b").await;
    let eve = p.resident("outsider_eve").await;
    let id = direct(&p, &a, &b).await;
    let message = say(&p, &a, &id, "Rendez-vous place du Vieux-Marché").await;
    let mid = message["id"].as_str().expect("id");

    for (method, path, body) in [
        (Method::GET, format!("/api/v1/conversations/{id}"), None),
        (
            Method::GET,
            format!("/api/v1/conversations/{id}/messages"),
            None,
        ),
        (
            Method::POST,
            format!("/api/v1/conversations/{id}/messages"),
            Some(json!({"text": "coucou"})),
        ),
        (
            Method::POST,
            format!("/api/v1/conversations/{id}/read"),
            Some(json!({"message_id": mid})),
        ),
        (
            Method::PATCH,
            format!("/api/v1/conversations/{id}/messages/{mid}"),
            Some(json!({"text": "pirate"})),
        ),
        (
            Method::DELETE,
            format!("/api/v1/conversations/{id}/messages/{mid}"),
            None,
        ),
        (Method::DELETE, format!("/api/v1/conversations/{id}"), None),
        (
            Method::PATCH,
            format!("/api/v1/conversations/{id}"),
            Some(json!({"muted": true})),
        ),
    ] {
        p.call(method.clone(), &path, Some(&eve.access), body.clone())
            .await
            .problem(404, "not_found");
        p.call(method, &path, None, body)
            .await
            .problem(401, "unauthorized");
    }
    // Members cannot touch each other's messages either.
    p.call(
        Method::PATCH,
        &format!("/api/v1/conversations/{id}/messages/{mid}"),
        Some(&b.access),
        Some(json!({"text": "pas à moi"})),
    )
    .await
    .problem(403, "forbidden");
    let search = p
        .get(
            "/api/v1/conversations/search?q=Vieux-March%C3%A9",
            Some(&eve.access),
        )
        .await;
    assert_eq!(search.ok()["items"], json!([]));
}

#[tokio::test(flavor = "multi_thread")]
async fn history_is_newest_first_paged_replayable_and_idempotent() {
    let p = platform().await;
    let a = p.resident("talker_a").await;
    let b = p.resident("talker_b").await;
    let id = direct(&p, &a, &b).await;
    let mut sent = Vec::new();
    for i in 0..7 {
        let m = say(
            &p,
            if i % 2 == 0 { &a } else { &b },
            &id,
            &format!("message {i}"),
        )
        .await;
        sent.push(m["id"].as_str().expect("id").to_owned());
    }
    let first = p
        .get(
            &format!("/api/v1/conversations/{id}/messages?limit=3"),
            Some(&a.access),
        )
        .await;
    assert_eq!(texts(first.ok()), ["message 6", "message 5", "message 4"]);
    let cursor = first.body["next_cursor"].as_str().expect("more").to_owned();
    // A message arriving between pages does not shift the next page.
    say(&p, &a, &id, "message 7").await;
    let second = p
        .get(
            &format!("/api/v1/conversations/{id}/messages?limit=3&cursor={cursor}"),
            Some(&a.access),
        )
        .await;
    assert_eq!(texts(second.ok()), ["message 3", "message 2", "message 1"]);

    // Replay since a message: oldest first.
    let replay = p
        .get(
            &format!(
                "/api/v1/conversations/{id}/messages?since={}&limit=2",
                sent[4]
            ),
            Some(&b.access),
        )
        .await;
    assert_eq!(texts(replay.ok()), ["message 5", "message 6"]);
    assert_eq!(replay.body["more"], true);

    // Limits and empties.
    let long = "é".repeat(4001);
    p.post(
        &format!("/api/v1/conversations/{id}/messages"),
        Some(&a.access),
        json!({"text": long}),
    )
    .await
    .problem(422, "validation_failed");
    p.post(
        &format!("/api/v1/conversations/{id}/messages"),
        Some(&a.access),
        json!({"text": "é".repeat(4000)}),
    )
    .await
    .ok();
    p.post(
        &format!("/api/v1/conversations/{id}/messages"),
        Some(&a.access),
        json!({"text": "   "}),
    )
    .await
    .problem(422, "validation_failed");
    p.post(
        &format!("/api/v1/conversations/{id}/messages"),
        Some(&a.access),
        json!({"text": "x", "colour": "red"}),
    )
    .await
    .problem(422, "validation_failed");

    // A retried send with the same client id is the same message.
    let body = json!({"text": "une seule fois", "client_id": "c-42"});
    let once = p
        .post(
            &format!("/api/v1/conversations/{id}/messages"),
            Some(&a.access),
            body.clone(),
        )
        .await;
    assert_eq!(once.status, 201);
    let twice = p
        .post(
            &format!("/api/v1/conversations/{id}/messages"),
            Some(&a.access),
            body,
        )
        .await;
    assert_eq!(
        (twice.status.as_u16(), twice.body["id"].clone()),
        (200, once.body["id"].clone())
    );
    assert_eq!(twice.body["client_id"], "c-42");
    let newest = p
        .get(
            &format!("/api/v1/conversations/{id}/messages?limit=2"),
            Some(&b.access),
        )
        .await;
    assert_eq!(texts(newest.ok())[0], "une seule fois");
    assert_ne!(texts(&newest.body)[1], "une seule fois");
}

#[tokio::test(flavor = "multi_thread")]
async fn blocks_and_who_may_message_me_are_honoured() {
    let p = platform().await;
    let a = p.resident("asker_a").await;
    let b = p.resident("private_b").await;
    let c = p.resident("blocker_c").await;
    let set = |who: &Session, value: &str| {
        let token = who.access.clone();
        let value = value.to_owned();
        let p = &p;
        async move {
            p.call(
                Method::PUT,
                "/api/v1/users/me/settings",
                Some(&token),
                Some(json!({"who_can_message": value})),
            )
            .await
            .ok();
        }
    };
    set(&b, "nobody").await;
    p.post(
        "/api/v1/conversations",
        Some(&a.access),
        json!({"members": [b.id]}),
    )
    .await
    .problem(403, "messaging_not_allowed");
    set(&b, "followers").await;
    p.post(
        "/api/v1/conversations",
        Some(&a.access),
        json!({"members": [b.id]}),
    )
    .await
    .problem(403, "messaging_not_allowed");
    p.post(
        &format!("/api/v1/users/{}/follow", b.id),
        Some(&a.access),
        json!({}),
    )
    .await;
    let id = direct(&p, &a, &b).await;
    say(&p, &a, &id, "Merci d'accepter").await;

    // A block stops an existing conversation too, both ways.
    let id_ac = direct(&p, &a, &c).await;
    p.post(
        &format!("/api/v1/users/{}/block", a.id),
        Some(&c.access),
        json!({}),
    )
    .await;
    p.post(
        &format!("/api/v1/conversations/{id_ac}/messages"),
        Some(&a.access),
        json!({"text": "tu es là ?"}),
    )
    .await
    .problem(403, "messaging_not_allowed");
    p.post(
        &format!("/api/v1/conversations/{id_ac}/messages"),
        Some(&c.access),
        json!({"text": "non"}),
    )
    .await
    .problem(403, "messaging_not_allowed");
}

#[tokio::test(flavor = "multi_thread")]
async fn groups_have_admins_who_manage_members() {
    let p = platform().await;
    let admin = p.resident("group_admin").await;
    let m1 = p.resident("group_m1").await;
    let m2 = p.resident("group_m2").await;
    let late = p.resident("group_late").await;
    let created = p
        .post(
            "/api/v1/conversations",
            Some(&admin.access),
            json!({"members": [m1.id, m2.id], "name": "Voisins de la rue Eau-de-Robec"}),
        )
        .await;
    assert_eq!(created.status, 201, "{}", created.body);
    assert_eq!(created.body["kind"], "group");
    assert_eq!(created.body["my_role"], "admin");
    assert_eq!(created.body["members"].as_array().map(Vec::len), Some(3));
    let id = created.body["id"].as_str().expect("id").to_owned();
    say(&p, &m1, &id, "avant l'arrivée").await;

    // Members cannot add or rename; admins can.
    p.post(
        &format!("/api/v1/conversations/{id}/members"),
        Some(&m1.access),
        json!({"members": [late.id]}),
    )
    .await
    .problem(403, "forbidden");
    p.call(
        Method::PATCH,
        &format!("/api/v1/conversations/{id}"),
        Some(&m1.access),
        Some(json!({"name": "Pirates"})),
    )
    .await
    .problem(403, "forbidden");
    let added = p
        .post(
            &format!("/api/v1/conversations/{id}/members"),
            Some(&admin.access),
            json!({"members": [late.id]}),
        )
        .await;
    assert_eq!(added.ok()["member_count"], 4);
    // A newcomer does not read what was said before.
    let seen = p
        .get(
            &format!("/api/v1/conversations/{id}/messages"),
            Some(&late.access),
        )
        .await;
    assert_eq!(texts(seen.ok()), Vec::<String>::new());
    let renamed = p
        .call(
            Method::PATCH,
            &format!("/api/v1/conversations/{id}"),
            Some(&admin.access),
            Some(json!({"name": "Rue Eau-de-Robec"})),
        )
        .await;
    assert_eq!(renamed.ok()["name"], "Rue Eau-de-Robec");

    // Removing and leaving; the last admin leaving hands over to the oldest member.
    p.call(
        Method::DELETE,
        &format!("/api/v1/conversations/{id}/members/{}", m2.id),
        Some(&m1.access),
        None,
    )
    .await
    .problem(403, "forbidden");
    let removed = p
        .call(
            Method::DELETE,
            &format!("/api/v1/conversations/{id}/members/{}", m2.id),
            Some(&admin.access),
            None,
        )
        .await;
    assert_eq!(removed.status, 204);
    p.get(&format!("/api/v1/conversations/{id}"), Some(&m2.access))
        .await
        .problem(404, "not_found");
    let left = p
        .post(
            &format!("/api/v1/conversations/{id}/leave"),
            Some(&admin.access),
            json!({}),
        )
        .await;
    assert_eq!(left.status, 204);
    let now = p
        .get(&format!("/api/v1/conversations/{id}"), Some(&m1.access))
        .await;
    assert_eq!(now.ok()["my_role"], "admin");
    assert_eq!(now.body["member_count"], 2);

    // A direct conversation cannot be left or grown.
    let d = direct(&p, &m1, &late).await;
    p.post(
        &format!("/api/v1/conversations/{d}/leave"),
        Some(&m1.access),
        json!({}),
    )
    .await
    .problem(422, "validation_failed");
    p.post(
        &format!("/api/v1/conversations/{d}/members"),
        Some(&m1.access),
        json!({"members": [admin.id]}),
    )
    .await
    .problem(422, "validation_failed");
    // A group has at most 100 members.
    let too_many: Vec<String> = (0..100).map(|i| format!("someone_{i}")).collect();
    p.post(
        "/api/v1/conversations",
        Some(&m1.access),
        json!({"members": too_many}),
    )
    .await
    .problem(422, "validation_failed");
}

#[tokio::test(flavor = "multi_thread")]
async fn unread_counts_receipts_and_typing_travel_live() {
    let p = platform().await;
    let a = p.resident("reader_a").await;
    let b = p.resident("sender_b").await;
    let id = direct(&p, &a, &b).await;
    let mut ws_a = p.socket(&a).await;
    let mut ws_b = p.socket(&b).await;

    for text in ["un", "deux", "trois"] {
        say(&p, &b, &id, text).await;
    }
    let list = p.get("/api/v1/conversations", Some(&a.access)).await;
    let mine = &list.ok()["items"][0];
    assert_eq!(
        (mine["id"].clone(), mine["unread"].clone()),
        (json!(id), json!(3))
    );
    assert_eq!(mine["last_message"]["preview"], "trois");

    // A reads up to the second message, then everything, over the socket.
    let page = p
        .get(
            &format!("/api/v1/conversations/{id}/messages"),
            Some(&a.access),
        )
        .await;
    let ids: Vec<String> = page.ok()["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|m| m["id"].as_str().expect("id").to_owned())
        .collect();
    let partly = p
        .post(
            &format!("/api/v1/conversations/{id}/read"),
            Some(&a.access),
            json!({"message_id": ids[1]}),
        )
        .await;
    assert_eq!(partly.ok()["unread"], 1);
    let receipt = ws_b.next_of("read").await;
    assert_eq!(
        (receipt["user_id"].clone(), receipt["message_id"].clone()),
        (json!(a.id), json!(ids[1]))
    );
    ws_a.send(json!({"type": "read", "conversation_id": id, "message_id": ids[0]}))
        .await;
    let receipt = ws_b.next_of("read").await;
    assert_eq!(receipt["message_id"], ids[0].as_str());
    let list = p.get("/api/v1/conversations", Some(&a.access)).await;
    assert_eq!(list.ok()["items"][0]["unread"], 0);
    let detail = p
        .get(&format!("/api/v1/conversations/{id}"), Some(&b.access))
        .await;
    let a_member = detail.ok()["members"]
        .as_array()
        .expect("members")
        .iter()
        .find(|m| m["user"]["id"] == a.id.as_str())
        .cloned()
        .expect("a");
    assert_eq!(a_member["last_read"], ids[0].as_str());
    p.post(
        &format!("/api/v1/conversations/{id}/read"),
        Some(&a.access),
        json!({"message_id": "01NOTAMESSAGE0000000000000"}),
    )
    .await
    .problem(422, "validation_failed");

    // Typing reaches members who have the conversation open, throttled, and is never stored.
    ws_a.send(json!({"type": "subscribe", "conversation_id": id, "id": "s"}))
        .await;
    assert_eq!(
        ws_a.next_of("subscribed").await["conversation_id"],
        id.as_str()
    );
    ws_b.send(json!({"type": "typing", "conversation_id": id}))
        .await;
    let typing = ws_a.next_of("typing").await;
    assert_eq!(typing["user_id"], b.id.as_str());
    ws_b.send(json!({"type": "typing", "conversation_id": id}))
        .await;
    assert!(
        ws_a.try_next_of("typing", Duration::from_millis(700))
            .await
            .is_none()
    );

    // Sending over the socket: an ack to the sender, the message to everyone.
    ws_b.send(json!({"type": "message", "conversation_id": id, "text": "par le socket", "client_id": "w1", "id": 9}))
        .await;
    let ack = ws_b.next_of("ack").await;
    assert_eq!(
        (ack["id"].clone(), ack["message"]["client_id"].clone()),
        (json!(9), json!("w1"))
    );
    let mut delivered = ws_a.next_of("message").await;
    while delivered["message"]["text"] != "par le socket" {
        delivered = ws_a.next_of("message").await;
    }
    ws_b.send(json!({"type": "message", "conversation_id": id, "text": ""}))
        .await;
    let error = ws_b.next_of("error").await;
    assert_eq!(error["code"], "validation_failed");
    assert_eq!(error["errors"][0]["field"], "body.text");
}

#[tokio::test(flavor = "multi_thread")]
async fn edits_deletes_search_mute_and_delete_for_me() {
    let p = platform().await;
    let a = p.resident("editor_a").await;
    let b = p.resident("reader_b").await;
    let id = direct(&p, &a, &b).await;
    let m = say(&p, &a, &id, "Le marché de la place Saint-Marc ouvre à 7 h").await;
    let mid = m["id"].as_str().expect("id").to_owned();
    let edited = p
        .call(
            Method::PATCH,
            &format!("/api/v1/conversations/{id}/messages/{mid}"),
            Some(&a.access),
            Some(json!({"text": "Le marché de la place Saint-Marc ouvre à 8 h"})),
        )
        .await;
    assert!(edited.ok()["edited_at"].is_string());

    // Search finds it for members, over their own conversations only.
    let mut found = Value::Null;
    for _ in 0..100 {
        found = p
            .get(
                "/api/v1/conversations/search?q=march%C3%A9",
                Some(&b.access),
            )
            .await
            .ok()
            .clone();
        if found["items"].as_array().is_some_and(|i| !i.is_empty()) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(found["items"][0]["id"], mid.as_str());
    assert!(
        found["items"][0]["text"]
            .as_str()
            .unwrap_or_default()
            .contains("8 h")
    );
    p.get("/api/v1/conversations/search?q=", Some(&b.access))
        .await
        .problem(422, "validation_failed");

    let deleted = p
        .call(
            Method::DELETE,
            &format!("/api/v1/conversations/{id}/messages/{mid}"),
            Some(&a.access),
            None,
        )
        .await;
    assert_eq!(deleted.status, 204);
    let page = p
        .get(
            &format!("/api/v1/conversations/{id}/messages"),
            Some(&b.access),
        )
        .await;
    assert_eq!(page.ok()["items"][0]["deleted"], true);
    assert_eq!(page.body["items"][0]["text"], "");
    for _ in 0..100 {
        let after = p
            .get(
                "/api/v1/conversations/search?q=march%C3%A9",
                Some(&b.access),
            )
            .await;
        if after.ok()["items"].as_array().is_some_and(Vec::is_empty) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let after = p
        .get(
            "/api/v1/conversations/search?q=march%C3%A9",
            Some(&b.access),
        )
        .await;
    assert_eq!(after.ok()["items"], json!([]));

    // Muted: no notification for new messages. Unmuted: one.
    p.call(
        Method::PATCH,
        &format!("/api/v1/conversations/{id}"),
        Some(&b.access),
        Some(json!({"muted": true})),
    )
    .await
    .ok();
    say(&p, &a, &id, "en sourdine").await;
    p.call(
        Method::PATCH,
        &format!("/api/v1/conversations/{id}"),
        Some(&b.access),
        Some(json!({"muted": false})),
    )
    .await
    .ok();
    say(&p, &a, &id, "à voix haute").await;
    let mut kinds = Vec::new();
    for _ in 0..100 {
        let list = p.get("/api/v1/notifications", Some(&b.access)).await;
        kinds = list.ok()["items"]
            .as_array()
            .expect("items")
            .iter()
            .map(|n| {
                (
                    n["kind"].clone(),
                    n["ids"].as_array().map_or(0, Vec::len),
                    n["conversation_id"].clone(),
                )
            })
            .collect();
        if !kinds.is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(kinds, vec![(json!("message"), 1, json!(id))]);

    // Delete for me: gone from B's list and history, still there for A; back with a new message.
    let cleared = p
        .call(
            Method::DELETE,
            &format!("/api/v1/conversations/{id}"),
            Some(&b.access),
            None,
        )
        .await;
    assert_eq!(cleared.status, 204);
    let list = p.get("/api/v1/conversations", Some(&b.access)).await;
    assert_eq!(list.ok()["items"], json!([]));
    let mine = p
        .get(
            &format!("/api/v1/conversations/{id}/messages"),
            Some(&b.access),
        )
        .await;
    assert_eq!(mine.ok()["items"], json!([]));
    let theirs = p
        .get(
            &format!("/api/v1/conversations/{id}/messages"),
            Some(&a.access),
        )
        .await;
    assert_eq!(theirs.ok()["items"].as_array().map(Vec::len), Some(3));
    say(&p, &a, &id, "re-bonjour").await;
    let list = p.get("/api/v1/conversations", Some(&b.access)).await;
    assert_eq!(list.ok()["items"][0]["id"], id.as_str());
    let mine = p
        .get(
            &format!("/api/v1/conversations/{id}/messages"),
            Some(&b.access),
        )
        .await;
    assert_eq!(texts(mine.ok()), ["re-bonjour"]);
}

#[tokio::test(flavor = "multi_thread")]
async fn senders_are_rate_limited() {
    let limits = RateLimits {
        messages_per_sender: Limit::per_minutes(3, 1),
        ..RateLimits::default()
    };
    let p = platform_with(Some(limits)).await;
    let a = p.resident("flooder_a").await;
    let b = p.resident("flooded_b").await;
    let id = direct(&p, &a, &b).await;
    for i in 0..3 {
        say(&p, &a, &id, &format!("spam {i}")).await;
    }
    let limited = p
        .post(
            &format!("/api/v1/conversations/{id}/messages"),
            Some(&a.access),
            json!({"text": "encore"}),
        )
        .await;
    limited.problem(429, "rate_limited");
    assert!(limited.body["retry_after_secs"].as_u64().is_some());
    // The other side is not limited by it.
    say(&p, &b, &id, "stop").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn export_carries_ones_messages_and_erasure_leaves_tombstones() {
    let p = platform().await;
    let a = p.resident("gdpr_chatter").await;
    let b = p.resident("gdpr_friend").await;
    let c = p.resident("gdpr_third").await;
    let d = direct(&p, &a, &b).await;
    say(&p, &a, &d, "Mon secret de la rue du Gros-Horloge").await;
    say(&p, &b, &d, "Je garde le mien").await;
    let g = p
        .post(
            "/api/v1/conversations",
            Some(&a.access),
            json!({"members": [b.id, c.id], "name": "Trio"}),
        )
        .await;
    let g = g.body["id"].as_str().expect("group").to_owned();
    say(&p, &a, &g, "Bonjour le trio").await;

    // Searchable before the erasure (so its absence afterwards means something).
    let mut indexed = false;
    for _ in 0..100 {
        let found = p
            .get("/api/v1/conversations/search?q=secret", Some(&b.access))
            .await;
        if found.ok()["items"].as_array().is_some_and(|i| i.len() == 1) {
            indexed = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(indexed, "the message was never indexed");

    let link = p.get("/api/v1/users/me/export", Some(&a.access)).await;
    let url = link.ok()["url"].as_str().expect("url").to_owned();
    let archive: Value = p
        .http
        .get(&url)
        .send()
        .await
        .expect("download")
        .json()
        .await
        .expect("json");
    let mut mine: Vec<String> = archive["messages"]
        .as_array()
        .expect("messages")
        .iter()
        .map(|m| m["text"].as_str().unwrap_or_default().to_owned())
        .collect();
    mine.sort();
    assert_eq!(
        mine,
        ["Bonjour le trio", "Mon secret de la rue du Gros-Horloge"]
    );
    assert_eq!(archive["conversations"].as_array().map(Vec::len), Some(2));

    let erased = p
        .call(
            Method::DELETE,
            "/api/v1/users/me",
            Some(&a.access),
            Some(json!({"password": crate::harness::PASSWORD})),
        )
        .await;
    assert_eq!(erased.status, 204, "{}", erased.body);
    // B keeps the conversation and their own words; A's are tombstones.
    let history = p
        .get(
            &format!("/api/v1/conversations/{d}/messages"),
            Some(&b.access),
        )
        .await;
    let items = history.ok()["items"].as_array().expect("items").clone();
    assert_eq!(items[0]["text"], "Je garde le mien");
    assert_eq!(
        (items[1]["deleted"].clone(), items[1]["text"].clone()),
        (json!(true), json!(""))
    );
    // A left the group; the oldest remaining member is its admin.
    let group = p
        .get(&format!("/api/v1/conversations/{g}"), Some(&c.access))
        .await;
    assert_eq!(group.ok()["member_count"], 2);
    let roles: Vec<Value> = group.body["members"]
        .as_array()
        .expect("members")
        .iter()
        .map(|m| m["role"].clone())
        .collect();
    assert!(roles.contains(&json!("admin")), "{roles:?}");
    for _ in 0..100 {
        let found = p
            .get("/api/v1/conversations/search?q=secret", Some(&b.access))
            .await;
        if found.ok()["items"].as_array().is_some_and(Vec::is_empty) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the erased resident's message is still searchable");
}

#[tokio::test(flavor = "multi_thread")]
async fn image_messages_are_re_encoded_stripped_and_single_use() {
    let p = platform().await;
    let a = p.resident("photo_sender").await;
    let b = p.resident("photo_viewer").await;
    let id = direct(&p, &a, &b).await;
    let upload = p.upload_photo(&a, crate::images::phone_photo()).await;
    let sent = p
        .post(
            &format!("/api/v1/conversations/{id}/messages"),
            Some(&a.access),
            json!({"image_id": upload, "client_id": "photo-1"}),
        )
        .await;
    assert_eq!(sent.status, 201, "{}", sent.body);
    // A retry after a lost answer returns the message, although its upload is spent.
    let retried = p
        .post(
            &format!("/api/v1/conversations/{id}/messages"),
            Some(&a.access),
            json!({"image_id": upload, "client_id": "photo-1"}),
        )
        .await;
    assert_eq!(
        (retried.status.as_u16(), retried.body["id"].clone()),
        (200, sent.body["id"].clone())
    );
    assert_eq!(sent.body["text"], "");
    let medium = sent.body["image"]["medium"]
        .as_str()
        .expect("a photo")
        .to_owned();
    let fetched = p.http.get(&medium).send().await.expect("download");
    assert!(fetched.status().is_success());
    let jpeg = fetched.bytes().await.expect("bytes");
    assert_eq!(&jpeg[..2], &[0xFF, 0xD8], "re-encoded as JPEG");
    assert!(!jpeg.windows(4).any(|w| w == b"Exif"), "metadata stripped");
    let list = p.get("/api/v1/conversations", Some(&b.access)).await;
    assert_eq!(list.ok()["items"][0]["last_message"]["has_image"], true);
    // A spent or unknown upload is refused on its field.
    let again = p
        .post(
            &format!("/api/v1/conversations/{id}/messages"),
            Some(&a.access),
            json!({"image_id": upload}),
        )
        .await;
    again.problem(422, "validation_failed");
    assert_eq!(again.field_codes(), vec!["body.image_id[0]:unknown"]);
}
