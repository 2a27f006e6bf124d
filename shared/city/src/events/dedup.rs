//! The same event published by several sources: detection and merge.
//!
//! The store looks up candidates by [`match_key`] (the local start day), asks [`same_event`] of
//! each, and keeps one event made by [`merge`].

use crate::model::{EventDraft, EventStatus, Occurrence, Price, TZ, Venue};
use crate::text;
use chrono::{DateTime, NaiveDate, Utc};
use std::collections::{BTreeMap, BTreeSet};

/// Two timed starts further apart than this are two shows (a matinee and an evening), not one
/// event whose time a source got slightly wrong.
pub const MAX_START_GAP_MINUTES: i64 = 90;
/// Venues with coordinates closer than this are the same place (sources geocode differently).
pub const SAME_VENUE_METRES: f64 = 300.0;
/// Jaccard similarity of significant title words above which titles name the same event.
pub const TITLE_JACCARD: f64 = 0.5;
/// When one source gives a time and the other only a day, only near-identical titles match.
pub const ALL_DAY_TITLE_JACCARD: f64 = 0.8;

/// Words that say nothing about which event it is: articles, prepositions, and the words sources
/// add around a name ("concert", "live", "tour", "présente").
const STOP_WORDS: &[&str] = &[
    "le",
    "la",
    "les",
    "l",
    "un",
    "une",
    "de",
    "du",
    "des",
    "d",
    "en",
    "a",
    "au",
    "aux",
    "et",
    "ou",
    "sur",
    "pour",
    "par",
    "avec",
    "dans",
    "chez",
    "the",
    "a",
    "an",
    "of",
    "and",
    "in",
    "at",
    "on",
    "with",
    "by",
    "for",
    "concert",
    "concerts",
    "live",
    "tour",
    "tournee",
    "presente",
    "presents",
    "feat",
    "ft",
    "featuring",
    "invite",
    "vs",
    "x",
    "show",
    "spectacle",
    "soiree",
    "night",
    "rouen",
    "edition",
];

/// Generic venue words: two venues sharing only "salle" or "théâtre" are not thereby the same.
const VENUE_STOP_WORDS: &[&str] = &[
    "salle",
    "salles",
    "theatre",
    "espace",
    "centre",
    "center",
    "eglise",
    "musee",
    "parc",
    "place",
    "stade",
    "maison",
    "halle",
    "cinema",
    "chapelle",
    "auditorium",
    "saint",
    "sainte",
    "st",
    "ste",
    "rue",
    "quai",
    "avenue",
    "boulevard",
    "rouen",
    "metropole",
    "normandie",
];

fn significant(text: &str, stop: &[&[&str]]) -> BTreeSet<String> {
    text::words(text)
        .into_iter()
        .filter(|w| !stop.iter().any(|list| list.contains(&w.as_str())))
        .collect()
}

fn jaccard(a: &BTreeSet<String>, b: &BTreeSet<String>) -> f64 {
    let union = a.union(b).count();
    if union == 0 {
        return 0.0;
    }
    a.intersection(b).count() as f64 / union as f64
}

fn first(draft: &EventDraft) -> Option<&Occurrence> {
    draft.occurrences.iter().min_by_key(|o| o.starts_at)
}

fn local_day(at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&TZ).date_naive()
}

