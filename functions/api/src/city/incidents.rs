//! Road incidents: official ones from the traffic sources' scrapes and residents' reports, which
//! others confirm or mark gone. Every incident carries a TTL, so the list is always the live set:
//! a resident's report lasts a few hours (longer for roadworks), each confirmation extends it, and
//! enough "gone" votes end it early.
//!
//! Items:
//! - `INCIDENT#{id}`/`INCIDENT`: the incident; on gsi1 `INCIDENTS`/`{created_at}#{id}` (the live
//!   list, one small partition for the city), residents' reports on gsi2 `INCIDENTBY#{user}`;
//! - `INCIDENT#{id}`/`VOTE#{user}`: one resident's vote (same TTL as the incident).

use crate::accounts::model::{ProfileSummary, from_item, to_item};
use crate::platform::Platform;
use crate::problem::{ApiError, FieldError};
use crate::social::model::StoredPhoto;
use crate::storage::drain;
use chrono::{DateTime, Duration, Utc};
use rouen_ports::{Condition, IndexName, Key, Query, StoreError, TransactOp, Update};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::HashMap;

const LIST_PARTITION: &str = "INCIDENTS";
/// Gone votes that end a report early, when they also outnumber the confirmations.
const GONE_THRESHOLD: i64 = 2;
const MAX_DESCRIPTION_CHARS: usize = 500;
const MAX_STREET_CHARS: usize = 120;

/// Where reports are accepted: Rouen and its Métropole, with a margin (the parsers' area too).
pub use rouen_city::traffic::{Area, ROUEN as AREA};

pub use rouen_city::traffic::IncidentType;

/// How long a resident's report of this kind stays up without confirmation.
fn report_lifetime(kind: IncidentType) -> Duration {
    match kind {
        IncidentType::Roadworks | IncidentType::Closure | IncidentType::Event => {
            Duration::hours(24)
        }
        IncidentType::Accident
        | IncidentType::Congestion
        | IncidentType::Hazard
        | IncidentType::Police
        | IncidentType::Other => Duration::hours(3),
    }
}

/// `resident`, or the id of the traffic source it was scraped from.
pub const RESIDENT: &str = "resident";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IncidentRecord {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: IncidentType,
    pub title: String,
    pub description: Option<String>,
    pub lat: f64,
    pub lon: f64,
    pub street: Option<String>,
    pub commune: Option<String>,
    pub starts_at: Option<DateTime<Utc>>,
    pub ends_at: Option<DateTime<Utc>>,
    pub source: String,
    pub source_url: Option<String>,
    pub reporter_id: Option<String>,
    #[serde(default)]
    pub confirmations: i64,
    #[serde(default)]
    pub gone_votes: i64,
    pub photo: Option<StoredPhoto>,
    /// Epoch seconds; the store treats the item as gone from then on.
    pub expires_at: i64,
    pub created_at: DateTime<Utc>,
}

impl IncidentRecord {
    pub fn is_resident(&self) -> bool {
        self.source == RESIDENT
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Vote {
    Confirm,
    Gone,
}

impl Vote {
    fn code(self) -> &'static str {
        match self {
            Self::Confirm => "confirm",
            Self::Gone => "gone",
        }
    }

    fn counter(self) -> &'static str {
        match self {
            Self::Confirm => "confirmations",
            Self::Gone => "gone_votes",
        }
    }
}

/// What the API answers for one incident.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct IncidentView {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: IncidentType,
    pub title: String,
    pub description: Option<String>,
    pub lat: f64,
    pub lon: f64,
    pub street: Option<String>,
    pub commune: Option<String>,
    pub starts_at: Option<DateTime<Utc>>,
    pub ends_at: Option<DateTime<Utc>>,
    /// `resident`, or the id of the source (see /admin/sources).
    pub source: String,
    pub source_url: Option<String>,
    pub reported_by: Option<ProfileSummary>,
    pub confirmations: i64,
    pub gone_votes: i64,
    pub my_vote: Option<Vote>,
    pub mine: bool,
    pub photo_url: Option<String>,
    pub expires_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

/// A resident's report, as posted.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NewReport {
    /// One of accident, roadworks, closure, congestion, hazard, police, event, other.
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default)]
    pub description: Option<String>,
    pub lat: f64,
    pub lon: f64,
    #[serde(default)]
    pub street: Option<String>,
    /// An upload from `POST /media/uploads` (kind `photo`).
    #[serde(default)]
    pub photo_upload_id: Option<String>,
}

