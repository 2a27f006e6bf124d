//! The hand-written mini network (tests/fixtures/mini), small enough to check by hand:
//!
//! ```text
//!  Métro M (A):   Alpha 08:00 ─ Gare/GA1 08:05 ─ Charlie 08:10 ─ Delta 08:15   (also 08:10, 08:20;
//!                 weekends one trip at 09:00)
//!  TEOR T1 (B):   Gare/GA2 08:12 ─ Écluse 08:20 ─ Foch 08:28   (also 08:22, and 23:50 → Foch 24:06)
//!  Noctambus (N): Foch 24:10 ─ Hôtel de Ville 25:00            (weekday service, past midnight)
//!  transfers.txt: GA1 ↔ GA2 in 120 s (both quays of the station "Gare")
//!  calendar: WK Mon–Fri, WE Sat–Sun; on Fri 2026-05-01 WK is removed and WE added.
//! ```
//! Tuesday 2026-03-03 is a plain weekday in winter time (UTC+1).

mod common;

use chrono::Duration;
use common::{mini, paris};
use rouen_transit::{Endpoint, Leg, Mode, PlanRequest, Timetable};

#[test]
fn imports_lines_stops_and_modes() {
    let tt = mini();
    assert_eq!(tt.lines.len(), 3);
    let m = tt.line("A").unwrap();
    assert_eq!((m.mode, m.color.as_deref()), (Mode::Metro, Some("#123E8B")));
    // Typed tram but named TEOR: bus rapid transit.
    assert_eq!(tt.line("B").unwrap().mode, Mode::Brt);
    assert_eq!(tt.line("N").unwrap().text_color.as_deref(), Some("#FFDE00"));
    let gare = tt.stop("GARE").unwrap();
    assert!(gare.is_station);
    assert_eq!(gare.children.len(), 2);
    // The station lists the lines of both quays.
    let lines: Vec<_> = gare
        .lines
        .iter()
        .map(|&l| tt.lines[l as usize].id.as_str())
        .collect();
    assert_eq!(lines, ["A", "B"]);
    assert_eq!(tt.trip_count(), 8);
    assert_eq!(
        tt.feed.valid_from,
        chrono::NaiveDate::from_ymd_opt(2026, 1, 1)
    );
    assert_eq!(
        tt.feed.valid_to,
        chrono::NaiveDate::from_ymd_opt(2026, 12, 31)
    );
    // 25:00:00 is the latest time: one previous service day can still be running.
    assert_eq!(tt.feed.max_time, 25 * 3600);
}

#[test]
fn transfers_txt_overrides_generated_footpath() {
    let tt = mini();
    let g1 = tt.stop_index("G1").unwrap();
    let g2 = tt.stop_index("G2").unwrap();
    let fp = tt.footpaths_from(g1).iter().find(|f| f.to == g2).unwrap();
    // ~66 m apart: the generated footpath would be ~72 s; transfers.txt says 120 s.
    assert_eq!(fp.duration_s, 120);
    // Alpha and Gare are 1.1 km apart: no footpath.
    let a1 = tt.stop_index("A1").unwrap();
    assert!(tt.footpaths_from(a1).is_empty());
}

#[test]
fn round_trips_through_bytes_with_stable_version() {
    let tt = mini();
    let bytes = tt.to_bytes();
    let back = Timetable::from_bytes(&bytes).unwrap();
    assert_eq!(back, tt);
    assert_eq!(back.feed.version.len(), 16);
    assert_eq!(
        mini().feed.version,
        tt.feed.version,
        "same feed, same version"
    );
    assert!(matches!(
        Timetable::from_bytes(b"nope"),
        Err(rouen_transit::CodecError::BadMagic)
    ));
    let mut future = bytes.clone();
    future[4] = 99;
    assert!(matches!(
        Timetable::from_bytes(&future),
        Err(rouen_transit::CodecError::Version { .. })
    ));
    assert!(Timetable::from_bytes(&bytes[..bytes.len() / 2]).is_err());
}

