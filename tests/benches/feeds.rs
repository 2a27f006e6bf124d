//! Feed benchmark on the local binary (in process, over real HTTP for reads and writes):
//! `make bench` (release). Sizes from the environment: BENCH_USERS (10,000), BENCH_POSTS (100,000),
//! BENCH_FOLLOWS per user (20), BENCH_READS (2,000), BENCH_CONCURRENCY (8).
//!
//! Prints: how fast posts go through creation and fan-out (posts/s and feed items/s), and the home
//! feed's read latency percentiles. It asserts nothing: figures, not pass/fail.

use rouen_api::accounts::model::{Language, Role, UserRecord, WhoCanMessage};
use rouen_api::accounts::{graph, registration, tokens};
use rouen_local_gateway::{LocalConfig, start};
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
    let users = env("BENCH_USERS", 10_000);
    let posts = env("BENCH_POSTS", 100_000);
    let follows = env("BENCH_FOLLOWS", 20).min(users.saturating_sub(1));
    let reads = env("BENCH_READS", 2_000);
    let concurrency = env("BENCH_CONCURRENCY", 8).max(1);
    let dir = tempfile::tempdir()?;
    let gw = start(LocalConfig::for_tests(dir.path().to_path_buf())).await?;
    let platform = gw.state.engines.platform.clone();
    println!(
        "feeds benchmark: {users} users, {posts} posts, {follows} follows each, {reads} reads, {concurrency} clients"
    );

    // Residents and follows, written directly (registration's password hashing is not what is measured).
    let t = Instant::now();
    let mut ids = Vec::with_capacity(users);
    for i in 0..users {
        let user = UserRecord {
            id: platform.ids.new_id(),
            username: format!("bench_{i}"),
            email: format!("bench_{i}@bench.invalid"),
            display_name: format!("Bench {i}"),
            bio: String::new(),
            neighbourhood: Some("saint-sever".into()),
            interests: Vec::new(),
            language: Language::Fr,
            avatar: None,
            cover: None,
            private_account: false,
            who_can_message: WhoCanMessage::Everyone,
            show_presence: true,
            email_verified: true,
            role: Role::Resident,
            created_at: platform.clock.now(),
            followers_count: 0,
            following_count: 0,
            posts_count: 0,
            suspended_until: None,
        };
        registration::insert(&platform, &user, "x".into()).await?;
        ids.push(user);
    }
    for (i, follower) in ids.iter().enumerate() {
        for k in 1..=follows {
            let followee = &ids[(i + k * 7) % users];
            if followee.id != follower.id {
                graph::follow(&platform, &follower.id, followee).await?;
            }
        }
    }
    println!("setup: {:.1}s", t.elapsed().as_secs_f64());

    let key = platform.settings.auth.signing_key.clone();
    let now = platform.clock.now_epoch();
    let token =
        |u: &UserRecord| tokens::issue_access(&key, &u.id, Role::Resident, "bench", now, 24 * 3600);
    let http = reqwest::Client::new();

    // Posts through the API; fan-out runs in the background workers, as in production.
    let t = Instant::now();
    let mut next = 0usize;
    while next < posts {
        let batch: Vec<usize> = (next..(next + concurrency).min(posts)).collect();
        next += batch.len();
        let mut calls = Vec::new();
        for n in batch {
            let author = &ids[n % users];
            let bearer = token(author)?;
            let url = format!("{}/api/v1/posts", gw.url);
            let http = http.clone();
            calls.push(async move {
                http.post(url)
                    .bearer_auth(bearer)
                    .json(&serde_json::json!({"text": format!("Message de banc d'essai numéro {n} #bench")}))
                    .send()
                    .await
            });
        }
        for r in futures::future::join_all(calls).await {
            let r = r?;
            if !r.status().is_success() {
                return Err(format!("post refused: {}", r.status()).into());
            }
        }
    }
    let created = t.elapsed();
    // Wait until the jobs queue is drained: every fan-out done.
    loop {
        let depth = platform
            .queue
            .depth(rouen_api::platform::queues::JOBS)
            .await?;
        if depth == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let drained = t.elapsed();
    let items = posts * follows;
    println!(
        "write: {posts} posts created in {:.1}s ({:.0} posts/s); fanned out to ~{items} feed items in {:.1}s ({:.0} posts/s, {:.0} feed items/s)",
        created.as_secs_f64(),
        posts as f64 / created.as_secs_f64(),
        drained.as_secs_f64(),
        posts as f64 / drained.as_secs_f64(),
        items as f64 / drained.as_secs_f64(),
    );

    // Home feed reads.
    let mut latencies = Vec::with_capacity(reads);
    let mut done = 0usize;
    while done < reads {
        let batch: Vec<usize> = (done..(done + concurrency).min(reads)).collect();
        done += batch.len();
        let mut calls = Vec::new();
        for n in batch {
            let reader = &ids[(n * 31) % users];
            let bearer = token(reader)?;
            let url = format!("{}/api/v1/feeds/home?limit=20", gw.url);
            let http = http.clone();
            calls.push(async move {
                let t = Instant::now();
                let r = http.get(url).bearer_auth(bearer).send().await;
                (t.elapsed(), r)
            });
        }
        for (elapsed, r) in futures::future::join_all(calls).await {
            let r = r?;
            if !r.status().is_success() {
                return Err(format!("read refused: {}", r.status()).into());
            }
            latencies.push(elapsed);
        }
    }
    latencies.sort();
    println!(
        "home feed reads ({reads}, {concurrency} at a time): p50 {:.1} ms, p95 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        percentile(&latencies, 0.50).as_secs_f64() * 1e3,
        percentile(&latencies, 0.95).as_secs_f64() * 1e3,
        percentile(&latencies, 0.99).as_secs_f64() * 1e3,
        latencies.last().copied().unwrap_or_default().as_secs_f64() * 1e3,
    );
    gw.stop().await;
    Ok(())
}
