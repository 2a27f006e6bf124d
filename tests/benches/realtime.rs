//! WebSocket load benchmark on the local binary (in process, real sockets on loopback):
//! `make bench-realtime` (release). BENCH_CLIENTS (1,000) residents each hold one socket, paired into
//! direct conversations; BENCH_MESSAGES (5,000) messages are sent over the sockets at BENCH_RATE
//! (500/s) by random members. Each message must reach the other member's socket.
//!
//! Prints connection set-up time, delivery latency percentiles (send → the other member's socket)
//! and how many deliveries were lost (the target is zero). Bounded in count and time; it asserts
//! nothing: figures, not pass/fail. Needs `ulimit -n` above 2 × BENCH_CLIENTS.

use futures::{SinkExt, StreamExt};
use rouen_api::accounts::model::{Language, Role, UserRecord, WhoCanMessage};
use rouen_api::accounts::{registration, tokens};
use rouen_api::chat::conversations;
use rouen_api::platform::{Limit, RateLimits};
use rouen_local_gateway::{LocalConfig, start};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio_tungstenite::tungstenite::Message;

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

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

fn resident(platform: &rouen_api::Platform, i: usize) -> UserRecord {
    UserRecord {
        id: platform.ids.new_id(),
        username: format!("ws_bench_{i}"),
        email: format!("ws_bench_{i}@bench.invalid"),
        display_name: format!("WS bench {i}"),
        bio: String::new(),
        neighbourhood: None,
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
    }
}

/// What the readers saw: message id → when it reached the recipient's socket.
type Deliveries = Arc<Mutex<HashMap<String, Instant>>>;

