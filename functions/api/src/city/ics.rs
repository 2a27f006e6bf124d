//! iCalendar (RFC 5545) output: one event, or a resident's RSVPs as a subscribable feed.

use super::events::EventRecord;
use chrono::{DateTime, Utc};
use icalendar::{Calendar, Component, Event, EventLike, EventStatus as IcsStatus};
use rouen_city::{EventStatus, TZ};

/// A calendar of these events; every occurrence is one `VEVENT` (UID `{event}-{n}@rouen.social`).
pub fn calendar(name: &str, events: &[EventRecord], web_url: &str, now: DateTime<Utc>) -> String {
    let mut cal = Calendar::new();
    cal.name(name);
    cal.append_property(("PRODID", "-//Rouen Social//Events//FR"));
    cal.ttl(&chrono::Duration::hours(6));
    for event in events {
        for (n, occurrence) in event.draft.occurrences.iter().enumerate().take(100) {
            let mut v = Event::new();
            v.uid(&format!("{}-{n}@rouen.social", event.id));
            v.timestamp(now);
            v.summary(&event.draft.title);
            if !event.draft.description.is_empty() {
                v.description(&event.draft.description);
            }
            if occurrence.all_day {
                let (first, last) = occurrence.local_days();
                v.starts(first);
                // DTEND of an all-day event is the day after the last one.
                v.ends(last.succ_opt().unwrap_or(last));
            } else {
                v.starts(occurrence.starts_at.with_timezone(&TZ).to_utc());
                if let Some(end) = occurrence.ends_at {
                    v.ends(end);
                }
            }
            if let Some(venue) = &event.draft.venue {
                let place: Vec<&str> =
                    [&venue.name, &venue.address, &venue.postal_code, &venue.city]
                        .iter()
                        .filter_map(|s| s.as_deref())
                        .filter(|s| !s.is_empty())
                        .collect();
                if !place.is_empty() {
                    v.location(&place.join(", "));
                }
                if let (Some(lat), Some(lon)) = (venue.lat, venue.lon) {
                    v.add_property("GEO", format!("{lat:.6};{lon:.6}"));
                }
            }
            v.url(&format!(
                "{}/events/{}",
                web_url.trim_end_matches('/'),
                event.id
            ));
            match event.draft.status {
                EventStatus::Cancelled => {
                    v.status(IcsStatus::Cancelled);
                }
                EventStatus::Postponed => {
                    v.status(IcsStatus::Tentative);
                }
                EventStatus::Scheduled => {
                    v.status(IcsStatus::Confirmed);
                }
            }
            v.add_property("CATEGORIES", event.category.code().to_uppercase());
            cal.push(v.done());
        }
    }
    cal.done().to_string()
}
