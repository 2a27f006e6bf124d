//! Access tokens (JWT, HS256) and the random secrets behind refresh, verification and reset links.

use super::model::Role;
use crate::problem::ApiError;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

pub const ISSUER: &str = "rouen-social";
pub const AUDIENCE: &str = "rouen-social-api";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessClaims {
    pub sub: String,
    pub role: Role,
    /// The session (refresh-token family) it was issued in.
    pub sid: String,
    pub iat: i64,
    pub exp: i64,
    pub iss: String,
    pub aud: String,
}

/// The key access tokens are signed with; never printed.
#[derive(Clone)]
pub struct SigningKey(Vec<u8>);

impl std::fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SigningKey(..)")
    }
}

impl SigningKey {
    /// At least 32 bytes, else the key is refused.
    pub fn new(bytes: Vec<u8>) -> Option<Self> {
        (bytes.len() >= 32).then_some(Self(bytes))
    }
}

pub fn issue_access(
    key: &SigningKey,
    user_id: &str,
    role: Role,
    session: &str,
    now: i64,
    ttl_secs: i64,
) -> Result<String, ApiError> {
    let claims = AccessClaims {
        sub: user_id.to_owned(),
        role,
        sid: session.to_owned(),
        iat: now,
        exp: now + ttl_secs,
        iss: ISSUER.into(),
        aud: AUDIENCE.into(),
    };
    jsonwebtoken::encode(
        &Header::new(Algorithm::HS256),
        &claims,
        &EncodingKey::from_secret(&key.0),
    )
    .map_err(|e| ApiError::Internal(format!("signing an access token: {e}")))
}

/// The claims of a valid, unexpired token signed with `key`; `None` for anything else.
pub fn verify_access(key: &SigningKey, token: &str, now: i64) -> Option<AccessClaims> {
    let mut validation = Validation::new(Algorithm::HS256);
    validation.set_issuer(&[ISSUER]);
    validation.set_audience(&[AUDIENCE]);
    // Expiry is checked below against the platform's clock (tests move it), not the system's.
    validation.validate_exp = false;
    validation.set_required_spec_claims(&["exp", "sub", "iss", "aud"]);
    let data =
        jsonwebtoken::decode::<AccessClaims>(token, &DecodingKey::from_secret(&key.0), &validation)
            .ok()?;
    (data.claims.exp > now && data.claims.iat <= now + 60).then_some(data.claims)
}

/// A new random secret for a link or cookie: 32 bytes, URL-safe.
pub fn random_secret() -> Result<String, ApiError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| ApiError::Internal(format!("randomness: {e}")))?;
    Ok(URL_SAFE_NO_PAD.encode(bytes))
}

/// How a secret is stored: its SHA-256 (secrets are random, so no salt or slow hash is needed).
pub fn digest(secret: &str) -> String {
    let mut h = Sha256::new();
    h.update(secret.as_bytes());
    hex(&h.finalize())
}

/// A short pseudonymous handle for an IP address or e-mail in rate-limit keys.
pub fn subject_digest(purpose: &str, value: &str) -> String {
    let mut h = Sha256::new();
    h.update(purpose.as_bytes());
    h.update([0]);
    h.update(value.as_bytes());
    hex(&h.finalize()[..16])
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> SigningKey {
        SigningKey::new(vec![7; 32]).unwrap_or_else(|| SigningKey(vec![7; 32]))
    }

    #[test]
    fn tokens_round_trip_and_expire_on_the_platform_clock() {
        let token =
            issue_access(&key(), "U1", Role::Resident, "S1", 1_000, 900).unwrap_or_default();
        let claims = verify_access(&key(), &token, 1_500);
        assert_eq!(claims.map(|c| c.sub), Some("U1".into()));
        assert!(verify_access(&key(), &token, 1_900).is_none(), "expired");
    }

    #[test]
    fn forged_or_foreign_tokens_are_refused() {
        let token =
            issue_access(&key(), "U1", Role::Resident, "S1", 1_000, 900).unwrap_or_default();
        let other = SigningKey(vec![8; 32]);
        assert!(verify_access(&other, &token, 1_100).is_none());
        // alg=none and tampered payloads.
        let parts: Vec<&str> = token.split('.').collect();
        let none_header = URL_SAFE_NO_PAD.encode(br#"{"alg":"none","typ":"JWT"}"#);
        assert!(verify_access(&key(), &format!("{none_header}.{}.", parts[1]), 1_100).is_none());
        let admin = URL_SAFE_NO_PAD.encode(
            br#"{"sub":"U1","role":"admin","sid":"S1","iat":1000,"exp":9999999999,"iss":"rouen-social","aud":"rouen-social-api"}"#,
        );
        assert!(
            verify_access(&key(), &format!("{}.{admin}.{}", parts[0], parts[2]), 1_100).is_none()
        );
        assert!(
            SigningKey::new(vec![1; 16]).is_none(),
            "short keys are refused"
        );
    }

    #[test]
    fn secrets_are_random_and_digests_stable() {
        let a = random_secret().unwrap_or_default();
        let b = random_secret().unwrap_or_default();
        assert_eq!(a.len(), 43);
        assert_ne!(a, b);
        assert_eq!(digest(&a), digest(&a));
        assert_eq!(digest(&a).len(), 64);
    }
}
