//! OpenAgenda API v2 (`GET /v2/agendas/{uid}/events`): `{total, events[], after}`.
//!
//! Texts are multilingual objects (`{"fr": …, "en": …}`), or plain strings with `monolingual=`;
//! every timing is an occurrence; `after` is the cursor of the next page.

use super::dates;
use super::{Collector, MAX_OCCURRENCES, RawEvent, price_from_text, resolve_url, strip_markdown};
use crate::model::{EventDraft, EventStatus, Occurrence, ParseError, Parsed, Venue};
use crate::sources::Source;
use serde_json::Value;

pub fn parse(
    source: &Source,
    text: &str,
    page_url: &str,
) -> Result<Parsed<EventDraft>, ParseError> {
    let document: Value =
        serde_json::from_str(text).map_err(|e| ParseError::malformed("OpenAgenda JSON", e))?;
    let Some(events) = document.get("events").and_then(Value::as_array) else {
        let detail = document
            .get("message")
            .or_else(|| document.get("error"))
            .and_then(Value::as_str)
            .map_or_else(
                || "no `events` array".to_owned(),
                |m| format!("no `events` array ({m})"),
            );
        return Err(ParseError::malformed("OpenAgenda JSON", detail));
    };

    let mut collector = Collector::new(source);
    for (index, event) in events.iter().enumerate() {
        let raw = read_event(event, &source.lang, page_url);
        collector.push(raw, &format!("event {}", index + 1));
    }
    let mut parsed = collector.finish();
    // An empty page ends the walk even if a cursor came with it, so a misbehaving API cannot loop.
    if !events.is_empty() {
        parsed.next_page = document
            .get("after")
            .and_then(|after| next_page(page_url, after));
    }
    Ok(parsed)
}

/// The text in `lang` of a multilingual value, else French, else any language.
pub(crate) fn lang_text(value: Option<&Value>, lang: &str) -> Option<String> {
    let non_empty = |v: &Value| {
        v.as_str()
            .filter(|s| !s.trim().is_empty())
            .map(str::to_owned)
    };
    match value? {
        Value::String(s) => Some(s.clone()).filter(|s| !s.trim().is_empty()),
        Value::Object(map) => map
            .get(lang)
            .and_then(non_empty)
            .or_else(|| map.get("fr").and_then(non_empty))
            .or_else(|| map.values().find_map(non_empty)),
        _ => None,
    }
}

