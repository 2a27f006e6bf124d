//! The real Astuce files (tests/fixtures/astuce-2024-01: original bytes, BOM and CRLF) with a
//! hand-written stop_times.txt for two Métro trips (see the README there).

mod common;

use common::{fixture, paris, zip_dir};
use rouen_transit::{Mode, Timetable};

fn astuce() -> Timetable {
    Timetable::from_gtfs_path(&fixture("astuce-2024-01")).expect("real Astuce files import")
}

#[test]
fn files_keep_their_real_world_quirks() {
    let routes = std::fs::read(fixture("astuce-2024-01/routes.txt")).unwrap();
    assert_eq!(&routes[..3], b"\xEF\xBB\xBF", "UTF-8 BOM kept");
    assert!(routes.windows(2).any(|w| w == b"\r\n"), "CRLF kept");
}

#[test]
fn routes_modes_and_colours() {
    let tt = astuce();
    assert_eq!(tt.lines.len(), 117);
    let mode = |id: &str| tt.line(id).unwrap().mode;
    let m = tt.line("90").unwrap();
    assert_eq!((m.short_name.as_str(), m.mode), ("Métro", Mode::Metro));
    assert_eq!(m.color.as_deref(), Some("#123E8B"));
    for (id, colour) in [
        ("91", "#E63027"),
        ("92", "#008F5B"),
        ("93", "#6D1C74"),
        ("94", "#F5C500"),
    ] {
        let t = tt.line(id).unwrap();
        assert_eq!(
            (t.mode, t.route_type, t.color.as_deref()),
            (Mode::Brt, 0, Some(colour)),
            "TEOR {id}"
        );
    }
    assert_eq!(
        tt.line("94").unwrap().text_color.as_deref(),
        Some("#1D1D1B")
    );
    assert_eq!(mode("01"), Mode::Bus); // F1
    assert_eq!(mode("99"), Mode::Ferry); // Calypso
    let allobus = tt.line("521").unwrap();
    assert_eq!((allobus.route_type, allobus.mode), (715, Mode::OnDemand));
    for lift in ["401", "402", "403", "404", "405", "406", "407"] {
        assert_eq!(mode(lift), Mode::Lift, "route {lift}");
    }
    assert_eq!(mode("410"), Mode::Bus, "Filo'R is typed bus");
}

#[test]
fn stations_quays_and_services() {
    let tt = astuce();
    let bouli = tt.stop("BOULI").unwrap();
    assert!(bouli.is_station);
    assert_eq!(
        (bouli.name.as_str(), bouli.children.len()),
        ("Boulingrin", 9)
    );
    let quay = tt.stop("12741").unwrap();
    assert_eq!(quay.code.as_deref(), Some("BOU1"));
    assert_eq!(quay.parent, tt.stop_index("BOULI"));
    assert_eq!(tt.stops.len(), 3365);
    // The service id with `$` is a service like any other.
    assert!(
        tt.services
            .iter()
            .any(|s| s.id == "EL_BL-2-31$EL_JA-2-31$EL_RO-2-31")
    );
    // Only the two trips with (hand-written) stop times are compiled; the rest are reported.
    assert_eq!(tt.trip_count(), 2);
    assert_eq!(tt.report.trips_without_stop_times, 1457);
    assert!(tt.feed.valid_from.is_some() && tt.feed.valid_to.is_some());
}

#[test]
fn headsign_with_commune_and_past_midnight_metro() {
    let tt = astuce();
    // Trip 1874 runs on T23_RO-2-31 (weekdays); Tuesday 9 January 2024.
    let deps = tt
        .departures("BOULI", paris(2024, 1, 9, 5, 0), 3, None)
        .unwrap();
    assert_eq!(deps[0].trip_id, "1874");
    assert_eq!(deps[0].headsign, "Technopôle SAINT-ETIENNE-DU-ROUVRAY");
    assert_eq!(deps[0].platform, Some("BOU1"));
    assert_eq!(deps[0].line.short_name, "Métro");
    // Trip 2801 reaches Boulingrin at "24:02" = Wednesday 00:02.
    let stop = tt.stop_index("12742").unwrap();
    let pattern = &tt.patterns[tt.trips[tt.trip_index("2801").unwrap() as usize].pattern as usize];
    assert_eq!(pattern.stops.last(), Some(&stop));
    let deps = tt
        .departures("TARTS", paris(2024, 1, 9, 23, 50), 3, None)
        .unwrap();
    assert_eq!(deps[0].trip_id, "2801");
    assert_eq!(deps[0].scheduled_at, paris(2024, 1, 9, 23, 58));
}

#[test]
fn search_real_names_without_accents() {
    let tt = astuce();
    let hits = tt.search_stops("theatre des arts", None, 5);
    assert_eq!(hits[0].stop.id, "TARTS");
    assert_eq!(hits[0].lines[0].id, "90");
    let hits = tt.search_stops("TECHNOPOLE", None, 5);
    assert_eq!(hits[0].stop.id, "UNIV2");
}

#[test]
fn same_files_zipped_import_identically() {
    let zipped = Timetable::from_gtfs_zip(&zip_dir("astuce-2024-01", &[], &[])).unwrap();
    assert_eq!(zipped.feed.version, astuce().feed.version);
}
