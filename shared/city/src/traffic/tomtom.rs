//! TomTom Traffic Incident Details v5: `{"incidents": [{"type": "Feature", "geometry": {"type":
//! "Point"|"LineString", "coordinates": …}, "properties": {id, iconCategory, magnitudeOfDelay,
//! events[{description, code, iconCategory}], startTime, endTime, from, to, length, delay,
//! roadNumbers, timeValidity}}]}` (SOURCES.md §2, [seen] in the docs; no answer was captured).

use super::area::valid_point;
use super::{
    Area, IncidentSource, IncidentType, Incidents, TrafficIncident, default_title, json_object,
    line,
};
use crate::model::ParseError;
use crate::weather::number;
use chrono::{DateTime, Utc};
use serde_json::Value;

const FORMAT: &str = "TomTom incidents JSON";

pub fn parse_tomtom(body: &[u8], area: &Area) -> Result<Incidents, ParseError> {
    let doc = json_object(body, FORMAT)?;
    let Some(incidents) = doc.get("incidents").and_then(Value::as_array) else {
        let detail = doc
            .get("detailedError")
            .and_then(|e| e.get("message"))
            .or_else(|| doc.get("error"))
            .and_then(Value::as_str)
            .map_or_else(
                || "no `incidents` array".to_owned(),
                |m| format!("no `incidents` array ({m})"),
            );
        return Err(ParseError::malformed(FORMAT, detail));
    };
    let mut out = Incidents::default();
    for (i, incident) in incidents.iter().enumerate() {
        match read(incident) {
            Some(incident) => out.keep(incident, area),
            None => out.skip(
                format!("incident {}", i + 1),
                "missing properties.id or a valid geometry",
            ),
        }
    }
    Ok(out)
}

/// The first point of a Point or LineString geometry, as (lat, lon).
fn position(geometry: &Value) -> Option<(f64, f64)> {
    let coordinates = geometry.get("coordinates")?;
    let pair = match coordinates.get(0)? {
        Value::Array(_) => coordinates.get(0)?,
        _ => coordinates,
    };
    let (lon, lat) = (number(pair.get(0))?, number(pair.get(1))?);
    valid_point(lat, lon).then_some((lat, lon))
}

/// `iconCategory` to the contract's type (TomTom's table: 1 accident, 6 jam, 7 lane closed, 8 road
/// closed, 9 road works; fog, dangerous conditions, rain, ice, wind, flooding, broken-down vehicle
/// are hazards).
fn kind_of(icon: u16) -> IncidentType {
    match icon {
        1 => IncidentType::Accident,
        6 => IncidentType::Congestion,
        7 | 8 => IncidentType::Closure,
        9 => IncidentType::Roadworks,
        2..=5 | 10 | 11 | 14 => IncidentType::Hazard,
        _ => IncidentType::Other,
    }
}

fn time(value: Option<&Value>) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(value?.as_str()?)
        .ok()
        .map(|t| t.to_utc())
}

fn read(incident: &Value) -> Option<TrafficIncident> {
    let p = incident.get("properties")?;
    let id = match p.get("id")? {
        Value::String(s) if !s.trim().is_empty() => s.trim().to_owned(),
        Value::Number(n) => n.to_string(),
        _ => return None,
    };
    let (lat, lon) = position(incident.get("geometry")?)?;
    let icon = number(p.get("iconCategory")).map_or(0, |c| c as u16);
    let kind = kind_of(icon);
    // magnitudeOfDelay: 0 unknown, 1 minor, 2 moderate, 3 major, 4 undefined (closures).
    let congestion_level = match number(p.get("magnitudeOfDelay")).map(|m| m as u8) {
        Some(m @ 1..=3) if kind == IncidentType::Congestion => Some(m + 1),
        _ => None,
    };
    let road = p
        .get("roadNumbers")
        .and_then(Value::as_array)
        .and_then(|r| r.first())
        .and_then(Value::as_str);
    let street = line(road).or_else(|| line(p.get("from").and_then(Value::as_str)));
    let events: Vec<String> = p
        .get("events")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|e| line(e.get("description").and_then(Value::as_str)))
        .collect();
    let title = match events.first() {
        Some(event) => match &street {
            Some(street) => format!("{event} — {street}"),
            None => event.clone(),
        },
        None => default_title(kind, street.as_deref()),
    };
    let from_to = match (
        line(p.get("from").and_then(Value::as_str)),
        line(p.get("to").and_then(Value::as_str)),
    ) {
        (Some(from), Some(to)) => Some(format!("De {from} à {to}.")),
        _ => None,
    };
    let description = [events.join(", "), from_to.unwrap_or_default()]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    Some(TrafficIncident {
        source_id: format!("tomtom:{id}"),
        kind,
        congestion_level,
        title,
        description: (!description.is_empty()).then_some(description),
        lat,
        lon,
        street,
        commune: None,
        starts_at: time(p.get("startTime")),
        ends_at: time(p.get("endTime")),
        source: IncidentSource::TomTom,
        source_url: None,
    })
}