pub fn key(id: &str) -> Key {
    Key::new(format!("INCIDENT#{id}"), "INCIDENT")
}

fn vote_key(id: &str, user: &str) -> Key {
    Key::new(format!("INCIDENT#{id}"), format!("VOTE#{user}"))
}

fn by_reporter(user: &str) -> String {
    format!("INCIDENTBY#{user}")
}

/// Plain text: control characters out, whitespace runs folded.
fn clean(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

pub fn validate(
    input: &NewReport,
) -> Result<(IncidentType, Option<String>, Option<String>), ApiError> {
    let mut errors = Vec::new();
    let kind = IncidentType::parse(&input.kind);
    if kind.is_none() {
        errors.push(FieldError::new(
            "body.type",
            "invalid_type",
            "accident, roadworks, closure, congestion, hazard, police, event or other",
        ));
    }
    let description = input
        .description
        .as_deref()
        .map(clean)
        .filter(|d| !d.is_empty());
    if description
        .as_ref()
        .is_some_and(|d| d.chars().count() > MAX_DESCRIPTION_CHARS)
    {
        errors.push(FieldError::new(
            "body.description",
            "too_long",
            "at most 500 characters",
        ));
    }
    let street = input.street.as_deref().map(clean).filter(|s| !s.is_empty());
    if street
        .as_ref()
        .is_some_and(|s| s.chars().count() > MAX_STREET_CHARS)
    {
        errors.push(FieldError::new(
            "body.street",
            "too_long",
            "at most 120 characters",
        ));
    }
    if !input.lat.is_finite() || !(-90.0..=90.0).contains(&input.lat) {
        errors.push(FieldError::new(
            "body.lat",
            "invalid_latitude",
            "a latitude in degrees",
        ));
    } else if !input.lon.is_finite() || !(-180.0..=180.0).contains(&input.lon) {
        errors.push(FieldError::new(
            "body.lon",
            "invalid_longitude",
            "a longitude in degrees",
        ));
    } else if !AREA.contains(input.lat, input.lon) {
        errors.push(FieldError::new(
            "body.lat",
            "outside_area",
            "the place is outside Rouen and its Métropole",
        ));
    }
    match (errors.is_empty(), kind) {
        (true, Some(kind)) => Ok((kind, description, street)),
        _ => Err(ApiError::Validation(errors)),
    }
}

fn record_item(record: &IncidentRecord) -> Result<rouen_ports::Item, ApiError> {
    let mut item = to_item(&key(&record.id), record)?;
    item.insert("gsi1pk".into(), LIST_PARTITION.into());
    item.insert(
        "gsi1sk".into(),
        format!("{}#{}", record.created_at.to_rfc3339(), record.id).into(),
    );
    if let Some(reporter) = &record.reporter_id {
        item.insert("gsi2pk".into(), by_reporter(reporter).into());
        item.insert("gsi2sk".into(), record.id.clone().into());
    }
    Ok(item)
}

pub async fn load(platform: &Platform, id: &str) -> Result<Option<IncidentRecord>, ApiError> {
    match platform.store.get(&key(id)).await? {
        Some(item) => Ok(Some(from_item(item)?)),
        None => Ok(None),
    }
}

/// Records a resident's report.
pub async fn report(
    platform: &Platform,
    reporter: &crate::accounts::model::UserRecord,
    input: NewReport,
) -> Result<IncidentRecord, ApiError> {
    let now = platform.clock.now();
    if reporter.suspended_until.is_some_and(|t| t > now) {
        return Err(ApiError::AccountSuspended);
    }
    let (kind, description, street) = validate(&input)?;
    crate::accounts::rate_limit::hit(
        platform,
        "incident-report",
        &reporter.id,
        platform.settings.auth.limits.incident_reports_per_resident,
    )
    .await?;
    let id = platform.ids.new_id();
    let photo = match &input.photo_upload_id {
        Some(upload) => crate::social::posts::photos(
            platform,
            &reporter.id,
            &format!("media/incidents/{id}"),
            "body.photo_upload_id",
            std::slice::from_ref(upload),
        )
        .await
        .map_err(|err| match err {
            // One photo, not a list: its errors name the field itself.
            ApiError::Validation(errors) => ApiError::Validation(
                errors
                    .into_iter()
                    .map(|mut e| {
                        e.field = e.field.trim_end_matches("[0]").to_owned();
                        e
                    })
                    .collect(),
            ),
            other => other,
        })?
        .into_iter()
        .next(),
        None => None,
    };
    let record = IncidentRecord {
        id: id.clone(),
        kind,
        title: description
            .as_deref()
            .map(|d| d.chars().take(80).collect())
            .or_else(|| street.clone())
            .unwrap_or_default(),
        description,
        lat: input.lat,
        lon: input.lon,
        street,
        commune: None,
        starts_at: Some(now),
        ends_at: None,
        source: RESIDENT.into(),
        source_url: None,
        reporter_id: Some(reporter.id.clone()),
        confirmations: 0,
        gone_votes: 0,
        photo,
        expires_at: (now + report_lifetime(kind)).timestamp(),
        created_at: now,
    };
    platform
        .store
        .put(record_item(&record)?, Some(Condition::NotExists))
        .await?;
    tracing::info!(incident = %id, kind = kind.code(), reporter = %reporter.id, "incident reported");
    Ok(record)
}

/// Records (or changes) a resident's vote; a confirmation extends the report's life, enough gone
/// votes end it. Official incidents take votes too but only their source ends them.
pub async fn vote(
    platform: &Platform,
    id: &str,
    user: &str,
    vote: Vote,
) -> Result<Option<IncidentRecord>, ApiError> {
    crate::accounts::rate_limit::hit(
        platform,
        "incident-vote",
        user,
        platform.settings.auth.limits.incident_votes_per_resident,
    )
    .await?;
    for _ in 0..4 {
        let Some(incident) = load(platform, id).await? else {
            return Err(ApiError::NotFound);
        };
        if incident.reporter_id.as_deref() == Some(user) {
            return Err(ApiError::Conflict("own_report"));
        }
        let current = my_vote(platform, id, user).await?;
        if current == Some(vote) {
            return Ok(Some(incident));
        }
        let now = platform.clock.now();
        let mut counters = Update::new().add(vote.counter(), 1);
        if let Some(old) = current {
            counters = counters.add(old.counter(), -1);
        }
        let confirmations = incident.confirmations + i64::from(vote == Vote::Confirm)
            - i64::from(current == Some(Vote::Confirm));
        let gone = incident.gone_votes + i64::from(vote == Vote::Gone)
            - i64::from(current == Some(Vote::Gone));
        let mut expires_at = incident.expires_at;
        if incident.is_resident() {
            if vote == Vote::Confirm {
                // Seen again: it lasts at least another lifetime from now, never more than a day.
                let extended = (now + report_lifetime(incident.kind)).timestamp();
                let cap = (incident.created_at + Duration::hours(24)).timestamp();
                expires_at = expires_at.max(extended.min(cap.max(expires_at)));
            }
            if gone >= GONE_THRESHOLD && gone > confirmations {
                expires_at = now.timestamp();
            }
        }
        counters = counters.set("expires_at", expires_at);
        let guard = match current {
            None => Condition::NotExists,
            Some(old) => Condition::Equals("vote".into(), old.code().into()),
        };
        let mut vote_item = rouen_ports::Item::new();
        let k = vote_key(id, user);
        vote_item.insert("pk".into(), k.pk.into());
        vote_item.insert("sk".into(), k.sk.into());
        vote_item.insert("vote".into(), vote.code().into());
        vote_item.insert(
            "expires_at".into(),
            incident.expires_at.max(expires_at).into(),
        );
        let ops = vec![
            TransactOp::Put {
                item: vote_item,
                condition: Some(guard),
            },
            TransactOp::Update {
                key: key(id),
                update: counters,
                condition: Some(Condition::Exists),
            },
        ];
        match platform.store.transact_write(ops).await {
            Ok(()) => {
                tracing::info!(incident = %id, %user, vote = vote.code(), "incident vote");
                // Not read back: a report that this vote ended is already gone from the store.
                return Ok(Some(IncidentRecord {
                    confirmations,
                    gone_votes: gone,
                    expires_at,
                    ..incident
                }));
            }
            Err(StoreError::TransactionCanceled { failed }) if failed.contains(&1) => {
                return Err(ApiError::NotFound);
            }
            Err(StoreError::TransactionCanceled { .. }) => continue,
            Err(err) => return Err(err.into()),
        }
    }
    Err(ApiError::Conflict("vote_contended"))
}

fn vote_of(item: &rouen_ports::Item) -> Option<Vote> {
    match item.get("vote").and_then(Value::as_str) {
        Some("confirm") => Some(Vote::Confirm),
        Some("gone") => Some(Vote::Gone),
        _ => None,
    }
}

async fn my_vote(platform: &Platform, id: &str, user: &str) -> Result<Option<Vote>, ApiError> {
    let item = platform.store.get(&vote_key(id, user)).await?;
    Ok(item.as_ref().and_then(vote_of))
}

/// One resident's votes on a page of incidents, by incident id: batched reads, not one per incident.
async fn my_votes(
    platform: &Platform,
    records: &[IncidentRecord],
    user: &str,
) -> Result<HashMap<String, Vote>, ApiError> {
    let mut out = HashMap::new();
    for chunk in records.chunks(rouen_ports::item_store::MAX_BATCH_GET_KEYS) {
        let keys: Vec<Key> = chunk.iter().map(|r| vote_key(&r.id, user)).collect();
        for item in platform.store.batch_get(&keys).await? {
            let id = item
                .get("pk")
                .and_then(Value::as_str)
                .and_then(|pk| pk.strip_prefix("INCIDENT#"));
            if let (Some(id), Some(vote)) = (id, vote_of(&item)) {
                out.insert(id.to_owned(), vote);
            }
        }
    }
    Ok(out)
}

/// Removes an incident, its votes and its photo.
pub async fn delete(platform: &Platform, incident: &IncidentRecord) -> Result<(), ApiError> {
    let partition = key(&incident.id).pk;
    crate::social::cleanup::delete_partition(platform, partition).await?;
    if let Some(photo) = &incident.photo {
        for variant in ["small", "medium", "large"] {
            platform.blobs.delete(&photo.variant_key(variant)).await?;
        }
    }
    Ok(())
}

/// Every live incident, newest first. The list index projects whole items (template: `ALL`), so
/// the query's items are the incidents.
pub async fn live(platform: &Platform) -> Result<Vec<IncidentRecord>, ApiError> {
    drain(
        platform,
        Query::partition(LIST_PARTITION)
            .on_index(IndexName::Gsi1)
            .descending(),
    )
    .await?
    .into_iter()
    .map(from_item)
    .collect()
}

/// Puts the current items of a traffic source, keyed by their ids at the source; each lives until
/// it ends or, without an end, until three runs of the source have not seen it again.
pub async fn upsert_official(
    platform: &Platform,
    records: &[IncidentRecord],
) -> Result<usize, ApiError> {
    let mut changed = 0;
    for record in records {
        let mut item = record_item(record)?;
        if let Some(old) = platform.store.get(&key(&record.id)).await? {
            // Votes and first-seen time belong to the stored item.
            for attr in ["confirmations", "gone_votes", "created_at", "gsi1sk"] {
                if let Some(v) = old.get(attr) {
                    item.insert(attr.into(), v.clone());
                }
            }
            let same = [
                "title",
                "description",
                "lat",
                "lon",
                "starts_at",
                "ends_at",
                "type",
            ]
            .iter()
            .all(|a| old.get(*a) == item.get(*a));
            if same && old.get("expires_at") == item.get("expires_at") {
                continue;
            }
        }
        platform.store.put(item, None).await?;
        changed += 1;
    }
    Ok(changed)
}

/// Stores what one traffic document gave; returns the number of incidents seen.
pub async fn ingest(
    platform: &Platform,
    source: &rouen_city::Source,
    body: &[u8],
) -> Result<(u32, Vec<rouen_city::Skipped>), String> {
    let parsed = rouen_city::traffic::parse(source, body, &rouen_city::traffic::ROUEN)
        .map_err(|e| e.to_string())?;
    let now = platform.clock.now();
    // Without an end, an incident lives until three runs of its source have not seen it again.
    let unseen_for = Duration::minutes(3 * i64::from(source.every_minutes.max(5)));
    let records: Vec<IncidentRecord> = parsed
        .items
        .iter()
        .filter(|i| i.ends_at.is_none_or(|e| e > now))
        .map(|i| IncidentRecord {
            id: format!("src-{}", super::digest(&[i.source_id.as_bytes()])),
            kind: i.kind,
            title: i.title.clone(),
            description: i.description.clone(),
            lat: i.lat,
            lon: i.lon,
            street: i.street.clone(),
            commune: i.commune.clone(),
            starts_at: i.starts_at,
            ends_at: i.ends_at,
            source: source.id.clone(),
            source_url: i.source_url.clone(),
            reporter_id: None,
            confirmations: 0,
            gone_votes: 0,
            photo: None,
            // Refreshed by every run that still lists it, never past its announced end.
            expires_at: i
                .ends_at
                .map_or(now + unseen_for, |e| e.min(now + unseen_for))
                .timestamp(),
            created_at: now,
        })
        .collect();
    upsert_official(platform, &records)
        .await
        .map_err(|e| e.to_string())?;
    Ok((parsed.items.len() as u32, parsed.skipped))
}

/// The views of some incidents for a caller: reporters' summaries, the caller's votes, photo URLs.
pub async fn views(
    platform: &Platform,
    records: &[IncidentRecord],
    viewer: Option<&str>,
) -> Result<Vec<IncidentView>, ApiError> {
    let reporter_ids: Vec<String> = {
        let mut ids: Vec<String> = records
            .iter()
            .filter_map(|r| r.reporter_id.clone())
            .collect();
        ids.sort();
        ids.dedup();
        ids
    };
    let users = crate::accounts::directory::load_many(platform, &reporter_ids).await?;
    let mut summaries = HashMap::new();
    for user in &users {
        summaries.insert(
            user.id.clone(),
            crate::accounts::directory::summary(platform, user).await?,
        );
    }
    let votes = match viewer {
        Some(v) => my_votes(platform, records, v).await?,
        None => HashMap::new(),
    };
    let mut out = Vec::with_capacity(records.len());
    for r in records {
        let my_vote = votes.get(&r.id).copied();
        let photo_url = match &r.photo {
            Some(p) => Some(
                platform
                    .blobs
                    .presign_get(
                        &p.variant_key("medium"),
                        crate::social::render::PHOTO_URL_TTL,
                    )
                    .await?
                    .url,
            ),
            None => None,
        };
        out.push(IncidentView {
            id: r.id.clone(),
            kind: r.kind,
            title: r.title.clone(),
            description: r.description.clone(),
            lat: r.lat,
            lon: r.lon,
            street: r.street.clone(),
            commune: r.commune.clone(),
            starts_at: r.starts_at,
            ends_at: r.ends_at,
            source: r.source.clone(),
            source_url: r.source_url.clone(),
            reported_by: r
                .reporter_id
                .as_ref()
                .and_then(|id| summaries.get(id).cloned()),
            confirmations: r.confirmations,
            gone_votes: r.gone_votes,
            my_vote,
            mine: viewer.is_some() && r.reporter_id.as_deref() == viewer,
            photo_url,
            expires_at: DateTime::from_timestamp(r.expires_at, 0),
            created_at: r.created_at,
        });
    }
    Ok(out)
}

/// GDPR erasure: the resident's live reports go (their votes on others' expire with them).
pub async fn erase(platform: &Platform, user: &str) -> Result<(), ApiError> {
    for item in drain(
        platform,
        Query::partition(by_reporter(user)).on_index(IndexName::Gsi2),
    )
    .await?
    {
        let record: IncidentRecord = from_item(item)?;
        delete(platform, &record).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(kind: &str, lat: f64, lon: f64) -> NewReport {
        NewReport {
            kind: kind.into(),
            description: Some("  Voiture\u{7} en panne\n sur la voie  ".into()),
            lat,
            lon,
            street: None,
            photo_upload_id: None,
        }
    }

    #[test]
    fn reports_are_checked_and_cleaned() {
        let ok = validate(&report("accident", 49.4431, 1.0993));
        let Ok((kind, description, _)) = ok else {
            panic!("a report in Rouen is valid: {ok:?}");
        };
        assert_eq!(kind, IncidentType::Accident);
        assert_eq!(description.as_deref(), Some("Voiture en panne sur la voie"));
        let far = validate(&report("accident", 48.8566, 2.3522));
        assert!(matches!(far, Err(ApiError::Validation(e)) if e[0].code == "outside_area"));
        let bad = validate(&report("meteor", f64::NAN, 1.0));
        let Err(ApiError::Validation(errors)) = bad else {
            panic!("an unknown type and a NaN latitude are refused");
        };
        let codes: Vec<_> = errors.iter().map(|e| e.code.as_str()).collect();
        assert_eq!(codes, ["invalid_type", "invalid_latitude"]);
    }

    #[test]
    fn bounding_boxes_parse_in_map_order() {
        let b = Area::parse_bbox("1.0,49.4,1.2,49.5");
        assert_eq!(
            b,
            Some(Area {
                min_lon: 1.0,
                min_lat: 49.4,
                max_lon: 1.2,
                max_lat: 49.5
            })
        );
        assert!(b.is_some_and(|b| b.contains(49.44, 1.1) && !b.contains(49.3, 1.1)));
        for bad in ["1,2,3", "1.2,49.4,1.0,49.5", "a,b,c,d", "1,95,2,96", ""] {
            assert_eq!(Area::parse_bbox(bad), None, "{bad}");
        }
    }
}
