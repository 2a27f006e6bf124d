//! Opaque, tamper-evident cursors.
//!
//! A cursor carries the last key a page returned and the scope of the query that produced it (index and
//! partition), signed with HMAC-SHA256 under a server-side key. A client can neither forge one nor move
//! one into another partition: both fail verification.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

/// Longest cursor accepted, to bound the work spent on hostile input.
const MAX_CURSOR_LEN: usize = 2048;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum CursorError {
    #[error("the cursor is malformed")]
    Malformed,
    #[error("the cursor's signature does not match")]
    BadSignature,
    #[error("the cursor belongs to another query")]
    WrongScope,
}

#[derive(Serialize, Deserialize)]
struct Payload {
    /// Scope: which query the cursor continues.
    s: String,
    /// Position: the engine's last-evaluated key.
    p: Map<String, Value>,
}

/// Signs and verifies cursors. Cheap to clone.
#[derive(Clone)]
pub struct CursorCodec {
    key: std::sync::Arc<[u8]>,
}

impl std::fmt::Debug for CursorCodec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CursorCodec(..)")
    }
}

impl CursorCodec {
    /// `key` should hold at least 32 random bytes, kept secret and stable across instances.
    pub fn new(key: &[u8]) -> Self {
        Self { key: key.into() }
    }

    fn mac(&self) -> HmacSha256 {
        // HMAC accepts keys of any length; this cannot fail.
        match HmacSha256::new_from_slice(&self.key) {
            Ok(mac) => mac,
            Err(_) => unreachable!("HMAC takes keys of any size"),
        }
    }

    /// Mints a cursor for `scope` that resumes after `position`.
    pub fn encode(&self, scope: &str, position: Map<String, Value>) -> String {
        let payload = Payload {
            s: scope.to_owned(),
            p: position,
        };
        let body = serde_json::to_vec(&payload).unwrap_or_default();
        let mut mac = self.mac();
        mac.update(&body);
        let tag = mac.finalize().into_bytes();
        format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(&body),
            URL_SAFE_NO_PAD.encode(tag)
        )
    }

    /// Verifies a cursor and that it was minted for `scope`; returns its position.
    pub fn decode(&self, scope: &str, cursor: &str) -> Result<Map<String, Value>, CursorError> {
        if cursor.is_empty() || cursor.len() > MAX_CURSOR_LEN {
            return Err(CursorError::Malformed);
        }
        let (body, tag) = cursor.split_once('.').ok_or(CursorError::Malformed)?;
        let body = URL_SAFE_NO_PAD
            .decode(body)
            .map_err(|_| CursorError::Malformed)?;
        let tag = URL_SAFE_NO_PAD
            .decode(tag)
            .map_err(|_| CursorError::Malformed)?;
        let mut mac = self.mac();
        mac.update(&body);
        mac.verify_slice(&tag)
            .map_err(|_| CursorError::BadSignature)?;
        let payload: Payload = serde_json::from_slice(&body).map_err(|_| CursorError::Malformed)?;
        if payload.s != scope {
            return Err(CursorError::WrongScope);
        }
        Ok(payload.p)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn position() -> Map<String, Value> {
        let mut m = Map::new();
        m.insert("pk".into(), "A".into());
        m.insert("sk".into(), "0005".into());
        m
    }

    #[test]
    fn round_trips_within_its_scope() {
        let codec = CursorCodec::new(b"0123456789abcdef0123456789abcdef");
        let cursor = codec.encode("table|A", position());
        assert_eq!(codec.decode("table|A", &cursor), Ok(position()));
    }

    #[test]
    fn refuses_another_scope_and_forgeries() {
        let codec = CursorCodec::new(b"0123456789abcdef0123456789abcdef");
        let cursor = codec.encode("table|A", position());
        assert_eq!(
            codec.decode("table|B", &cursor),
            Err(CursorError::WrongScope)
        );

        // Re-sign the same payload for another partition with a different key: refused.
        let forger = CursorCodec::new(b"not the server key");
        let forged = forger.encode("table|B", position());
        assert_eq!(
            codec.decode("table|B", &forged),
            Err(CursorError::BadSignature)
        );

        // Edit the body but keep the tag: refused.
        let (_, tag) = cursor.split_once('.').unwrap_or_default();
        let body = URL_SAFE_NO_PAD.encode(br#"{"s":"table|B","p":{"pk":"B","sk":"0"}}"#);
        assert_eq!(
            codec.decode("table|B", &format!("{body}.{tag}")),
            Err(CursorError::BadSignature)
        );

        assert_eq!(
            codec.decode("table|A", "garbage"),
            Err(CursorError::Malformed)
        );
        assert_eq!(codec.decode("table|A", ""), Err(CursorError::Malformed));
        assert_eq!(
            codec.decode("table|A", "!!.??"),
            Err(CursorError::Malformed)
        );
    }
}
