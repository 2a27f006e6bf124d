//! Journey-planning latency on the demo network, Astuce alone then merged with the demo TER feed:
//! `cargo bench -p rouen-transit`.
//! Plain `main` (no harness): prints import time, timetable size and latency percentiles over
//! 1,000 random station pairs (seeded, so runs are comparable).

use std::time::{Duration, Instant};

use chrono::TimeZone;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use rouen_transit::{Endpoint, FeedInput, PlanRequest, Timetable};

fn percentiles(name: &str, mut d: Vec<Duration>) {
    d.sort();
    let p = |q: f64| d[((d.len() as f64 * q) as usize).min(d.len() - 1)].as_secs_f64() * 1e3;
    println!(
        "{name:<28} p50 {:7.2} ms  p90 {:7.2} ms  p99 {:7.2} ms  max {:7.2} ms",
        p(0.50),
        p(0.90),
        p(0.99),
        p(1.0)
    );
}

fn main() {
    let snapshots = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../city/snapshots");
    let read = |rel: &str| {
        std::fs::read(snapshots.join(rel)).expect("demo snapshot (run the transit-demo binary)")
    };
    let astuce = read("api.mrn.cityway.fr/dataflow/offre-tc/download");
    let ter = read(rouen_transit::demo::TER_SNAPSHOT);
    let t0 = Instant::now();
    let tt = Timetable::from_gtfs_zip(&astuce).expect("demo GTFS imports");
    report("Astuce alone", t0.elapsed(), astuce.len(), &tt);
    bench_plans(&tt);
    let t0 = Instant::now();
    let merged = Timetable::from_gtfs_feeds(&[
        FeedInput {
            namespace: None,
            bytes: &astuce,
        },
        FeedInput {
            namespace: Some("ter"),
            bytes: &ter,
        },
    ])
    .expect("merged demo network imports");
    report(
        "Astuce + TER merged",
        t0.elapsed(),
        astuce.len() + ter.len(),
        &merged,
    );
    bench_plans(&merged);
}

fn report(name: &str, import: Duration, zip_len: usize, tt: &Timetable) {
    let bytes = tt.to_bytes();
    let t0 = Instant::now();
    let decoded = Timetable::from_bytes(&bytes).expect("decodes");
    let decode = t0.elapsed();
    assert_eq!(decoded.feed.version, tt.feed.version);
    println!(
        "{name}: import {:.0} ms ({} KB zip) | timetable {} bytes | decode {:.1} ms | {} stops, {} patterns, {} trips, {} footpaths",
        import.as_secs_f64() * 1e3,
        zip_len / 1024,
        bytes.len(),
        decode.as_secs_f64() * 1e3,
        tt.stops.len(),
        tt.patterns.len(),
        tt.trips.len(),
        tt.footpaths.len()
    );
}

/// 1,000 seeded random pairs of served stations (the merged network's include train stations).
fn bench_plans(tt: &Timetable) {
    let served: Vec<&str> = tt
        .stops
        .iter()
        .filter(|s| s.parent.is_none() && !s.lines.is_empty())
        .map(|s| s.id.as_str())
        .collect();
    let paris = chrono_tz::Europe::Paris;
    let mut rng = StdRng::seed_from_u64(7);
    let queries: Vec<PlanRequest> = (0..1000)
        .map(|_| {
            let a = served[rng.random_range(0..served.len())];
            let b = served[rng.random_range(0..served.len())];
            let minutes = rng.random_range(6 * 60..22 * 60);
            let at = paris
                .with_ymd_and_hms(2026, 11, 25, minutes / 60, minutes % 60, 0)
                .single()
                .expect("no DST change that day")
                .to_utc();
            PlanRequest {
                from: Endpoint::Stop(a.into()),
                to: Endpoint::Stop(b.into()),
                at,
                arrive_by: rng.random_bool(0.2),
                max_journeys: 1,
            }
        })
        .collect();
    for n in [1, 3] {
        let mut times = Vec::with_capacity(queries.len());
        let mut found = 0;
        for q in &queries {
            let q = PlanRequest {
                max_journeys: n,
                ..q.clone()
            };
            let t0 = Instant::now();
            let js = tt.plan(&q).expect("known stops");
            times.push(t0.elapsed());
            found += usize::from(!js.is_empty());
        }
        percentiles(&format!("plan, {n} journey(s), {} found", found), times);
    }
}
