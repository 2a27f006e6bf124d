//! The local gateway driven from outside, over real HTTP and WebSocket: the API conventions of
//! ARCHITECTURE.md (problem documents, request ids, headers, limits) and the WebSocket protocol.

use rouen_local_gateway::{LocalConfig, RunningGateway, start};
use serde_json::{Value, json};
use std::time::Duration;

async fn gateway() -> (RunningGateway, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("temp dir");
    let gateway = start(LocalConfig::for_tests(dir.path().to_path_buf()))
        .await
        .expect("gateway starts");
    (gateway, dir)
}

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(20))
        .build()
        .expect("client")
}

async fn problem(response: reqwest::Response, status: u16, code: &str) -> Value {
    assert_eq!(response.status().as_u16(), status, "status for {code}");
    let content_type = response.headers()["content-type"]
        .to_str()
        .unwrap_or_default()
        .to_owned();
    assert_eq!(
        content_type, "application/problem+json",
        "problem content type for {code}"
    );
    let request_id = response.headers()["x-request-id"]
        .to_str()
        .unwrap_or_default()
        .to_owned();
    let body: Value = response.json().await.expect("problem body is JSON");
    assert_eq!(body["status"], status);
    assert_eq!(body["code"], code);
    assert_eq!(
        body["type"],
        format!("https://rouen.social/problems/{code}")
    );
    assert_eq!(
        body["request_id"], request_id,
        "the problem quotes the response's request id"
    );
    body
}

