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

/// Scraping honours robots.txt: a disallowed path is never requested, robots.txt is read once per
/// site, a site without one allows everything, and one that cannot answer (5xx) allows nothing.
#[tokio::test(flavor = "multi_thread")]
async fn robots_txt_is_honoured_and_read_once() {
    use rouen_ports::{FetchError, RobotsCheck};
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    let robots_reads = Arc::new(AtomicUsize::new(0));
    let private_reads = Arc::new(AtomicUsize::new(0));
    let (r, pr) = (robots_reads.clone(), private_reads.clone());
    let app = Router::new()
        .route(
            "/robots.txt",
            get(move || {
                r.fetch_add(1, Ordering::SeqCst);
                async { "User-agent: *\nDisallow: /private\n\nUser-agent: OtherBot\nDisallow: /\n" }
            }),
        )
        .route(
            "/private/feed.xml",
            get(move || {
                pr.fetch_add(1, Ordering::SeqCst);
                async { "secret" }
            }),
        )
        .route("/feed.xml", get(|| async { SNAPSHOT }))
        .route("/gone/robots.txt", get(|| async { StatusCode::NOT_FOUND }));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    let fetcher = fetcher(Duration::ZERO);
    let scrape = |path: &str| FetchRequest {
        url: format!("{base}{path}"),
        robots: RobotsCheck::of(&format!("{base}{path}")),
        ..FetchRequest::default()
    };

    assert!(fetcher.fetch(&scrape("/feed.xml")).await.is_ok());
    assert!(matches!(
        fetcher.fetch(&scrape("/private/feed.xml")).await,
        Err(FetchError::DisallowedByRobots)
    ));
    assert!(matches!(
        fetcher.fetch(&scrape("/private/other.xml")).await,
        Err(FetchError::DisallowedByRobots)
    ));
    assert!(fetcher.fetch(&scrape("/feed.xml")).await.is_ok());
    assert_eq!(
        private_reads.load(Ordering::SeqCst),
        0,
        "a disallowed path was requested"
    );
    assert_eq!(
        robots_reads.load(Ordering::SeqCst),
        1,
        "robots.txt is cached"
    );

    // Not scraping (no robots check): the fetch goes through.
    let direct = FetchRequest {
        url: format!("{base}/private/feed.xml"),
        ..FetchRequest::default()
    };
    assert!(fetcher.fetch(&direct).await.is_ok());

    // A mirror answering for a site: its robots.txt governs the site's own URL.
    let mirrored = FetchRequest {
        url: format!("{base}/feed.xml"),
        robots: Some(RobotsCheck {
            robots_url: format!("{base}/gone/robots.txt"),
            target_url: "https://example.org/private/feed.xml".into(),
        }),
        ..FetchRequest::default()
    };
    assert!(
        fetcher.fetch(&mirrored).await.is_ok(),
        "no robots.txt allows everything"
    );
    let down = fetch_behind_a_failing_robots_txt().await;
    assert!(matches!(down, Err(FetchError::DisallowedByRobots)));
}

async fn fetch_behind_a_failing_robots_txt()
-> Result<rouen_ports::FetchOutcome, rouen_ports::FetchError> {
    // robots.txt answering 500: assume everything is disallowed (RFC 9309).
    let app = Router::new()
        .route(
            "/robots.txt",
            get(|| async { StatusCode::INTERNAL_SERVER_ERROR }),
        )
        .route("/feed.xml", get(|| async { SNAPSHOT }));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let other = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    fetcher(Duration::ZERO)
        .fetch(&FetchRequest {
            url: format!("{other}/feed.xml"),
            robots: rouen_ports::RobotsCheck::of(&format!("{other}/feed.xml")),
            ..FetchRequest::default()
        })
        .await
}
