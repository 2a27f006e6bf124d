//! Events as stored: one event per real-world event, merged from every source that lists it.
//!
//! Items (see docs/data-model.md):
//! - `EVSRC#{source}`/`{digest(source_ref)}`: one source's draft, naming its event (`gsi1pk =
//!   EVENTSRC#{event}`), so a re-run finds its event and the event is rebuilt from all its drafts;
//! - `EVENT#{id}`/`EVENT`: the merged event, its category, neighbourhood and counters;
//! - `EVDAY#{yyyy-mm-dd}`/`{id}`: events by local start day, where duplicates are looked for;
//! - `EVMONTH#{yyyy-mm}`/`{starts_at}#{id}`: one entry per month an event covers, for lists and
//!   the calendar.

use super::scrape::Change;
use crate::accounts::model::{from_item, to_item};
use crate::accounts::neighbourhoods;
use crate::platform::Platform;
use crate::problem::ApiError;
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use rouen_city::events::{categorise, dedup};
use rouen_city::{EventCategory, EventDraft, EventStatus, Price, TZ};
use rouen_ports::{
    Condition, GeoPoint, IndexName, Item, Key, Query, SearchDoc, SortKeyCondition, TransactOp,
    Update,
};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashMap};

/// Events are kept this long after they end (RSVP history, calendar feeds), then expire.
const KEEP_AFTER_END_DAYS: i64 = 400;
/// A months-long exhibition is listed in at most this many months.
const MAX_MONTHS: usize = 13;
/// The nearest neighbourhood centre within this distance names an event's neighbourhood.
const NEIGHBOURHOOD_RADIUS_KM: f64 = 1.5;

pub fn key(id: &str) -> Key {
    Key::new(format!("EVENT#{id}"), "EVENT")
}

fn source_key(source_id: &str, source_ref: &str) -> Key {
    Key::new(
        format!("EVSRC#{source_id}"),
        super::digest(&[source_ref.as_bytes()]),
    )
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct SourceLink {
    pub source_id: String,
    pub url: Option<String>,
}

/// The stored event (the `event` attribute of `EVENT#…`).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct EventRecord {
    pub id: String,
    pub draft: EventDraft,
    pub category: EventCategory,
    pub neighbourhood: Option<String>,
    pub sources: Vec<SourceLink>,
}

impl EventRecord {
    pub fn starts_at(&self) -> DateTime<Utc> {
        self.draft
            .occurrences
            .first()
            .map(|o| o.starts_at)
            .unwrap_or_default()
    }

    pub fn ends_at(&self) -> Option<DateTime<Utc>> {
        self.draft
            .occurrences
            .iter()
            .filter_map(|o| o.ends_at)
            .max()
    }

    /// First and last local day covered by all occurrences.
    pub fn days(&self) -> (NaiveDate, NaiveDate) {
        let mut first = None::<NaiveDate>;
        let mut last = None::<NaiveDate>;
        for o in &self.draft.occurrences {
            let (a, b) = o.local_days();
            first = Some(first.map_or(a, |f| f.min(a)));
            last = Some(last.map_or(b, |l| l.max(b)));
        }
        let today = self.starts_at().with_timezone(&TZ).date_naive();
        (first.unwrap_or(today), last.unwrap_or(today))
    }

    pub fn is_free(&self) -> bool {
        matches!(self.draft.price, Price::Free)
    }

    /// The local days this event takes place on within `[from, to]` (each occurrence's days).
    pub fn days_within(&self, from: NaiveDate, to: NaiveDate) -> BTreeSet<NaiveDate> {
        let mut out = BTreeSet::new();
        for o in &self.draft.occurrences {
            let (a, b) = o.local_days();
            let mut day = a.max(from);
            let end = b.min(to);
            while day <= end {
                out.insert(day);
                match day.succ_opt() {
                    Some(next) => day = next,
                    None => break,
                }
            }
        }
        out
    }
}

/// An event with its counters, as read.
#[derive(Debug, Clone)]
pub struct StoredEvent {
    pub record: EventRecord,
    pub going_count: i64,
    pub interested_count: i64,
}

