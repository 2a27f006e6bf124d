//! Blob store engine on a local directory, with presigned URLs served by [`blob_router`].
//!
//! Layout under the root: `objects/` mirrors the key, each directory segment suffixed `.d` and the
//! object itself `.blob`, its content type in a `.meta` sidecar next to it. The suffixes keep a key
//! (`a`) and a key below it (`a/b`) from colliding as file and directory, which S3 allows and a file
//! system does not. Writes go to a temporary file renamed into place, so a reader never sees half an
//! object.
//!
//! Presigned URLs carry an HMAC-SHA256 over method, key, expiry and content type:
//! `{public_base_url}/blobs/{key}?method=PUT&expires={epoch}&content_type={ct}&signature={hex}`.

use std::io::{ErrorKind, Write as _};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use axum::Router;
use axum::body::Body;
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::extract::{DefaultBodyLimit, Path as UrlPath, Query, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use bytes::Bytes;
use hmac::{Hmac, Mac};
use rouen_ports::blob_store::{MAX_PRESIGN_TTL, validate_key};
use rouen_ports::{BlobError, BlobObject, BlobStore, Clock, PresignedRequest};
use serde::Deserialize;
use sha2::Sha256;

/// Largest body a presigned PUT accepts.
pub const MAX_UPLOAD_BYTES: usize = 20 * 1024 * 1024;

/// Served when an object has no readable sidecar (a crash between the two renames of a put).
const FALLBACK_CONTENT_TYPE: &str = "application/octet-stream";

/// Versioned so that a change of the signed string invalidates old URLs instead of misreading them.
const SIGNATURE_CONTEXT: &str = "rouen-blob-v1";

/// Types a browser may display inline: they cannot run script. Everything else (HTML, SVG, ...) is
/// served as an attachment so that an uploaded file can never act as a page of our origin.
const INLINE_TYPES: &[&str] = &[
    "image/jpeg",
    "image/png",
    "image/gif",
    "image/webp",
    "image/avif",
];

type HmacSha256 = Hmac<Sha256>;

/// The embedded [`BlobStore`]: files under a directory.
pub struct FsBlobStore {
    root: PathBuf,
    public_base_url: String,
    signing_key: Vec<u8>,
    clock: Arc<dyn Clock>,
}

impl std::fmt::Debug for FsBlobStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The signing key stays out of logs.
        f.debug_struct("FsBlobStore")
            .field("root", &self.root)
            .field("public_base_url", &self.public_base_url)
            .finish_non_exhaustive()
    }
}

impl FsBlobStore {
    /// `public_base_url` is where [`blob_router`] is reachable from clients (no trailing `/blobs`).
    pub fn new(
        dir: PathBuf,
        public_base_url: String,
        signing_key: Vec<u8>,
        clock: Arc<dyn Clock>,
    ) -> Self {
        let public_base_url = public_base_url.trim_end_matches('/').to_owned();
        Self {
            root: dir,
            public_base_url,
            signing_key,
            clock,
        }
    }

    fn objects(&self) -> PathBuf {
        self.root.join("objects")
    }

    /// `(object file, sidecar)` of a key already validated.
    fn paths(&self, key: &str) -> (PathBuf, PathBuf) {
        let mut dir = self.objects();
        let mut segments = key.split('/').peekable();
        let mut last = "";
        while let Some(segment) = segments.next() {
            if segments.peek().is_some() {
                dir.push(format!("{segment}.d"));
            } else {
                last = segment;
            }
        }
        (
            dir.join(format!("{last}.blob")),
            dir.join(format!("{last}.meta")),
        )
    }

    fn mac(&self) -> Result<HmacSha256, BlobError> {
        HmacSha256::new_from_slice(&self.signing_key).map_err(BlobError::engine)
    }

    fn signed_mac(
        &self,
        method: &str,
        key: &str,
        expires: i64,
        content_type: &str,
    ) -> Result<HmacSha256, BlobError> {
        let mut mac = self.mac()?;
        mac.update(
            format!("{SIGNATURE_CONTEXT}\n{method}\n{key}\n{expires}\n{content_type}").as_bytes(),
        );
        Ok(mac)
    }