#[test]
fn station_departures_include_both_quays_with_platforms() {
    let tt = mini();
    let deps = tt
        .departures("GARE", paris(2026, 3, 3, 8, 0), 4, None)
        .unwrap();
    let got: Vec<_> = deps
        .iter()
        .map(|d| (d.trip_id, d.platform.unwrap(), d.scheduled_at, d.headsign))
        .collect();
    assert_eq!(
        got,
        [
            ("A_0800", "GA1", paris(2026, 3, 3, 8, 5), "Delta"),
            ("B_0812", "GA2", paris(2026, 3, 3, 8, 12), "Foch"),
            ("A_0810", "GA1", paris(2026, 3, 3, 8, 15), "Delta"),
            ("B_0822", "GA2", paris(2026, 3, 3, 8, 22), "Foch"),
        ]
    );
    assert!(
        deps.iter()
            .all(|d| !d.realtime && d.expected_at.is_none() && !d.cancelled)
    );
    assert!(
        tt.departures("NOPE", paris(2026, 3, 3, 8, 0), 4, None)
            .is_err()
    );
}

#[test]
fn terminus_has_no_departures() {
    let tt = mini();
    assert!(
        tt.departures("A4", paris(2026, 3, 3, 7, 0), 5, None)
            .unwrap()
            .is_empty()
    );
}

#[test]
fn calendar_exception_replaces_weekday_service() {
    let tt = mini();
    // Friday 1 May: WK removed, WE added → the first train is the 09:00 weekend one.
    let deps = tt
        .departures("A1", paris(2026, 5, 1, 7, 55), 1, None)
        .unwrap();
    assert_eq!(deps[0].trip_id, "A_WE_0900");
    assert_eq!(deps[0].scheduled_at, paris(2026, 5, 1, 9, 0));
    // Thursday 30 April is a normal weekday.
    let deps = tt
        .departures("A1", paris(2026, 4, 30, 7, 55), 1, None)
        .unwrap();
    assert_eq!(deps[0].trip_id, "A_0800");
}

#[test]
fn previous_day_trip_past_midnight_departs_after_midnight() {
    let tt = mini();
    // Wednesday 00:05: Tuesday's service N_2410 leaves Foch at "24:10" = Wednesday 00:10.
    let deps = tt
        .departures("B3", paris(2026, 3, 4, 0, 5), 1, None)
        .unwrap();
    assert_eq!(deps[0].trip_id, "N_2410");
    assert_eq!(deps[0].scheduled_at, paris(2026, 3, 4, 0, 10));
    assert_eq!(
        deps[0].service_day,
        chrono::NaiveDate::from_ymd_opt(2026, 3, 3).unwrap()
    );
    // Saturday 2 May 00:05: Friday's WK service was removed, and WE has no night bus.
    let deps = tt
        .departures("B3", paris(2026, 5, 2, 0, 5), 1, None)
        .unwrap();
    assert!(
        deps.iter()
            .all(|d| d.trip_id != "N_2410" || d.scheduled_at > paris(2026, 5, 3, 0, 0))
    );
}

#[test]
fn dst_spring_forward_and_fall_back() {
    let tt = mini();
    // Sunday 29 March 2026 (clocks go 02:00 → 03:00): service day starts at noon − 12 h =
    // 23:00 CET on the 28th, but 09:00 GTFS is still 09:00 CEST (the change happened before).
    // Noon CEST = 10:00Z, minus 12 h = 22:00Z; + 9 h = 07:00Z = 09:00 CEST.
    let deps = tt
        .departures("A1", paris(2026, 3, 29, 8, 0), 1, None)
        .unwrap();
    assert_eq!(deps[0].scheduled_at, paris(2026, 3, 29, 9, 0));
    // Sunday 25 October (03:00 → 02:00): noon CET = 11:00Z, − 12 h = 23:00Z on the 24th; 09:00 GTFS
    // = 08:00Z = 09:00 CET.
    let deps = tt
        .departures("A1", paris(2026, 10, 25, 8, 0), 1, None)
        .unwrap();
    assert_eq!(deps[0].scheduled_at, paris(2026, 10, 25, 9, 0));
}

