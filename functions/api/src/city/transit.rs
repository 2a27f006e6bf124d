//! Public transport: the imported timetable and the real-time feeds.
//!
//! The timetable merges every enabled GTFS source (Astuce, the primary one, whose ids stay as
//! published; TER Normandie, ids prefixed `ter:`). A source's new zip is first imported alone
//! (a broken file stops there), then merged with the other sources' last good zips, kept as blobs
//! `transit/feeds/{source_id}.zip`; nothing is compiled when no zip changed. The merge
//! (`rouen-transit`) stores the compiled timetable as a new
//! version in the blob store (`transit/timetables/{version}.bin`) and then swaps the pointer item
//! `TRANSIT`/`CURRENT` with a condition on the version it replaces: readers see the old version or
//! the new one, never half of one, and a feed that does not import leaves the old one serving. The
//! previous version stays stored (one step back for an operator).
//!
//! Trip updates are kept as the last good protobuf (`transit/realtime/trip-updates.pb`, pointer
//! `TRANSIT`/`REALTIME`); service alerts go to [`super::transit_alerts`]. Each process keeps the
//! decoded timetable and real-time state in memory, keyed by version.

use crate::accounts::model::{from_item, to_item};
use crate::platform::Platform;
use crate::problem::ApiError;
use bytes::Bytes;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use rouen_city::Source;
use rouen_ports::{Condition, Key, StoreError};
use rouen_transit::{FeedInput, RealtimeState, Timetable};
use serde::{Deserialize, Serialize};
use std::sync::{Arc, Mutex};