    fn presign(
        &self,
        method: &str,
        key: &str,
        content_type: &str,
        ttl: Duration,
    ) -> Result<PresignedRequest, BlobError> {
        validate_key(key)?;
        if ttl > MAX_PRESIGN_TTL {
            return Err(BlobError::InvalidRequest(format!(
                "a presigned URL lives {} seconds at most",
                MAX_PRESIGN_TTL.as_secs()
            )));
        }
        // Rounded up: a URL never expires before the ttl asked for.
        let ttl_secs = ttl.as_secs() + u64::from(ttl.subsec_nanos() > 0);
        let expires = self
            .clock
            .now_epoch()
            .saturating_add(i64::try_from(ttl_secs).unwrap_or(i64::MAX));
        let signature = to_hex(
            &self
                .signed_mac(method, key, expires, content_type)?
                .finalize()
                .into_bytes(),
        );
        let mut url = format!(
            "{}/blobs/{key}?method={method}&expires={expires}",
            self.public_base_url
        );
        if !content_type.is_empty() {
            url.push_str("&content_type=");
            url.push_str(&percent_encode(content_type));
        }
        url.push_str("&signature=");
        url.push_str(&signature);
        let headers = if content_type.is_empty() {
            Vec::new()
        } else {
            vec![("content-type".to_owned(), content_type.to_owned())]
        };
        Ok(PresignedRequest {
            method: method.to_owned(),
            url,
            headers,
        })
    }

    /// Checks a presigned request: signature first (constant time), then expiry.
    fn verify(&self, method: &str, key: &str, params: &SignedParams) -> Result<(), Refusal> {
        let content_type = params.content_type.as_deref().unwrap_or_default();
        let signature = from_hex(&params.signature).ok_or(Refusal::BadSignature)?;
        let mac = self
            .signed_mac(method, key, params.expires, content_type)
            .map_err(|_| Refusal::BadSignature)?;
        mac.verify_slice(&signature)
            .map_err(|_| Refusal::BadSignature)?;
        if self.clock.now_epoch() > params.expires {
            return Err(Refusal::Expired);
        }
        Ok(())
    }
}

fn validate_content_type(content_type: &str) -> Result<(), BlobError> {
    let ok = !content_type.trim().is_empty()
        && content_type.len() <= 255
        && content_type.bytes().all(|b| (0x20..0x7f).contains(&b));
    if ok {
        Ok(())
    } else {
        Err(BlobError::InvalidRequest(format!(
            "invalid content type `{content_type}`"
        )))
    }
}

fn io_error(err: std::io::Error) -> BlobError {
    match err.kind() {
        ErrorKind::NotFound => BlobError::NotFound,
        // A segment longer than the file system allows is a bad key, not an engine failure.
        ErrorKind::InvalidFilename => BlobError::InvalidRequest("a key segment is too long".into()),
        _ => BlobError::engine(err),
    }
}

