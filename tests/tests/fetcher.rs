//! The fetcher (shared by both runtimes) against a snapshot served on loopback.

use axum::Router;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::get;
use rouen_fetcher::{FetcherSettings, HttpFetcher};
use rouen_ports::{FetchRequest, Fetcher};
use std::time::{Duration, Instant};

const SNAPSHOT: &[u8] = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Ville de Rouen — actualités</title><link>https://rouen.fr</link>
<item><title>Fête du Ventre : le programme</title><link>https://rouen.fr/fete-du-ventre</link>
<pubDate>Sat, 17 Oct 2026 08:00:00 +0200</pubDate></item></channel></rss>"#
    .as_bytes();
const ETAG: &str = "\"v1-feed\"";

async fn serve() -> (String, tokio::task::JoinHandle<()>) {
    let app = Router::new()
        .route(
            "/feed.xml",
            get(|headers: HeaderMap| async move {
                if headers
                    .get(header::IF_NONE_MATCH)
                    .is_some_and(|v| v == ETAG)
                {
                    return StatusCode::NOT_MODIFIED.into_response();
                }
                (
                    [
                        (header::CONTENT_TYPE, "application/rss+xml"),
                        (header::ETAG, ETAG),
                    ],
                    SNAPSHOT,
                )
                    .into_response()
            }),
        )
        .route("/missing", get(|| async { StatusCode::NOT_FOUND }))
        .route("/huge", get(|| async { vec![b'x'; 64 * 1024] }))
        .route(
            "/slow",
            get(|| async {
                tokio::time::sleep(Duration::from_secs(5)).await;
                "late"
            }),
        );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let server = tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    (format!("http://{addr}"), server)
}

fn fetcher(per_host_interval: Duration) -> HttpFetcher {
    HttpFetcher::new(FetcherSettings {
        timeout: Duration::from_millis(800),
        per_host_interval,
        max_body_bytes: 32 * 1024,
        ..FetcherSettings::default()
    })
    .expect("fetcher")
}

#[tokio::test(flavor = "multi_thread")]
async fn fetcher_conformance() {
    let (base, server) = serve().await;
    rouen_tests::conformance::fetcher::run(&fetcher(Duration::from_millis(10)), &base, SNAPSHOT)
        .await;
    server.abort();
}

#[tokio::test(flavor = "multi_thread")]
async fn requests_to_one_host_are_paced() {
    let (base, server) = serve().await;
    let fetcher = fetcher(Duration::from_millis(300));
    let started = Instant::now();
    for _ in 0..3 {
        fetcher
            .fetch(&FetchRequest {
                url: format!("{base}/feed.xml"),
                ..FetchRequest::default()
            })
            .await
            .expect("fetch");
    }
    // Three requests, two waits of the interval between them.
    assert!(
        started.elapsed() >= Duration::from_millis(600),
        "paced: {:?}",
        started.elapsed()
    );
    server.abort();
}