fn lang_list(value: Option<&Value>, lang: &str) -> Vec<String> {
    let strings = |v: &Value| -> Vec<String> {
        v.as_array()
            .map(|a| {
                a.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default()
    };
    match value {
        Some(list @ Value::Array(_)) => strings(list),
        Some(Value::Object(map)) => map
            .get(lang)
            .or_else(|| map.get("fr"))
            .or_else(|| map.values().next())
            .map(strings)
            .unwrap_or_default(),
        Some(Value::String(s)) => s.split([',', ';']).map(|k| k.trim().to_owned()).collect(),
        _ => Vec::new(),
    }
}

/// `[{begin, end}]` timings (local times with offset) to sorted occurrences.
pub(crate) fn timings_of(timings: &[Value]) -> Vec<Occurrence> {
    let mut occurrences: Vec<Occurrence> = timings
        .iter()
        .filter_map(|t| {
            let begin = t.get("begin")?.as_str().and_then(dates::parse_iso)?;
            let end = t
                .get("end")
                .and_then(Value::as_str)
                .and_then(dates::parse_iso);
            Some(dates::occurrence(begin, end, true))
        })
        .collect();
    dates::tidy(&mut occurrences, MAX_OCCURRENCES);
    occurrences
}

pub(crate) fn number(value: Option<&Value>) -> Option<f64> {
    match value? {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

pub(crate) fn string(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(s) => Some(s.clone()).filter(|s| !s.trim().is_empty()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// OpenAgenda's event status codes.
pub(crate) fn status_of(code: Option<&Value>) -> EventStatus {
    match number(code).map(|n| n as i64) {
        Some(4) => EventStatus::Postponed,
        Some(6) => EventStatus::Cancelled,
        // 1 scheduled, 2 rescheduled (new timings given), 3 moved online, 5 full.
        _ => EventStatus::Scheduled,
    }
}

fn read_event(event: &Value, lang: &str, page_url: &str) -> RawEvent {
    let occurrences = event
        .get("timings")
        .and_then(Value::as_array)
        .map(|t| timings_of(t))
        .filter(|o| !o.is_empty())
        .or_else(|| {
            // Without `detailed=1` only the first and last timings come.
            let pair: Vec<Value> = ["firstTiming", "lastTiming"]
                .iter()
                .filter_map(|k| event.get(*k).cloned())
                .collect();
            Some(timings_of(&pair))
        })
        .unwrap_or_default();

    let description = lang_text(event.get("longDescription"), lang)
        .map(|d| strip_markdown(&d))
        .or_else(|| lang_text(event.get("description"), lang));

    let image = match event.get("image") {
        Some(Value::String(s)) => resolve_url(page_url, s),
        Some(image @ Value::Object(_)) => {
            let base = string(image.get("base"))
                .unwrap_or_else(|| "https://cdn.openagenda.com/main/".into());
            string(image.get("filename")).and_then(|f| resolve_url(&base, &f))
        }
        _ => None,
    };

    let venue = event
        .get("location")
        .map(|l| Venue {
            name: string(l.get("name")),
            address: string(l.get("address")),
            postal_code: string(l.get("postalCode")),
            city: string(l.get("city")),
            lat: number(l.get("latitude")),
            lon: number(l.get("longitude")),
        })
        .unwrap_or_default();

    let price = lang_text(event.get("conditions"), lang)
        .map(|c| price_from_text(&c))
        .unwrap_or_default();

    RawEvent {
        source_ref: string(event.get("uid")),
        url: string(event.get("canonicalUrl")).and_then(|u| resolve_url(page_url, &u)),
        title: lang_text(event.get("title"), lang),
        description,
        occurrences,
        venue,
        price,
        image,
        status: status_of(event.get("status")),
        categories: lang_list(event.get("keywords"), lang),
    }
}

/// The page URL with the `after[]` cursor of the answer in place of the previous one.
fn next_page(page_url: &str, after: &Value) -> Option<String> {
    let values: Vec<String> = match after {
        Value::Array(items) => items.iter().filter_map(|v| string(Some(v))).collect(),
        other => string(Some(other)).into_iter().collect(),
    };
    if values.is_empty() {
        return None;
    }
    let mut url = url::Url::parse(page_url).ok()?;
    let kept: Vec<(String, String)> = url
        .query_pairs()
        .filter(|(k, _)| k != "after[]" && k != "after")
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    {
        let mut query = url.query_pairs_mut();
        query.clear();
        for (k, v) in &kept {
            query.append_pair(k, v);
        }
        for v in &values {
            query.append_pair("after[]", v);
        }
    }
    Some(url.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Price;
    use crate::sources::{ParserConfig, SourceKind};
    use serde_json::json;

    fn source(lang: &str) -> Source {
        Source {
            id: "oa".into(),
            name: "OA".into(),
            kind: SourceKind::Events,
            url: "https://api.openagenda.com/v2/agendas/1/events?key={key}".into(),
            homepage: "https://openagenda.com".into(),
            every_minutes: 60,
            lang: lang.into(),
            licence: String::new(),
            key: Some("OPENAGENDA_KEY".into()),
            key_use: Default::default(),
            weight: 1.0,
            enabled: true,
            notes: String::new(),
            parser: ParserConfig::OpenAgenda,
        }
    }

    #[test]
    fn languages_fall_back() {
        let title = json!({"fr": "", "en": "Concert"});
        assert_eq!(lang_text(Some(&title), "fr").as_deref(), Some("Concert"));
        let both = json!({"fr": "Concert FR", "en": "Concert EN"});
        assert_eq!(lang_text(Some(&both), "en").as_deref(), Some("Concert EN"));
        assert_eq!(
            lang_text(Some(&json!("Seul")), "en").as_deref(),
            Some("Seul")
        );
    }

    #[test]
    fn cursor_replaces_the_previous_one() {
        let next = next_page(
            "https://api.openagenda.com/v2/agendas/1/events?key=k&after[]=1&after[]=2&size=100",
            &json!([1767225600000_i64, "42"]),
        )
        .unwrap();
        assert_eq!(
            next,
            "https://api.openagenda.com/v2/agendas/1/events?key=k&size=100&after%5B%5D=1767225600000&after%5B%5D=42"
        );
        assert_eq!(next_page("https://x.fr/?a=1", &json!([])), None);
        assert_eq!(next_page("https://x.fr/?a=1", &Value::Null), None);
    }

    #[test]
    fn an_event_in_full() {
        let doc = json!({"total": 1, "after": null, "events": [{
            "uid": 123, "slug": "bal",
            "title": {"fr": "Bal <b>folk</b>"},
            "description": {"fr": "Court"},
            "longDescription": {"fr": "**Long** [texte](https://x.fr)"},
            "conditions": {"fr": "Entrée libre"},
            "keywords": {"fr": ["danse", "bal"]},
            "image": {"filename": "abc.base.image.jpg", "base": "https://cdn.openagenda.com/main/"},
            "timings": [
                {"begin": "2027-03-28T16:00:00+0200", "end": "2027-03-28T18:00:00+0200"},
                {"begin": "2027-03-27T20:00:00+0100", "end": "2027-03-27T23:00:00+0100"}
            ],
            "location": {"name": "Halle aux Toiles", "address": "Place de la Basse-Vieille-Tour", "postalCode": "76000", "city": "Rouen", "latitude": 49.4395, "longitude": 1.0951},
            "status": 6,
            "canonicalUrl": "https://openagenda.com/fr/x/events/bal"
        }]});
        let parsed = parse(
            &source("fr"),
            &doc.to_string(),
            "https://api.openagenda.com/v2/agendas/1/events",
        )
        .unwrap();
        let e = &parsed.items[0];
        assert_eq!(e.title, "Bal folk");
        assert_eq!(e.description, "Long texte");
        assert_eq!(e.source_ref, "123");
        assert_eq!(e.price, Price::Free);
        assert_eq!(e.status, EventStatus::Cancelled);
        assert_eq!(
            e.image.as_deref(),
            Some("https://cdn.openagenda.com/main/abc.base.image.jpg")
        );
        assert_eq!(e.occurrences.len(), 2);
        assert!(e.occurrences[0].starts_at < e.occurrences[1].starts_at);
        assert_eq!(e.source_categories, ["danse", "bal"]);
        assert_eq!(parsed.next_page, None);
    }

    #[test]
    fn not_openagenda() {
        assert!(
            parse(
                &source("fr"),
                "{\"message\":\"invalid key\"}",
                "https://x.fr/"
            )
            .is_err()
        );
        assert!(parse(&source("fr"), "{\"events\": [", "https://x.fr/").is_err());
    }
}
