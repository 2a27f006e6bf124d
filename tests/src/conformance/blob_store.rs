//! Conformance suite of the blob store port.
//!
//! Both engines run this same function: the embedded one on a temporary directory served by its
//! `blob_router`, the AWS one on an S3-compatible server that may already hold objects from earlier
//! runs. Every key of a run lives under a fresh prefix. Presigned URLs are exercised the way a browser
//! uses them: a plain HTTP request sending the returned headers, no SDK.

use std::time::Duration;

use bytes::Bytes;
use reqwest::{Method, StatusCode, Url};
use rouen_ports::{BlobError, BlobStore, PresignedRequest};

/// Sends a presigned request as a browser would, with an optional body.
async fn send(
    http: &reqwest::Client,
    presigned: &PresignedRequest,
    url: &str,
    body: Option<Bytes>,
) -> reqwest::Response {
    let method = Method::from_bytes(presigned.method.as_bytes()).expect("a valid HTTP method");
    let mut request = http.request(method, url);
    for (name, value) in &presigned.headers {
        request = request.header(name, value);
    }
    if let Some(body) = body {
        request = request.body(body);
    }
    request
        .send()
        .await
        .unwrap_or_else(|err| panic!("{} {url} could not be sent: {err}", presigned.method))
}

/// The URL with one character of its signature changed (whatever the engine names the parameter).
fn tamper_signature(url: &str) -> String {
    let mut url = Url::parse(url).expect("a presigned URL parses");
    let mut changed = false;
    let pairs: Vec<(String, String)> = url
        .query_pairs()
        .map(|(name, value)| {
            if name.to_ascii_lowercase().ends_with("signature") && !value.is_empty() {
                changed = true;
                let mut value = value.into_owned();
                let last = value.pop().unwrap_or('0');
                value.push(if last == '0' { '1' } else { '0' });
                (name.into_owned(), value)
            } else {
                (name.into_owned(), value.into_owned())
            }
        })
        .collect();
    assert!(
        changed,
        "a presigned URL carries a signature parameter: {url}"
    );
    url.query_pairs_mut().clear().extend_pairs(pairs);
    url.to_string()
}

/// Runs every section of the suite; panics with a plain-words message on the first broken promise.
pub async fn run(store: &dyn BlobStore) {
    store.ping().await.expect("the store answers a ping");
    let prefix = format!(
        "conformance/{}",
        ulid::Ulid::new().to_string().to_ascii_lowercase()
    );

    objects(store, &prefix).await;
    keys_are_checked(store, &prefix).await;
    presigned_urls(store, &prefix).await;
}

async fn objects(store: &dyn BlobStore, prefix: &str) {
    let key = format!("{prefix}/photos/cathedrale.png");
    // Not UTF-8, with a NUL and the PNG magic: bytes must come back as they went.
    let bytes = Bytes::from_static(b"\x89PNG\r\n\x1a\n\x00\xff\xfe binary");
    store
        .put(&key, bytes.clone(), "image/png")
        .await
        .expect("put succeeds");
    let object = store.get(&key).await.expect("get finds what was put");
    assert_eq!(object.bytes, bytes, "get returns the exact bytes");
    assert_eq!(
        object.content_type, "image/png",
        "get returns the content type"
    );

    store
        .put(&key, Bytes::from_static(b"second version"), "text/plain")
        .await
        .expect("put replaces");
    let object = store.get(&key).await.expect("get after replace");
    assert_eq!(
        object.bytes,
        Bytes::from_static(b"second version"),
        "a second put replaces the bytes"
    );
    assert_eq!(object.content_type, "text/plain", "and the content type");

    let missing = store.get(&format!("{prefix}/never-written.bin")).await;
    assert!(
        matches!(missing, Err(BlobError::NotFound)),
        "a missing key is NotFound: {missing:?}"
    );

    store.delete(&key).await.expect("delete succeeds");
    let deleted = store.get(&key).await;
    assert!(
        matches!(deleted, Err(BlobError::NotFound)),
        "a deleted key is NotFound: {deleted:?}"
    );
    store
        .delete(&key)
        .await
        .expect("deleting a missing key is not an error");

    let empty = format!("{prefix}/empty.txt");
    store
        .put(&empty, Bytes::new(), "text/plain")
        .await
        .expect("an empty object can be put");
    assert!(
        store
            .get(&empty)
            .await
            .expect("the empty object is found")
            .bytes
            .is_empty(),
        "it is empty"
    );
    store.delete(&empty).await.expect("delete the empty object");
}

