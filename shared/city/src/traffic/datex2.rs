//! DATEX II v2 situation publications (`http://datex2.eu/schema/2/2_0`), as Bison Futé publishes
//! them inside a SOAP 1.2 envelope (SOAP 1.1 and a bare `d2LogicalModel` are read too).
//!
//! `payloadPublication` (`xsi:type="SituationPublication"`) holds `situation`s, each with
//! `situationRecord`s whose `xsi:type` says what happens (`MaintenanceWorks`, `Accident`,
//! `RoadOrCarriagewayOrLaneManagement`…). A record's position is the first element holding both
//! `latitude` and `longitude` (`pointCoordinates`, `locationForDisplay`), its road the first
//! `roadNumber` or `roadName`, its times `validity/validityTimeSpecification/overall{Start,End}Time`,
//! its text `generalPublicComment`. Element names are matched without their prefixes, which vary
//! between publishers; the DATEX namespace itself is checked.

use super::area::valid_point;
use super::{Area, IncidentSource, IncidentType, Incidents, TrafficIncident, default_title, plain};
use crate::model::ParseError;
use chrono::{DateTime, Utc};
use quick_xml::events::Event;
use quick_xml::name::ResolveResult;
use quick_xml::{NsReader, XmlVersion};

const FORMAT: &str = "DATEX II XML";

/// The DATEX II version 2 namespace.
pub const DATEX2_NS: &str = "http://datex2.eu/schema/2/2_0";

/// Deepest nesting accepted: real publications stay under 20 levels; this bounds the tree.
const MAX_DEPTH: usize = 64;

/// An element, reduced to what the parser reads.
#[derive(Debug, Default)]
struct Node {
    /// Local name (no prefix).
    name: String,
    namespace: Option<String>,
    /// Local attribute names and values.
    attributes: Vec<(String, String)>,
    text: String,
    children: Vec<Node>,
}

impl Node {
    fn child(&self, name: &str) -> Option<&Node> {
        self.children.iter().find(|c| c.name == name)
    }

    fn children<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Node> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }

    fn path(&self, path: &[&str]) -> Option<&Node> {
        path.iter().try_fold(self, |node, name| node.child(name))
    }

    /// The first element named `name` at any depth, this one included, depth first.
    fn find(&self, name: &str) -> Option<&Node> {
        if self.name == name {
            return Some(self);
        }
        self.children.iter().find_map(|c| c.find(name))
    }

    fn find_where(&self, test: &dyn Fn(&Node) -> bool) -> Option<&Node> {
        if test(self) {
            return Some(self);
        }
        self.children.iter().find_map(|c| c.find_where(test))
    }

    fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// `xsi:type` without its prefix (`d2:Accident` → `Accident`).
    fn xsi_type(&self) -> Option<&str> {
        self.attribute("type")
            .map(|t| t.rsplit_once(':').map_or(t, |(_, local)| local))
    }

    fn text(&self) -> Option<&str> {
        Some(self.text.trim()).filter(|t| !t.is_empty())
    }
}

