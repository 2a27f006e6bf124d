//! The blob store suite against a directory served by `blob_router`.

use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use rouen_embedded::blob_store::{FsBlobStore, MAX_UPLOAD_BYTES, blob_router};
use rouen_ports::{BlobStore, SystemClock};
use rouen_tests::conformance::blob_store;

/// Serves a fresh store on an ephemeral port, as the local gateway would.
async fn serve(dir: &std::path::Path) -> Arc<FsBlobStore> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a free port");
    let addr = listener.local_addr().expect("the bound address");
    let store = Arc::new(FsBlobStore::new(
        dir.to_path_buf(),
        format!("http://{addr}"),
        b"conformance signing key".to_vec(),
        Arc::new(SystemClock),
    ));
    let router = blob_router(Arc::clone(&store));
    tokio::spawn(async move {
        if let Err(err) = axum::serve(listener, router).await {
            panic!("the blob router stopped: {err}");
        }
    });
    store
}

#[tokio::test]
async fn fs_blob_store_conforms() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let store = serve(dir.path()).await;
    blob_store::run(store.as_ref()).await;
}

#[tokio::test]
async fn downloads_cannot_act_as_pages() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let store = serve(dir.path()).await;
    let http = reqwest::Client::new();

    store
        .put(
            "u/page.html",
            Bytes::from_static(b"<script>alert(1)</script>"),
            "text/html",
        )
        .await
        .expect("put");
    let get = store
        .presign_get("u/page.html", Duration::from_secs(60))
        .await
        .expect("presign");
    let response = http.get(&get.url).send().await.expect("GET");
    assert_eq!(response.status(), 200);
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    assert_eq!(header("x-content-type-options").as_deref(), Some("nosniff"));
    assert_eq!(
        header("content-disposition").as_deref(),
        Some("attachment; filename=\"page.html\"")
    );

    store
        .put(
            "u/photo.jpg",
            Bytes::from_static(b"\xff\xd8\xff"),
            "image/jpeg",
        )
        .await
        .expect("put");
    let get = store
        .presign_get("u/photo.jpg", Duration::from_secs(60))
        .await
        .expect("presign");
    let response = http.get(&get.url).send().await.expect("GET");
    let disposition = response
        .headers()
        .get("content-disposition")
        .and_then(|v| v.to_str().ok());
    assert_eq!(
        disposition,
        Some("inline; filename=\"photo.jpg\""),
        "photos display inline"
    );

    // A URL signed for GET does not allow a PUT, nor does one without its query string.
    let response = http
        .put(&get.url)
        .header("content-type", "image/jpeg")
        .body("x")
        .send()
        .await
        .expect("PUT");
    assert_eq!(response.status(), 403);
    let bare = get.url.split('?').next().unwrap_or_default().to_owned();
    let response = http.get(&bare).send().await.expect("GET");
    assert_eq!(response.status(), 403);
    let problem: serde_json::Value = response.json().await.expect("a JSON problem body");
    assert_eq!(problem["code"], "signature_invalid");
}

#[tokio::test]
async fn uploads_are_bounded() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let store = serve(dir.path()).await;
    let put = store
        .presign_put(
            "u/huge.bin",
            "application/octet-stream",
            Duration::from_secs(60),
        )
        .await
        .expect("presign");
    let response = reqwest::Client::new()
        .put(&put.url)
        .header("content-type", "application/octet-stream")
        .body(vec![0u8; MAX_UPLOAD_BYTES + 1])
        .send()
        .await
        .expect("PUT");
    assert_eq!(response.status(), 413, "a body over the limit is refused");
    assert!(
        store.get("u/huge.bin").await.is_err(),
        "and nothing is stored"
    );
}
