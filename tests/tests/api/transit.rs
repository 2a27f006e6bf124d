//! Public transport through the real pipeline: the demo GTFS (real Astuce stops and routes, a
//! generated timetable) and its GTFS-RT feeds served on loopback, imported, swapped in, and read by
//! the endpoints.

use crate::harness::Platform;
use crate::news::run_kind;
use crate::weather::notifications_of;
use chrono::{DateTime, Duration, TimeZone, Utc};
use reqwest::Method;
use rouen_city::SourceKind;
use rouen_ports::ManualClock;
use serde_json::{Value, json};
use std::sync::Arc;

const GTFS: &str = "api.mrn.cityway.fr/dataflow/offre-tc/download";
const ALERTS: &str = "api.mrn.cityway.fr/dataflow/info-transport/download";
/// The generated TER demo feed, at the SNCF export's path.
const TER: &str = "eu.ftp.opendatasoft.com/sncf/plandata/export-ter-gtfs-last.zip";

async fn transit_platform() -> (Platform, Arc<ManualClock>) {
    crate::harness::platform_on_clock(crate::harness::recorded_day(), |_| {}).await
}

/// Imports the timetable first, then reads the real-time feeds (they need it).
async fn import(p: &Platform) -> Vec<rouen_api::city::scrape::Outcome> {
    let mut outcomes = run_kind(p, SourceKind::Transit).await;
    outcomes.extend(run_kind(p, SourceKind::Transit).await);
    outcomes
}

fn time(v: &Value) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(v.as_str().unwrap())
        .unwrap()
        .to_utc()
}

#[tokio::test]
async fn before_the_first_import_transit_says_so() {
    let (p, _) = transit_platform().await;
    p.get("/api/v1/transit/lines", None)
        .await
        .problem(503, "service_unavailable");
    p.get("/api/v1/transit/feed", None)
        .await
        .problem(503, "service_unavailable");
}