/// Real-time predictions older than this are ignored (the feed refreshes every 30 s).
const REALTIME_MAX_AGE: Duration = Duration::minutes(5);
const TRIP_UPDATES_BLOB: &str = "transit/realtime/trip-updates.pb";
/// A whole network's GTFS is larger than the fetcher's default limit.
pub const GTFS_MAX_BYTES: usize = 200 * 1024 * 1024;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Version {
    pub version: String,
    pub blob_key: String,
    pub imported_at: DateTime<Utc>,
    /// The GTFS sources merged, comma-separated, the primary first.
    pub source: String,
    /// Each source's part; empty in versions imported before feeds were merged.
    #[serde(default)]
    pub feeds: Vec<FeedPart>,
    pub valid_from: Option<NaiveDate>,
    pub valid_to: Option<NaiveDate>,
    pub stops: usize,
    pub lines: usize,
    pub trips: usize,
    pub warnings: usize,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Pointer {
    pub current: Version,
    pub previous: Option<Version>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct RealtimePointer {
    fetched_at: DateTime<Utc>,
    digest: String,
}

fn pointer_key() -> Key {
    Key::new("TRANSIT", "CURRENT")
}

fn realtime_key() -> Key {
    Key::new("TRANSIT", "REALTIME")
}

pub async fn pointer(platform: &Platform) -> Result<Option<Pointer>, ApiError> {
    match platform.store.get(&pointer_key()).await? {
        Some(mut item) => {
            for attr in ["pk", "sk", "current_version"] {
                item.remove(attr);
            }
            Ok(Some(from_item(item)?))
        }
        None => Ok(None),
    }
}

type Cached<T> = Mutex<Option<(String, Arc<T>)>>;
static TIMETABLE: Cached<Timetable> = Mutex::new(None);
static REALTIME: Cached<RealtimeState> = Mutex::new(None);

fn cached<T>(cell: &Cached<T>, version: &str) -> Option<Arc<T>> {
    let guard = cell.lock().ok()?;
    guard
        .as_ref()
        .filter(|(v, _)| v == version)
        .map(|(_, t)| t.clone())
}

fn remember<T>(cell: &Cached<T>, version: &str, value: Arc<T>) {
    if let Ok(mut guard) = cell.lock() {
        *guard = Some((version.to_owned(), value));
    }
}

/// The timetable in service, or `None` before the first import.
pub async fn timetable(platform: &Platform) -> Result<Option<(Version, Arc<Timetable>)>, ApiError> {
    let Some(pointer) = pointer(platform).await? else {
        return Ok(None);
    };
    let current = pointer.current;
    if let Some(tt) = cached(&TIMETABLE, &current.version) {
        return Ok(Some((current, tt)));
    }
    let blob = platform.blobs.get(&current.blob_key).await?;
    let tt = tokio::task::spawn_blocking(move || Timetable::from_bytes(&blob.bytes))
        .await
        .map_err(|e| ApiError::Internal(format!("timetable task: {e}")))?
        .map_err(|e| ApiError::Internal(format!("stored timetable unreadable: {e}")))?;
    let tt = Arc::new(tt);
    remember(&TIMETABLE, &current.version, tt.clone());
    Ok(Some((current, tt)))
}

/// The timetable, or a 503 problem before the first import.
pub async fn require_timetable(platform: &Platform) -> Result<(Version, Arc<Timetable>), ApiError> {
    timetable(platform).await?.ok_or_else(|| {
        ApiError::Unavailable("no public transport timetable has been imported yet".into())
    })
}

/// The current real-time predictions for this timetable, if recent.
pub async fn realtime(
    platform: &Platform,
    version: &Version,
    tt: &Timetable,
) -> Result<Option<Arc<RealtimeState>>, ApiError> {
    let Some(mut item) = platform.store.get(&realtime_key()).await? else {
        return Ok(None);
    };
    item.remove("pk");
    item.remove("sk");
    let pointer: RealtimePointer = from_item(item)?;
    if platform.clock.now() - pointer.fetched_at > REALTIME_MAX_AGE {
        return Ok(None);
    }
    let cache_key = format!("{}:{}", version.version, pointer.digest);
    if let Some(state) = cached(&REALTIME, &cache_key) {
        return Ok(Some(state));
    }
    let blob = match platform.blobs.get(TRIP_UPDATES_BLOB).await {
        Ok(b) => b,
        Err(rouen_ports::BlobError::NotFound) => return Ok(None),
        Err(e) => return Err(e.into()),
    };
    match RealtimeState::parse(&blob.bytes, tt) {
        Ok(state) => {
            let state = Arc::new(state);
            remember(&REALTIME, &cache_key, state.clone());
            Ok(Some(state))
        }
        Err(err) => {
            tracing::warn!(error = %err, "stored trip updates unreadable; scheduled times only");
            Ok(None)
        }
    }
}

/// Stores what one transit document gave; returns the number of items seen.
pub async fn ingest(platform: &Platform, source: &Source, body: Bytes) -> Result<u32, String> {
    use rouen_city::ParserConfig;
    match source.parser {
        ParserConfig::Gtfs => import(platform, source, body).await,
        ParserConfig::GtfsRtTripUpdates => store_trip_updates(platform, body).await,
        ParserConfig::GtfsRtAlerts => store_alerts(platform, body).await,
        _ => Err(format!("{} is not a transit format", source.id)),
    }
}

/// What one GTFS source contributed to a merged timetable.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FeedPart {
    pub source_id: String,
    /// Prefix of this feed's ids (`ter` → `ter:StopArea:OCE87411017`); `None` for the primary
    /// feed, whose ids are kept.
    pub namespace: Option<String>,
    /// Digest of the zip, to tell whether anything changed.
    pub digest: String,
    /// Where its last good zip is kept.
    pub blob_key: String,
}

/// The last good zip of a GTFS source, kept so that the merged timetable can be rebuilt when
/// another source changes.
fn feed_blob_key(source_id: &str) -> String {
    format!("transit/feeds/{source_id}.zip")
}

/// A short, stable namespace for a secondary feed's ids: its source id's first word
/// (`ter-normandie-gtfs` → `ter`). Two sources sharing one are refused by the import.
fn namespace_of(source_id: &str) -> &str {
    source_id.split('-').next().unwrap_or(source_id)
}

/// The GTFS sources merged into the timetable, in registry order: the first is the primary feed
/// (Astuce), whose ids GTFS-RT and the API use as published.
fn gtfs_sources() -> Result<Vec<Source>, String> {
    use rouen_city::{ParserConfig, SourceKind};
    Ok(super::sources()
        .map_err(|e| e.to_string())?
        .into_iter()
        .filter(|s| s.enabled && s.kind == SourceKind::Transit && s.parser == ParserConfig::Gtfs)
        .collect())
}

/// A new zip of one GTFS source: validated alone, then merged with the other sources' last good
/// zips into one timetable that replaces the current one. The zip is kept only once the merge
/// succeeded, so a file that breaks the merge (another time zone) cannot block later imports.
async fn import(platform: &Platform, source: &Source, body: Bytes) -> Result<u32, String> {
    let alone = body.clone();
    let trips = tokio::task::spawn_blocking(move || Timetable::from_gtfs_zip(&alone))
        .await
        .map_err(|e| format!("import task: {e}"))?
        .map_err(|e| format!("the GTFS does not import: {e}"))?
        .trip_count() as u32;
    let sources = gtfs_sources()?;
    let Some(primary) = sources.first() else {
        return Err("no enabled GTFS source".into());
    };
    if !sources.iter().any(|s| s.id == source.id) {
        return Err(format!("{} is not an enabled GTFS source", source.id));
    }
    let mut feeds: Vec<(FeedPart, Bytes)> = Vec::new();
    for s in &sources {
        let blob_key = feed_blob_key(&s.id);
        let bytes = if s.id == source.id {
            body.clone()
        } else {
            match platform.blobs.get(&blob_key).await {
                Ok(b) => b.bytes,
                Err(rouen_ports::BlobError::NotFound) if s.id == primary.id => {
                    // Without the primary feed there is no network to add trains to; the
                    // primary's next fetch brings it (its zip is kept from then on).
                    return Err(format!("waiting for {}'s first import", primary.id));
                }
                Err(rouen_ports::BlobError::NotFound) => {
                    tracing::info!(source_id = %s.id, "GTFS source not fetched yet; merged without it");
                    continue;
                }
                Err(e) => return Err(e.to_string()),
            }
        };
        feeds.push((
            FeedPart {
                source_id: s.id.clone(),
                namespace: (s.id != primary.id).then(|| namespace_of(&s.id).to_owned()),
                digest: super::digest(&[&bytes]),
                blob_key,
            },
            bytes,
        ));
    }
    let parts: Vec<FeedPart> = feeds.iter().map(|(p, _)| p.clone()).collect();
    let old = pointer(platform).await.map_err(|e| e.to_string())?;
    if old.as_ref().is_some_and(|p| p.current.feeds == parts) {
        // The same zips as the version serving: nothing to compile.
        return Ok(trips);
    }
    let inputs = feeds.clone();
    let tt = tokio::task::spawn_blocking(move || {
        let feeds: Vec<FeedInput<'_>> = inputs
            .iter()
            .map(|(p, bytes)| FeedInput {
                namespace: p.namespace.as_deref(),
                bytes,
            })
            .collect();
        Timetable::from_gtfs_feeds(&feeds)
    })
    .await
    .map_err(|e| format!("import task: {e}"))?
    .map_err(|e| {
        // The zip imported alone: what breaks is its combination with the others (time zone,
        // namespace). It is not kept, so the sources' last good zips still merge next time.
        tracing::warn!(source_id = %source.id, error = %e, "merged timetable not built; previous version kept");
        format!("the merged GTFS does not import: {e}")
    })?;
    let (part, bytes) = feeds
        .iter()
        .find(|(p, _)| p.source_id == source.id)
        .ok_or_else(|| format!("{} missing from the merge", source.id))?;
    platform
        .blobs
        .put(&part.blob_key, bytes.clone(), "application/zip")
        .await
        .map_err(|e| e.to_string())?;
    if old
        .as_ref()
        .is_some_and(|p| p.current.version == tt.feed.version)
    {
        return Ok(trips);
    }
    let version = Version {
        version: tt.feed.version.clone(),
        blob_key: format!("transit/timetables/{}.bin", tt.feed.version),
        imported_at: platform.clock.now(),
        source: parts
            .iter()
            .map(|p| p.source_id.as_str())
            .collect::<Vec<_>>()
            .join(","),
        feeds: parts,
        valid_from: tt.feed.valid_from,
        valid_to: tt.feed.valid_to,
        stops: tt.stops.len(),
        lines: tt.lines.len(),
        trips: tt.trip_count(),
        warnings: tt.report.warnings.len(),
    };
    let bytes = tt.to_bytes();
    platform
        .blobs
        .put(
            &version.blob_key,
            Bytes::from(bytes),
            "application/octet-stream",
        )
        .await
        .map_err(|e| e.to_string())?;
    let pointer = Pointer {
        current: version.clone(),
        previous: old.as_ref().map(|p| p.current.clone()),
    };
    let condition = match &old {
        None => Condition::NotExists,
        Some(p) => Condition::Equals("current_version".into(), p.current.version.clone().into()),
    };
    let mut item = to_item(&pointer_key(), &pointer).map_err(|e| e.to_string())?;
    item.insert("current_version".into(), version.version.clone().into());
    match platform.store.put(item, Some(condition)).await {
        Ok(()) => {}
        Err(StoreError::ConditionFailed) => {
            return Err("another import swapped the timetable meanwhile".into());
        }
        Err(e) => return Err(e.to_string()),
    }
    // Two versions are kept: the one serving and the one before it.
    if let Some(gone) = old.and_then(|p| p.previous)
        && gone.blob_key != version.blob_key
        && let Err(err) = platform.blobs.delete(&gone.blob_key).await
    {
        tracing::warn!(blob = %gone.blob_key, error = %err, "old timetable not deleted");
    }
    tracing::info!(version = %version.version, sources = %version.source, stops = version.stops, trips = version.trips, warnings = version.warnings, "timetable swapped in");
    remember(&TIMETABLE, &version.version, Arc::new(tt));
    Ok(trips)
}

async fn store_trip_updates(platform: &Platform, body: Bytes) -> Result<u32, String> {
    let (_, tt) = require_timetable(platform)
        .await
        .map_err(|e| e.to_string())?;
    // Garbage must not replace the last good predictions: it is parsed before it is stored.
    let state = RealtimeState::parse(&body, &tt).map_err(|e| e.to_string())?;
    if state.unknown_trips > 0 {
        tracing::info!(
            unknown_trips = state.unknown_trips,
            "trip updates name trips the timetable does not have"
        );
    }
    let digest = super::digest(&[&body]);
    platform
        .blobs
        .put(TRIP_UPDATES_BLOB, body, "application/x-protobuf")
        .await
        .map_err(|e| e.to_string())?;
    let pointer = RealtimePointer {
        fetched_at: platform.clock.now(),
        digest,
    };
    let item = to_item(&realtime_key(), &pointer).map_err(|e| e.to_string())?;
    platform
        .store
        .put(item, None)
        .await
        .map_err(|e| e.to_string())?;
    Ok(state.trips.len() as u32)
}

async fn store_alerts(platform: &Platform, body: Bytes) -> Result<u32, String> {
    let (_, tt) = require_timetable(platform)
        .await
        .map_err(|e| e.to_string())?;
    let state = RealtimeState::parse(&body, &tt).map_err(|e| e.to_string())?;
    let alerts: Vec<super::transit_alerts::TransitAlert> = state
        .alerts
        .iter()
        .map(|a| super::transit_alerts::TransitAlert {
            id: a.id.clone(),
            header: a.header.clone(),
            description: a.description.clone(),
            cause: a.cause.clone(),
            effect: a.effect.clone(),
            line_ids: a.line_ids.clone(),
            stop_ids: a.stop_ids.clone(),
            starts_at: a.starts_at(),
            ends_at: a.ends_at(),
        })
        .collect();
    let seen = alerts.len() as u32;
    let fresh = super::transit_alerts::replace(platform, alerts)
        .await
        .map_err(|e| e.to_string())?;
    for alert in fresh {
        announce(platform, &alert, &tt)
            .await
            .map_err(|e| e.to_string())?;
    }
    Ok(seen)
}

/// A new disruption, once, to the residents who turned transport disruptions on.
async fn announce(
    platform: &Platform,
    alert: &super::transit_alerts::TransitAlert,
    tt: &Timetable,
) -> Result<(), ApiError> {
    use crate::social::notifications::{Kind, Subject, send_system};
    let recipients =
        crate::social::notification_prefs::subscribers(platform, Kind::TransportDisruption).await?;
    let lines: Vec<&str> = alert
        .line_ids
        .iter()
        .filter_map(|id| tt.line(id).map(|l| l.short_name.as_str()))
        .collect();
    let title = if lines.is_empty() {
        alert.header.clone()
    } else {
        format!("{} — {}", lines.join(", "), alert.header)
    };
    tracing::info!(alert = %alert.id, recipients = recipients.len(), "transport disruption announced");
    send_system(
        platform,
        &recipients,
        Kind::TransportDisruption,
        Subject {
            kind: "transit_alert".into(),
            id: alert.id.clone(),
            title,
        },
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secondary_feeds_are_namespaced_by_their_source_ids_first_word() {
        assert_eq!(namespace_of("ter-normandie-gtfs"), "ter");
        assert_eq!(namespace_of("astuce-gtfs"), "astuce");
        assert_eq!(namespace_of("single"), "single");
        assert_eq!(
            feed_blob_key("ter-normandie-gtfs"),
            "transit/feeds/ter-normandie-gtfs.zip"
        );
    }

    #[test]
    fn the_registry_merges_astuce_first_then_the_ter() {
        let ids: Vec<String> = gtfs_sources().unwrap().into_iter().map(|s| s.id).collect();
        assert_eq!(ids, ["astuce-gtfs", "ter-normandie-gtfs"]);
    }

    #[test]
    fn versions_stored_before_feeds_were_merged_still_read() {
        let old = serde_json::json!({
            "version": "v1", "blob_key": "transit/timetables/v1.bin",
            "imported_at": "2026-11-25T11:30:00Z", "source": "astuce-gtfs",
            "valid_from": null, "valid_to": null,
            "stops": 1, "lines": 1, "trips": 1, "warnings": 0
        });
        let v: Version = serde_json::from_value(old).unwrap();
        assert!(v.feeds.is_empty());
    }
}