#[tokio::test(flavor = "multi_thread")]
async fn health_and_build_info_answer_through_every_layer() {
    let (gw, _dir) = gateway().await;
    let http = client();
    let response = http
        .get(format!("{}/api/v1/health", gw.url))
        .send()
        .await
        .expect("health");
    assert_eq!(response.status(), 200);
    let headers = response.headers().clone();
    for (name, value) in [
        ("x-content-type-options", "nosniff"),
        ("x-frame-options", "DENY"),
        ("cache-control", "no-store"),
        ("content-type", "application/json"),
    ] {
        assert_eq!(headers[name], value, "header {name}");
    }
    assert!(headers.contains_key("content-security-policy"));
    assert!(headers["x-request-id"].len() >= 8);
    let health: Value = response.json().await.expect("json");
    assert_eq!(health["status"], "ok");
    let names: Vec<&str> = health["checks"]
        .as_array()
        .expect("checks")
        .iter()
        .filter_map(|c| c["name"].as_str())
        .collect();
    assert_eq!(names, ["item_store", "search_index", "blob_store", "queue"]);
    assert!(
        health["checks"]
            .as_array()
            .expect("checks")
            .iter()
            .all(|c| c["status"] == "ok")
    );

    let info: Value = http
        .get(format!("{}/api/v1/build-info", gw.url))
        .send()
        .await
        .expect("build")
        .json()
        .await
        .expect("json");
    assert_eq!(info["name"], "rouen-social");
    assert_eq!(info["runtime"], "local");
    assert_eq!(info["version"], env!("CARGO_PKG_VERSION"));
    assert!(!info["git_sha"].as_str().unwrap_or_default().is_empty());
    gw.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_well_formed_request_id_is_echoed_and_a_hostile_one_replaced() {
    let (gw, _dir) = gateway().await;
    let http = client();
    let url = format!("{}/api/v1/build-info", gw.url);
    let echoed = http
        .get(&url)
        .header("x-request-id", "trace-1234abcd")
        .send()
        .await
        .expect("req");
    assert_eq!(echoed.headers()["x-request-id"], "trace-1234abcd");
    let hostile = http
        .get(&url)
        .header("x-request-id", "a\"}{ injected")
        .send()
        .await
        .expect("req");
    assert_ne!(hostile.headers()["x-request-id"], "a\"}{ injected");
    gw.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_input_gets_a_problem_document_and_the_gateway_keeps_serving() {
    let (gw, _dir) = gateway().await;
    let http = client();
    let url = |p: &str| format!("{}{p}", gw.url);

    problem(
        http.get(url("/api/v1/no-such-thing"))
            .send()
            .await
            .expect("req"),
        404,
        "route_not_found",
    )
    .await;

    let wrong = http
        .delete(url("/api/v1/health"))
        .send()
        .await
        .expect("req");
    assert_eq!(wrong.headers()["allow"], "GET, OPTIONS");
    problem(wrong, 405, "method_not_allowed").await;

    let reports = url("/api/v1/client-errors");
    let not_json = http
        .post(&reports)
        .header("content-type", "application/json")
        .body("{\"message\": ")
        .send()
        .await
        .expect("req");
    problem(not_json, 400, "malformed_json").await;

    let wrong_type = http
        .post(&reports)
        .header("content-type", "text/plain")
        .body("hello")
        .send()
        .await
        .expect("req");
    problem(wrong_type, 415, "unsupported_media_type").await;

    let too_big = http
        .post(&reports)
        .header("content-type", "application/json")
        .body(vec![b' '; 200 * 1024])
        .send()
        .await
        .expect("req");
    problem(too_big, 413, "payload_too_large").await;

    // Its own client: the server may close that connection before reading the whole body.
    let over_gateway_limit = client()
        .post(&reports)
        .header("content-type", "application/json")
        .body(vec![b' '; 11 * 1024 * 1024])
        .send()
        .await;
    // The gateway refuses it (413) or closes the connection while the body is still streaming.
    if let Ok(response) = over_gateway_limit {
        assert_eq!(response.status(), 413);
    }

    let invalid = http
        .post(&reports)
        .json(&json!({"message": "   ", "page": "no-slash", "level": "error"}))
        .send()
        .await
        .expect("req");
    let body = problem(invalid, 422, "validation_failed").await;
    let fields: Vec<&str> = body["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .filter_map(|e| e["field"].as_str())
        .collect();
    assert_eq!(fields, ["body.message", "body.page"]);

    let wrong_shape = http
        .post(&reports)
        .json(&json!({"message": "x", "page": "/", "level": "fatal"}))
        .send()
        .await
        .expect("req");
    let body = problem(wrong_shape, 422, "validation_failed").await;
    assert_eq!(body["errors"][0]["field"], "body.level");

    let unknown_field = http
        .post(&reports)
        .json(&json!({"message": "x", "page": "/", "level": "error", "admin": true}))
        .send()
        .await
        .expect("req");
    problem(unknown_field, 422, "validation_failed").await;

    for cursor in ["garbage", "e30.AAAA", "%00", &"A".repeat(5000)] {
        let response = http
            .get(url("/api/v1/health/heartbeats"))
            .query(&[("cursor", cursor)])
            .send()
            .await
            .expect("req");
        problem(response, 400, "invalid_cursor").await;
    }
    for limit in ["0", "101", "-1", "ten"] {
        let response = http
            .get(url("/api/v1/health/heartbeats"))
            .query(&[("limit", limit)])
            .send()
            .await
            .expect("req");
        let body = problem(response, 422, "validation_failed").await;
        assert_eq!(body["errors"][0]["field"], "query.limit");
    }

    // After all of that, it still serves.
    let ok = http
        .post(&reports)
        .json(&json!({"message": "TypeError: x is undefined", "page": "/events", "level": "error"}))
        .send()
        .await
        .expect("req");
    assert_eq!(ok.status(), 202);
    let health = http.get(url("/api/v1/health")).send().await.expect("req");
    assert_eq!(health.status(), 200);
    gw.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn heartbeats_page_with_cursors_newest_first() {
    let (gw, _dir) = gateway().await;
    let http = client();
    // The schedule beats once at start-up; add beats straight through the handler's store format.
    let route = rouen_api::find("heartbeat").expect("registered");
    let rouen_api::registry::Handler::Schedule(beat) = route.handler else {
        panic!("heartbeat is a schedule")
    };
    for _ in 0..4 {
        tokio::time::sleep(Duration::from_millis(5)).await;
        beat(gw.state.engines.platform.clone()).await.expect("beat");
    }
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let mut request = http
            .get(format!("{}/api/v1/health/heartbeats", gw.url))
            .query(&[("limit", "2")]);
        if let Some(c) = &cursor {
            request = request.query(&[("cursor", c)]);
        }
        let page: Value = request
            .send()
            .await
            .expect("req")
            .json()
            .await
            .expect("json");
        for item in page["items"].as_array().expect("items") {
            seen.push(item["at"].as_str().expect("at").to_owned());
        }
        match page["next_cursor"].as_str() {
            Some(next) => cursor = Some(next.to_owned()),
            None => break,
        }
    }
    assert!(seen.len() >= 5, "all beats listed: {seen:?}");
    let mut sorted = seen.clone();
    sorted.sort();
    sorted.reverse();
    assert_eq!(seen, sorted, "newest first, no duplicates across pages");
    gw.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn cors_allows_only_the_web_origin() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut config = LocalConfig::for_tests(dir.path().to_path_buf());
    config.web_origins = vec!["http://127.0.0.1:5173".into()];
    let gw = start(config).await.expect("start");
    let http = client();
    let url = format!("{}/api/v1/build-info", gw.url);
    let allowed = http
        .get(&url)
        .header("origin", "http://127.0.0.1:5173")
        .send()
        .await
        .expect("req");
    assert_eq!(
        allowed.headers()["access-control-allow-origin"],
        "http://127.0.0.1:5173"
    );
    let other = http
        .get(&url)
        .header("origin", "https://evil.example")
        .send()
        .await
        .expect("req");
    assert!(!other.headers().contains_key("access-control-allow-origin"));
    let preflight = http
        .request(reqwest::Method::OPTIONS, &url)
        .header("origin", "http://127.0.0.1:5173")
        .header("access-control-request-method", "GET")
        .send()
        .await
        .expect("req");
    assert_eq!(preflight.status(), 204);
    assert!(
        preflight
            .headers()
            .contains_key("access-control-allow-methods")
    );
    gw.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_openapi_document_describes_the_registry() {
    let (gw, _dir) = gateway().await;
    let doc: Value = client()
        .get(format!("{}/api/v1/openapi.json", gw.url))
        .send()
        .await
        .expect("req")
        .json()
        .await
        .expect("json");
    assert_eq!(doc["openapi"], "3.1.0");
    for route in rouen_api::routes() {
        if let rouen_api::Trigger::Http { method, path } = route.trigger {
            assert_eq!(
                doc["paths"][path][method.to_ascii_lowercase()]["operationId"],
                route.function
            );
        }
    }
    gw.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn websocket_handshake_without_a_ticket_is_refused_as_api_gateway_would() {
    // `$connect` answers 401 without a valid ticket: the gateway refuses the upgrade with that status
    // and registers nothing (the protocol itself is tested in tests/api/realtime.rs).
    let (gw, _dir) = gateway().await;
    for query in ["", "?ticket=made-up"] {
        let ws_url = format!("{}/ws{query}", gw.url.replace("http://", "ws://"));
        match tokio_tungstenite::connect_async(&ws_url).await {
            Err(tokio_tungstenite::tungstenite::Error::Http(response)) => {
                assert_eq!(response.status().as_u16(), 401)
            }
            other => panic!("expected a refused handshake, got {:?}", other.map(|_| ())),
        }
    }
    assert!(gw.state.engines.connections.is_empty());
    gw.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_queue_consumer_runs_jobs_and_keeps_failed_ones_for_redelivery() {
    use rouen_api::handlers::jobs::{Job, enqueue};
    use rouen_ports::{SearchDoc, SearchQuery};
    let (gw, _dir) = gateway().await;
    let platform = gw.state.engines.platform.clone();
    let doc = SearchDoc {
        id: "event-test-1".into(),
        kind: "event".into(),
        title: "Concert à l'Abbatiale Saint-Ouen".into(),
        body: "Les évènements de la semaine à Rouen".into(),
        lang: "fr".into(),
        category: Some("concerts".into()),
        tags: vec![],
        date: None,
        geo: None,
    };
    enqueue(&platform, &[Job::SearchIndex { docs: vec![doc] }])
        .await
        .expect("enqueued");
    // A job the worker cannot read: reported failed, so it stays on the queue for redelivery.
    platform
        .queue
        .send_batch("jobs", &["{\"kind\":\"no-such-job\"}".to_owned()])
        .await
        .expect("sent");

    let mut found = false;
    for _ in 0..100 {
        let hits = platform
            .search
            .search(&SearchQuery::text("evenement"))
            .await
            .expect("search");
        if hits.hits.iter().any(|h| h.id == "event-test-1") {
            found = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(found, "the jobs worker indexed the document");
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(
        platform.queue.depth("jobs").await.expect("depth"),
        1,
        "only the failed job remains, in flight"
    );
    gw.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_web_app_is_served_with_its_security_headers_and_client_routes() {
    let data = tempfile::tempdir().expect("temp dir");
    let web = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        web.path().join("index.html"),
        "<!doctype html><title>Rouen Social</title>",
    )
    .expect("index");
    std::fs::create_dir_all(web.path().join("assets")).expect("assets");
    std::fs::write(web.path().join("assets/app-3f2a.js"), "console.log(1)").expect("asset");
    let mut config = LocalConfig::for_tests(data.path().to_path_buf());
    config.web_dir = web.path().to_path_buf();
    let gw = start(config).await.expect("start");
    let http = client();

    for path in ["/", "/events", "/messages/42"] {
        let response = http
            .get(format!("{}{path}", gw.url))
            .send()
            .await
            .expect("req");
        assert_eq!(response.status(), 200, "{path}");
        let csp = response.headers()["content-security-policy"]
            .to_str()
            .unwrap_or_default()
            .to_owned();
        assert!(
            csp.contains("default-src 'self'") && csp.contains("frame-ancestors 'none'"),
            "{path}: {csp}"
        );
        assert_eq!(response.headers()["cache-control"], "no-cache");
        assert!(
            response
                .text()
                .await
                .expect("body")
                .contains("<title>Rouen Social</title>"),
            "{path} serves the app"
        );
    }
    let asset = http
        .get(format!("{}/assets/app-3f2a.js", gw.url))
        .send()
        .await
        .expect("req");
    assert_eq!(
        asset.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    // API paths never fall back to the app.
    let api = http
        .get(format!("{}/api/v2/anything", gw.url))
        .send()
        .await
        .expect("req");
    assert_eq!(api.status(), 404);
    gw.stop().await;
}