/// Writes `bytes` to `target` through a synced temporary file in the same directory.
fn write_atomically(target: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = target
        .parent()
        .ok_or_else(|| std::io::Error::other("object path without a parent"))?;
    let temp = dir.join(format!(".{}.tmp", ulid::Ulid::new()));
    let written = (|| {
        let mut file = std::fs::File::create(&temp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&temp, target)
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    written
}

fn remove_if_present(path: &Path) -> std::io::Result<()> {
    match std::fs::remove_file(path) {
        Err(err) if err.kind() != ErrorKind::NotFound => Err(err),
        _ => Ok(()),
    }
}

async fn blocking<T, F>(work: F) -> Result<T, BlobError>
where
    T: Send + 'static,
    F: FnOnce() -> Result<T, BlobError> + Send + 'static,
{
    tokio::task::spawn_blocking(work)
        .await
        .map_err(BlobError::engine)?
}

#[async_trait]
impl BlobStore for FsBlobStore {
    async fn put(&self, key: &str, bytes: Bytes, content_type: &str) -> Result<(), BlobError> {
        validate_key(key)?;
        validate_content_type(content_type)?;
        let (data, meta) = self.paths(key);
        let content_type = content_type.to_owned();
        let size = bytes.len();
        blocking(move || {
            if let Some(dir) = data.parent() {
                std::fs::create_dir_all(dir).map_err(io_error)?;
            }
            // Sidecar first: a crash in between leaves a type without an object (still "not found"),
            // never an object served with another object's type.
            write_atomically(&meta, content_type.as_bytes()).map_err(io_error)?;
            write_atomically(&data, &bytes).map_err(io_error)
        })
        .await?;
        tracing::debug!(key, size, "blob stored");
        Ok(())
    }

    async fn get(&self, key: &str) -> Result<BlobObject, BlobError> {
        validate_key(key)?;
        let (data, meta) = self.paths(key);
        blocking(move || {
            let bytes = std::fs::read(&data).map_err(io_error)?;
            let content_type = match std::fs::read_to_string(&meta) {
                Ok(ct) if validate_content_type(&ct).is_ok() => ct,
                _ => FALLBACK_CONTENT_TYPE.to_owned(),
            };
            Ok(BlobObject {
                bytes: Bytes::from(bytes),
                content_type,
            })
        })
        .await
    }

    async fn delete(&self, key: &str) -> Result<(), BlobError> {
        validate_key(key)?;
        let (data, meta) = self.paths(key);
        blocking(move || {
            remove_if_present(&data).map_err(io_error)?;
            remove_if_present(&meta).map_err(io_error)
        })
        .await?;
        tracing::debug!(key, "blob deleted");
        Ok(())
    }

    async fn presign_put(
        &self,
        key: &str,
        content_type: &str,
        ttl: Duration,
    ) -> Result<PresignedRequest, BlobError> {
        validate_content_type(content_type)?;
        self.presign("PUT", key, content_type, ttl)
    }

    async fn presign_get(&self, key: &str, ttl: Duration) -> Result<PresignedRequest, BlobError> {
        self.presign("GET", key, "", ttl)
    }

    async fn ping(&self) -> Result<(), BlobError> {
        let objects = self.objects();
        blocking(move || std::fs::create_dir_all(&objects).map_err(BlobError::engine)).await
    }
}

// ---------------------------------------------------------------------------------------------------
// HTTP side: what presigned URLs point at.

#[derive(Debug, Deserialize)]
struct SignedParams {
    method: String,
    expires: i64,
    content_type: Option<String>,
    signature: String,
}

#[derive(Debug, Clone, Copy)]
enum Refusal {
    InvalidKey,
    BadSignature,
    Expired,
}

fn problem(status: StatusCode, code: &str, detail: &str) -> Response {
    let body = serde_json::json!({
        "type": "about:blank",
        "title": status.canonical_reason().unwrap_or("Error"),
        "status": status.as_u16(),
        "code": code,
        "detail": detail,
    });
    let mut response = (status, body.to_string()).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/problem+json"),
    );
    response
}

fn refusal_response(refusal: Refusal) -> Response {
    match refusal {
        Refusal::InvalidKey => problem(
            StatusCode::BAD_REQUEST,
            "invalid_key",
            "Invalid object key.",
        ),
        Refusal::BadSignature => problem(
            StatusCode::FORBIDDEN,
            "signature_invalid",
            "The URL signature is missing or does not match.",
        ),
        Refusal::Expired => problem(StatusCode::FORBIDDEN, "url_expired", "The URL has expired."),
    }
}

fn blob_error_response(err: BlobError, key: &str) -> Response {
    match err {
        BlobError::NotFound => problem(
            StatusCode::NOT_FOUND,
            "not_found",
            "No object with that key.",
        ),
        BlobError::InvalidRequest(detail) => {
            problem(StatusCode::BAD_REQUEST, "invalid_request", &detail)
        }
        BlobError::Engine(error) => {
            tracing::error!(key, error, "blob store failure");
            problem(
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                "The object could not be served.",
            )
        }
    }
}

/// Shared checks of both methods: a valid key and a valid, unexpired signature for this method.
fn authorize(
    store: &FsBlobStore,
    method: &Method,
    key: &str,
    params: Result<Query<SignedParams>, QueryRejection>,
) -> Result<SignedParams, Refusal> {
    if validate_key(key).is_err() {
        return Err(Refusal::InvalidKey);
    }
    let Ok(Query(params)) = params else {
        return Err(Refusal::BadSignature);
    };
    // HEAD is a GET without body: a URL signed for GET allows it.
    let signed_for = if *method == Method::HEAD {
        "GET"
    } else {
        method.as_str()
    };
    if params.method != signed_for {
        return Err(Refusal::BadSignature);
    }
    if let Err(refusal) = store.verify(signed_for, key, &params) {
        tracing::info!(key, method = %method, reason = ?refusal, "presigned blob request refused");
        return Err(refusal);
    }
    Ok(params)
}

async fn get_blob(
    State(store): State<Arc<FsBlobStore>>,
    method: Method,
    UrlPath(key): UrlPath<String>,
    params: Result<Query<SignedParams>, QueryRejection>,
) -> Response {
    if let Err(refusal) = authorize(&store, &method, &key, params) {
        return refusal_response(refusal);
    }
    let object = match store.get(&key).await {
        Ok(object) => object,
        Err(err) => return blob_error_response(err, &key),
    };
    let content_type = HeaderValue::from_str(&object.content_type)
        .unwrap_or(HeaderValue::from_static(FALLBACK_CONTENT_TYPE));
    let essence = object
        .content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    let disposition = if INLINE_TYPES.contains(&essence.as_str()) {
        "inline"
    } else {
        "attachment"
    };
    // Key segments are `[A-Za-z0-9._-]`: safe inside a quoted filename as they are.
    let filename = key.rsplit('/').next().unwrap_or("download");
    let mut headers = HeaderMap::new();
    headers.insert(header::CONTENT_TYPE, content_type);
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    if let Ok(value) = HeaderValue::from_str(&format!("{disposition}; filename=\"{filename}\"")) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    (StatusCode::OK, headers, Body::from(object.bytes)).into_response()
}

async fn put_blob(
    State(store): State<Arc<FsBlobStore>>,
    method: Method,
    UrlPath(key): UrlPath<String>,
    params: Result<Query<SignedParams>, QueryRejection>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let params = match authorize(&store, &method, &key, params) {
        Ok(params) => params,
        Err(refusal) => return refusal_response(refusal),
    };
    let signed_type = params.content_type.unwrap_or_default();
    let sent_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    if signed_type.is_empty() || sent_type != signed_type {
        return problem(
            StatusCode::FORBIDDEN,
            "content_type_mismatch",
            "The Content-Type header must be the one the URL was signed for.",
        );
    }
    let body = match body {
        Ok(body) => body,
        Err(rejection) if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            return problem(
                StatusCode::PAYLOAD_TOO_LARGE,
                "too_large",
                &format!("An upload may hold {MAX_UPLOAD_BYTES} bytes at most."),
            );
        }
        Err(rejection) => {
            return problem(
                rejection.status(),
                "bad_body",
                "The request body could not be read.",
            );
        }
    };
    match store.put(&key, body, &signed_type).await {
        Ok(()) => StatusCode::OK.into_response(),
        Err(err) => blob_error_response(err, &key),
    }
}

