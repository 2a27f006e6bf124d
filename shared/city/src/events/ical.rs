//! iCalendar (RFC 5545) feeds: the `VEVENT`s of a `VCALENDAR`, as Google Calendar's public
//! `basic.ics` and most CMS plugins export them.
//!
//! Recurrence rules are not expanded: an `RRULE` event counts by its first date, plus its `RDATE`s.

use super::dates::{self, When};
use super::{Collector, RawEvent, resolve_url, venue_from_line};
use crate::model::{EventDraft, EventStatus, Occurrence, ParseError, Parsed, Price, TZ};
use crate::sources::Source;
use chrono::{Duration, NaiveDate, NaiveDateTime};
use icalendar::parser::{Component, Property, read_calendar, unfold};

pub fn parse(
    source: &Source,
    text: &str,
    page_url: &str,
) -> Result<Parsed<EventDraft>, ParseError> {
    let unfolded = unfold(text.trim_start());
    let calendar =
        read_calendar(&unfolded).map_err(|e| ParseError::malformed("iCalendar", first_line(&e)))?;
    let is_calendar = !calendar.properties.is_empty()
        || calendar.components.iter().any(|c| {
            c.name.as_str().eq_ignore_ascii_case("VEVENT")
                || c.name.as_str().eq_ignore_ascii_case("VTIMEZONE")
        });
    if !is_calendar {
        return Err(ParseError::malformed("iCalendar", "no VCALENDAR"));
    }
    let default_zone = prop(&calendar.properties, "X-WR-TIMEZONE")
        .and_then(|p| p.val.as_str().trim().parse::<chrono_tz::Tz>().ok())
        .unwrap_or(TZ);

    let mut collector = Collector::new(source);
    for (index, event) in calendar
        .components
        .iter()
        .filter(|c| c.name.as_str().eq_ignore_ascii_case("VEVENT"))
        .enumerate()
    {
        let raw = read_event(event, default_zone, page_url);
        collector.push(raw, &format!("VEVENT {}", index + 1));
    }
    Ok(collector.finish())
}

fn first_line(error: &str) -> String {
    error.lines().take(3).collect::<Vec<_>>().join(" ")
}

/// Property names are case-insensitive (RFC 5545 §3.1).
fn prop<'p>(props: &'p [Property<'p>], name: &str) -> Option<&'p Property<'p>> {
    props
        .iter()
        .find(|p| p.name.as_str().eq_ignore_ascii_case(name))
}

fn props<'p>(props: &'p [Property<'p>], name: &'p str) -> impl Iterator<Item = &'p Property<'p>> {
    props
        .iter()
        .filter(move |p| p.name.as_str().eq_ignore_ascii_case(name))
}

fn param<'p>(prop: &'p Property<'p>, key: &str) -> Option<&'p str> {
    prop.params
        .iter()
        .find(|p| p.key.as_str().eq_ignore_ascii_case(key))
        .and_then(|p| p.val.as_ref())
        .map(|v| v.as_str().trim_matches('"'))
}

/// The parser unescapes TEXT values of properties it knows in upper case only; a producer writing
/// `summary:` gets the same treatment here.
fn text(prop: &Property<'_>) -> String {
    let value = prop.val.as_str();
    if prop.name.as_str().chars().any(char::is_lowercase) {
        unescape(value)
    } else {
        value.to_owned()
    }
}

/// RFC 5545 §3.3.11 TEXT unescaping: `\\`, `\;`, `\,`, `\n`/`\N`.
fn unescape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n' | 'N') => out.push('\n'),
            Some(other @ ('\\' | ';' | ',' | ':')) => out.push(other),
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    out
}

/// A TEXT list (CATEGORIES) split on unescaped commas; the parser leaves these escaped.
fn text_list(value: &str) -> Vec<String> {
    let mut items = Vec::new();
    let mut current = String::new();
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                current.push(c);
                if let Some(next) = chars.next() {
                    current.push(next);
                }
            }
            ',' => items.push(unescape(&std::mem::take(&mut current))),
            _ => current.push(c),
        }
    }
    items.push(unescape(&current));
    items
        .into_iter()
        .map(|i| i.trim().to_owned())
        .filter(|i| !i.is_empty())
        .collect()
}

