//! City content benchmark on the local binary (in process): `make bench-city` (release).
//! BENCH_ROUNDS (5) full scrapes of every recorded source through the real fetcher (loopback
//! snapshot mirror), parsers and storage, then BENCH_READS (500) reads of the event and news lists.
//!
//! Prints: the first scrape (everything created), later scrapes with validators dropped (every item
//! parsed again and found unchanged), per-source times, and list latency percentiles. It asserts
//! nothing: figures, not pass/fail.

use chrono::TimeZone;
use rouen_api::city::{health, scrape};
use rouen_local_gateway::{LocalConfig, start};
use std::sync::Arc;
use std::time::{Duration, Instant};

fn env(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

#[tokio::main(flavor = "multi_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let rounds = env("BENCH_ROUNDS", 5).max(1);
    let reads = env("BENCH_READS", 500).max(1);
    let dir = tempfile::tempdir()?;
    let mut config = LocalConfig::for_tests(dir.path().to_path_buf());
    let captured = chrono::Utc
        .with_ymd_and_hms(2026, 11, 25, 11, 30, 0)
        .single()
        .ok_or("bad capture time")?;
    config.clock = Some(Arc::new(rouen_ports::ManualClock::new(captured)));
    let gw = start(config).await?;
    let platform = gw.state.engines.platform.clone();
    let sources = rouen_city::registry()?;
    println!(
        "city benchmark: {} sources, {rounds} rounds, {reads} list reads",
        sources.len()
    );

    let mut per_source: Vec<(String, Vec<Duration>, u32)> = sources
        .iter()
        .map(|s| (s.id.clone(), Vec::new(), 0))
        .collect();
    for round in 0..rounds {
        // Drop the validators: every document is parsed and every item looked up again.
        for source in &sources {
            if let Some(mut h) = health::load(&platform, &source.id).await? {
                h.etag = None;
                h.last_modified = None;
                health::save(&platform, &h).await?;
            }
        }
        let t = Instant::now();
        let mut items = 0;
        let mut created = 0;
        for (i, source) in sources.iter().enumerate() {
            let started = Instant::now();
            let outcome = scrape::run(&platform, source, true).await;
            per_source[i].1.push(started.elapsed());
            per_source[i].2 = outcome.items_seen;
            items += outcome.items_seen;
            created += outcome.created;
        }
        let elapsed = t.elapsed();
        println!(
            "  round {}: {items} items ({created} created) in {:.0} ms, {:.0} items/s",
            round + 1,
            elapsed.as_secs_f64() * 1000.0,
            f64::from(items) / elapsed.as_secs_f64()
        );
    }
    println!("  per source (median of the rounds):");
    for (id, times, items) in &mut per_source {
        times.sort();
        println!(
            "    {id:28} {items:4} items  {:7.1} ms",
            percentile(times, 0.5).as_secs_f64() * 1000.0
        );
    }

    let client = reqwest::Client::new();
    for path in [
        "/api/v1/events?limit=20",
        "/api/v1/events/calendar?month=2026-12",
        "/api/v1/news?limit=20",
    ] {
        let mut times = Vec::with_capacity(reads);
        for _ in 0..reads {
            let t = Instant::now();
            let status = client
                .get(format!("{}{path}", gw.url))
                .send()
                .await?
                .status();
            times.push(t.elapsed());
            if !status.is_success() {
                return Err(format!("{path} answered {status}").into());
            }
        }
        times.sort();
        println!(
            "  GET {path}: p50 {:.1} ms, p95 {:.1} ms, p99 {:.1} ms",
            percentile(&times, 0.5).as_secs_f64() * 1000.0,
            percentile(&times, 0.95).as_secs_f64() * 1000.0,
            percentile(&times, 0.99).as_secs_f64() * 1000.0
        );
    }
    gw.stop().await;
    Ok(())
}