#[tokio::main(flavor = "multi_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let clients = env("BENCH_CLIENTS", 1_000).max(2) / 2 * 2;
    let messages = env("BENCH_MESSAGES", 5_000);
    let rate = env("BENCH_RATE", 500).max(1);
    let dir = tempfile::tempdir()?;
    let mut config = LocalConfig::for_tests(dir.path().to_path_buf());
    // What is measured is delivery, not the anti-flood limit.
    config.rate_limits = Some(RateLimits {
        messages_per_sender: Limit::per_minutes(100_000, 1),
        ..RateLimits::default()
    });
    let gw = start(config).await?;
    let platform = gw.state.engines.platform.clone();
    let http = reqwest::Client::new();
    println!("realtime benchmark: {clients} sockets, {messages} messages at {rate}/s");

    let t = Instant::now();
    let key = platform.settings.auth.signing_key.clone();
    let mut users = Vec::with_capacity(clients);
    for i in 0..clients {
        let user = resident(&platform, i);
        registration::insert(&platform, &user, "x".into()).await?;
        users.push(user);
    }
    let mut conversation_of = Vec::with_capacity(clients / 2);
    for pair in users.chunks(2) {
        let (c, _) = conversations::open_direct(&platform, &pair[0].id, &pair[1]).await?;
        conversation_of.push(c.id);
    }
    println!("setup: {:.1}s", t.elapsed().as_secs_f64());

    // Every resident opens a socket with a ticket, then has its conversation open.
    let t = Instant::now();
    let deliveries: Deliveries = Arc::default();
    let mut sinks = Vec::with_capacity(clients);
    let mut readers = Vec::with_capacity(clients);
    let ws_base = gw.url.replace("http://", "ws://");
    let now = platform.clock.now_epoch();
    for (i, user) in users.iter().enumerate() {
        let token = tokens::issue_access(&key, &user.id, Role::Resident, "bench", now, 3600)?;
        let ticket: Value = http
            .post(format!("{}/api/v1/ws/ticket", gw.url))
            .bearer_auth(&token)
            .json(&json!({}))
            .send()
            .await?
            .json()
            .await?;
        let ticket = ticket["ticket"].as_str().ok_or("no ticket")?.to_owned();
        let (ws, _) =
            tokio_tungstenite::connect_async(format!("{ws_base}/ws?ticket={ticket}")).await?;
        let (mut sink, mut stream) = ws.split();
        sink.send(Message::Text(
            json!({"type": "subscribe", "conversation_id": conversation_of[i / 2]})
                .to_string()
                .into(),
        ))
        .await?;
        let me = user.id.clone();
        let seen = deliveries.clone();
        readers.push(tokio::spawn(async move {
            while let Some(Ok(frame)) = stream.next().await {
                let Message::Text(text) = frame else { continue };
                let Ok(frame) = serde_json::from_str::<Value>(&text) else {
                    continue;
                };
                if frame["type"] == "message"
                    && frame["message"]["author_id"] != me.as_str()
                    && let Some(client_id) = frame["message"]["client_id"].as_str()
                    && let Ok(mut seen) = seen.lock()
                {
                    seen.entry(client_id.to_owned())
                        .or_insert_with(Instant::now);
                }
            }
        }));
        sinks.push(Arc::new(tokio::sync::Mutex::new(sink)));
    }
    let connect_time = t.elapsed();
    println!(
        "connected: {} sockets in {:.1}s ({:.0}/s), registry holds {}",
        clients,
        connect_time.as_secs_f64(),
        clients as f64 / connect_time.as_secs_f64(),
        gw.state.engines.connections.len()
    );
    tokio::time::sleep(Duration::from_millis(500)).await;

    // Paced sends from random members over their own sockets.
    let sent: Arc<Mutex<HashMap<String, Instant>>> = Arc::default();
    let t = Instant::now();
    let interval = Duration::from_secs_f64(1.0 / rate as f64);
    let mut tick = tokio::time::interval(interval);
    let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
    let mut send_errors = 0usize;
    let mut in_flight = Vec::with_capacity(messages);
    for n in 0..messages {
        tick.tick().await;
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let sender = (seed % clients as u64) as usize;
        let client_id = format!("b{n}");
        let frame = json!({
            "type": "message",
            "conversation_id": conversation_of[sender / 2],
            "text": format!("message {n} du banc d'essai"),
            "client_id": client_id,
        })
        .to_string();
        let sink = sinks[sender].clone();
        let sent = sent.clone();
        in_flight.push(tokio::spawn(async move {
            if let Ok(mut sent) = sent.lock() {
                sent.insert(client_id, Instant::now());
            }
            sink.lock()
                .await
                .send(Message::Text(frame.into()))
                .await
                .is_ok()
        }));
    }
    for task in in_flight {
        if !task.await.unwrap_or(false) {
            send_errors += 1;
        }
    }
    let send_time = t.elapsed();

    // Wait for the stragglers (bounded), then count.
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let got = deliveries.lock().map(|d| d.len()).unwrap_or(0);
        if got >= messages || Instant::now() > deadline {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let (mut latencies, lost) = {
        let sent = sent.lock().map_err(|_| "lock")?;
        let seen = deliveries.lock().map_err(|_| "lock")?;
        let mut latencies = Vec::with_capacity(seen.len());
        let mut lost = 0usize;
        for (id, at) in sent.iter() {
            match seen.get(id) {
                Some(arrived) => latencies.push(arrived.saturating_duration_since(*at)),
                None => lost += 1,
            }
        }
        (latencies, lost)
    };
    latencies.sort();
    println!(
        "sent: {messages} messages in {:.1}s ({:.0}/s achieved), {send_errors} send errors",
        send_time.as_secs_f64(),
        messages as f64 / send_time.as_secs_f64()
    );
    println!("delivered: {} of {messages}, lost: {lost}", latencies.len());
    println!(
        "delivery latency: p50 {}, p95 {}, p99 {}, max {}",
        ms(percentile(&latencies, 0.50)),
        ms(percentile(&latencies, 0.95)),
        ms(percentile(&latencies, 0.99)),
        ms(latencies.last().copied().unwrap_or_default())
    );
    for sink in sinks {
        let _ = sink.lock().await.close().await;
    }
    for reader in readers {
        reader.abort();
    }
    gw.stop().await;
    Ok(())
}