fn leg_summary(l: &Leg) -> String {
    match l {
        Leg::Walk { from, to, .. } => format!(
            "walk {}→{}",
            from.stop_id.as_deref().unwrap_or("·"),
            to.stop_id.as_deref().unwrap_or("·")
        ),
        Leg::Transit {
            line,
            from,
            to,
            departs_at,
            arrives_at,
            stops_count,
            ..
        } => format!(
            "{} {}→{} {}-{} ({stops_count})",
            line.short_name,
            from.stop_id.as_deref().unwrap(),
            to.stop_id.as_deref().unwrap(),
            departs_at
                .with_timezone(&chrono_tz::Europe::Paris)
                .format("%H:%M"),
            arrives_at
                .with_timezone(&chrono_tz::Europe::Paris)
                .format("%H:%M"),
        ),
    }
}

fn plan(
    from: &str,
    to: &str,
    at: chrono::DateTime<chrono::Utc>,
    arrive_by: bool,
    n: usize,
) -> Vec<rouen_transit::Journey> {
    let req = PlanRequest {
        from: Endpoint::Stop(from.into()),
        to: Endpoint::Stop(to.into()),
        at,
        arrive_by,
        max_journeys: n,
    };
    mini().plan(&req).unwrap()
}

#[test]
fn depart_at_with_a_transfer() {
    // 07:55 at Alpha: Métro 08:00 → Gare 08:05, 120 s to the other quay (08:07), TEOR 08:12 →
    // Foch 08:28. (The 08:10 Métro reaches Gare 08:15, too late for 08:12.)
    let js = plan("A1", "B3", paris(2026, 3, 3, 7, 55), false, 1);
    let legs: Vec<_> = js[0].legs.iter().map(leg_summary).collect();
    assert_eq!(
        legs,
        [
            "M A1→G1 08:00-08:05 (1)",
            "walk G1→G2",
            "T1 G2→B3 08:12-08:28 (2)"
        ]
    );
    assert_eq!(js[0].transfers, 1);
    assert_eq!(js[0].arrives_at, paris(2026, 3, 3, 8, 28));
    assert_eq!(js[0].departs_at, paris(2026, 3, 3, 8, 0));
    assert_eq!(js[0].duration_s, 28 * 60);
    if let Leg::Walk {
        departs_at,
        arrives_at,
        ..
    } = &js[0].legs[1]
    {
        assert_eq!(
            (*departs_at, *arrives_at),
            (
                paris(2026, 3, 3, 8, 5),
                paris(2026, 3, 3, 8, 5) + Duration::seconds(120)
            )
        );
    }
    // Leaving at 08:01 misses the 08:00 train: 08:10 → 08:15, TEOR 08:22 → 08:38.
    let js = plan("A1", "B3", paris(2026, 3, 3, 8, 1), false, 1);
    assert_eq!(js[0].arrives_at, paris(2026, 3, 3, 8, 38));
}

#[test]
fn several_journeys_are_later_alternatives() {
    let js = plan("A1", "B3", paris(2026, 3, 3, 7, 55), false, 3);
    let arrivals: Vec<_> = js.iter().map(|j| j.arrives_at).collect();
    // 08:00 → 08:28 and 08:10 → 08:38; after that TEOR only runs at 23:50.
    assert_eq!(
        arrivals[..2],
        [paris(2026, 3, 3, 8, 28), paris(2026, 3, 3, 8, 38)]
    );
}

#[test]
fn arrive_by_finds_latest_departure() {
    // Be at Foch by 08:35: the 08:38 arrival is too late, so TEOR 08:12 (← Gare by 08:10) and the
    // Métro that reaches Gare before 08:10 is the 08:00 one.
    let js = plan("A1", "B3", paris(2026, 3, 3, 8, 35), true, 1);
    assert_eq!(js[0].departs_at, paris(2026, 3, 3, 8, 0));
    assert_eq!(js[0].arrives_at, paris(2026, 3, 3, 8, 28));
    // By 08:40, the later pair (08:10 → 08:38) is the latest departure.
    let js = plan("A1", "B3", paris(2026, 3, 3, 8, 40), true, 1);
    assert_eq!(js[0].departs_at, paris(2026, 3, 3, 8, 10));
}