async fn keys_are_checked(store: &dyn BlobStore, prefix: &str) {
    for bad in ["../escape", "a//b", "/absolute", "with space", ""] {
        let put = store.put(bad, Bytes::from_static(b"x"), "text/plain").await;
        assert!(
            matches!(put, Err(BlobError::InvalidRequest(_))),
            "put {bad:?} is InvalidRequest: {put:?}"
        );
        let get = store.get(bad).await;
        assert!(
            matches!(get, Err(BlobError::InvalidRequest(_))),
            "get {bad:?} is InvalidRequest: {get:?}"
        );
        let delete = store.delete(bad).await;
        assert!(
            matches!(delete, Err(BlobError::InvalidRequest(_))),
            "delete {bad:?}: {delete:?}"
        );
        let presign = store.presign_get(bad, Duration::from_secs(60)).await;
        assert!(
            matches!(presign, Err(BlobError::InvalidRequest(_))),
            "presign {bad:?}: {presign:?}"
        );
    }
    let too_long = store
        .presign_get(&format!("{prefix}/x"), Duration::from_secs(8 * 24 * 3600))
        .await;
    assert!(
        matches!(too_long, Err(BlobError::InvalidRequest(_))),
        "a ttl over 7 days is refused: {too_long:?}"
    );
}

async fn presigned_urls(store: &dyn BlobStore, prefix: &str) {
    let http = reqwest::Client::new();
    let key = format!("{prefix}/uploads/avatar.jpg");
    let bytes = Bytes::from((0..=255u8).cycle().take(70_000).collect::<Vec<u8>>());

    let put = store
        .presign_put(&key, "image/jpeg", Duration::from_secs(300))
        .await
        .expect("presign_put succeeds");
    assert_eq!(put.method, "PUT", "a presigned upload is a PUT");
    let response = send(&http, &put, &put.url, Some(bytes.clone())).await;
    assert!(
        response.status().is_success(),
        "the presigned PUT is accepted: {}",
        response.status()
    );
    let object = store.get(&key).await.expect("the uploaded object is there");
    assert_eq!(object.bytes, bytes, "the uploaded bytes are stored as sent");
    assert_eq!(
        object.content_type, "image/jpeg",
        "with the signed content type"
    );

    let get = store
        .presign_get(&key, Duration::from_secs(300))
        .await
        .expect("presign_get succeeds");
    assert_eq!(get.method, "GET", "a presigned download is a GET");
    let response = send(&http, &get, &get.url, None).await;
    assert_eq!(
        response.status(),
        StatusCode::OK,
        "the presigned GET is served"
    );
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    assert_eq!(
        content_type.as_deref(),
        Some("image/jpeg"),
        "the download carries the content type"
    );
    assert_eq!(
        response.bytes().await.expect("the download body"),
        bytes,
        "the download gives the same bytes"
    );

    let tampered = send(&http, &get, &tamper_signature(&get.url), None).await;
    assert_eq!(
        tampered.status(),
        StatusCode::FORBIDDEN,
        "a GET with an altered signature is refused"
    );
    let tampered = send(
        &http,
        &put,
        &tamper_signature(&put.url),
        Some(Bytes::from_static(b"evil")),
    )
    .await;
    assert_eq!(
        tampered.status(),
        StatusCode::FORBIDDEN,
        "a PUT with an altered signature is refused"
    );
    assert_eq!(
        store.get(&key).await.expect("still there").bytes,
        bytes,
        "a refused PUT changes nothing"
    );

    let other_key = format!("{prefix}/uploads/other.jpg");
    let put = store
        .presign_put(&other_key, "image/jpeg", Duration::from_secs(300))
        .await
        .expect("presign_put");
    let mut wrong_type = put.clone();
    wrong_type.headers = vec![("content-type".into(), "text/html".into())];
    let response = send(
        &http,
        &wrong_type,
        &put.url,
        Some(Bytes::from_static(b"<script>alert(1)</script>")),
    )
    .await;
    assert!(
        response.status().is_client_error(),
        "a PUT with another content type than signed is refused: {}",
        response.status()
    );
    let absent = store.get(&other_key).await;
    assert!(
        matches!(absent, Err(BlobError::NotFound)),
        "the refused upload stored nothing: {absent:?}"
    );

    let short = store
        .presign_get(&key, Duration::from_secs(1))
        .await
        .expect("presign_get with 1 s");
    tokio::time::sleep(Duration::from_secs(2)).await;
    let expired = send(&http, &short, &short.url, None).await;
    assert_eq!(
        expired.status(),
        StatusCode::FORBIDDEN,
        "an expired presigned URL is refused"
    );

    store.delete(&key).await.expect("clean up");
}
