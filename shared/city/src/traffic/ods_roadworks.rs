//! The Métropole's roadworks on its Opendatasoft portal, dataset `travaux-json`, Explore v2.1
//! `records` (`{total_count, results: [{nid, title, field_resume, body, field_commune,
//! field_zone_d_impact, field_date_debut_1, field_date_fin_1, view_node, field_lien}]}`): field
//! names [seen in code], a Drupal export of the Métropole's site (SOURCES.md §2).
//!
//! No coordinates field was seen: `geo_point_2d` is read when present ([guess]: Opendatasoft adds it
//! to geographic datasets), else the record is placed at its commune's centre ([`commune_centre`]).
//! Dates without a time cover whole Rouen days: a work ending on the 28th ends at midnight after it.

use super::area::{commune_centre, valid_point};
use super::{
    Area, IncidentSource, IncidentType, Incidents, TrafficIncident, json_object, line, plain,
};
use crate::events::dates::{self, When};
use crate::model::ParseError;
use crate::weather::number;
use chrono::{DateTime, Days, Utc};
use serde_json::Value;

const FORMAT: &str = "Opendatasoft roadworks JSON";

/// Where relative `view_node` paths point.
const SITE: &str = "https://www.metropole-rouen-normandie.fr";

pub fn parse_ods_roadworks(body: &[u8], area: &Area) -> Result<Incidents, ParseError> {
    let doc = json_object(body, FORMAT)?;
    let records: Vec<&Value> = if let Some(results) = doc.get("results").and_then(Value::as_array) {
        results.iter().collect()
    } else if let Some(records) = doc.get("records").and_then(Value::as_array) {
        // Explore v1 and v2.0 wrap the fields.
        records
            .iter()
            .map(|r| {
                r.get("fields")
                    .or_else(|| r.pointer("/record/fields"))
                    .unwrap_or(r)
            })
            .collect()
    } else {
        let detail = doc.get("message").and_then(Value::as_str).map_or_else(
            || "no `results` array".to_owned(),
            |m| format!("no `results` array ({m})"),
        );
        return Err(ParseError::malformed(FORMAT, detail));
    };
    let mut out = Incidents::default();
    for (index, record) in records.into_iter().enumerate() {
        let position = || format!("record {}", index + 1);
        let Some(title) = line(field(record, "title")) else {
            out.skip(position(), "no title");
            continue;
        };
        let commune = line(field(record, "field_commune"));
        let Some((lat, lon)) = coordinates(record.get("geo_point_2d"))
            .or_else(|| commune.as_deref().and_then(commune_centre))
        else {
            out.skip(title, "no geo_point_2d and no known commune");
            continue;
        };
        let id = id(record.get("nid"))
            .or_else(|| line(field(record, "view_node")))
            .unwrap_or_else(|| title.clone());
        let starts_at = field(record, "field_date_debut_1")
            .and_then(dates::parse_iso)
            .map(When::instant);
        let ends_at = field(record, "field_date_fin_1")
            .and_then(dates::parse_iso)
            .and_then(end_of);
        let source_url = field(record, "view_node")
            .or_else(|| field(record, "field_lien"))
            .and_then(absolute);
        out.keep(
            TrafficIncident {
                source_id: format!("metropole:{id}"),
                kind: IncidentType::Roadworks,
                congestion_level: None,
                title,
                description: plain(field(record, "field_resume"))
                    .or_else(|| plain(field(record, "body"))),
                lat,
                lon,
                street: line(field(record, "field_zone_d_impact")),
                commune,
                starts_at,
                ends_at,
                source: IncidentSource::Metropole,
                source_url,
            },
            area,
        );
    }
    Ok(out)
}

fn field<'a>(record: &'a Value, name: &str) -> Option<&'a str> {
    record.get(name).and_then(Value::as_str)
}

fn id(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// `{"lat", "lon"}` (v2.1) or `[lat, lon]` (v1).
fn coordinates(value: Option<&Value>) -> Option<(f64, f64)> {
    let (lat, lon) = match value? {
        point @ Value::Object(_) => (number(point.get("lat"))?, number(point.get("lon"))?),
        Value::Array(pair) if pair.len() == 2 => (number(pair.first())?, number(pair.get(1))?),
        _ => return None,
    };
    valid_point(lat, lon).then_some((lat, lon))
}

/// The end of a work: a date is inclusive, so it ends at the next local midnight.
fn end_of(when: When) -> Option<DateTime<Utc>> {
    match when {
        When::Date(day) => Some(dates::day_start(day.checked_add_days(Days::new(1))?)),
        other => Some(other.instant()),
    }
}

fn absolute(link: &str) -> Option<String> {
    let base = url::Url::parse(SITE).ok()?;
    let url = base.join(link.trim()).ok()?;
    matches!(url.scheme(), "http" | "https").then(|| url.to_string())
}