#[tokio::test]
async fn the_network_imports_and_answers_stops_departures_lines_and_disruptions() {
    let (p, _) = transit_platform().await;
    let outcomes = import(&p).await;
    let gtfs = outcomes
        .iter()
        .find(|o| o.source_id == "astuce-gtfs")
        .unwrap();
    assert_eq!(gtfs.result, "ran", "{outcomes:?}");
    let feed = p.get("/api/v1/transit/feed", None).await;
    assert!(feed.ok()["stops"].as_u64().unwrap() > 3000, "{}", feed.body);
    assert_eq!(feed.ok()["valid_from"], "2026-08-31");

    // Accents and case do not matter; stations come first, with their lines in their colours.
    let found = p
        .get("/api/v1/transit/stops?q=theatre%20des%20ARTS", None)
        .await;
    let stops = found.ok()["stops"].as_array().unwrap().clone();
    assert_eq!(stops[0]["id"], "TARTS", "{stops:?}");
    assert_eq!(stops[0]["name"], "Théâtre des Arts");
    let metro = stops[0]["lines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["id"] == "90")
        .expect("the metro stops at Théâtre des Arts");
    assert_eq!(metro["mode"], "metro");
    assert_eq!(metro["color"], "#123E8B");

    // Near the Hôtel de Ville, that station is the nearest.
    let near = p
        .get(
            "/api/v1/transit/stops?lat=49.44347&lon=1.09889&limit=3",
            None,
        )
        .await;
    assert_eq!(near.ok()["stops"][0]["id"], "HVR00");
    assert!(near.ok()["stops"][0]["distance_m"].as_f64().unwrap() < 50.0);
    p.get("/api/v1/transit/stops", None)
        .await
        .problem(422, "validation_failed");
    p.get("/api/v1/transit/stops?lat=49.4", None)
        .await
        .problem(422, "validation_failed");

    // Departures by when they will really leave, with real time where the feed has it.
    let board = p
        .get("/api/v1/transit/stops/TARTS/departures?limit=30", None)
        .await;
    let deps = board.ok()["departures"].as_array().unwrap().clone();
    assert!(!deps.is_empty());
    let now = Utc.with_ymd_and_hms(2026, 11, 25, 11, 30, 0).unwrap();
    let mut last = now - Duration::minutes(1);
    for d in &deps {
        let t = if d["expected_at"].is_null() {
            time(&d["scheduled_at"])
        } else {
            time(&d["expected_at"])
        };
        assert!(t >= last, "ordered: {deps:?}");
        last = t;
    }
    assert!(deps.iter().any(|d| d["realtime"] == true), "{deps:?}");
    // Late metro and TEOR runs show their delay.
    assert!(
        deps.iter()
            .any(|d| !d["expected_at"].is_null() && d["expected_at"] != d["scheduled_at"])
    );
    // The T4 works alert concerns this station's lines.
    let alerts = board.ok()["alerts"].as_array().unwrap();
    assert!(
        alerts.iter().any(|a| a["id"] == "demo-t4-travaux"),
        "{alerts:?}"
    );
    p.get("/api/v1/transit/stops/NOPE/departures", None)
        .await
        .problem(404, "not_found");

    let lines = p.get("/api/v1/transit/lines", None).await;
    let lines = lines.ok()["lines"].as_array().unwrap().clone();
    let t4 = lines.iter().find(|l| l["id"] == "94").unwrap();
    assert_eq!(t4["status"], "disrupted");
    assert_eq!(t4["mode"], "brt");
    let t1 = lines.iter().find(|l| l["id"] == "91").unwrap();
    assert_eq!(t1["status"], "normal");
    let detail = p.get("/api/v1/transit/lines/94", None).await;
    assert_eq!(detail.ok()["alerts"][0]["effect"], "detour");
    let summary = p.get("/api/v1/traffic/current", None).await;
    assert_eq!(summary.ok()["disrupted_lines"], 1);
}

#[tokio::test]
async fn journeys_are_planned_between_stops_and_places() {
    let (p, _) = transit_platform().await;
    import(&p).await;
    let at = "2026-11-25T09:00:00%2B01:00";
    let plan = p
        .get(
            &format!("/api/v1/traffic/routes?from=BOULI&to=UNIV2&at={at}"),
            None,
        )
        .await;
    let journeys = plan.ok()["journeys"].as_array().unwrap().clone();
    assert!(!journeys.is_empty(), "Boulingrin to Technopôle by metro");
    let first = &journeys[0];
    let leave = Utc.with_ymd_and_hms(2026, 11, 25, 8, 0, 0).unwrap();
    assert!(time(&first["departs_at"]) >= leave);
    assert!(time(&first["arrives_at"]) > time(&first["departs_at"]));
    let transit: Vec<&Value> = first["legs"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["mode"] == "transit")
        .collect();
    assert!(transit.iter().any(|l| l["line"]["id"] == "90"), "{first}");
    for leg in &transit {
        assert_path_runs_from_to(leg);
    }

    // Arrive by: the journey arrives no later than asked.
    let by = "2026-11-25T18:00:00%2B01:00";
    let plan = p
        .get(
            &format!("/api/v1/traffic/routes?from=BOULI&to=UNIV2&at={by}&arrive_by=true"),
            None,
        )
        .await;
    let j = &plan.ok()["journeys"][0];
    assert!(time(&j["arrives_at"]) <= Utc.with_ymd_and_hms(2026, 11, 25, 17, 0, 0).unwrap());

    // From a place: a walk to the first stop.
    let plan = p
        .get(
            &format!("/api/v1/traffic/routes?from=49.4400,1.0930&to=HVR00&at={at}"),
            None,
        )
        .await;
    let j = &plan.ok()["journeys"][0];
    assert_eq!(j["legs"][0]["mode"], "walk", "{j}");

    let bad = p
        .get(
            "/api/v1/traffic/routes?from=NOPE&to=48.85,2.35&at=tomorrow",
            None,
        )
        .await;
    assert_eq!(
        bad.field_codes(),
        ["query.at:invalid_format"],
        "the time is checked first"
    );
    let bad = p
        .get("/api/v1/traffic/routes?from=NOPE&to=48.85,2.35", None)
        .await;
    assert_eq!(
        bad.field_codes(),
        ["query.from:unknown_stop", "query.to:outside_area"]
    );
}

#[tokio::test]
async fn a_broken_timetable_leaves_the_previous_version_serving() {
    let (p, clock) = transit_platform().await;
    import(&p).await;
    let before = p.get("/api/v1/transit/feed", None).await.ok().clone();

    // A truncated zip, then a zip without stop times: both refused, the old version serves.
    let full = rouen_city::snapshots::get(GTFS).unwrap();
    p.gw.state
        .sources
        .set(GTFS, 200, full[..full.len() / 2].to_vec());
    let outcomes = run_kind(&p, SourceKind::Transit).await;
    let gtfs = outcomes
        .iter()
        .find(|o| o.source_id == "astuce-gtfs")
        .unwrap();
    assert_eq!(gtfs.result, "failed");
    assert!(
        gtfs.error.as_deref().unwrap().contains("does not import"),
        "{gtfs:?}"
    );
    assert_eq!(p.get("/api/v1/transit/feed", None).await.ok(), &before);
    let board = p.get("/api/v1/transit/stops/TARTS/departures", None).await;
    assert!(!board.ok()["departures"].as_array().unwrap().is_empty());

    // Garbage real time keeps the last good alerts.
    p.gw.state
        .sources
        .set(ALERTS, 200, b"\x0a\xff\xff garbage".to_vec());
    clock.advance(Duration::minutes(3));
    let outcomes = run_kind(&p, SourceKind::Transit).await;
    let alerts = outcomes
        .iter()
        .find(|o| o.source_id == "astuce-alerts")
        .unwrap();
    assert_eq!(alerts.result, "failed", "{alerts:?}");
    assert_eq!(
        p.get("/api/v1/transit/lines/94", None).await.ok()["status"],
        "disrupted"
    );

    // The same file again: nothing changes.
    p.gw.state.sources.clear(GTFS);
    run_kind(&p, SourceKind::Transit).await;
    assert_eq!(
        p.get("/api/v1/transit/feed", None).await.ok()["version"],
        before["version"]
    );
}

#[tokio::test]
async fn a_new_disruption_is_notified_once_to_those_who_asked() {
    let (p, _) = transit_platform().await;
    let alice = p.resident("alice").await;
    let mut prefs = p
        .get("/api/v1/notifications/preferences", Some(&alice.access))
        .await
        .ok()
        .clone();
    prefs["transport_disruption"] = json!({"in_app": true, "email": false, "push": false});
    p.call(
        Method::PUT,
        "/api/v1/notifications/preferences",
        Some(&alice.access),
        Some(prefs),
    )
    .await
    .ok();
    import(&p).await;
    let got = notifications_of(&p, &alice.access, "transport_disruption").await;
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0]["subject"]["id"], "demo-t4-travaux");
    assert!(
        got[0]["subject"]["title"]
            .as_str()
            .unwrap()
            .starts_with("T4 — "),
        "{got:?}"
    );
    import(&p).await;
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert_eq!(
        notifications_of(&p, &alice.access, "transport_disruption")
            .await
            .len(),
        1
    );
}