/// A `TZID` as producers write it: an IANA name (sometimes with a leading `/` or a vendor prefix
/// like `/freeassociation.sourceforge.net/Europe/Paris`) or Outlook's Windows name for Paris.
fn zone_of(tzid: Option<&str>, default: chrono_tz::Tz) -> chrono_tz::Tz {
    let Some(tzid) = tzid else { return default };
    let tzid = tzid.trim();
    if let Ok(zone) = tzid.trim_start_matches('/').parse::<chrono_tz::Tz>() {
        return zone;
    }
    // The last two segments of a prefixed path are the IANA name.
    let segments: Vec<&str> = tzid.split('/').collect();
    if segments.len() >= 2 {
        let tail = segments[segments.len() - 2..].join("/");
        if let Ok(zone) = tail.parse::<chrono_tz::Tz>() {
            return zone;
        }
    }
    // "Romance Standard Time" and unknown custom ids: the calendars read here are Rouen's.
    default
}

/// One DATE or DATE-TIME value: `20261205`, `20261205T200000`, `20261205T190000Z`.
fn value_of(
    value: &str,
    tzid: Option<&str>,
    date_only: bool,
    default: chrono_tz::Tz,
) -> Option<When> {
    let value = value.trim();
    if date_only || (value.len() == 8 && !value.contains('T')) {
        return NaiveDate::parse_from_str(value.get(..8)?, "%Y%m%d")
            .ok()
            .map(When::Date);
    }
    let (local, utc) = match value.strip_suffix(['Z', 'z']) {
        Some(v) => (v, true),
        None => (value, false),
    };
    let local = NaiveDateTime::parse_from_str(local, "%Y%m%dT%H%M%S")
        .or_else(|_| NaiveDateTime::parse_from_str(local, "%Y%m%dT%H%M"))
        .ok()?;
    if utc {
        return Some(When::Instant(local.and_utc()));
    }
    Some(When::Instant(dates::local_in(
        &zone_of(tzid, default),
        local,
    )))
}

fn when_of(prop: &Property<'_>, default: chrono_tz::Tz) -> Vec<When> {
    let date_only = param(prop, "VALUE").is_some_and(|v| v.eq_ignore_ascii_case("DATE"));
    let tzid = param(prop, "TZID");
    prop.val
        .as_str()
        .split(',')
        .filter_map(|v| value_of(v, tzid, date_only, default))
        .collect()
}

/// `PT2H30M`, `P1D`, `P1W`: the forms events use (no months or years in RFC 5545 durations).
fn duration_of(text: &str) -> Option<Duration> {
    let text = text.trim();
    let (negative, text) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let mut rest = text.strip_prefix('P')?;
    let mut total = Duration::zero();
    let mut in_time = false;
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix('T') {
            in_time = true;
            rest = r;
            continue;
        }
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return None;
        }
        let n: i64 = rest[..digits].parse().ok()?;
        let unit = rest[digits..].chars().next()?;
        rest = &rest[digits + unit.len_utf8()..];
        // Checked constructors: a feed's `P999999999999W` must not panic.
        let part = match (unit, in_time) {
            ('W', false) => Duration::try_weeks(n),
            ('D', false) => Duration::try_days(n),
            ('H', true) => Duration::try_hours(n),
            ('M', true) => Duration::try_minutes(n),
            ('S', true) => Duration::try_seconds(n),
            _ => None,
        }?;
        total = total.checked_add(&part)?;
    }
    Some(if negative { -total } else { total })
}

