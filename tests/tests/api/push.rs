//! Browser push (Web Push with VAPID) against a stand-in push service on loopback: subscriptions,
//! encrypted payloads the browser's keys decrypt, no push while connected, gone subscriptions dropped.

use crate::harness::platform;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Value, json};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use web_push_native::p256;

#[derive(Clone, Default)]
struct PushService {
    received: Arc<Mutex<Vec<(String, HeaderMap, Bytes)>>>,
}

async fn receive(
    State(service): State<PushService>,
    Path(device): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> StatusCode {
    if let Ok(mut r) = service.received.lock() {
        r.push((device.clone(), headers, body));
    }
    if device == "gone" {
        StatusCode::GONE
    } else {
        StatusCode::CREATED
    }
}

async fn push_service() -> (String, PushService) {
    let service = PushService::default();
    let app = Router::new()
        .route("/push/{device}", post(receive))
        .with_state(service.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("binds");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    (url, service)
}

fn received(service: &PushService, device: &str) -> Vec<(HeaderMap, Bytes)> {
    service
        .received
        .lock()
        .map(|r| {
            r.iter()
                .filter(|(d, _, _)| d == device)
                .map(|(_, h, b)| (h.clone(), b.clone()))
                .collect()
        })
        .unwrap_or_default()
}

async fn wait_for(service: &PushService, device: &str, n: usize) -> Vec<(HeaderMap, Bytes)> {
    for _ in 0..200 {
        let got = received(service, device);
        if got.len() >= n {
            return got;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the push service never received {n} message(s) for {device}");
}

#[tokio::test(flavor = "multi_thread")]
async fn notifications_reach_subscribed_browsers_encrypted_and_signed() {
    let p = platform().await;
    let (push_url, service) = push_service().await;
    let a = p.resident("pushed_author").await;
    let b = p.resident("push_commenter").await;

    let key = p.get("/api/v1/push/key", None).await;
    let vapid = key.ok()["public_key"]
        .as_str()
        .expect("push is on")
        .to_owned();
    assert_eq!(
        URL_SAFE_NO_PAD.decode(&vapid).map(|k| k.len()).ok(),
        Some(65)
    );

    // The browser's own keys (what pushManager.subscribe creates).
    let secret = p256::SecretKey::from_slice(&[7u8; 32]).expect("a valid scalar");
    let p256dh = URL_SAFE_NO_PAD.encode(secret.public_key().to_sec1_bytes());
    let auth = [9u8; 16];
    let subscription = |device: &str| {
        json!({
            "endpoint": format!("{push_url}/push/{device}"),
            "expirationTime": null,
            "keys": {"p256dh": p256dh, "auth": URL_SAFE_NO_PAD.encode(auth)},
        })
    };
    p.post("/api/v1/push/subscriptions", None, subscription("a"))
        .await
        .problem(401, "unauthorized");
    let mut bad = subscription("a");
    bad["keys"]["p256dh"] = json!("bm90IGEga2V5");
    let refused = p
        .post("/api/v1/push/subscriptions", Some(&a.access), bad)
        .await;
    refused.problem(422, "validation_failed");
    assert_eq!(
        refused.field_codes(),
        vec!["body.keys.p256dh:invalid_format"]
    );
    let mut ftp = subscription("a");
    ftp["endpoint"] = json!("ftp://push.example/x");
    p.post("/api/v1/push/subscriptions", Some(&a.access), ftp)
        .await
        .problem(422, "validation_failed");
    for device in ["a", "gone"] {
        let ok = p
            .post(
                "/api/v1/push/subscriptions",
                Some(&a.access),
                subscription(device),
            )
            .await;
        assert_eq!(ok.status, 204, "{}", ok.body);
    }

    let post = p
        .post(
            "/api/v1/posts",
            Some(&a.access),
            json!({"text": "Marché de Noël sur le parvis"}),
        )
        .await;
    let post_id = post.ok()["id"].as_str().expect("id").to_owned();
    p.post(
        &format!("/api/v1/posts/{post_id}/comments"),
        Some(&b.access),
        json!({"text": "J'adore !"}),
    )
    .await
    .ok();
    let got = wait_for(&service, "a", 1).await;
    let (headers, body) = &got[0];
    assert_eq!(headers["content-encoding"], "aes128gcm");
    let authorization = headers["authorization"].to_str().unwrap_or_default();
    assert!(authorization.starts_with("vapid t="), "{authorization}");
    assert!(
        authorization.ends_with(&format!("k={vapid}")),
        "{authorization}"
    );
    let clear = web_push_native::decrypt(body.to_vec(), &secret, &auth.into())
        .expect("the browser's keys decrypt it");
    let payload: Value = serde_json::from_slice(&clear).expect("json");
    assert_eq!(payload["url"], format!("/posts/{post_id}"));
    assert!(
        payload["body"]
            .as_str()
            .is_some_and(|t| t.ends_with("a commenté votre publication")),
        "{payload}"
    );
    // The push service answered 410 for the other device: it is forgotten.
    wait_for(&service, "gone", 1).await;

    // Connected: the app shows it live, no browser notification.
    let mut ws = p.socket(&a).await;
    p.post(
        &format!("/api/v1/posts/{post_id}/comments"),
        Some(&b.access),
        json!({"text": "Et le vin chaud ?"}),
    )
    .await
    .ok();
    ws.next_of("notification").await;
    ws.close().await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(received(&service, "a").len(), 1);

    // Disconnected again: pushed; the gone device is not tried again.
    p.post(
        &format!("/api/v1/posts/{post_id}/like"),
        Some(&b.access),
        json!({}),
    )
    .await;
    p.post(
        &format!("/api/v1/posts/{post_id}/comments"),
        Some(&b.access),
        json!({"text": "À samedi"}),
    )
    .await
    .ok();
    wait_for(&service, "a", 2).await;
    assert_eq!(received(&service, "gone").len(), 1);

    // Unsubscribed: nothing more.
    let gone = p
        .call(
            reqwest::Method::DELETE,
            "/api/v1/push/subscriptions",
            Some(&a.access),
            Some(json!({"endpoint": format!("{push_url}/push/a")})),
        )
        .await;
    assert_eq!(gone.status, 204);
    p.post(
        &format!("/api/v1/posts/{post_id}/comments"),
        Some(&b.access),
        json!({"text": "Dernier mot"}),
    )
    .await
    .ok();
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(received(&service, "a").len(), 2);
}
