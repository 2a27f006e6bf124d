//! City content: the event and news aggregators (scheduled scrapes of the sources of `rouen-city`),
//! their storage, and what the endpoints read.

pub mod events;
pub mod health;
pub mod ics;
pub mod incidents;
pub mod news;
pub mod reminders;
pub mod rsvp;
pub mod scrape;
pub mod transit;
pub mod transit_alerts;
pub mod weather;

use crate::problem::ApiError;
use sha2::{Digest, Sha256};

/// A short stable digest (hex) for keys and change detection.
pub fn digest(parts: &[&[u8]]) -> String {
    let mut h = Sha256::new();
    for part in parts {
        h.update((part.len() as u64).to_be_bytes());
        h.update(part);
    }
    h.finalize()
        .iter()
        .take(16)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The digest of a serialisable value (its JSON).
pub fn digest_of<T: serde::Serialize>(value: &T) -> Result<String, ApiError> {
    let json = serde_json::to_vec(value).map_err(|e| ApiError::Internal(e.to_string()))?;
    Ok(digest(&[&json]))
}

/// The registry of sources; a registry that does not load is a build defect caught by tests.
///
/// Parsed once per process: weather requests consult it (is a warnings source configured?), and
/// parsing the TOML files on every request would be wasted work on a hot path.
pub fn sources() -> Result<Vec<rouen_city::Source>, ApiError> {
    static REGISTRY: std::sync::LazyLock<Result<Vec<rouen_city::Source>, String>> =
        std::sync::LazyLock::new(|| rouen_city::registry().map_err(|e| e.to_string()));
    REGISTRY.clone().map_err(ApiError::Internal)
}