fn read_event(event: &Component<'_>, zone: chrono_tz::Tz, page_url: &str) -> RawEvent {
    let p = event.properties.as_slice();
    let start = prop(p, "DTSTART").and_then(|s| when_of(s, zone).into_iter().next());
    let end = prop(p, "DTEND").and_then(|e| when_of(e, zone).into_iter().next());
    let duration = prop(p, "DURATION").and_then(|d| duration_of(d.val.as_str()));

    let mut occurrences = Vec::new();
    if let Some(start) = start {
        let first = occurrence(start, end, duration);
        let length = first.ends_at.map(|e| e - first.starts_at);
        occurrences.push(first);
        for rdate in props(p, "RDATE") {
            // RDATE;VALUE=PERIOD is rare for events and is left out.
            if param(rdate, "VALUE").is_some_and(|v| v.eq_ignore_ascii_case("PERIOD")) {
                continue;
            }
            for when in when_of(rdate, zone) {
                let mut o = occurrence(when, None, None);
                if let Some(length) = length {
                    o.ends_at = o.starts_at.checked_add_signed(length);
                }
                occurrences.push(o);
            }
        }
    }

    let uid = prop(p, "UID").map(text).filter(|u| !u.trim().is_empty());
    // Google exports a moved instance of a recurring event as a second VEVENT with the same UID.
    let source_ref = uid.map(|uid| match prop(p, "RECURRENCE-ID") {
        Some(rid) => format!("{uid}/{}", rid.val.as_str()),
        None => uid,
    });
    let status = match prop(p, "STATUS")
        .map(|s| text(s).trim().to_ascii_uppercase())
        .as_deref()
    {
        Some("CANCELLED") => EventStatus::Cancelled,
        _ => EventStatus::Scheduled,
    };
    let mut venue = prop(p, "LOCATION")
        .map(|l| venue_from_line(&text(l)))
        .unwrap_or_default();
    if let Some(geo) = prop(p, "GEO") {
        let mut parts = geo
            .val
            .as_str()
            .split([';', ','])
            .map(|v| v.trim().parse::<f64>().ok());
        if let (Some(Some(lat)), Some(Some(lon))) = (parts.next(), parts.next()) {
            venue.lat = Some(lat);
            venue.lon = Some(lon);
        }
    }
    let categories = props(p, "CATEGORIES")
        .flat_map(|c| text_list(c.val.as_str()))
        .collect();
    let description = prop(p, "DESCRIPTION").map(text);
    let price = description
        .as_deref()
        .map(super::price_from_text)
        .unwrap_or(Price::Unknown);

    RawEvent {
        source_ref,
        url: prop(p, "URL").and_then(|u| resolve_url(page_url, &text(u))),
        title: prop(p, "SUMMARY").map(text),
        description,
        occurrences,
        venue,
        price,
        image: prop(p, "IMAGE")
            .or_else(|| {
                prop(p, "ATTACH")
                    .filter(|a| param(a, "FMTTYPE").is_some_and(|f| f.starts_with("image/")))
            })
            .and_then(|i| resolve_url(page_url, i.val.as_str())),
        status,
        categories,
    }
}