fn read(item: Item) -> Result<StoredEvent, ApiError> {
    let going_count = item
        .get("going_count")
        .and_then(|v| v.as_i64())
        .unwrap_or(0);
    let interested_count = item
        .get("interested_count")
        .and_then(|v| v.as_i64())
        .unwrap_or(0);
    let event = item
        .get("event")
        .cloned()
        .ok_or_else(|| ApiError::Internal("an event item has no record".into()))?;
    let record = serde_json::from_value(event)
        .map_err(|e| ApiError::Internal(format!("a stored event does not read back: {e}")))?;
    Ok(StoredEvent {
        record,
        going_count: going_count.max(0),
        interested_count: interested_count.max(0),
    })
}

pub async fn load(platform: &Platform, id: &str) -> Result<Option<StoredEvent>, ApiError> {
    match platform.store.get(&key(id)).await? {
        Some(item) => Ok(Some(read(item)?)),
        None => Ok(None),
    }
}

/// Events by id (missing ones left out), in no particular order.
pub async fn load_many(
    platform: &Platform,
    ids: &[String],
) -> Result<HashMap<String, StoredEvent>, ApiError> {
    let mut out = HashMap::new();
    let unique: BTreeSet<&String> = ids.iter().collect();
    let keys: Vec<Key> = unique.into_iter().map(|id| key(id)).collect();
    for chunk in keys.chunks(rouen_ports::item_store::MAX_BATCH_GET_KEYS) {
        for item in platform.store.batch_get(chunk).await? {
            let event = read(item)?;
            out.insert(event.record.id.clone(), event);
        }
    }
    Ok(out)
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct SourceDraft {
    event_id: String,
    hash: String,
    draft: EventDraft,
}

/// Stores one source's draft: finds the event it belongs to (its earlier run, or the same event
/// from another source), rebuilds that event from all its drafts, and rewrites it only when
/// something changed, so running a scrape twice changes nothing.
/// Stores a source's draft and rebuilds its event; the event's search document, when it changed, goes
/// into `to_index` for the caller to index with the rest of the page.
pub async fn upsert(
    platform: &Platform,
    mut draft: EventDraft,
    to_index: &mut Vec<SearchDoc>,
) -> Result<Change, ApiError> {
    if draft.occurrences.is_empty() || draft.title.trim().is_empty() {
        return Err(ApiError::Internal("a draft without title or date".into()));
    }
    draft.occurrences.sort_by_key(|o| o.starts_at);
    draft.image = draft
        .image
        .as_deref()
        .map(|u| platform.settings.city.media_url(u));
    let src_key = source_key(&draft.source_id, &draft.source_ref);
    let hash = super::digest_of(&draft)?;
    let previous: Option<SourceDraft> = match platform.store.get(&src_key).await? {
        Some(item) => Some(from_item(item)?),
        None => None,
    };
    if let Some(prev) = &previous
        && prev.hash == hash
        && platform.store.get(&key(&prev.event_id)).await?.is_some()
    {
        return Ok(Change::Unchanged);
    }
    let event_id = match &previous {
        Some(prev) => prev.event_id.clone(),
        None => match find_duplicate(platform, &draft).await? {
            Some(id) => id,
            None => platform.ids.new_id(),
        },
    };
    let expires_at = expiry(&draft);
    let mut src_item = to_item(
        &src_key,
        &SourceDraft {
            event_id: event_id.clone(),
            hash,
            draft: draft.clone(),
        },
    )?;
    src_item.insert("gsi1pk".into(), format!("EVENTSRC#{event_id}").into());
    src_item.insert(
        "gsi1sk".into(),
        format!("{}#{}", draft.source_id, src_key.sk).into(),
    );
    src_item.insert("expires_at".into(), expires_at.into());
    platform.store.put(src_item, None).await?;
    rebuild(platform, &event_id, to_index).await
}

/// The event of the same day that this draft duplicates, if any.
async fn find_duplicate(
    platform: &Platform,
    draft: &EventDraft,
) -> Result<Option<String>, ApiError> {
    let day = dedup::match_key(draft);
    let entries = crate::storage::drain(platform, Query::partition(format!("EVDAY#{day}"))).await?;
    let ids: Vec<String> = entries
        .iter()
        .filter_map(|i| {
            i.get("event_id")
                .and_then(|v| v.as_str())
                .map(str::to_owned)
        })
        .collect();
    let mut candidates: Vec<StoredEvent> = load_many(platform, &ids).await?.into_values().collect();
    candidates.sort_by(|a, b| a.record.id.cmp(&b.record.id));
    Ok(candidates
        .into_iter()
        .find(|c| dedup::same_event(&c.record.draft, draft))
        .map(|c| c.record.id))
}

/// Rebuilds an event from all its sources' drafts and writes what changed.
async fn rebuild(
    platform: &Platform,
    event_id: &str,
    to_index: &mut Vec<SearchDoc>,
) -> Result<Change, ApiError> {
    let items = crate::storage::drain(
        platform,
        Query::partition(format!("EVENTSRC#{event_id}")).on_index(IndexName::Gsi1),
    )
    .await?;
    let mut drafts: Vec<EventDraft> = Vec::new();
    for item in items {
        let src: SourceDraft = from_item(item)?;
        drafts.push(src.draft);
    }
    // Deterministic: the same drafts in any arrival order give the same event.
    drafts.sort_by(|a, b| (&a.source_id, &a.source_ref).cmp(&(&b.source_id, &b.source_ref)));
    let Some(first) = drafts.first().cloned() else {
        return Ok(Change::Unchanged);
    };
    let merged = drafts
        .iter()
        .skip(1)
        .fold(first, |acc, d| dedup::merge(&acc, d));
    let sources = drafts
        .iter()
        .map(|d| SourceLink {
            source_id: d.source_id.clone(),
            url: d.url.clone(),
        })
        .collect();
    let record = EventRecord {
        id: event_id.to_owned(),
        category: categorise::categorise(&merged),
        neighbourhood: nearest_neighbourhood(&merged),
        draft: merged,
        sources,
    };
    let hash = super::digest_of(&record)?;
    let existing = platform.store.get(&key(event_id)).await?;
    let old_listing: Vec<Key> = existing.as_ref().map(listing_keys_of).unwrap_or_default();
    if existing
        .as_ref()
        .and_then(|i| i.get("hash"))
        .and_then(|v| v.as_str())
        == Some(hash.as_str())
    {
        return Ok(Change::Unchanged);
    }
    let listing = listing_items(&record);
    let new_keys: Vec<Key> = listing.iter().filter_map(Key::of).collect();
    let record_value =
        serde_json::to_value(&record).map_err(|e| ApiError::Internal(e.to_string()))?;
    let listing_value = serde_json::to_value(
        new_keys
            .iter()
            .map(|k| [k.pk.clone(), k.sk.clone()])
            .collect::<Vec<_>>(),
    )
    .map_err(|e| ApiError::Internal(e.to_string()))?;
    let expires_at = expiry(&record.draft);
    let change = if existing.is_some() {
        let update = Update::new()
            .set("event", record_value)
            .set("hash", hash)
            .set("listing", listing_value)
            .set("starts_at", record.starts_at().to_rfc3339())
            .set("updated_at", platform.clock.now().to_rfc3339())
            .set("expires_at", expires_at);
        platform
            .store
            .update(&key(event_id), &update, Some(Condition::Exists))
            .await?;
        Change::Updated
    } else {
        let mut item = to_item(&key(event_id), &serde_json::json!({}))?;
        item.insert("event".into(), record_value);
        item.insert("hash".into(), hash.into());
        item.insert("listing".into(), listing_value);
        item.insert("starts_at".into(), record.starts_at().to_rfc3339().into());
        item.insert("going_count".into(), 0.into());
        item.insert("interested_count".into(), 0.into());
        item.insert(
            "created_at".into(),
            platform.clock.now().to_rfc3339().into(),
        );
        item.insert(
            "updated_at".into(),
            platform.clock.now().to_rfc3339().into(),
        );
        item.insert("expires_at".into(), expires_at.into());
        match platform.store.put(item, Some(Condition::NotExists)).await {
            Ok(()) => Change::Created,
            // Two sources of the same event in one run: the other wrote first; write over it.
            Err(rouen_ports::StoreError::ConditionFailed) => {
                return Box::pin(rebuild(platform, event_id, to_index)).await;
            }
            Err(err) => return Err(err.into()),
        }
    };
    for stale in old_listing.iter().filter(|k| !new_keys.contains(k)) {
        platform.store.delete(stale, None).await?;
    }
    let mut ops: Vec<TransactOp> = Vec::new();
    for item in listing {
        ops.push(TransactOp::Put {
            item,
            condition: None,
        });
    }
    for chunk in ops.chunks(rouen_ports::item_store::MAX_TRANSACTION_OPS) {
        platform.store.transact_write(chunk.to_vec()).await?;
    }
    to_index.push(search_doc(&record));
    Ok(change)
}

fn listing_keys_of(item: &Item) -> Vec<Key> {
    item.get("listing")
        .and_then(|v| v.as_array())
        .map(|pairs| {
            pairs
                .iter()
                .filter_map(|p| {
                    let pair = p.as_array()?;
                    Some(Key::new(pair.first()?.as_str()?, pair.get(1)?.as_str()?))
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The day entry (for duplicates) and one month entry per month covered.
fn listing_items(record: &EventRecord) -> Vec<Item> {
    let expires_at = expiry(&record.draft);
    let (first, last) = record.days();
    let mut items = Vec::new();
    let mut day = Item::new();
    day.insert(
        "pk".into(),
        format!("EVDAY#{}", dedup::match_key(&record.draft)).into(),
    );
    day.insert("sk".into(), record.id.clone().into());
    day.insert("event_id".into(), record.id.clone().into());
    day.insert("expires_at".into(), expires_at.into());
    items.push(day);
    for month in months_between(first, last).into_iter().take(MAX_MONTHS) {
        let mut entry = Item::new();
        entry.insert("pk".into(), format!("EVMONTH#{month}").into());
        entry.insert(
            "sk".into(),
            format!("{}#{}", record.starts_at().to_rfc3339(), record.id).into(),
        );
        entry.insert("event_id".into(), record.id.clone().into());
        entry.insert("first_day".into(), first.to_string().into());
        entry.insert("last_day".into(), last.to_string().into());
        entry.insert("category".into(), record.category.code().into());
        entry.insert("expires_at".into(), expires_at.into());
        items.push(entry);
    }
    items
}

/// `YYYY-MM` of every month from `first` to `last`.
pub fn months_between(first: NaiveDate, last: NaiveDate) -> Vec<String> {
    let mut out = Vec::new();
    let (mut y, mut m) = (first.year(), first.month());
    while (y, m) <= (last.year(), last.month()) && out.len() < 240 {
        out.push(format!("{y:04}-{m:02}"));
        if m == 12 {
            y += 1;
            m = 1;
        } else {
            m += 1;
        }
    }
    out
}

fn expiry(draft: &EventDraft) -> i64 {
    let end = draft
        .occurrences
        .iter()
        .map(|o| o.ends_at.unwrap_or(o.starts_at))
        .max()
        .unwrap_or_default();
    (end + chrono::Duration::days(KEEP_AFTER_END_DAYS)).timestamp()
}

fn nearest_neighbourhood(draft: &EventDraft) -> Option<String> {
    let venue = draft.venue.as_ref()?;
    let here = GeoPoint {
        lat: venue.lat?,
        lon: venue.lon?,
    };
    neighbourhoods::all()
        .iter()
        .filter_map(|n| {
            let d = here.distance_km(&GeoPoint {
                lat: n.lat?,
                lon: n.lon?,
            });
            (d <= NEIGHBOURHOOD_RADIUS_KM).then_some((d, n.id.clone()))
        })
        .min_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, id)| id)
}

fn search_doc(record: &EventRecord) -> SearchDoc {
    let d = &record.draft;
    let venue_text = d
        .venue
        .as_ref()
        .map(|v| {
            [&v.name, &v.address, &v.city]
                .iter()
                .filter_map(|s| s.as_deref())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .unwrap_or_default();
    let mut tags = vec![format!("source:{}", d.source_id)];
    if record.is_free() {
        tags.push("free".into());
    }
    if let Some(n) = &record.neighbourhood {
        tags.push(format!("nb:{n}"));
    }
    SearchDoc {
        id: format!("event:{}", record.id),
        kind: "event".into(),
        title: d.title.clone(),
        body: format!(
            "{}\n{}\n{}",
            d.description,
            venue_text,
            d.source_categories.join(" ")
        ),
        lang: d.lang.clone(),
        category: Some(record.category.code().into()),
        tags,
        date: Some(record.starts_at()),
        geo: d.venue.as_ref().and_then(|v| {
            Some(GeoPoint {
                lat: v.lat?,
                lon: v.lon?,
            })
        }),
    }
}

/// What a list or calendar asks for.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub category: Option<EventCategory>,
    pub free: bool,
    pub neighbourhood: Option<String>,
    pub near: Option<(GeoPoint, f64)>,
    /// Only these ids (text search hits, or the caller's own events).
    pub only: Option<BTreeSet<String>>,
}

impl Filter {
    pub fn accepts(&self, event: &EventRecord) -> bool {
        let (first, last) = event.days();
        self.from.is_none_or(|f| last >= f)
            && self.to.is_none_or(|t| first <= t)
            && self.category.is_none_or(|c| c == event.category)
            && (!self.free || event.is_free())
            && self
                .neighbourhood
                .as_ref()
                .is_none_or(|n| event.neighbourhood.as_ref() == Some(n))
            && self.near.is_none_or(|(point, radius)| {
                event
                    .draft
                    .venue
                    .as_ref()
                    .and_then(|v| {
                        Some(GeoPoint {
                            lat: v.lat?,
                            lon: v.lon?,
                        })
                    })
                    .is_some_and(|p| p.distance_km(&point) <= radius)
            })
            && self.only.as_ref().is_none_or(|ids| ids.contains(&event.id))
    }
}

/// Every event that overlaps `[from, to]` and passes the filter, soonest first: ongoing events
/// (started before `from`) first, then by start.
pub async fn in_range(
    platform: &Platform,
    from: NaiveDate,
    to: NaiveDate,
    filter: &Filter,
) -> Result<Vec<StoredEvent>, ApiError> {
    let mut ids = BTreeSet::new();
    for month in months_between(from, to) {
        let entries =
            crate::storage::drain(platform, Query::partition(format!("EVMONTH#{month}"))).await?;
        for entry in entries {
            let first = entry
                .get("first_day")
                .and_then(|v| v.as_str())
                .unwrap_or("");
            let last = entry.get("last_day").and_then(|v| v.as_str()).unwrap_or("");
            let category_ok = filter
                .category
                .is_none_or(|c| entry.get("category").and_then(|v| v.as_str()) == Some(c.code()));
            if category_ok
                && last >= from.to_string().as_str()
                && first <= to.to_string().as_str()
                && let Some(id) = entry.get("event_id").and_then(|v| v.as_str())
            {
                ids.insert(id.to_owned());
            }
        }
    }
    let ids: Vec<String> = ids.into_iter().collect();
    let mut events: Vec<StoredEvent> = load_many(platform, &ids)
        .await?
        .into_values()
        .filter(|e| filter.accepts(&e.record))
        .collect();
    events.sort_by(|a, b| {
        (a.record.starts_at(), &a.record.id).cmp(&(b.record.starts_at(), &b.record.id))
    });
    Ok(events)
}

/// Ids of events matching a text (best first), for `q` and the search route.
pub async fn search_ids(
    platform: &Platform,
    text: &str,
    limit: u32,
) -> Result<Vec<String>, ApiError> {
    let results = platform
        .search
        .search(&rouen_ports::SearchQuery {
            text: text.to_owned(),
            kinds: vec!["event".into()],
            limit,
            ..rouen_ports::SearchQuery::default()
        })
        .await?;
    Ok(results
        .hits
        .into_iter()
        .filter_map(|h| h.id.strip_prefix("event:").map(str::to_owned))
        .collect())
}

/// Events whose occurrences start on this local day (reminders).
pub async fn starting_on(
    platform: &Platform,
    day: NaiveDate,
) -> Result<Vec<StoredEvent>, ApiError> {
    let events = in_range(platform, day, day, &Filter::default()).await?;
    Ok(events
        .into_iter()
        .filter(|e| {
            e.record.draft.status != EventStatus::Cancelled
                && e.record
                    .draft
                    .occurrences
                    .iter()
                    .any(|o| o.starts_at.with_timezone(&TZ).date_naive() == day)
        })
        .collect())
}

/// The key range helper for the RSVP and favourite listings (`{starts_at}#{id}`).
pub fn listing_sort(event: &EventRecord) -> String {
    format!("{}#{}", event.starts_at().to_rfc3339(), event.id)
}

/// Sort-key condition: entries from this instant on.
pub fn since(at: DateTime<Utc>) -> SortKeyCondition {
    SortKeyCondition::GreaterOrEqual(at.to_rfc3339())
}
