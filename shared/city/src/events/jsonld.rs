//! schema.org `Event` objects in the `<script type="application/ld+json">` blocks of an HTML page:
//! what venues publish for search engines' rich results.
//!
//! Blocks may hold one object, a top-level array, an `@graph` or an `ItemList` of `ListItem`s; every
//! `Event` subtype is read. A block that is not valid JSON is reported and the others still count.

use super::dates;
use super::{Collector, RawEvent, cents, price_of, resolve_url};
use crate::model::{EventDraft, EventStatus, ParseError, Parsed, Price, Venue};
use crate::sources::Source;
use scraper::{Html, Selector};
use serde_json::Value;

/// schema.org's `Event` and its subtypes. A type ending in "Event" counts too: sites and plugins
/// invent their own (`ConcertEvent`).
const EVENT_TYPES: &[&str] = &[
    "Event",
    "BusinessEvent",
    "ChildrensEvent",
    "ComedyEvent",
    "CourseInstance",
    "DanceEvent",
    "DeliveryEvent",
    "EducationEvent",
    "EventSeries",
    "ExhibitionEvent",
    "Festival",
    "FoodEvent",
    "Hackathon",
    "LiteraryEvent",
    "MusicEvent",
    "PublicationEvent",
    "SaleEvent",
    "ScreeningEvent",
    "SocialEvent",
    "SportsEvent",
    "TheaterEvent",
    "VisualArtsEvent",
];

/// Nesting deeper than this is not a page's structured data but an attack or a bug.
const MAX_DEPTH: usize = 16;

pub fn parse(
    source: &Source,
    text: &str,
    page_url: &str,
) -> Result<Parsed<EventDraft>, ParseError> {
    let document = Html::parse_document(text);
    let selector = Selector::parse("script")
        .map_err(|e| ParseError::Config(format!("script selector: {e}")))?;
    let blocks: Vec<String> = document
        .select(&selector)
        .filter(|s| {
            s.value()
                .attr("type")
                .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json"))
        })
        .map(|s| s.text().collect::<String>())
        .collect();
    if blocks.is_empty() {
        return Err(ParseError::Empty {
            what: "JSON-LD block",
        });
    }

    let mut collector = Collector::new(source);
    let mut readable = 0;
    for (index, block) in blocks.iter().enumerate() {
        let value = match read_block(block) {
            Ok(value) => value,
            Err(e) => {
                collector.skip(
                    format!("JSON-LD block {}", index + 1),
                    format!("invalid JSON: {e}"),
                );
                continue;
            }
        };
        readable += 1;
        let mut events = Vec::new();
        find_events(&value, &mut events, 0);
        for (n, event) in events.into_iter().enumerate() {
            let raw = read_event(event, page_url);
            collector.push(
                raw,
                &format!("JSON-LD block {}, event {}", index + 1, n + 1),
            );
        }
    }
    if readable == 0 {
        return Err(ParseError::malformed(
            "JSON-LD",
            format!("none of the {} blocks is valid JSON", blocks.len()),
        ));
    }
    Ok(collector.finish())
}

/// Some CMSs wrap the JSON in an HTML comment or a CDATA section, and editors paste raw line breaks
/// into strings; both are forgiven before giving up.
fn read_block(block: &str) -> Result<Value, serde_json::Error> {
    let trimmed = block
        .trim()
        .trim_start_matches("<!--")
        .trim_end_matches("-->")
        .trim()
        .trim_start_matches("//<![CDATA[")
        .trim_end_matches("//]]>")
        .trim();
    match serde_json::from_str(trimmed) {
        Ok(v) => Ok(v),
        Err(first) => {
            let flattened: String = trimmed
                .chars()
                .map(|c| {
                    if c == '\n' || c == '\r' || c == '\t' {
                        ' '
                    } else {
                        c
                    }
                })
                .collect();
            serde_json::from_str(&flattened).map_err(|_| first)
        }
    }
}

fn types_of(value: &Value) -> Vec<&str> {
    match value.get("@type") {
        Some(Value::String(t)) => vec![bare_type(t)],
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).map(bare_type).collect(),
        _ => Vec::new(),
    }
}

