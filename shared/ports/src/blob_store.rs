//! Blob store: media files (photos, avatars) and other binary objects.

use async_trait::async_trait;
use bytes::Bytes;
use std::time::Duration;

/// Longest lifetime of a presigned URL.
pub const MAX_PRESIGN_TTL: Duration = Duration::from_secs(7 * 24 * 3600);

#[derive(Debug, Clone, PartialEq)]
pub struct BlobObject {
    pub bytes: Bytes,
    pub content_type: String,
}

/// A request the client makes itself (browser upload or download), signed for a limited time.
#[derive(Debug, Clone, PartialEq)]
pub struct PresignedRequest {
    pub method: String,
    pub url: String,
    /// Headers the client must send as they are (e.g. `content-type`).
    pub headers: Vec<(String, String)>,
}

#[derive(Debug, thiserror::Error)]
pub enum BlobError {
    #[error("no blob with that key")]
    NotFound,
    #[error("invalid blob request: {0}")]
    InvalidRequest(String),
    #[error("blob engine failure: {0}")]
    Engine(String),
}

impl BlobError {
    pub fn engine(err: impl std::fmt::Display) -> Self {
        Self::Engine(err.to_string())
    }
}

/// Keys are relative paths of `[A-Za-z0-9._-]` segments separated by `/`, at most 512 bytes.
pub fn validate_key(key: &str) -> Result<(), BlobError> {
    let ok = !key.is_empty()
        && key.len() <= 512
        && key.split('/').all(|seg| {
            !seg.is_empty()
                && seg != "."
                && seg != ".."
                && seg
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b))
        });
    if ok {
        Ok(())
    } else {
        Err(BlobError::InvalidRequest(format!(
            "invalid blob key `{key}`"
        )))
    }
}

#[async_trait]
pub trait BlobStore: Send + Sync {
    async fn put(&self, key: &str, bytes: Bytes, content_type: &str) -> Result<(), BlobError>;

    async fn get(&self, key: &str) -> Result<BlobObject, BlobError>;

    /// Deleting a missing key is not an error.
    async fn delete(&self, key: &str) -> Result<(), BlobError>;

    /// A PUT the client makes with this content type, valid for `ttl`.
    async fn presign_put(
        &self,
        key: &str,
        content_type: &str,
        ttl: Duration,
    ) -> Result<PresignedRequest, BlobError>;

    /// A GET the client makes, valid for `ttl`.
    async fn presign_get(&self, key: &str, ttl: Duration) -> Result<PresignedRequest, BlobError>;

    async fn ping(&self) -> Result<(), BlobError>;
}

#[cfg(test)]
mod tests {
    use super::validate_key;

    #[test]
    fn keys_cannot_escape() {
        assert!(validate_key("media/2026/ab-cd_1.jpg").is_ok());
        for bad in ["", "../x", "a//b", "/abs", "a/./b", "a b", "é", "a/.."] {
            assert!(validate_key(bad).is_err(), "{bad} should be refused");
        }
    }
}
