//! The fetcher's contract, against a recorded snapshot served on loopback (never the internet).
//! The fetcher engine is the same in both runtimes, so this suite runs once.

use rouen_ports::{FetchError, FetchOutcome, FetchRequest, Fetcher};

/// `base_url` serves: `/feed.xml` (the snapshot, with an ETag, 304 on a matching If-None-Match),
/// `/missing` (404), `/huge` (more bytes than the fetcher accepts), `/slow` (answers after the
/// fetcher's timeout).
pub async fn run(fetcher: &dyn Fetcher, base_url: &str, snapshot: &[u8]) {
    let first = fetcher
        .fetch(&FetchRequest {
            url: format!("{base_url}/feed.xml"),
            ..FetchRequest::default()
        })
        .await
        .expect("the snapshot is fetched");
    let FetchOutcome::Fetched {
        status,
        body,
        etag,
        content_type,
        ..
    } = first
    else {
        panic!("a first fetch returns the body, not NotModified");
    };
    assert_eq!(status, 200);
    assert_eq!(&body[..], snapshot, "the body arrives byte for byte");
    assert!(
        content_type.is_some_and(|c| c.contains("xml")),
        "the content type is reported"
    );
    let etag = etag.expect("the source's ETag is reported");

    let again = fetcher
        .fetch(&FetchRequest {
            url: format!("{base_url}/feed.xml"),
            etag: Some(etag),
            ..FetchRequest::default()
        })
        .await
        .expect("a conditional fetch works");
    assert_eq!(
        again,
        FetchOutcome::NotModified,
        "a matching ETag gives NotModified"
    );

    let missing = fetcher
        .fetch(&FetchRequest {
            url: format!("{base_url}/missing"),
            ..FetchRequest::default()
        })
        .await;
    assert!(
        matches!(missing, Err(FetchError::Status(404))),
        "a 404 is a typed error: {missing:?}"
    );

    let huge = fetcher
        .fetch(&FetchRequest {
            url: format!("{base_url}/huge"),
            ..FetchRequest::default()
        })
        .await;
    assert!(
        matches!(huge, Err(FetchError::TooLarge(_))),
        "an oversized body is refused: {huge:?}"
    );
    // A known big download (a network's GTFS) may raise the limit for its own request, and a small
    // limit refuses even the ordinary snapshot.
    let allowed = fetcher
        .fetch(&FetchRequest {
            url: format!("{base_url}/huge"),
            max_body_bytes: Some(64 * 1024 * 1024),
            ..FetchRequest::default()
        })
        .await;
    assert!(
        allowed.is_ok(),
        "a raised limit lets it through: {allowed:?}"
    );
    let tight = fetcher
        .fetch(&FetchRequest {
            url: format!("{base_url}/feed.xml"),
            max_body_bytes: Some(10),
            ..FetchRequest::default()
        })
        .await;
    assert!(
        matches!(tight, Err(FetchError::TooLarge(10))),
        "a lowered limit refuses: {tight:?}"
    );

    let slow = fetcher
        .fetch(&FetchRequest {
            url: format!("{base_url}/slow"),
            ..FetchRequest::default()
        })
        .await;
    assert!(
        matches!(slow, Err(FetchError::Timeout)),
        "a source that hangs times out: {slow:?}"
    );

    for bad in ["not a url", "ftp://example.org/x", "file:///etc/passwd"] {
        let result = fetcher
            .fetch(&FetchRequest {
                url: bad.into(),
                ..FetchRequest::default()
            })
            .await;
        assert!(
            matches!(result, Err(FetchError::InvalidUrl(_))),
            "{bad} is refused: {result:?}"
        );
    }
}