/// `http://schema.org/MusicEvent` and `schema:MusicEvent` are `MusicEvent`.
fn bare_type(t: &str) -> &str {
    let t = t.trim();
    let t = t.rsplit_once('/').map_or(t, |(_, last)| last);
    t.rsplit_once(':').map_or(t, |(_, last)| last)
}

fn is_event(value: &Value) -> bool {
    types_of(value)
        .iter()
        .any(|t| EVENT_TYPES.contains(t) || (t.len() > 5 && t.ends_with("Event")))
}

fn find_events<'v>(value: &'v Value, out: &mut Vec<&'v Value>, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    match value {
        Value::Array(items) => {
            for item in items {
                find_events(item, out, depth + 1);
            }
        }
        Value::Object(map) => {
            if is_event(value) {
                out.push(value);
                return;
            }
            for key in ["@graph", "itemListElement", "item", "mainEntity", "about"] {
                if let Some(inner) = map.get(key) {
                    find_events(inner, out, depth + 1);
                }
            }
        }
        _ => {}
    }
}

/// Text of a JSON-LD value: a string, a number, the first of an array, or a `@value`.
fn text_of(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()).filter(|s| !s.trim().is_empty()),
        Value::Number(n) => Some(n.to_string()),
        Value::Array(items) => items.iter().find_map(text_of),
        Value::Object(map) => map.get("@value").and_then(text_of),
        _ => None,
    }
}

fn field(value: &Value, key: &str) -> Option<String> {
    value.get(key).and_then(text_of)
}

fn number_of(value: &Value) -> Option<f64> {
    match value {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().replace(',', ".").parse().ok(),
        _ => None,
    }
}

fn read_event(event: &Value, page_url: &str) -> RawEvent {
    let start = field(event, "startDate").and_then(|s| dates::parse_iso(&s));
    let end = field(event, "endDate").and_then(|s| dates::parse_iso(&s));
    let occurrences = start
        .map(|s| vec![dates::occurrence(s, end, true)])
        .unwrap_or_default();
    let url = field(event, "url").and_then(|u| resolve_url(page_url, &u));
    let id = field(event, "@id")
        .filter(|id| !id.starts_with("_:"))
        .map(|id| resolve_url(page_url, &id).unwrap_or(id));
    let mut categories: Vec<String> = types_of(event)
        .into_iter()
        .filter(|t| *t != "Event")
        .map(str::to_owned)
        .collect();
    for key in ["keywords", "genre"] {
        categories.extend(strings_of(event.get(key)));
    }
    RawEvent {
        source_ref: id.or_else(|| url.clone()),
        url,
        title: field(event, "name"),
        description: field(event, "description").map(|d| unescape_markup(&d)),
        occurrences,
        venue: venue_of(event.get("location")),
        price: price_of_event(event),
        image: image_of(event.get("image"), page_url),
        status: status_of(field(event, "eventStatus").as_deref()),
        categories,
    }
}

/// WordPress plugins (The Events Calendar) write the description's HTML entity-escaped
/// (`&lt;p&gt;`): one decoding turns it back into markup for the common HTML-to-text step.
fn unescape_markup(description: &str) -> String {
    if description.contains("&lt;") {
        // The same plugins leave a literal `\n` after each paragraph.
        crate::text::html_to_text(&description.replace("\\n", "\n"))
    } else {
        description.to_owned()
    }
}

/// Keywords come as one comma-separated string or as a list.
fn strings_of(value: Option<&Value>) -> Vec<String> {
    match value {
        Some(Value::String(s)) => s.split(',').map(|k| k.trim().to_owned()).collect(),
        Some(Value::Array(items)) => items.iter().filter_map(text_of).collect(),
        _ => Vec::new(),
    }
}

