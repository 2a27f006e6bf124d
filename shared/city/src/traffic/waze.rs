//! Waze for Cities (CCP) partner feed: `{startTimeMillis, endTimeMillis, alerts[], jams[],
//! irregularities[]}` (SOURCES.md §2; a real jams dump is in `tests/fixtures/traffic`).
//!
//! An alert (`uuid`, `type`, `subtype`, `location{x: lon, y: lat}`, `street`, `city`,
//! `reportDescription`, `pubMillis`) becomes an incident of its type; a jam (`uuid`, `line[{x, y}]`,
//! `level` 0-5, `speedKMH`, `delay` seconds, `street`, `city`, `pubMillis`) becomes a congestion
//! placed at the middle of its line. Waze leaves out empty arrays.

use super::area::valid_point;
use super::{
    Area, IncidentSource, IncidentType, Incidents, TrafficIncident, default_title, json_object,
    line, plain,
};
use crate::model::ParseError;
use crate::weather::{from_unix, number};
use serde_json::{Map, Value};

const FORMAT: &str = "Waze CCP JSON";

pub fn parse_waze(body: &[u8], area: &Area) -> Result<Incidents, ParseError> {
    let doc = json_object(body, FORMAT)?;
    let list = |name: &str| -> Result<&[Value], ParseError> {
        match doc.get(name) {
            None | Some(Value::Null) => Ok(&[]),
            Some(Value::Array(items)) => Ok(items),
            Some(_) => Err(ParseError::malformed(
                FORMAT,
                format!("`{name}` is not an array"),
            )),
        }
    };
    let known = ["alerts", "jams", "irregularities", "startTimeMillis"];
    if !known.iter().any(|k| doc.contains_key(*k)) {
        return Err(ParseError::malformed(
            FORMAT,
            "none of alerts, jams, irregularities, startTimeMillis",
        ));
    }
    let mut out = Incidents::default();
    for (i, alert) in list("alerts")?.iter().enumerate() {
        match alert.as_object().and_then(read_alert) {
            Some(incident) => out.keep(incident, area),
            None => out.skip(
                format!("alert {}", i + 1),
                "missing uuid or a valid location",
            ),
        }
    }
    for (i, jam) in list("jams")?.iter().enumerate() {
        match jam.as_object().and_then(read_jam) {
            Some(incident) => out.keep(incident, area),
            None => out.skip(format!("jam {}", i + 1), "missing uuid or a valid line"),
        }
    }
    Ok(out)
}

fn id(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn point(value: Option<&Value>) -> Option<(f64, f64)> {
    let value = value?;
    let (lat, lon) = (number(value.get("y"))?, number(value.get("x"))?);
    valid_point(lat, lon).then_some((lat, lon))
}

fn text<'a>(item: &'a Map<String, Value>, key: &str) -> Option<&'a str> {
    item.get(key).and_then(Value::as_str)
}

/// Alert type and subtype to the contract's type, and a congestion level for `JAM` alerts.
fn kind_of(kind: &str, subtype: &str) -> (IncidentType, Option<u8>) {
    match kind {
        "ACCIDENT" => (IncidentType::Accident, None),
        "ROAD_CLOSED" => (IncidentType::Closure, None),
        "POLICE" => (IncidentType::Police, None),
        "JAM" => {
            let level = match subtype {
                "JAM_LIGHT_TRAFFIC" => 1,
                "JAM_MODERATE_TRAFFIC" => 2,
                "JAM_HEAVY_TRAFFIC" => 3,
                "JAM_STAND_STILL_TRAFFIC" => 4,
                _ => 2,
            };
            (IncidentType::Congestion, Some(level))
        }
        "HAZARD" | "WEATHERHAZARD" if subtype == "HAZARD_ON_ROAD_CONSTRUCTION" => {
            (IncidentType::Roadworks, None)
        }
        "HAZARD" | "WEATHERHAZARD" => (IncidentType::Hazard, None),
        _ => (IncidentType::Other, None),
    }
}

fn read_alert(a: &Map<String, Value>) -> Option<TrafficIncident> {
    let uuid = id(a.get("uuid"))?;
    let (lat, lon) = point(a.get("location"))?;
    let (kind, congestion_level) = kind_of(
        text(a, "type").unwrap_or_default(),
        text(a, "subtype").unwrap_or_default(),
    );
    let street = line(text(a, "street"));
    Some(TrafficIncident {
        source_id: format!("waze:{uuid}"),
        kind,
        congestion_level,
        title: default_title(kind, street.as_deref()),
        description: plain(text(a, "reportDescription")),
        lat,
        lon,
        street,
        commune: line(text(a, "city")),
        starts_at: number(a.get("pubMillis")).and_then(|ms| from_unix(ms / 1000.0)),
        ends_at: None,
        source: IncidentSource::Waze,
        source_url: None,
    })
}

fn read_jam(j: &Map<String, Value>) -> Option<TrafficIncident> {
    let uuid = id(j.get("uuid")).or_else(|| id(j.get("id")))?;
    let points: Vec<(f64, f64)> = j
        .get("line")
        .and_then(Value::as_array)?
        .iter()
        .filter_map(|p| point(Some(p)))
        .collect();
    let (lat, lon) = *points.get(points.len() / 2)?;
    let level = number(j.get("level"))
        .filter(|l| (0.0..=5.0).contains(l))
        .map(|l| l as u8);
    let street = line(text(j, "street"));
    let name = if level.is_some_and(|l| l >= 4) {
        "Bouchon"
    } else {
        IncidentType::Congestion.french()
    };
    let title = match &street {
        Some(street) => format!("{name} — {street}"),
        None => name.to_owned(),
    };
    let mut facts = Vec::new();
    if let Some(speed) = number(j.get("speedKMH")) {
        facts.push(format!("vitesse moyenne {speed:.0} km/h"));
    }
    // Waze writes -1 when the road is blocked: no delay can be computed.
    if let Some(delay) = number(j.get("delay")).filter(|d| *d > 0.0) {
        facts.push(format!("retard {} min", (delay / 60.0).ceil()));
    }
    if let Some(length) = number(j.get("length")).filter(|l| *l > 0.0) {
        facts.push(format!("sur {length:.0} m"));
    }
    let description = (!facts.is_empty()).then(|| {
        let text = facts.join(", ");
        let mut chars = text.chars();
        let first = chars.next().map(|c| c.to_uppercase().collect::<String>());
        format!("{}{}.", first.unwrap_or_default(), chars.as_str())
    });
    Some(TrafficIncident {
        source_id: format!("waze-jam:{uuid}"),
        kind: IncidentType::Congestion,
        congestion_level: level,
        title,
        description,
        lat,
        lon,
        street,
        commune: line(text(j, "city")),
        starts_at: number(j.get("pubMillis")).and_then(|ms| from_unix(ms / 1000.0)),
        ends_at: None,
        source: IncidentSource::Waze,
        source_url: None,
    })
}
