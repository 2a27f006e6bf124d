//! Rouen's neighbourhoods a resident can call home: a fixed list bundled from
//! functions/api/data/neighbourhoods.json (its README says where it comes from).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::sync::LazyLock;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Neighbourhood {
    /// Stable id (`vieux-marche`).
    pub id: String,
    /// Its name in French, as residents write it.
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sector: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lat: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lon: Option<f64>,
}

#[derive(Deserialize)]
struct File {
    items: Vec<Neighbourhood>,
}

static ALL: LazyLock<Vec<Neighbourhood>> = LazyLock::new(|| {
    // The file is part of the build and checked by the test below, so a parse failure can only come
    // from editing it: an empty list then makes every neighbourhood "unknown" rather than crashing.
    serde_json::from_str::<File>(include_str!("../../data/neighbourhoods.json"))
        .map(|f| f.items)
        .unwrap_or_else(|e| {
            tracing::error!(error = %e, "neighbourhoods.json does not parse");
            Vec::new()
        })
});

pub fn all() -> &'static [Neighbourhood] {
    &ALL
}

pub fn find(id: &str) -> Option<&'static Neighbourhood> {
    all().iter().find(|n| n.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn the_bundled_list_parses_with_unique_ids() {
        assert!(all().len() >= 20, "only {} neighbourhoods", all().len());
        let mut ids = HashSet::new();
        for n in all() {
            assert!(ids.insert(n.id.as_str()), "duplicate id {}", n.id);
            assert!(
                n.id.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
                "id {} is not kebab-case ASCII",
                n.id
            );
            assert!(!n.name.trim().is_empty());
            if let (Some(lat), Some(lon)) = (n.lat, n.lon) {
                // Around Rouen.
                assert!(
                    (49.3..49.55).contains(&lat) && (0.9..1.25).contains(&lon),
                    "{} is far from Rouen",
                    n.id
                );
            }
        }
        assert!(find("vieux-marche").is_some());
        assert!(find("saint-sever").is_some());
    }
}