fn venue_of(location: Option<&Value>) -> Venue {
    let place = match location {
        Some(Value::Array(places)) => places
            .iter()
            .find(|p| !types_of(p).contains(&"VirtualLocation") && !matches!(p, Value::Null)),
        other => other,
    };
    match place {
        Some(Value::String(name)) => super::venue_from_line(name),
        Some(place @ Value::Object(_)) if !types_of(place).contains(&"VirtualLocation") => {
            let mut venue = Venue {
                name: field(place, "name"),
                ..Venue::default()
            };
            match place.get("address") {
                Some(Value::String(line)) => {
                    // "40 rue de Lillebonne, 76000 Rouen": read it as a calendar's location line.
                    let name = venue.name.clone().unwrap_or_default();
                    let read = super::venue_from_line(&format!("{name}, {line}"));
                    venue.address = read.address.or_else(|| Some(line.clone()));
                    venue.postal_code = read.postal_code;
                    venue.city = read.city;
                }
                Some(address @ Value::Object(_)) => {
                    venue.address = field(address, "streetAddress");
                    venue.postal_code = field(address, "postalCode");
                    venue.city = field(address, "addressLocality");
                }
                _ => {}
            }
            if let Some(geo) = place.get("geo") {
                venue.lat = geo.get("latitude").and_then(number_of);
                venue.lon = geo.get("longitude").and_then(number_of);
            }
            venue
        }
        _ => Venue::default(),
    }
}

fn price_of_event(event: &Value) -> Price {
    let free_flag = match event.get("isAccessibleForFree") {
        Some(Value::Bool(b)) => *b,
        Some(Value::String(s)) => s.trim().eq_ignore_ascii_case("true"),
        _ => false,
    };
    let offers: Vec<&Value> = match event.get("offers") {
        Some(Value::Array(offers)) => offers.iter().collect(),
        Some(offer @ Value::Object(_)) => vec![offer],
        _ => Vec::new(),
    };
    let mut amounts = Vec::new();
    for offer in offers {
        for key in ["price", "lowPrice", "highPrice"] {
            if let Some(amount) = offer.get(key).and_then(amount_of) {
                amounts.push(amount);
            }
        }
    }
    match price_of(&amounts) {
        Price::Unknown if free_flag => Price::Free,
        price => price,
    }
}

fn amount_of(value: &Value) -> Option<u32> {
    match value {
        Value::Number(n) => n.as_f64().and_then(|f| cents(&f.to_string())),
        Value::String(s) => {
            let folded = crate::text::fold(s);
            if folded == "gratuit" || folded == "free" {
                Some(0)
            } else {
                cents(s)
            }
        }
        _ => None,
    }
}

fn image_of(value: Option<&Value>, page_url: &str) -> Option<String> {
    match value? {
        Value::String(s) => resolve_url(page_url, s),
        Value::Array(items) => items.iter().find_map(|i| image_of(Some(i), page_url)),
        object @ Value::Object(_) => ["url", "contentUrl", "@id"]
            .iter()
            .find_map(|k| field(object, k))
            .and_then(|u| resolve_url(page_url, &u)),
        _ => None,
    }
}