/// A transit leg's path: at least its two ends, the first at `from`, the last at `to`.
fn assert_path_runs_from_to(leg: &Value) {
    let path = leg["path"].as_array().unwrap_or_else(|| panic!("{leg}"));
    assert!(path.len() >= 2, "{leg}");
    let at = |p: &Value| (p["lat"].as_f64().unwrap(), p["lon"].as_f64().unwrap());
    let place = |p: &Value| (p["lat"].as_f64().unwrap(), p["lon"].as_f64().unwrap());
    assert_eq!(at(&path[0]), place(&leg["from"]), "{leg}");
    assert_eq!(at(&path[path.len() - 1]), place(&leg["to"]), "{leg}");
}

#[tokio::test]
async fn a_journey_crosses_networks_by_train_on_foot_and_metro() {
    let (p, _) = transit_platform().await;
    let outcomes = import(&p).await;
    for id in ["astuce-gtfs", "ter-normandie-gtfs"] {
        let o = outcomes.iter().find(|o| o.source_id == id).unwrap();
        assert_eq!(o.result, "ran", "{outcomes:?}");
    }
    // Maromme has trains only; Théâtre des Arts is on the Métro.
    let at = "2026-11-25T12:30:00%2B01:00";
    let plan = p
        .get(
            &format!("/api/v1/traffic/routes?from=ter:StopArea:OCE87411124&to=TARTS&at={at}"),
            None,
        )
        .await;
    let j = plan.ok()["journeys"][0].clone();
    let legs = j["legs"].as_array().unwrap();
    let shape: Vec<(&str, &str)> = legs
        .iter()
        .map(|l| {
            let mode = l["line"]["mode"].as_str().unwrap_or("");
            (l["mode"].as_str().unwrap(), mode)
        })
        .collect();
    assert_eq!(
        shape,
        [("transit", "rail"), ("walk", ""), ("transit", "metro")],
        "{j}"
    );
    assert_eq!(
        legs[0]["from"]["stop_id"],
        "ter:StopPoint:OCETrain TER-87411124"
    );
    assert_eq!(legs[0]["to"]["name"], "Rouen Rive Droite");
    assert!(
        legs[0]["trip_id"]
            .as_str()
            .unwrap()
            .starts_with("ter:OCESN"),
        "{j}"
    );
    assert_eq!(legs[1]["to"]["name"], "Gare-Rue Verte");
    assert!(legs[1].get("path").is_none(), "walks keep from/to only");
    assert!(legs[1]["distance_m"].as_u64().unwrap() < 300);
    assert_eq!(legs[2]["line"]["id"], "90");
    assert_eq!(legs[2]["to"]["name"], "Théâtre des Arts");
    // Gare-Rue Verte, Palais de Justice, Théâtre des Arts.
    assert_eq!(legs[2]["path"].as_array().unwrap().len(), 3, "{j}");
    for leg in [&legs[0], &legs[2]] {
        assert_path_runs_from_to(leg);
    }
    // One leg's end is the next one's start, in time too.
    for w in legs.windows(2) {
        assert_eq!(w[0]["to"]["stop_id"], w[1]["from"]["stop_id"]);
        assert!(time(&w[0]["arrives_at"]) <= time(&w[1]["departs_at"]));
    }
    // The train stations are stops like any other.
    let found = p.get("/api/v1/transit/stops?q=rive%20droite", None).await;
    assert_eq!(found.ok()["stops"][0]["id"], "ter:StopArea:OCE87411017");
}

