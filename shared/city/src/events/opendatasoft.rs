//! Opendatasoft Explore v2.1 `records` answers of the OpenAgenda export dataset
//! (`{total_count, results: [{uid, title_fr, firstdate_begin, timings, location_coordinates, …}]}`),
//! as the Métropole's open data portal mirrors its agenda without a key.
//!
//! The v1 shape (`records[].fields`) is read too: mirrors move between API versions slowly.

use super::dates;
use super::openagenda::{number, status_of, string, timings_of};
use super::{Collector, MAX_OCCURRENCES, RawEvent, price_from_text, resolve_url};
use crate::model::{EventDraft, Occurrence, ParseError, Parsed, Price, Venue};
use crate::sources::Source;
use serde_json::Value;

pub fn parse(
    source: &Source,
    text: &str,
    page_url: &str,
) -> Result<Parsed<EventDraft>, ParseError> {
    let document: Value =
        serde_json::from_str(text).map_err(|e| ParseError::malformed("Opendatasoft JSON", e))?;
    let records: Vec<&Value> =
        if let Some(results) = document.get("results").and_then(Value::as_array) {
            results.iter().collect()
        } else if let Some(records) = document.get("records").and_then(Value::as_array) {
            records
                .iter()
                .map(|r| {
                    r.get("fields")
                        .or_else(|| r.pointer("/record/fields"))
                        .unwrap_or(r)
                })
                .collect()
        } else {
            let detail = document.get("message").and_then(Value::as_str).map_or_else(
                || "no `results` array".to_owned(),
                |m| format!("no `results` array ({m})"),
            );
            return Err(ParseError::malformed("Opendatasoft JSON", detail));
        };

    let mut collector = Collector::new(source);
    for (index, record) in records.into_iter().enumerate() {
        let raw = read_record(record, &source.lang, page_url);
        collector.push(raw, &format!("record {}", index + 1));
    }
    Ok(collector.finish())
}

/// A field in the source's language (`title_fr`), else French.
fn localized(record: &Value, field: &str, lang: &str) -> Option<String> {
    string(record.get(format!("{field}_{lang}")))
        .or_else(|| string(record.get(format!("{field}_fr"))))
        .or_else(|| string(record.get(field)))
}

/// `timings` is a JSON array, or that array serialised into a string by the export.
fn timings(record: &Value) -> Vec<Occurrence> {
    match record.get("timings") {
        Some(Value::Array(items)) => timings_of(items),
        Some(Value::String(s)) => match serde_json::from_str::<Value>(s) {
            Ok(Value::Array(items)) => timings_of(&items),
            _ => Vec::new(),
        },
        _ => Vec::new(),
    }
}

/// Without timings, the first and last dates frame one run (an exhibition open for weeks).
fn first_to_last(record: &Value) -> Vec<Occurrence> {
    let at = |k: &str| string(record.get(k)).and_then(|s| dates::parse_iso(&s));
    let Some(begin) = at("firstdate_begin") else {
        return Vec::new();
    };
    let end = at("lastdate_end").or_else(|| at("firstdate_end"));
    vec![dates::occurrence(begin, end, true)]
}

fn coordinates(value: Option<&Value>) -> (Option<f64>, Option<f64>) {
    match value {
        Some(point @ Value::Object(_)) => (number(point.get("lat")), number(point.get("lon"))),
        // geo_point_2d of the older API: [lat, lon].
        Some(Value::Array(pair)) if pair.len() == 2 => (number(pair.first()), number(pair.get(1))),
        Some(Value::String(s)) => {
            let mut parts = s.split(',').map(|p| p.trim().parse::<f64>().ok());
            (parts.next().flatten(), parts.next().flatten())
        }
        _ => (None, None),
    }
}

fn keywords(record: &Value, lang: &str) -> Vec<String> {
    let value = record
        .get(format!("keywords_{lang}"))
        .or_else(|| record.get("keywords_fr"));
    match value {
        Some(Value::Array(items)) => items.iter().filter_map(|v| string(Some(v))).collect(),
        Some(Value::String(s)) => s.split([';', ',']).map(|k| k.trim().to_owned()).collect(),
        _ => Vec::new(),
    }
}