/// The local (Europe/Paris) day of the first occurrence, `YYYY-MM-DD`; empty for a draft without
/// occurrences (which no other draft can match).
pub fn match_key(draft: &EventDraft) -> String {
    first(draft)
        .map(|o| local_day(o.starts_at).format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

/// Whether two drafts (normally from different sources) describe the same event.
pub fn same_event(a: &EventDraft, b: &EventDraft) -> bool {
    let (Some(fa), Some(fb)) = (first(a), first(b)) else {
        return false;
    };
    if local_day(fa.starts_at) != local_day(fb.starts_at) {
        return false;
    }
    let ta = significant(&a.title, &[STOP_WORDS]);
    let tb = significant(&b.title, &[STOP_WORDS]);
    let titles = match (fa.all_day, fb.all_day) {
        (false, false) => {
            let gap = (fa.starts_at - fb.starts_at).num_minutes().abs();
            gap <= MAX_START_GAP_MINUTES && similar_titles(&a.title, &b.title, &ta, &tb)
        }
        (true, true) => similar_titles(&a.title, &b.title, &ta, &tb),
        // The same months-long exhibition, given opening hours by one source and days by the
        // other: same first and last day is evidence enough for the usual title test.
        _ if spans_days(a)
            && fa.local_days().0 == fb.local_days().0
            && last_day(a) == last_day(b) =>
        {
            similar_titles(&a.title, &b.title, &ta, &tb)
        }
        // A day-only listing may hide several shows that day: ask for (almost) the same title.
        _ => (!ta.is_empty() && ta == tb) || jaccard(&ta, &tb) >= ALL_DAY_TITLE_JACCARD,
    };
    titles && venues_compatible(a.venue.as_ref(), b.venue.as_ref())
}

/// The last local day of an event's occurrences.
fn last_day(d: &EventDraft) -> Option<chrono::NaiveDate> {
    d.occurrences.iter().map(|o| o.local_days().1).max()
}

/// Whether an event covers more than one day.
fn spans_days(d: &EventDraft) -> bool {
    match (first(d), last_day(d)) {
        (Some(f), Some(last)) => last > f.local_days().0,
        _ => false,
    }
}

fn similar_titles(a: &str, b: &str, ta: &BTreeSet<String>, tb: &BTreeSet<String>) -> bool {
    if ta.is_empty() || tb.is_empty() {
        // Titles made only of generic words ("Concert", "Live"): only the very same wording.
        return ta.is_empty() && tb.is_empty() && text::fold(a) == text::fold(b);
    }
    ta.is_subset(tb) || tb.is_subset(ta) || jaccard(ta, tb) >= TITLE_JACCARD
}

fn coords(v: &Venue) -> Option<(f64, f64)> {
    v.lat.zip(v.lon)
}

/// Great-circle distance in metres.
fn distance_m((lat1, lon1): (f64, f64), (lat2, lon2): (f64, f64)) -> f64 {
    const EARTH_RADIUS_M: f64 = 6_371_000.0;
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = (lat2 - lat1).to_radians();
    let dl = (lon2 - lon1).to_radians();
    let h = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_M * h.sqrt().min(1.0).asin()
}

/// Venues contradict only on evidence: names sharing no significant word (and no coordinates
/// saying they are close), or coordinates far apart when names are missing.
fn venues_compatible(a: Option<&Venue>, b: Option<&Venue>) -> bool {
    let (Some(a), Some(b)) = (a, b) else {
        return true;
    };
    let close = coords(a)
        .zip(coords(b))
        .map(|(x, y)| distance_m(x, y) <= SAME_VENUE_METRES);
    match (&a.name, &b.name) {
        (Some(na), Some(nb)) => {
            let (wa, wb) = (
                significant(na, &[STOP_WORDS, VENUE_STOP_WORDS]),
                significant(nb, &[STOP_WORDS, VENUE_STOP_WORDS]),
            );
            if wa.is_empty() || wb.is_empty() {
                // "Salle des fêtes": the name cannot tell; the coordinates may.
                close.unwrap_or(true)
            } else {
                !wa.is_disjoint(&wb) || close == Some(true)
            }
        }
        _ => close.unwrap_or(true),
    }
}

fn is_all_caps(title: &str) -> bool {
    title.chars().any(char::is_alphabetic) && !title.chars().any(char::is_lowercase)
}

fn price_rank(price: &Price) -> u8 {
    match price {
        Price::Unknown => 0,
        Price::Paid {
            min_cents: None,
            max_cents: None,
        } => 1,
        Price::Free | Price::Paid { .. } => 2,
    }
}

fn venue_fields(v: &Venue) -> usize {
    [
        v.name.is_some(),
        v.address.is_some(),
        v.postal_code.is_some(),
        v.city.is_some(),
        coords(v).is_some(),
    ]
    .into_iter()
    .filter(|x| *x)
    .count()
}

fn merge_venue(existing: Option<&Venue>, incoming: Option<&Venue>) -> Option<Venue> {
    let (a, b) = match (existing, incoming) {
        (None, None) => return None,
        (Some(v), None) | (None, Some(v)) => return Some(v.clone()),
        (Some(a), Some(b)) => (a, b),
    };
    // A venue with coordinates puts the event on the map; otherwise the more complete one.
    let a_first =
        coords(a).is_some() || (coords(b).is_none() && venue_fields(a) >= venue_fields(b));
    let (base, other) = if a_first { (a, b) } else { (b, a) };
    let mut venue = base.clone();
    venue.name = venue.name.or_else(|| other.name.clone());
    venue.address = venue.address.or_else(|| other.address.clone());
    venue.postal_code = venue.postal_code.or_else(|| other.postal_code.clone());
    venue.city = venue.city.or_else(|| other.city.clone());
    if coords(&venue).is_none() && coords(other).is_some() {
        venue.lat = other.lat;
        venue.lon = other.lon;
    }
    Some(venue)
}

fn merge_occurrences(existing: &[Occurrence], incoming: &[Occurrence]) -> Vec<Occurrence> {
    let mut by_start: BTreeMap<DateTime<Utc>, Occurrence> = BTreeMap::new();
    for o in existing.iter().chain(incoming) {
        by_start
            .entry(o.starts_at)
            .and_modify(|kept| kept.ends_at = kept.ends_at.or(o.ends_at))
            .or_insert_with(|| o.clone());
    }
    by_start.into_values().collect()
}

fn merge_categories(existing: &[String], incoming: &[String]) -> Vec<String> {
    let mut seen = BTreeSet::new();
    existing
        .iter()
        .chain(incoming)
        .filter(|c| seen.insert(text::fold(c)))
        .cloned()
        .collect()
}

/// One event from two descriptions of it: the stored one's identity (source, reference, URL,
/// language) and the richer value of every other field. Deterministic and idempotent:
/// `merge(&merge(a, b), b) == merge(a, b)`.
pub fn merge(existing: &EventDraft, incoming: &EventDraft) -> EventDraft {
    let title = if is_all_caps(&existing.title) && !is_all_caps(&incoming.title) {
        incoming.title.clone()
    } else {
        existing.title.clone()
    };
    let description = if incoming.description.chars().count() > existing.description.chars().count()
    {
        incoming.description.clone()
    } else {
        existing.description.clone()
    };
    let price = if price_rank(&incoming.price) > price_rank(&existing.price) {
        incoming.price.clone()
    } else {
        existing.price.clone()
    };
    // A cancellation is news the other source may not have caught up with.
    let status = [EventStatus::Cancelled, EventStatus::Postponed]
        .into_iter()
        .find(|s| existing.status == *s || incoming.status == *s)
        .unwrap_or(EventStatus::Scheduled);
    EventDraft {
        source_id: existing.source_id.clone(),
        source_ref: existing.source_ref.clone(),
        url: existing.url.clone().or_else(|| incoming.url.clone()),
        title,
        description,
        occurrences: merge_occurrences(&existing.occurrences, &incoming.occurrences),
        venue: merge_venue(existing.venue.as_ref(), incoming.venue.as_ref()),
        price,
        image: existing.image.clone().or_else(|| incoming.image.clone()),
        status,
        source_categories: merge_categories(
            &existing.source_categories,
            &incoming.source_categories,
        ),
        lang: existing.lang.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use pretty_assertions::assert_eq;

    fn at(day: u32, hour: u32, minute: u32) -> DateTime<Utc> {
        TZ.with_ymd_and_hms(2026, 12, day, hour, minute, 0)
            .unwrap()
            .to_utc()
    }

    fn timed(day: u32, hour: u32, minute: u32) -> Occurrence {
        Occurrence {
            starts_at: at(day, hour, minute),
            ends_at: None,
            all_day: false,
        }
    }

    fn all_day(day: u32) -> Occurrence {
        Occurrence {
            starts_at: at(day, 0, 0),
            ends_at: None,
            all_day: true,
        }
    }

    fn venue(name: &str, coords: Option<(f64, f64)>) -> Option<Venue> {
        Some(Venue {
            name: Some(name.into()),
            lat: coords.map(|c| c.0),
            lon: coords.map(|c| c.1),
            ..Venue::default()
        })
    }

    fn ev(source: &str, title: &str, occurrence: Occurrence, venue: Option<Venue>) -> EventDraft {
        EventDraft {
            source_id: source.into(),
            source_ref: format!("{source}-1"),
            url: None,
            title: title.into(),
            description: String::new(),
            occurrences: vec![occurrence],
            venue,
            price: Price::Unknown,
            image: None,
            status: EventStatus::Scheduled,
            source_categories: Vec::new(),
            lang: "fr".into(),
        }
    }

    const ZENITH: (f64, f64) = (49.4087, 1.0526);
    const GROS_HORLOGE: (f64, f64) = (49.4406, 1.0903);

    #[test]
    fn a_title_contained_in_the_other_matches() {
        let a = ev(
            "a",
            "Orelsan",
            timed(5, 20, 0),
            venue("Zénith de Rouen", None),
        );
        let b = ev(
            "b",
            "ORELSAN – Civilisation Tour",
            timed(5, 20, 30),
            venue("Zénith", None),
        );
        assert!(same_event(&a, &b));
        assert!(same_event(&b, &a));
    }

    #[test]
    fn similar_titles_match_by_jaccard() {
        let a = ev(
            "a",
            "Le Lac des cygnes par le Ballet de Kiev",
            timed(5, 20, 0),
            None,
        );
        let b = ev(
            "b",
            "Lac des cygnes - Ballet de Kiev (Ukraine)",
            timed(5, 20, 0),
            None,
        );
        assert!(same_event(&a, &b));
    }

    #[test]
    fn different_titles_do_not_match() {
        let a = ev("a", "Orelsan", timed(5, 20, 0), None);
        let b = ev("b", "Angèle", timed(5, 20, 0), None);
        assert!(!same_event(&a, &b));
        let c = ev("c", "Concert", timed(5, 20, 0), None);
        let d = ev("d", "Live", timed(5, 20, 0), None);
        assert!(!same_event(&c, &d));
    }

    #[test]
    fn another_day_does_not_match() {
        let a = ev("a", "Orelsan", timed(5, 20, 0), None);
        let b = ev("b", "Orelsan", timed(6, 20, 0), None);
        assert!(!same_event(&a, &b));
    }

    #[test]
    fn the_day_is_the_local_day() {
        // 00:30 in Paris is the previous day in UTC: still the same local day as 01:30.
        let a = ev("a", "Nuit électro", timed(5, 0, 30), None);
        let b = ev("b", "Nuit électro", timed(5, 1, 30), None);
        assert!(same_event(&a, &b));
        assert_eq!(match_key(&a), "2026-12-05");
    }

    #[test]
    fn a_matinee_and_an_evening_are_two_events() {
        let v = venue("Théâtre des Arts", Some(GROS_HORLOGE));
        let a = ev("a", "Le Malade imaginaire", timed(5, 15, 0), v.clone());
        let b = ev("b", "Le Malade imaginaire", timed(5, 20, 30), v.clone());
        assert!(!same_event(&a, &b));
        let c = ev("c", "Le Malade imaginaire", timed(5, 16, 30), v);
        assert!(same_event(&a, &c), "90 minutes apart is still one event");
    }

    #[test]
    fn the_same_title_at_different_venues_is_two_events() {
        let a = ev(
            "a",
            "Le Malade imaginaire",
            timed(5, 20, 0),
            venue("Théâtre des Arts", None),
        );
        let b = ev(
            "b",
            "Le Malade imaginaire",
            timed(5, 20, 0),
            venue("Le Rive Gauche", None),
        );
        assert!(!same_event(&a, &b));
        let c = ev(
            "c",
            "Le Malade imaginaire",
            timed(5, 20, 0),
            venue("Salle A", Some(ZENITH)),
        );
        let d = ev(
            "d",
            "Le Malade imaginaire",
            timed(5, 20, 0),
            venue("Salle B", Some(GROS_HORLOGE)),
        );
        assert!(!same_event(&c, &d));
    }

    #[test]
    fn venue_names_that_differ_match_when_the_coordinates_are_close() {
        let a = ev(
            "a",
            "Orelsan",
            timed(5, 20, 0),
            venue("Zénith", Some(ZENITH)),
        );
        let b = ev(
            "b",
            "Orelsan",
            timed(5, 20, 0),
            venue("Parc des expositions", Some((49.4090, 1.0530))),
        );
        assert!(same_event(&a, &b));
        let c = ev("c", "Orelsan", timed(5, 20, 0), None);
        assert!(same_event(&a, &c), "a missing venue contradicts nothing");
    }

    #[test]
    fn all_day_and_timed_match_only_with_near_identical_titles() {
        let a = ev("a", "Marché de Noël", all_day(5), None);
        let b = ev("b", "Marché de Noël", timed(5, 10, 0), None);
        assert!(same_event(&a, &b));
        let c = ev(
            "c",
            "Marché de Noël : concert de la chorale",
            timed(5, 18, 0),
            None,
        );
        assert!(!same_event(&a, &c));
        let d = ev("d", "Marché de Noël des créateurs", all_day(5), None);
        assert!(same_event(&a, &d), "both all-day: containment is enough");
    }

    fn rich(source: &str) -> EventDraft {
        let mut e = ev("x", "ORELSAN", timed(5, 20, 0), venue("Zénith", None));
        e.source_id = source.into();
        e
    }

    #[test]
    fn merge_keeps_the_richer_fields() {
        let mut a = rich("a");
        a.description = "Concert.".into();
        a.source_categories = vec!["Concert".into(), "Rap".into()];
        a.url = Some("https://a.example/1".into());
        let mut b = ev(
            "b",
            "Orelsan – Civilisation Tour",
            timed(5, 20, 0),
            venue("Zénith de Rouen", Some(ZENITH)),
        );
        b.description = "Le rappeur caennais revient avec sa tournée.".into();
        b.price = Price::Paid {
            min_cents: Some(3900),
            max_cents: Some(5900),
        };
        b.image = Some("https://b.example/orelsan.jpg".into());
        b.source_categories = vec!["concert".into(), "MusicEvent".into()];
        b.occurrences.push(timed(6, 20, 0));
        b.status = EventStatus::Cancelled;

        let m = merge(&a, &b);
        assert_eq!(m.source_id, "a");
        assert_eq!(m.url.as_deref(), Some("https://a.example/1"));
        assert_eq!(
            m.title, "Orelsan – Civilisation Tour",
            "an all-caps title gives way"
        );
        assert_eq!(m.description, b.description);
        assert_eq!(m.venue, b.venue);
        assert_eq!(m.price, b.price);
        assert_eq!(m.image, b.image);
        assert_eq!(m.status, EventStatus::Cancelled);
        assert_eq!(m.source_categories, ["Concert", "Rap", "MusicEvent"]);
        assert_eq!(m.occurrences, [timed(5, 20, 0), timed(6, 20, 0)]);
    }

    #[test]
    fn merge_keeps_the_existing_title_unless_it_shouts() {
        let a = ev("a", "Le Malade imaginaire", timed(5, 20, 0), None);
        let b = ev("b", "LE MALADE IMAGINAIRE", timed(5, 20, 0), None);
        assert_eq!(merge(&a, &b).title, "Le Malade imaginaire");
        assert_eq!(merge(&b, &a).title, "Le Malade imaginaire");
        let c = ev("c", "Malade imaginaire (Molière)", timed(5, 20, 0), None);
        assert_eq!(merge(&a, &c).title, "Le Malade imaginaire");
        let d = ev("d", "MOLIÈRE 2026", timed(5, 20, 0), None);
        assert_eq!(
            merge(&b, &d).title,
            "LE MALADE IMAGINAIRE",
            "both shout: the existing one"
        );
    }

    #[test]
    fn merge_fills_venue_gaps_and_occurrence_ends() {
        let mut a = ev("a", "Orelsan", timed(5, 20, 0), venue("Zénith", None));
        let mut b = ev("b", "Orelsan", timed(5, 20, 0), None);
        b.venue = Some(Venue {
            address: Some("44 avenue des Canadiens".into()),
            city: Some("Grand-Quevilly".into()),
            ..Venue::default()
        });
        b.occurrences[0].ends_at = Some(at(5, 23, 0));
        a.price = Price::Free;
        b.price = Price::Paid {
            min_cents: Some(1000),
            max_cents: None,
        };
        let m = merge(&a, &b);
        let v = m.venue.clone().unwrap();
        assert_eq!(v.name.as_deref(), Some("Zénith"));
        assert_eq!(v.city.as_deref(), Some("Grand-Quevilly"));
        assert_eq!(m.occurrences[0].ends_at, Some(at(5, 23, 0)));
        assert_eq!(m.price, Price::Free, "two known prices: the existing one");
        assert_eq!(m.status, EventStatus::Scheduled);
    }

    #[test]
    fn merge_is_idempotent_and_postponement_survives() {
        let mut a = rich("a");
        a.status = EventStatus::Postponed;
        a.occurrences.push(timed(7, 20, 0));
        let mut b = ev(
            "b",
            "Orelsan",
            timed(5, 20, 0),
            venue("Zénith", Some(ZENITH)),
        );
        b.description = "Longer description here.".into();
        b.source_categories = vec!["Rap".into()];
        let once = merge(&a, &b);
        assert_eq!(once.status, EventStatus::Postponed);
        assert_eq!(merge(&once, &b), once);
        assert_eq!(merge(&once, &a), once);
        assert_eq!(merge(&once, &once), once);
        let reverse = merge(&b, &a);
        assert_eq!(merge(&reverse, &a), reverse);
    }

    #[test]
    fn a_draft_without_occurrences_matches_nothing() {
        let mut a = ev("a", "Orelsan", timed(5, 20, 0), None);
        a.occurrences.clear();
        let b = ev("b", "Orelsan", timed(5, 20, 0), None);
        assert!(!same_event(&a, &b));
        assert_eq!(match_key(&a), "");
    }

    #[test]
    fn an_exhibition_with_opening_hours_matches_the_same_exhibition_by_days() {
        let museum = venue("Musée des Beaux-Arts de Rouen", None);
        let mut hours = ev(
            "agenda",
            "Exposition « Monet, la cathédrale en séries »",
            timed(4, 10, 0),
            museum.clone(),
        );
        hours.occurrences[0].ends_at = Some(at(31, 18, 0));
        let mut days = ev(
            "musee",
            "Monet, la cathédrale en séries",
            all_day(4),
            museum.clone(),
        );
        days.occurrences[0].ends_at = Some(at(31, 23, 0));
        assert!(same_event(&hours, &days));
        // A one-day listing still needs a near-identical title against a timed show.
        let single = ev(
            "musee",
            "Monet, la cathédrale en séries",
            all_day(4),
            museum,
        );
        assert!(!same_event(&hours, &single));
    }
}
