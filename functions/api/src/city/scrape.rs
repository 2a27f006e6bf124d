//! One scrape of one source: fetch politely (robots.txt, conditional GET), parse, store every item,
//! record the source's health. A source that fails records its error and keeps what it stored
//! before; it never stops the other sources of the run.

use super::health::{self, HealthRecord};
use crate::platform::Platform;
use crate::problem::ApiError;
use rouen_city::{Source, SourceKind};
use rouen_ports::{FetchError, FetchOutcome, FetchRequest, RobotsCheck};
use serde::Serialize;

/// Pages of one paginated source read in one run (OpenAgenda's `after` cursor).
const MAX_PAGES: usize = 10;
/// Skipped items kept in the health record (the first ones; the count is complete).
const MAX_SKIPPED_SHOWN: usize = 20;

/// What one source's run did.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct Outcome {
    pub source_id: String,
    /// `ran`, `not_modified`, `not_due`, `not_configured`, `disabled`, `failed`.
    pub result: &'static str,
    pub items_seen: u32,
    pub created: u32,
    pub updated: u32,
    pub unchanged: u32,
    pub failed_items: u32,
    pub error: Option<String>,
}

/// What storing one item did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Created,
    Updated,
    Unchanged,
}

/// The schedule's entry point: every enabled source of one kind that is due.
pub async fn run_due(platform: &Platform, kind: SourceKind) -> Result<Vec<Outcome>, ApiError> {
    run_due_where(platform, kind, |_| true).await
}

/// Like [`run_due`], for the sources of the kind that `pick` keeps (a timetable and its real-time
/// feeds run on different schedules).
pub async fn run_due_where(
    platform: &Platform,
    kind: SourceKind,
    pick: impl Fn(&Source) -> bool,
) -> Result<Vec<Outcome>, ApiError> {
    if !platform.settings.city.scrape {
        return Ok(Vec::new());
    }
    let mut outcomes = Vec::new();
    for source in super::sources()?
        .iter()
        .filter(|s| s.kind == kind && pick(s))
    {
        let outcome = run(platform, source, false).await;
        tracing::info!(
            source_id = %outcome.source_id,
            result = outcome.result,
            items_seen = outcome.items_seen,
            created = outcome.created,
            updated = outcome.updated,
            failed_items = outcome.failed_items,
            error = outcome.error.as_deref().unwrap_or(""),
            "source scraped"
        );
        use crate::metrics::{Metric, emit};
        match outcome.result {
            "failed" => emit(&[(Metric::ScrapeFailures, 1.0)]),
            "ran" => emit(&[
                (Metric::ScrapeItems, f64::from(outcome.items_seen)),
                (Metric::ScrapeFailures, 0.0),
            ]),
            _ => {}
        }
        outcomes.push(outcome);
    }
    if kind == SourceKind::News {
        super::news::announce_breaking(platform).await?;
    }
    Ok(outcomes)
}

/// Runs one source now (`force`) or if due. Never returns an error: failures are the outcome.
pub async fn run(platform: &Platform, source: &Source, force: bool) -> Outcome {
    let mut outcome = Outcome {
        source_id: source.id.clone(),
        ..Outcome::default()
    };
    if !source.enabled {
        outcome.result = "disabled";
        return outcome;
    }
    let key = source
        .key
        .as_ref()
        .and_then(|k| platform.settings.city.keys.get(k))
        .map(String::as_str);
    let Some(url) = source.fetch_url(key) else {
        outcome.result = "not_configured";
        return outcome;
    };
    let mut record = match health::load(platform, &source.id).await {
        Ok(r) => r.unwrap_or_else(|| HealthRecord {
            source_id: source.id.clone(),
            ..HealthRecord::default()
        }),
        Err(err) => {
            outcome.result = "failed";
            outcome.error = Some(err.to_string());
            return outcome;
        }
    };
    let now = platform.clock.now();
    if !force && !is_due(source, &record, now) {
        outcome.result = "not_due";
        return outcome;
    }
    record.last_attempt_at = Some(now);
    match fetch_and_store(platform, source, &url, key, &mut record, &mut outcome).await {
        Ok(()) => {
            record.last_success_at = Some(now);
            record.last_error = None;
            record.consecutive_failures = 0;
        }
        Err(message) => {
            // Network errors quote the URL, which holds the key of a keyed source.
            // A whole-URL secret (a Waze partner feed) is hidden the same way.
            let message = match key {
                Some(k) if !k.trim().is_empty() => message.replace(k.trim(), "***"),
                _ => message,
            };
            record.last_error = Some(message.clone());
            record.consecutive_failures = record.consecutive_failures.saturating_add(1);
            outcome.result = "failed";
            outcome.error = Some(message);
        }
    }
    if let Err(err) = health::save(platform, &record).await {
        tracing::error!(source_id = %source.id, error = %err, "source health not saved");
    }
    outcome
}

/// Due when its interval has passed; after failures the interval doubles (up to 8×), so a source
/// that is down is not asked every few minutes.
fn is_due(source: &Source, record: &HealthRecord, now: chrono::DateTime<chrono::Utc>) -> bool {
    let Some(last) = record.last_attempt_at else {
        return true;
    };
    let backoff = 1_i64 << record.consecutive_failures.min(3);
    // A minute of slack so a schedule firing every N minutes does not miss an N-minute source.
    now - last >= chrono::Duration::minutes(i64::from(source.every_minutes) * backoff - 1)
}