#[test]
fn journey_across_midnight_uses_night_bus() {
    // Tuesday 23:45 from the Gare station: TEOR 23:50 → Foch 00:06, Noctambus 00:10 → 01:00.
    let js = plan("GARE", "H", paris(2026, 3, 3, 23, 45), false, 1);
    let legs: Vec<_> = js[0].legs.iter().map(leg_summary).collect();
    assert_eq!(
        legs,
        ["T1 G2→B3 23:50-00:06 (2)", "Noctambus B3→H 00:10-01:00 (1)"]
    );
    // Arrive by 01:30 on Wednesday: same pair, found from Tuesday's service day.
    let js = plan("GARE", "H", paris(2026, 3, 4, 1, 30), true, 1);
    assert_eq!(js[0].departs_at, paris(2026, 3, 3, 23, 50));
}

#[test]
fn from_coordinates_walks_to_and_from_stops() {
    let tt = mini();
    // ~111 m south of Alpha, to ~73 m east of Delta.
    let req = PlanRequest {
        from: Endpoint::Coord {
            lat: 49.399,
            lon: 1.000,
        },
        to: Endpoint::Coord {
            lat: 49.430,
            lon: 1.001,
        },
        at: paris(2026, 3, 3, 7, 50),
        arrive_by: false,
        max_journeys: 1,
    };
    let js = tt.plan(&req).unwrap();
    let j = &js[0];
    let legs: Vec<_> = j.legs.iter().map(leg_summary).collect();
    assert_eq!(legs, ["walk ·→A1", "M A1→A4 08:00-08:15 (3)", "walk A4→·"]);
    assert!(matches!(j.legs[0], Leg::Walk { distance_m, .. } if (130..160).contains(&distance_m)));
    // The first walk ends when the train leaves.
    assert_eq!(j.legs[0].arrives_at(), paris(2026, 3, 3, 8, 0));
    assert_eq!(j.transfers, 0);
    assert!(j.walking_m > 200);
}

#[test]
fn unreachable_gives_no_journey_and_close_points_walk() {
    let tt = mini();
    // Sunday: only the 09:00 Métro; Foch is not reachable (TEOR is weekday only) → no journey.
    let js = tt
        .plan(&PlanRequest {
            from: Endpoint::Stop("A1".into()),
            to: Endpoint::Stop("B3".into()),
            at: paris(2026, 3, 8, 8, 0),
            arrive_by: false,
            max_journeys: 3,
        })
        .unwrap();
    assert!(
        js.iter().all(|j| j.departs_at >= paris(2026, 3, 9, 0, 0)),
        "only Monday trains remain: {js:#?}"
    );
    // 100 m apart: walking only.
    let js = tt
        .plan(&PlanRequest {
            from: Endpoint::Coord {
                lat: 49.4000,
                lon: 1.0,
            },
            to: Endpoint::Coord {
                lat: 49.4009,
                lon: 1.0,
            },
            at: paris(2026, 3, 3, 8, 0),
            arrive_by: false,
            max_journeys: 3,
        })
        .unwrap();
    assert!(matches!(js[0].legs[..], [Leg::Walk { .. }]));
    assert!(
        tt.plan(&PlanRequest {
            from: Endpoint::Stop("X".into()),
            to: Endpoint::Stop("A1".into()),
            at: paris(2026, 3, 3, 8, 0),
            arrive_by: false,
            max_journeys: 1
        })
        .is_err()
    );
}

#[test]
fn search_is_accent_and_case_insensitive_stations_first() {
    let tt = mini();
    let names = |q: &str| {
        tt.search_stops(q, None, 5)
            .iter()
            .map(|m| m.stop.id.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        names("gare"),
        ["GARE"],
        "quays are folded into their station"
    );
    assert_eq!(names("ECLUSE"), ["B2"]);
    assert_eq!(names("hotel ville"), ["H"]);
    assert_eq!(names("Hôt"), ["H"]);
    assert!(names("zzz").is_empty());
    let m = &tt.search_stops("gare", None, 1)[0];
    assert_eq!(
        m.lines
            .iter()
            .map(|l| l.short_name.as_str())
            .collect::<Vec<_>>(),
        ["M", "T1"]
    );
    // Near Delta, by distance: Delta, then Charlie.
    let near = tt.search_stops("", Some((49.4301, 1.0)), 2);
    assert_eq!(
        near.iter().map(|m| m.stop.id.as_str()).collect::<Vec<_>>(),
        ["A4", "A3"]
    );
    assert!(near[0].distance_m.unwrap() < 20.0);
}
