//! Feeds that must be rejected, with the reason.

mod common;

use common::zip_dir;
use rouen_transit::{ImportError, Timetable};

fn invalid(bytes: &[u8]) -> Vec<String> {
    match Timetable::from_gtfs_zip(bytes) {
        Err(ImportError::Invalid(errors)) => errors,
        other => panic!("expected a validation error, got {other:?}"),
    }
}

#[test]
fn broken_zip_is_a_read_error() {
    assert!(matches!(
        Timetable::from_gtfs_zip(b"PK\x03\x04 not really"),
        Err(ImportError::Read(_))
    ));
    assert!(matches!(
        Timetable::from_gtfs_zip(b""),
        Err(ImportError::Read(_))
    ));
}

#[test]
fn missing_required_file_is_a_read_error() {
    for file in ["stops.txt", "trips.txt", "stop_times.txt", "routes.txt"] {
        let err = Timetable::from_gtfs_zip(&zip_dir("mini", &[file], &[])).unwrap_err();
        assert!(matches!(err, ImportError::Read(_)), "{file}: {err}");
        assert!(err.to_string().contains(file), "{file}: {err}");
    }
}

#[test]
fn unknown_stop_reference_rejects() {
    let st = "trip_id,arrival_time,departure_time,stop_id,stop_sequence\nA_0800,08:00:00,08:00:00,A1,1\nA_0800,08:05:00,08:05:00,NOWHERE,2\n";
    let errors = invalid(&zip_dir("mini", &[], &[("stop_times.txt", st)]));
    assert!(
        errors.iter().any(|e| e.contains("unknown stop NOWHERE")),
        "{errors:?}"
    );
}

#[test]
fn unknown_service_and_route_reject() {
    let trips = "route_id,service_id,trip_id\nA,NOPE,A_0800\nZ,WK,A_0810\n";
    let errors = invalid(&zip_dir("mini", &[], &[("trips.txt", trips)]));
    assert!(
        errors.iter().any(|e| e.contains("unknown service NOPE")),
        "{errors:?}"
    );
    assert!(
        errors.iter().any(|e| e.contains("unknown route Z")),
        "{errors:?}"
    );
}

#[test]
fn times_going_backwards_reject() {
    let st = "trip_id,arrival_time,departure_time,stop_id,stop_sequence\nA_0800,08:00:00,08:00:00,A1,1\nA_0800,07:59:00,07:59:00,G1,2\n";
    let errors = invalid(&zip_dir("mini", &[], &[("stop_times.txt", st)]));
    assert!(errors.iter().any(|e| e.contains("backwards")), "{errors:?}");
}

#[test]
fn no_stops_or_no_timed_trips_reject() {
    let errors = invalid(&zip_dir(
        "mini",
        &[],
        &[(
            "stop_times.txt",
            "trip_id,arrival_time,departure_time,stop_id,stop_sequence\n",
        )],
    ));
    assert!(errors.iter().any(|e| e.contains("no trip")), "{errors:?}");
    let errors = invalid(&zip_dir(
        "mini",
        &[],
        &[
            ("stops.txt", "stop_id,stop_name,stop_lat,stop_lon\n"),
            (
                "stop_times.txt",
                "trip_id,arrival_time,departure_time,stop_id,stop_sequence\n",
            ),
        ],
    ));
    assert!(
        errors.iter().any(|e| e.contains("no usable stop")),
        "{errors:?}"
    );
}

#[test]
fn untimed_intermediate_stop_is_interpolated_with_a_warning() {
    let st = "trip_id,arrival_time,departure_time,stop_id,stop_sequence\nA_0800,08:00:00,08:00:00,A1,1\nA_0800,,,G1,2\nA_0800,08:10:00,08:10:00,A3,3\n";
    let tt = Timetable::from_gtfs_zip(&zip_dir("mini", &[], &[("stop_times.txt", st)])).unwrap();
    assert!(
        tt.report
            .warnings
            .iter()
            .any(|w| w.contains("interpolated"))
    );
    let p = &tt.patterns[0];
    assert_eq!(tt.time(p, 0, 1).dep, 8 * 3600 + 300);
}