fn read_record(record: &Value, lang: &str, page_url: &str) -> RawEvent {
    let mut occurrences = timings(record);
    if occurrences.is_empty() {
        occurrences = first_to_last(record);
    }
    occurrences.truncate(MAX_OCCURRENCES);
    let (lat, lon) = coordinates(record.get("location_coordinates"));
    let venue = Venue {
        name: string(record.get("location_name")),
        address: string(record.get("location_address")),
        postal_code: string(record.get("location_postalcode")),
        city: string(record.get("location_city")),
        lat,
        lon,
    };
    let image = ["image", "originalimage", "thumbnail"]
        .iter()
        .find_map(|k| string(record.get(*k)))
        .and_then(|i| resolve_url(page_url, &i));
    let price = localized(record, "conditions", lang)
        .map(|c| price_from_text(&c))
        .unwrap_or(Price::Unknown);
    RawEvent {
        source_ref: string(record.get("uid")),
        url: string(record.get("canonicalurl")).and_then(|u| resolve_url(page_url, &u)),
        title: localized(record, "title", lang),
        description: localized(record, "longdescription", lang)
            .or_else(|| localized(record, "description", lang)),
        occurrences,
        venue,
        price,
        image,
        status: status_of(record.get("status")),
        categories: keywords(record, lang),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sources::{ParserConfig, SourceKind};
    use chrono::NaiveDate;
    use serde_json::json;

    fn source() -> Source {
        Source {
            id: "ods".into(),
            name: "ODS".into(),
            kind: SourceKind::Events,
            url: "https://data.example.fr/api/explore/v2.1/catalog/datasets/x/records".into(),
            homepage: "https://data.example.fr".into(),
            every_minutes: 60,
            lang: "fr".into(),
            licence: String::new(),
            key: None,
            key_use: Default::default(),
            weight: 1.0,
            enabled: true,
            notes: String::new(),
            parser: ParserConfig::Opendatasoft,
        }
    }

    #[test]
    fn timings_as_a_string_and_ranges_without_them() {
        let doc = json!({"total_count": 2, "results": [
            {"uid": "1", "title_fr": "Concert", "timings": "[{\"begin\": \"2026-12-05T20:00:00+01:00\", \"end\": \"2026-12-05T22:00:00+01:00\"}]",
             "location_coordinates": {"lon": 1.0993, "lat": 49.4431}, "conditions_fr": "Gratuit", "keywords_fr": ["musique"]},
            {"uid": "2", "title_fr": "Exposition", "firstdate_begin": "2026-12-01", "lastdate_end": "2027-02-28"}
        ]});
        let parsed = parse(&source(), &doc.to_string(), "https://data.example.fr/").unwrap();
        assert_eq!(parsed.items.len(), 2);
        let concert = &parsed.items[0];
        assert_eq!(concert.venue.as_ref().unwrap().lat, Some(49.4431));
        assert_eq!(concert.price, Price::Free);
        let expo = &parsed.items[1].occurrences[0];
        assert!(expo.all_day);
        assert_eq!(
            expo.local_days().1,
            NaiveDate::from_ymd_opt(2027, 2, 28).unwrap()
        );
    }

    #[test]
    fn v1_records_and_errors() {
        let doc = json!({"records": [{"fields": {"uid": "9", "title_fr": "Vieux", "firstdate_begin": "2026-12-05T19:00:00+00:00"}}]});
        assert_eq!(
            parse(&source(), &doc.to_string(), "https://d.fr/")
                .unwrap()
                .items
                .len(),
            1
        );
        let err = parse(
            &source(),
            r#"{"error_code":"ODSQLError","message":"bad where"}"#,
            "https://d.fr/",
        );
        assert!(matches!(err, Err(ParseError::Malformed { .. })));
    }
}