/// Serves presigned URLs: `GET /blobs/{key}` and `PUT /blobs/{key}`, with the query string made by
/// [`FsBlobStore`]'s `presign_*`.
pub fn blob_router(store: Arc<FsBlobStore>) -> Router {
    Router::new()
        .route("/blobs/{*key}", get(get_blob).put(put_blob))
        .layer(DefaultBodyLimit::max(MAX_UPLOAD_BYTES))
        .with_state(store)
}

fn to_hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 0x0f)]));
    }
    out
}

fn from_hex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    text.as_bytes()
        .chunks(2)
        .map(|pair| {
            let digit = |c: u8| char::from(c).to_digit(16);
            u8::try_from(digit(pair[0])? * 16 + digit(pair[1])?).ok()
        })
        .collect()
}

/// Percent-encodes everything but RFC 3986 unreserved characters (for a query value).
fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use rouen_ports::ManualClock;

    fn store(dir: &Path, clock: Arc<ManualClock>) -> FsBlobStore {
        FsBlobStore::new(
            dir.to_path_buf(),
            "http://localhost:1/".into(),
            b"test-key".to_vec(),
            clock,
        )
    }

    #[test]
    fn hex_round_trips() {
        let bytes = [0u8, 1, 0x7f, 0x80, 0xff];
        assert_eq!(from_hex(&to_hex(&bytes)), Some(bytes.to_vec()));
        assert_eq!(from_hex("abc"), None);
        assert_eq!(from_hex("zz"), None);
    }

    #[test]
    fn a_key_and_a_key_below_it_coexist() {
        let clock = Arc::new(ManualClock::new(chrono::Utc::now()));
        let s = store(Path::new("/data"), clock);
        let (a, _) = s.paths("a");
        let (ab, _) = s.paths("a/b");
        assert_eq!(a, Path::new("/data/objects/a.blob"));
        assert_eq!(ab, Path::new("/data/objects/a.d/b.blob"));
    }

    #[tokio::test]
    async fn signatures_bind_method_key_expiry_and_type() -> Result<(), BlobError> {
        let clock = Arc::new(ManualClock::new(chrono::Utc::now()));
        let s = store(Path::new("/unused"), clock.clone());
        let signed = s
            .presign_put("m/x.jpg", "image/jpeg", Duration::from_secs(60))
            .await?;
        assert!(
            signed
                .url
                .starts_with("http://localhost:1/blobs/m/x.jpg?method=PUT&expires=")
        );
        let uri: axum::http::Uri = signed.url.parse().map_err(BlobError::engine)?;
        let Query(params) = Query::<SignedParams>::try_from_uri(&uri).map_err(BlobError::engine)?;
        assert_eq!(params.content_type.as_deref(), Some("image/jpeg"));
        assert!(s.verify("PUT", "m/x.jpg", &params).is_ok());
        assert!(matches!(
            s.verify("GET", "m/x.jpg", &params),
            Err(Refusal::BadSignature)
        ));
        assert!(matches!(
            s.verify("PUT", "m/y.jpg", &params),
            Err(Refusal::BadSignature)
        ));
        let other_type = SignedParams {
            content_type: Some("text/html".into()),
            ..params
        };
        assert!(matches!(
            s.verify("PUT", "m/x.jpg", &other_type),
            Err(Refusal::BadSignature)
        ));
        let params = SignedParams {
            content_type: Some("image/jpeg".into()),
            ..other_type
        };
        clock.advance(chrono::Duration::seconds(61));
        assert!(matches!(
            s.verify("PUT", "m/x.jpg", &params),
            Err(Refusal::Expired)
        ));
        Ok(())
    }

    #[tokio::test]
    async fn objects_survive_and_disappear() -> Result<(), BlobError> {
        let dir = tempfile::tempdir().map_err(BlobError::engine)?;
        let s = store(dir.path(), Arc::new(ManualClock::new(chrono::Utc::now())));
        s.put("a", Bytes::from_static(b"one"), "text/plain").await?;
        s.put("a/b", Bytes::from_static(b"two"), "image/png")
            .await?;
        assert_eq!(s.get("a").await?.bytes, Bytes::from_static(b"one"));
        assert_eq!(s.get("a/b").await?.content_type, "image/png");
        s.delete("a").await?;
        assert!(matches!(s.get("a").await, Err(BlobError::NotFound)));
        assert!(matches!(
            s.put("x", Bytes::new(), "text/plain\r\nx: y").await,
            Err(BlobError::InvalidRequest(_))
        ));
        Ok(())
    }
}
