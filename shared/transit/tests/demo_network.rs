//! The committed demo snapshots are exactly what the generator produces, and they make sense.

mod common;

use common::{fixture, paris};
use rouen_transit::{Endpoint, FeedInput, Leg, Mode, PlanRequest, RealtimeState, Timetable, demo};

fn snapshot(rel: &str) -> Vec<u8> {
    snapshot_at(&format!("api.mrn.cityway.fr/dataflow/{rel}"))
}

fn snapshot_at(path: &str) -> Vec<u8> {
    let base = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../city/snapshots");
    std::fs::read(base.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn committed_snapshots_equal_generator_output() {
    let gtfs = demo::demo_gtfs_zip(&fixture("astuce-2024-01")).unwrap();
    // If this fails after a dependency upgrade changed the deflate output, or after a generator
    // change, regenerate: `cargo run -p rouen-transit --bin transit-demo`.
    assert!(
        snapshot("offre-tc/download") == gtfs,
        "demo GTFS zip is stale"
    );
    let tt = Timetable::from_gtfs_zip(&gtfs).unwrap();
    assert!(
        snapshot("info-transport/download") == demo::demo_alerts(),
        "alerts snapshot is stale"
    );
    assert!(
        snapshot("horaire-tc-tr/download") == demo::demo_trip_updates(&tt),
        "trip updates snapshot is stale"
    );
    assert!(
        snapshot_at(demo::TER_SNAPSHOT) == demo::demo_ter_gtfs_zip().unwrap(),
        "TER demo GTFS zip is stale"
    );
}

#[test]
fn demo_ter_merges_with_astuce_and_connects_at_rive_droite() {
    let (astuce, ter) = (
        snapshot("offre-tc/download"),
        snapshot_at(demo::TER_SNAPSHOT),
    );
    let tt = Timetable::from_gtfs_feeds(&[
        FeedInput {
            namespace: None,
            bytes: &astuce,
        },
        FeedInput {
            namespace: Some("ter"),
            bytes: &ter,
        },
    ])
    .unwrap();
    let alone = Timetable::from_gtfs_zip(&astuce).unwrap();
    assert_eq!(
        tt.stops.len(),
        alone.stops.len() + 30,
        "15 stations, 15 quays"
    );
    for id in ["ter:OCEDEMO-RLH", "ter:OCEDEMO-REL", "ter:OCEDEMO-RPS"] {
        assert_eq!(tt.line(id).unwrap().mode, Mode::Rail, "{id}");
    }
    // Maromme has trains only: to Théâtre des Arts, the train, a walk under the station, the Métro.
    let js = tt
        .plan(&PlanRequest {
            from: Endpoint::Stop("ter:StopArea:OCE87411124".into()),
            to: Endpoint::Stop("TARTS".into()),
            at: paris(2026, 11, 25, 12, 30),
            arrive_by: false,
            max_journeys: 1,
        })
        .unwrap();
    let modes: Vec<String> = js[0]
        .legs
        .iter()
        .map(|l| match l {
            Leg::Walk { to, .. } => format!("walk→{}", to.name),
            Leg::Transit { line, to, .. } => format!("{}→{}", line.mode.as_str(), to.name),
        })
        .collect();
    assert_eq!(
        modes,
        [
            "rail→Rouen Rive Droite",
            "walk→Gare-Rue Verte",
            "metro→Théâtre des Arts"
        ],
        "{:#?}",
        js[0]
    );
}

#[test]
fn demo_network_serves_the_main_lines_at_the_demo_clock() {
    let tt = Timetable::from_gtfs_zip(&snapshot("offre-tc/download")).unwrap();
    for id in [
        "90", "91", "92", "93", "94", "01", "02", "03", "04", "05", "06", "07", "08", "09",
    ] {
        let l = tt.line_index(id).unwrap();
        assert!(
            tt.patterns.iter().any(|p| p.line == l),
            "line {id} has trips"
        );
    }
    let now = demo::demo_now();
    assert!(
        tt.feed.valid_from.unwrap() <= now.date_naive()
            && now.date_naive() <= tt.feed.valid_to.unwrap()
    );
    let rt = RealtimeState::parse(&snapshot("horaire-tc-tr/download"), &tt).unwrap();
    assert_eq!(rt.unknown_trips, 1);
    assert!(rt.trips.len() > 10);
    let deps = tt.departures("TARTS", now, 10, Some(&rt)).unwrap();
    assert_eq!(deps.len(), 10);
    assert!(
        deps.iter().any(|d| d.realtime),
        "some departures carry realtime"
    );
    let alerts = RealtimeState::parse(&snapshot("info-transport/download"), &tt).unwrap();
    assert_eq!(alerts.alerts_at(now).next().unwrap().line_ids, ["94"]);
    // Both Métro branches from Boulingrin, no transfer.
    for to in ["UNIV2", "BRAQU"] {
        let js = tt
            .plan(&PlanRequest {
                from: Endpoint::Stop("BOULI".into()),
                to: Endpoint::Stop(to.into()),
                at: paris(2026, 11, 25, 12, 30),
                arrive_by: false,
                max_journeys: 1,
            })
            .unwrap();
        assert_eq!(js[0].transfers, 0, "to {to}");
        assert!(js[0].duration_s < 40 * 60, "to {to}: {}", js[0].duration_s);
    }
}
