//! Two networks in one timetable: the real Astuce files (primary, ids kept) with a hand-written
//! stop_times.txt, and the TER fixture written in SNCF's published shape (namespace `ter`).
//!
//! The journey by hand, Tuesday 16 January 2024 (Paris time):
//! - TER 3101 leaves Maromme 07:30, reaches Rouen Rive Droite 07:38;
//! - Rive Droite → Métro quay 13151 (Gare-Rue Verte): 105.8 m crow-flies × 1.3 = 138 m, 115 s at
//!   1.2 m/s, so 07:38:00 → 07:39:55;
//! - the 07:39 Métro (trip 1874) is missed by 55 s; trip 1875 leaves Gare-Rue Verte 07:45 and
//!   reaches Théâtre des Arts 07:48.

mod common;

use chrono::Duration;
use common::{paris, zip_dir};
use rouen_transit::{Endpoint, FeedInput, ImportError, Leg, Mode, PlanRequest, Timetable};

/// Two Métro runs Boulingrin → Gare-Rue Verte → Théâtre des Arts → Technopôle, 6 minutes apart
/// (trips and service `T23_RO-2-31`, weekdays, are real; these times are not).
const METRO_TIMES: &str = "trip_id,arrival_time,departure_time,stop_id,stop_sequence
1874,07:36:00,07:36:00,12741,1
1874,07:39:00,07:39:00,13151,2
1874,07:42:00,07:42:00,11596,3
1874,07:58:00,07:58:00,11638,4
1875,07:42:00,07:42:00,12741,1
1875,07:45:00,07:45:00,13151,2
1875,07:48:00,07:48:00,11596,3
1875,08:04:00,08:04:00,11638,4
";

fn astuce_zip() -> Vec<u8> {
    zip_dir("astuce-2024-01", &[], &[("stop_times.txt", METRO_TIMES)])
}

fn ter_zip(replace: &[(&str, &str)]) -> Vec<u8> {
    zip_dir("ter-normandie", &[], replace)
}

fn merged(astuce: &[u8], ter: &[u8]) -> Result<Timetable, ImportError> {
    Timetable::from_gtfs_feeds(&[
        FeedInput {
            namespace: None,
            bytes: astuce,
        },
        FeedInput {
            namespace: Some("ter"),
            bytes: ter,
        },
    ])
}

fn network() -> Timetable {
    merged(&astuce_zip(), &ter_zip(&[])).expect("both feeds import")
}

const MAROMME: &str = "ter:StopArea:OCE87411124";
const RIVE_DROITE_QUAY: &str = "ter:StopPoint:OCETrain TER-87411017";

#[test]
fn ter_ids_are_namespaced_and_astuce_ids_unchanged() {
    let tt = network();
    // Astuce: stations, quays, lines and trips as published (GTFS-RT and the API name them so).
    for id in ["TARTS", "GAREV", "13151", "BOULI"] {
        assert!(tt.stop(id).is_some(), "Astuce stop {id}");
    }
    assert_eq!(tt.line("90").unwrap().mode, Mode::Metro);
    assert!(tt.trip_index("1874").is_some());
    // TER: every id prefixed, references too (parent station, route, service, trip).
    assert!(tt.stop("StopArea:OCE87411017").is_none());
    let quay = tt.stop(RIVE_DROITE_QUAY).unwrap();
    let station = &tt.stops[quay.parent.unwrap() as usize];
    assert_eq!(station.id, "ter:StopArea:OCE87411017");
    assert!(station.is_station);
    assert_eq!(station.name, "Rouen Rive Droite");
    let line = tt.line("ter:OCE1506035").unwrap();
    assert_eq!((line.mode, line.route_type), (Mode::Rail, 2));
    assert_eq!(line.short_name, "K30");
    let trip = tt
        .trip_index("ter:OCESN3101F0100001:2024-01-16T00:00:00")
        .unwrap();
    let service = tt.trips[trip as usize].service;
    assert_eq!(tt.services[service as usize].id, "ter:000001");
    // calendar_dates.txt alone: exactly the two listed days.
    let day = |d| chrono::NaiveDate::from_ymd_opt(2024, 1, d).unwrap();
    assert!(tt.runs_on(service, day(16)) && tt.runs_on(service, day(17)));
    assert!(!tt.runs_on(service, day(15)) && !tt.runs_on(service, day(18)));
    // The station's lines include the train, its search finds it.
    assert_eq!(
        tt.search_stops("rive droite", None, 1)[0].stop.id,
        station.id
    );
}

