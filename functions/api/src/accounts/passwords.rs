//! Password hashing with argon2id.
//!
//! Parameters: 19 MiB of memory, 2 passes, 1 lane (OWASP's first recommended argon2id setting). On a
//! Lambda of 1,024 MB (about 0.6 vCPU) one hash takes roughly 50–80 ms: slow enough to make offline
//! guessing expensive, fast enough to keep login under the API's latency budget, and the memory fits
//! the function comfortably. Hashes are PHC strings, so raising the parameters later only affects new
//! hashes; [`needs_rehash`] tells login to upgrade old ones.

use crate::problem::ApiError;
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use std::sync::LazyLock;

pub const MEMORY_KIB: u32 = 19 * 1024;
pub const ITERATIONS: u32 = 2;
pub const LANES: u32 = 1;

fn hasher() -> Result<Argon2<'static>, ApiError> {
    let params = Params::new(MEMORY_KIB, ITERATIONS, LANES, None)
        .map_err(|e| ApiError::Internal(format!("argon2 parameters: {e}")))?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

/// Hashes a password (on a blocking thread: it is deliberately slow).
pub async fn hash(password: String) -> Result<String, ApiError> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        hasher()?
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| ApiError::Internal(format!("hashing a password: {e}")))
    })
    .await
    .map_err(|e| ApiError::Internal(format!("hashing task: {e}")))?
}

/// A hash of a random password, verified against when an account does not exist, so that "unknown
/// account" takes as long as "wrong password".
static DECOY: LazyLock<Option<String>> = LazyLock::new(|| {
    let mut random = [0u8; 24];
    getrandom::fill(&mut random).ok()?;
    let salt = SaltString::generate(&mut OsRng);
    hasher()
        .ok()?
        .hash_password(&random, &salt)
        .ok()
        .map(|h| h.to_string())
});

/// Whether `password` matches `stored` (a PHC string). With `None`, spends the same time and says no.
pub async fn verify(password: String, stored: Option<String>) -> Result<bool, ApiError> {
    tokio::task::spawn_blocking(move || {
        let is_decoy = stored.is_none();
        let Some(phc) = stored.or_else(|| DECOY.clone()) else {
            return Ok(false);
        };
        let parsed = PasswordHash::new(&phc).map_err(|e| {
            ApiError::Internal(format!("a stored password hash does not parse: {e}"))
        })?;
        let matches = hasher()?
            .verify_password(password.as_bytes(), &parsed)
            .is_ok();
        Ok(matches && !is_decoy)
    })
    .await
    .map_err(|e| ApiError::Internal(format!("verifying task: {e}")))?
}

/// Whether a stored hash was made with weaker parameters than today's.
pub fn needs_rehash(stored: &str) -> bool {
    let Ok(parsed) = PasswordHash::new(stored) else {
        return true;
    };
    match Params::try_from(&parsed) {
        Ok(p) => p.m_cost() < MEMORY_KIB || p.t_cost() < ITERATIONS,
        Err(_) => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_verify_and_are_salted() {
        let a = hash("Rive gauche 2026".into()).await.unwrap_or_default();
        let b = hash("Rive gauche 2026".into()).await.unwrap_or_default();
        assert!(a.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{a}");
        assert_ne!(a, b, "each hash has its own salt");
        assert!(
            verify("Rive gauche 2026".into(), Some(a.clone()))
                .await
                .unwrap_or(false)
        );
        assert!(
            !verify("rive gauche 2026".into(), Some(a.clone()))
                .await
                .unwrap_or(true)
        );
        assert!(!needs_rehash(&a));
    }

    #[tokio::test]
    async fn an_unknown_account_never_verifies() {
        assert!(!verify("anything at all".into(), None).await.unwrap_or(true));
    }

    #[test]
    fn weaker_hashes_are_upgraded() {
        assert!(needs_rehash(
            "$argon2id$v=19$m=4096,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA"
        ));
        assert!(needs_rehash("not a hash"));
    }
}