fn status_of(status: Option<&str>) -> EventStatus {
    match status.map(bare_type) {
        Some("EventCancelled") => EventStatus::Cancelled,
        Some("EventPostponed") => EventStatus::Postponed,
        _ => EventStatus::Scheduled,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sources::{ParserConfig, SourceKind};

    fn source() -> Source {
        Source {
            id: "test".into(),
            name: "Test".into(),
            kind: SourceKind::Events,
            url: "https://www.example.fr/agenda/".into(),
            homepage: "https://www.example.fr".into(),
            every_minutes: 60,
            lang: "fr".into(),
            licence: String::new(),
            key: None,
            key_use: Default::default(),
            weight: 1.0,
            enabled: true,
            notes: String::new(),
            parser: ParserConfig::JsonLd,
        }
    }

    fn page(blocks: &[&str]) -> String {
        let scripts: String = blocks
            .iter()
            .map(|b| format!("<script type=\"application/ld+json\">{b}</script>"))
            .collect();
        format!("<html><head>{scripts}</head><body></body></html>")
    }

    #[test]
    fn graph_lists_and_arrays_are_searched() {
        let html = page(&[
            r#"{"@context":"https://schema.org","@graph":[{"@type":"WebSite","name":"x"},{"@type":"MusicEvent","name":"A","startDate":"2026-12-05T20:00:00+01:00"}]}"#,
            r#"[{"@type":"TheaterEvent","name":"B","startDate":"2026-12-06"}]"#,
            r#"{"@type":"ItemList","itemListElement":[{"@type":"ListItem","position":1,"item":{"@type":["Event","Festival"],"name":"C","startDate":"2027-01-10T10:00"}}]}"#,
        ]);
        let parsed = parse(&source(), &html, "https://www.example.fr/agenda/").unwrap();
        let titles: Vec<&str> = parsed.items.iter().map(|e| e.title.as_str()).collect();
        assert_eq!(titles, ["A", "B", "C"]);
        assert!(parsed.items[1].occurrences[0].all_day);
        assert_eq!(parsed.items[2].source_categories, ["Festival"]);
    }

    #[test]
    fn a_broken_block_does_not_hide_the_others() {
        let html = page(&[
            r#"{"@type":"Event","name":"broken","startDate":"#,
            r#"{"@type":"Event","name":"Bal","startDate":"2026-12-05T20:00:00+01:00"}"#,
        ]);
        let parsed = parse(&source(), &html, "https://www.example.fr/").unwrap();
        assert_eq!(parsed.items.len(), 1);
        assert_eq!(parsed.skipped.len(), 1);
        assert!(parsed.skipped[0].reason.starts_with("invalid JSON"));
    }

    #[test]
    fn only_broken_blocks_or_none_are_errors() {
        let html = page(&["{nope"]);
        assert!(matches!(
            parse(&source(), &html, "https://www.example.fr/"),
            Err(ParseError::Malformed { .. })
        ));
        assert!(matches!(
            parse(&source(), "<html></html>", "https://www.example.fr/"),
            Err(ParseError::Empty { .. })
        ));
    }

    #[test]
    fn offers_images_status_and_places() {
        let html = page(&[
            r#"{"@type":"Event","@id":"/e/1#event","name":"Concert","startDate":"2026-12-05T20:00",
               "eventStatus":"https://schema.org/EventCancelled",
               "image":{"@type":"ImageObject","url":"/img/a.jpg"},
               "offers":[{"price":"12,50"},{"@type":"AggregateOffer","lowPrice":8,"highPrice":"20"}],
               "location":{"@type":"Place","name":"Le 106","address":{"@type":"PostalAddress","streetAddress":"Quai Jean de Béthencourt","postalCode":"76100","addressLocality":"Rouen"},"geo":{"latitude":"49.4336","longitude":1.0793}}}"#,
            r#"{"@type":"Event","name":"Libre","startDate":"2026-12-06","offers":{"price":0},"description":"&lt;p&gt;Visite &lt;strong&gt;libre&lt;/strong&gt;&lt;/p&gt;"}"#,
            r#"{"@type":"Event","name":"Libre aussi","startDate":"2026-12-07","isAccessibleForFree":"True","eventStatus":"EventPostponed"}"#,
        ]);
        let parsed = parse(&source(), &html, "https://www.le106.com/agenda/").unwrap();
        let e = &parsed.items[0];
        assert_eq!(e.source_ref, "https://www.le106.com/e/1#event");
        assert_eq!(e.status, EventStatus::Cancelled);
        assert_eq!(e.image.as_deref(), Some("https://www.le106.com/img/a.jpg"));
        assert_eq!(
            e.price,
            Price::Paid {
                min_cents: Some(800),
                max_cents: Some(2000)
            }
        );
        let venue = e.venue.clone().unwrap();
        assert_eq!(venue.lat, Some(49.4336));
        assert_eq!(venue.postal_code.as_deref(), Some("76100"));
        assert_eq!(parsed.items[1].price, Price::Free);
        assert_eq!(parsed.items[1].description, "Visite libre");
        assert_eq!(parsed.items[2].price, Price::Free);
        assert_eq!(parsed.items[2].status, EventStatus::Postponed);
    }
}