/// The document as a tree of elements.
fn tree(xml: &[u8]) -> Result<Node, ParseError> {
    let mut reader = NsReader::from_reader(xml);
    reader.config_mut().trim_text(false);
    let mut stack: Vec<Node> = vec![Node::default()];
    let mut buf = Vec::new();
    let err = |e: &dyn std::fmt::Display| ParseError::malformed(FORMAT, e);
    loop {
        let (resolved, event) = reader
            .read_resolved_event_into(&mut buf)
            .map_err(|e| err(&e))?;
        let namespace = match resolved {
            ResolveResult::Bound(ns) => Some(String::from_utf8_lossy(ns.as_ref()).into_owned()),
            _ => None,
        };
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let mut node = Node {
                    name: String::from_utf8_lossy(e.local_name().as_ref()).into_owned(),
                    namespace,
                    ..Node::default()
                };
                for attribute in e.attributes().flatten() {
                    let value = attribute
                        .decoded_and_normalized_value(XmlVersion::Implicit1_0, reader.decoder())
                        .map_err(|e| err(&e))?
                        .into_owned();
                    let key =
                        String::from_utf8_lossy(attribute.key.local_name().as_ref()).into_owned();
                    node.attributes.push((key, value));
                }
                if matches!(event, Event::Empty(_)) {
                    if let Some(parent) = stack.last_mut() {
                        parent.children.push(node);
                    }
                } else {
                    if stack.len() > MAX_DEPTH {
                        return Err(err(&"elements nested too deep"));
                    }
                    stack.push(node);
                }
            }
            Event::End(_) => {
                let node = stack.pop().ok_or_else(|| err(&"unbalanced end tag"))?;
                let parent = stack.last_mut().ok_or_else(|| err(&"unbalanced end tag"))?;
                parent.children.push(node);
            }
            Event::Text(t) => {
                let text = t.decode().map_err(|e| err(&e))?;
                let text = quick_xml::escape::unescape(&text).map_err(|e| err(&e))?;
                if let Some(node) = stack.last_mut() {
                    node.text.push_str(&text);
                }
            }
            Event::GeneralRef(r) => {
                // Entities arrive apart from the text around them.
                let name = r.decode().map_err(|e| err(&e))?;
                let entity = format!("&{name};");
                let text = quick_xml::escape::unescape(&entity).map_err(|e| err(&e))?;
                if let Some(node) = stack.last_mut() {
                    node.text.push_str(&text);
                }
            }
            Event::CData(c) => {
                if let Some(node) = stack.last_mut() {
                    node.text.push_str(&String::from_utf8_lossy(&c));
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    if stack.len() != 1 {
        return Err(err(&"the document ends inside an element"));
    }
    let document = stack.pop().unwrap_or_default();
    if document.children.is_empty() {
        return Err(ParseError::Empty {
            what: "XML element",
        });
    }
    Ok(document)
}

/// Reads a DATEX II v2 situation publication. A SOAP fault, XML of another vocabulary, another
/// DATEX version or another publication type is an error.
pub fn parse_datex2(body: &[u8], area: &Area) -> Result<Incidents, ParseError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(ParseError::Empty { what: "XML" });
    }
    let document = tree(body)?;
    if let Some(fault) = document.find("Fault") {
        let reason = fault
            .find("Text")
            .or_else(|| fault.find("faultstring"))
            .and_then(Node::text)
            .unwrap_or("no reason given");
        return Err(ParseError::malformed(
            FORMAT,
            format!("SOAP fault: {reason}"),
        ));
    }
    let model = document
        .find("d2LogicalModel")
        .ok_or_else(|| ParseError::malformed(FORMAT, "no d2LogicalModel: not DATEX II"))?;
    if model.namespace.as_deref() != Some(DATEX2_NS) {
        return Err(ParseError::malformed(
            FORMAT,
            format!(
                "d2LogicalModel in namespace {}, not {DATEX2_NS}",
                model.namespace.as_deref().unwrap_or("(none)")
            ),
        ));
    }
    let mut out = Incidents::default();
    let Some(publication) = model.child("payloadPublication") else {
        return Ok(out);
    };
    match publication.xsi_type() {
        Some("SituationPublication") | None => {}
        Some(other) => {
            return Err(ParseError::malformed(
                FORMAT,
                format!("a {other}, not a SituationPublication"),
            ));
        }
    }
    for situation in publication.children("situation") {
        for record in situation.children("situationRecord") {
            let name = record
                .attribute("id")
                .map_or_else(|| "record without id".to_owned(), str::to_owned);
            match read_record(record) {
                Some(incident) => out.keep(incident, area),
                None => out.skip(name, "missing id or a valid position"),
            }
        }
    }
    Ok(out)
}

/// A record's `xsi:type` (and, for lane management, its management type) to the contract's type.
fn kind_of(record: &Node) -> IncidentType {
    match record.xsi_type().unwrap_or_default() {
        "MaintenanceWorks" | "ConstructionWorks" | "Roadworks" => IncidentType::Roadworks,
        "Accident" => IncidentType::Accident,
        "AbnormalTraffic" => IncidentType::Congestion,
        "RoadOrCarriagewayOrLaneManagement" => {
            let management = record
                .find("roadOrCarriagewayOrLaneManagementType")
                .and_then(Node::text)
                .unwrap_or_default()
                .to_ascii_lowercase();
            if management.contains("closed") || management.contains("closure") {
                IncidentType::Closure
            } else {
                IncidentType::Other
            }
        }
        "VehicleObstruction"
        | "AnimalPresenceObstruction"
        | "GeneralObstruction"
        | "EnvironmentalObstruction"
        | "InfrastructureDamageObstruction"
        | "PoorEnvironmentConditions"
        | "NonWeatherRelatedRoadConditions"
        | "WeatherRelatedRoadConditions"
        | "EquipmentOrSystemFault" => IncidentType::Hazard,
        "PublicEvent" | "DisturbanceActivity" => IncidentType::Event,
        _ => IncidentType::Other,
    }
}

fn time(node: Option<&Node>) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(node?.text()?)
        .ok()
        .map(|t| t.to_utc())
}

fn read_record(record: &Node) -> Option<TrafficIncident> {
    let id = record.attribute("id").filter(|i| !i.trim().is_empty())?;
    let point =
        record.find_where(&|n| n.child("latitude").is_some() && n.child("longitude").is_some())?;
    let number = |name| point.child(name)?.text()?.parse::<f64>().ok();
    let (lat, lon) = (number("latitude")?, number("longitude")?);
    if !valid_point(lat, lon) {
        return None;
    }
    let kind = kind_of(record);
    let street = record
        .find("roadNumber")
        .and_then(Node::text)
        .or_else(|| {
            record
                .find("roadName")
                .and_then(|n| n.find("value"))
                .and_then(Node::text)
        })
        .map(str::to_owned);
    let validity = record.path(&["validity", "validityTimeSpecification"]);
    let comments: Vec<&str> = record
        .find("generalPublicComment")
        .into_iter()
        .flat_map(|c| c.children("comment"))
        .filter_map(|c| c.find("value").and_then(Node::text))
        .collect();
    Some(TrafficIncident {
        source_id: format!("bison-fute:{}", id.trim()),
        kind,
        congestion_level: None,
        title: default_title(kind, street.as_deref()),
        description: plain(Some(&comments.join("\n\n"))),
        lat,
        lon,
        street,
        commune: None,
        starts_at: time(validity.and_then(|v| v.child("overallStartTime"))),
        ends_at: time(validity.and_then(|v| v.child("overallEndTime"))),
        source: IncidentSource::BisonFute,
        source_url: None,
    })
}