#[tokio::test]
async fn a_broken_ter_file_leaves_the_merged_version_serving() {
    let (p, clock) = transit_platform().await;
    import(&p).await;
    let before = p.get("/api/v1/transit/feed", None).await.ok().clone();

    let full = rouen_city::snapshots::get(TER).unwrap();
    p.gw.state
        .sources
        .set(TER, 200, full[..full.len() / 2].to_vec());
    let outcomes = run_kind(&p, SourceKind::Transit).await;
    let ter = outcomes
        .iter()
        .find(|o| o.source_id == "ter-normandie-gtfs")
        .unwrap();
    assert_eq!(ter.result, "failed");
    assert!(
        ter.error.as_deref().unwrap().contains("does not import"),
        "{ter:?}"
    );
    assert_eq!(p.get("/api/v1/transit/feed", None).await.ok(), &before);
    // Trains and the Métro still answer.
    let board = p
        .get(
            "/api/v1/transit/stops/ter:StopArea:OCE87411017/departures",
            None,
        )
        .await;
    assert!(!board.ok()["departures"].as_array().unwrap().is_empty());
    let board = p.get("/api/v1/transit/stops/TARTS/departures", None).await;
    assert!(!board.ok()["departures"].as_array().unwrap().is_empty());

    // The same files again, without validators (a full download): nothing is re-imported.
    clock.advance(Duration::hours(1));
    p.gw.state.sources.set(TER, 200, full.to_vec());
    let outcomes = run_kind(&p, SourceKind::Transit).await;
    let ter = outcomes
        .iter()
        .find(|o| o.source_id == "ter-normandie-gtfs")
        .unwrap();
    assert_eq!(ter.result, "ran", "{ter:?}");
    assert_eq!(p.get("/api/v1/transit/feed", None).await.ok(), &before);
}