#[test]
fn rive_droite_and_gare_rue_verte_are_linked_on_foot() {
    let tt = network();
    let rd = tt.stop_index(RIVE_DROITE_QUAY).unwrap();
    let metro = tt.stop_index("13151").unwrap();
    let there = tt
        .footpaths_from(rd)
        .iter()
        .find(|f| f.to == metro)
        .unwrap();
    assert_eq!((there.distance_m, there.duration_s), (138, 115));
    let back = tt
        .footpaths_from(metro)
        .iter()
        .find(|f| f.to == rd)
        .unwrap();
    assert_eq!((back.distance_m, back.duration_s), (138, 115));
}

#[test]
fn from_a_ter_station_to_the_metro_by_train_walk_and_metro() {
    let tt = network();
    let js = tt
        .plan(&PlanRequest {
            from: Endpoint::Stop(MAROMME.into()),
            to: Endpoint::Stop("TARTS".into()),
            at: paris(2024, 1, 16, 7, 15),
            arrive_by: false,
            max_journeys: 1,
        })
        .unwrap();
    let j = &js[0];
    assert_eq!(j.legs.len(), 3, "{j:#?}");
    assert_eq!(j.transfers, 1);
    assert_eq!(j.departs_at, paris(2024, 1, 16, 7, 30));
    assert_eq!(j.arrives_at, paris(2024, 1, 16, 7, 48));
    assert_eq!(j.walking_m, 138);
    let Leg::Transit {
        line,
        from,
        to,
        departs_at,
        arrives_at,
        trip_id,
        path,
        ..
    } = &j.legs[0]
    else {
        panic!("train first: {j:#?}")
    };
    assert_eq!(line.mode, Mode::Rail);
    assert_eq!(trip_id, "ter:OCESN3101F0100001:2024-01-16T00:00:00");
    assert_eq!(
        from.stop_id.as_deref(),
        Some("ter:StopPoint:OCETrain TER-87411124")
    );
    assert_eq!(to.stop_id.as_deref(), Some(RIVE_DROITE_QUAY));
    assert_eq!(
        (*departs_at, *arrives_at),
        (paris(2024, 1, 16, 7, 30), paris(2024, 1, 16, 7, 38))
    );
    assert_eq!(path.len(), 2, "Maromme, Rouen Rive Droite");
    assert_eq!((path[0].lat, path[0].lon), (from.lat, from.lon));
    assert_eq!((path[1].lat, path[1].lon), (to.lat, to.lon));

    let Leg::Walk {
        from,
        to,
        departs_at,
        arrives_at,
        distance_m,
    } = &j.legs[1]
    else {
        panic!("then a walk: {j:#?}")
    };
    assert_eq!(from.stop_id.as_deref(), Some(RIVE_DROITE_QUAY));
    assert_eq!(to.stop_id.as_deref(), Some("13151"));
    assert_eq!(*distance_m, 138);
    assert_eq!(*departs_at, paris(2024, 1, 16, 7, 38));
    assert_eq!(
        *arrives_at,
        paris(2024, 1, 16, 7, 38) + Duration::seconds(115)
    );

    let Leg::Transit {
        line,
        from,
        to,
        departs_at,
        arrives_at,
        trip_id,
        path,
        ..
    } = &j.legs[2]
    else {
        panic!("then the Métro: {j:#?}")
    };
    assert_eq!((line.id.as_str(), line.mode), ("90", Mode::Metro));
    assert_eq!(trip_id, "1875", "the 07:39 Métro is missed by 55 s");
    assert_eq!(from.stop_id.as_deref(), Some("13151"));
    assert_eq!(to.stop_id.as_deref(), Some("11596"));
    assert_eq!(
        (*departs_at, *arrives_at),
        (paris(2024, 1, 16, 7, 45), paris(2024, 1, 16, 7, 48))
    );
    assert_eq!(path.len(), 2);
    assert_eq!((path[1].lat, path[1].lon), (to.lat, to.lon));
}