async fn fetch_and_store(
    platform: &Platform,
    source: &Source,
    url: &str,
    key: Option<&str>,
    record: &mut HealthRecord,
    outcome: &mut Outcome,
) -> Result<(), String> {
    let city = &platform.settings.city;
    let mut page_url = url.to_owned();
    let mut skipped = Vec::new();
    let mut seen = 0_u32;
    for page in 0..MAX_PAGES {
        let first = page == 0;
        let request = FetchRequest {
            url: city.fetch_url(&page_url),
            etag: first.then(|| record.etag.clone()).flatten(),
            last_modified: first.then(|| record.last_modified.clone()).flatten(),
            robots: RobotsCheck::of(&page_url).map(|check| RobotsCheck {
                robots_url: city.fetch_url(&check.robots_url),
                target_url: check.target_url,
            }),
            headers: source.key_header(key).into_iter().collect(),
            max_body_bytes: (source.kind == SourceKind::Transit)
                .then_some(super::transit::GTFS_MAX_BYTES),
        };
        let fetched = platform.fetcher.fetch(&request).await;
        let (body, content_type, etag, last_modified) = match fetched {
            Ok(FetchOutcome::NotModified) => {
                outcome.result = "not_modified";
                return Ok(());
            }
            Ok(FetchOutcome::Fetched {
                body,
                content_type,
                etag,
                last_modified,
                ..
            }) => (body, content_type, etag, last_modified),
            Err(err) => return Err(describe_fetch_error(&err)),
        };
        let next = match source.kind {
            SourceKind::Events => {
                let parsed =
                    rouen_city::events::parse(source, &body, content_type.as_deref(), &page_url)
                        .map_err(|e| e.to_string())?;
                seen += parsed.items.len() as u32;
                skipped.extend(parsed.skipped);
                let mut to_index = Vec::new();
                for draft in parsed.items {
                    let change = super::events::upsert(platform, draft, &mut to_index).await;
                    count(outcome, change, &source.id);
                }
                index_page(platform, to_index, outcome, &source.id).await;
                parsed.next_page
            }
            SourceKind::News => {
                let parsed = rouen_city::news::feed::parse(
                    source,
                    &body,
                    content_type.as_deref(),
                    &page_url,
                )
                .map_err(|e| e.to_string())?;
                seen += parsed.items.len() as u32;
                skipped.extend(parsed.skipped);
                let mut to_index = Vec::new();
                for draft in parsed.items {
                    let change = super::news::ingest(platform, source, draft, &mut to_index).await;
                    count(outcome, change, &source.id);
                }
                index_page(platform, to_index, outcome, &source.id).await;
                parsed.next_page
            }
            SourceKind::Weather => {
                seen += super::weather::ingest(platform, source, &body).await?;
                None
            }
            SourceKind::Traffic => {
                let (n, skip) = super::incidents::ingest(platform, source, &body).await?;
                seen += n;
                skipped.extend(skip);
                None
            }
            SourceKind::Transit => {
                seen += super::transit::ingest(platform, source, body.clone()).await?;
                None
            }
        };
        if first {
            record.etag = etag;
            record.last_modified = last_modified;
        }
        match next {
            Some(next) if next != page_url => page_url = next,
            _ => break,
        }
    }
    outcome.result = "ran";
    outcome.items_seen = seen;
    record.items_seen = seen;
    record.items_skipped = skipped.len() as u32;
    skipped.truncate(MAX_SKIPPED_SHOWN);
    record.skipped = skipped;
    Ok(())
}

/// Indexes what a page stored in one call: the search engine's refresh wait (up to a second on
/// OpenSearch) is paid once per page, not once per item. The items stay stored when it fails; they
/// count as failed, and are indexed again when their source changes them.
async fn index_page(
    platform: &Platform,
    docs: Vec<rouen_ports::SearchDoc>,
    outcome: &mut Outcome,
    source_id: &str,
) {
    for (i, chunk) in docs.chunks(INDEX_CHUNK).enumerate() {
        if let Err(error) = platform.search.index(chunk.to_vec()).await {
            let missed = (docs.len() - i * INDEX_CHUNK) as u32;
            outcome.failed_items += missed;
            tracing::warn!(%source_id, %error, documents = missed, "a page's items could not be indexed");
            return;
        }
    }
}

/// Documents per indexing call: a bulk request of a few hundred kilobytes.
const INDEX_CHUNK: usize = 100;

fn count(outcome: &mut Outcome, change: Result<Change, ApiError>, source_id: &str) {
    match change {
        Ok(Change::Created) => outcome.created += 1,
        Ok(Change::Updated) => outcome.updated += 1,
        Ok(Change::Unchanged) => outcome.unchanged += 1,
        Err(err) => {
            outcome.failed_items += 1;
            tracing::warn!(%source_id, error = %err, "an item could not be stored");
        }
    }
}

/// An error message without the URL (it may hold a key).
fn describe_fetch_error(err: &FetchError) -> String {
    match err {
        FetchError::InvalidUrl(_) => "invalid URL".to_owned(),
        other => other.to_string(),
    }
}