/// DTEND of a whole-day event is the day after its last (exclusive); a DURATION stands for a
/// missing DTEND.
fn occurrence(start: When, end: Option<When>, duration: Option<Duration>) -> Occurrence {
    let mut o = dates::occurrence(start, end, false);
    if end.is_none()
        && let Some(duration) = duration.filter(|d| *d > Duration::zero())
    {
        o.ends_at = match start {
            When::Date(d) => d.checked_add_signed(duration).map(dates::day_start),
            _ => o.starts_at.checked_add_signed(duration),
        };
    }
    o
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sources::{ParserConfig, SourceKind};
    use chrono::{DateTime, Utc};

    fn source() -> Source {
        Source {
            id: "cal".into(),
            name: "Cal".into(),
            kind: SourceKind::Events,
            url: "https://calendar.example.org/basic.ics".into(),
            homepage: "https://example.org".into(),
            every_minutes: 60,
            lang: "fr".into(),
            licence: String::new(),
            key: None,
            key_use: Default::default(),
            weight: 1.0,
            enabled: true,
            notes: String::new(),
            parser: ParserConfig::Ical,
        }
    }

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().to_utc()
    }

    fn calendar(events: &str) -> String {
        format!("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//FR\r\n{events}END:VCALENDAR\r\n")
    }

    #[test]
    fn times_in_every_form() {
        let ics = calendar(concat!(
            "BEGIN:VEVENT\r\nUID:a\r\nSUMMARY:Paris\r\nDTSTART;TZID=Europe/Paris:20270328T160000\r\nDTEND;TZID=Europe/Paris:20270328T180000\r\nEND:VEVENT\r\n",
            "BEGIN:VEVENT\r\nUID:b\r\nSUMMARY:UTC\r\nDTSTART:20261205T190000Z\r\nDURATION:PT2H\r\nEND:VEVENT\r\n",
            "BEGIN:VEVENT\r\nUID:c\r\nSUMMARY:Flottant\r\nDTSTART:20270327T200000\r\nEND:VEVENT\r\n",
            "BEGIN:VEVENT\r\nUID:d\r\nSUMMARY:Journées\r\nDTSTART;VALUE=DATE:20261201\r\nDTEND;VALUE=DATE:20261203\r\nEND:VEVENT\r\n",
            "BEGIN:VEVENT\r\nUID:e\r\nSUMMARY:Outlook\r\nDTSTART;TZID=\"Romance Standard Time\":20261205T200000\r\nRDATE;TZID=Europe/Paris:20261206T160000,20261207T160000\r\nEND:VEVENT\r\n",
        ));
        let parsed = parse(&source(), &ics, "https://calendar.example.org/basic.ics").unwrap();
        let by = |r: &str| parsed.items.iter().find(|e| e.source_ref == r).unwrap();
        assert_eq!(
            by("a").occurrences[0].starts_at,
            utc("2027-03-28T14:00:00Z")
        );
        assert_eq!(
            by("b").occurrences[0].ends_at,
            Some(utc("2026-12-05T21:00:00Z"))
        );
        assert_eq!(
            by("c").occurrences[0].starts_at,
            utc("2027-03-27T19:00:00Z")
        );
        let days = &by("d").occurrences[0];
        assert!(days.all_day);
        assert_eq!(
            days.local_days(),
            (
                NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
                NaiveDate::from_ymd_opt(2026, 12, 2).unwrap()
            )
        );
        assert_eq!(by("e").occurrences.len(), 3);
        assert_eq!(
            by("e").occurrences[0].starts_at,
            utc("2026-12-05T19:00:00Z")
        );
    }

    #[test]
    fn text_is_unescaped_and_lists_split() {
        let ics = calendar(
            "BEGIN:VEVENT\r\nUID:x\r\nSUMMARY:Rock\\, folk \\; jazz\r\nDESCRIPTION:Ligne 1\\nLigne 2 \\\\ fin\r\nCATEGORIES:Concert,Musique\\, live\r\nCATEGORIES:Gratuit\r\nLOCATION:Le 106\\, 1 quai Jean de Béthencourt\\, 76100 Rouen\r\nGEO:49.4336;1.0793\r\nSTATUS:CANCELLED\r\nDTSTART:20261205T190000Z\r\nEND:VEVENT\r\n",
        );
        let parsed = parse(&source(), &ics, "https://calendar.example.org/").unwrap();
        let e = &parsed.items[0];
        assert_eq!(e.title, "Rock, folk ; jazz");
        assert_eq!(e.description, "Ligne 1\nLigne 2 \\ fin");
        assert_eq!(e.source_categories, ["Concert", "Musique, live", "Gratuit"]);
        let venue = e.venue.clone().unwrap();
        assert_eq!(venue.name.as_deref(), Some("Le 106"));
        assert_eq!(venue.city.as_deref(), Some("Rouen"));
        assert_eq!(venue.lat, Some(49.4336));
        assert_eq!(e.status, EventStatus::Cancelled);
    }

    #[test]
    fn durations() {
        assert_eq!(duration_of("PT2H30M"), Some(Duration::minutes(150)));
        assert_eq!(duration_of("P1W"), Some(Duration::days(7)));
        assert_eq!(duration_of("P1DT1H"), Some(Duration::hours(25)));
        assert_eq!(duration_of("P1Y"), None);
        assert_eq!(duration_of("nope"), None);
        assert_eq!(duration_of("P9999999999999999W"), None);
        assert_eq!(duration_of("P1é"), None);
    }

    #[test]
    fn not_a_calendar() {
        assert!(parse(&source(), "<html><body>404</body></html>", "https://x.fr/").is_err());
        assert!(parse(&source(), "", "https://x.fr/").is_err());
    }
}