#[test]
fn a_broken_secondary_feed_fails_the_merged_import() {
    let ter = ter_zip(&[]);
    let err = merged(&astuce_zip(), &ter[..ter.len() / 2]).unwrap_err();
    assert!(
        matches!(&err, ImportError::Feed { namespace, .. } if namespace == "ter"),
        "{err:?}"
    );
    assert!(err.to_string().starts_with("feed `ter`: "), "{err}");
    // Read but invalid (a stop time naming a missing stop) fails the same way.
    let bad = ter_zip(&[(
        "stop_times.txt",
        "trip_id,arrival_time,departure_time,stop_id,stop_sequence\n\
         OCESN3101F0100001:2024-01-16T00:00:00,07:06:00,07:06:00,StopPoint:nowhere,0\n\
         OCESN3101F0100001:2024-01-16T00:00:00,07:38:00,07:38:00,StopPoint:OCETrain TER-87411017,1\n",
    )]);
    let err = merged(&astuce_zip(), &bad).unwrap_err();
    assert!(
        err.to_string()
            .contains("unknown stop ter:StopPoint:nowhere"),
        "{err}"
    );
}

#[test]
fn feeds_in_different_time_zones_are_refused() {
    let london = ter_zip(&[(
        "agency.txt",
        "agency_id,agency_name,agency_url,agency_timezone,agency_lang\n\
         OCESN,SNCF,https://www.sncf-connect.com,Europe/London,fr\n",
    )]);
    let err = merged(&astuce_zip(), &london).unwrap_err();
    assert!(
        matches!(&err, ImportError::TimezoneMismatch { namespace, expected, found }
            if namespace == "ter" && expected == "Europe/Paris" && found == "Europe/London"),
        "{err:?}"
    );
}

#[test]
fn namespaces_must_be_unique_and_one_feed_at_most_keeps_its_ids() {
    let (a, t) = (astuce_zip(), ter_zip(&[]));
    let feeds = |x: Option<&'static str>, y: Option<&'static str>| {
        Timetable::from_gtfs_feeds(&[
            FeedInput {
                namespace: x,
                bytes: &a,
            },
            FeedInput {
                namespace: y,
                bytes: &t,
            },
        ])
    };
    assert!(matches!(feeds(None, None), Err(ImportError::Namespace(_))));
    assert!(matches!(
        feeds(Some("a"), Some("a")),
        Err(ImportError::Namespace(_))
    ));
    assert!(matches!(
        feeds(None, Some("t:x")),
        Err(ImportError::Namespace(_))
    ));
}

#[test]
fn the_version_covers_every_feed() {
    let (a, t) = (astuce_zip(), ter_zip(&[]));
    let v1 = merged(&a, &t).unwrap().feed.version;
    assert_eq!(merged(&a, &t).unwrap().feed.version, v1, "same inputs");
    let alone = Timetable::from_gtfs_zip(&a).unwrap().feed.version;
    assert_ne!(alone, v1, "the TER counts");
    // One train two minutes later: a new version.
    let times = std::fs::read_to_string(common::fixture("ter-normandie/stop_times.txt"))
        .unwrap()
        .replace("17:52:00,17:52:00", "17:54:00,17:54:00");
    let later = ter_zip(&[("stop_times.txt", &times)]);
    assert_ne!(merged(&a, &later).unwrap().feed.version, v1);
}
