//! Cost figures from the cloud mode (`make bench-cost`): residents go through a scripted active day
//! against the real Lambda functions over the AWS engines (DynamoDB Local, OpenSearch, ElasticMQ,
//! s3s-fs, moto), and the functions' own metrics (CloudWatch Embedded Metric Format lines in their
//! logs) give, per function: invocations, duration, and DynamoDB capacity units as DynamoDB Local
//! reports them (`ReturnConsumedCapacity`). The scheduled functions' first runs (city scrapes on the
//! recorded sources) are measured the same way. It prints the measured table, then the monthly model
//! of docs/cost.md for 1k, 10k and 100k monthly active residents. Figures, not pass/fail.
//!
//! Needs the local AWS servers (`infra/scripts/emulators.sh start`; the make target does it) and the
//! function binary (`ROUEN_LAMBDA_BIN`, default `target/debug/rouen-lambda`: durations from a debug
//! build are upper bounds; capacity units do not depend on the build). BENCH_RESIDENTS (12).

use rouen_local_gateway::cloud::{CloudConfig, Launch, Servers};
use rouen_local_gateway::{LocalConfig, start};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

const PASSWORD: &str = "Seine et Gros-Horloge 1389";

#[derive(Default, Clone, Copy)]
struct Usage {
    calls: f64,
    ms: f64,
    rcu: f64,
    wcu: f64,
}

/// Per function, from the EMF lines of its log (HTTP requests, queue batches and scheduled runs).
fn usage(log_dir: &Path) -> BTreeMap<String, Usage> {
    let mut out: BTreeMap<String, Usage> = BTreeMap::new();
    for entry in std::fs::read_dir(log_dir).into_iter().flatten().flatten() {
        let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
        for line in text.lines().filter(|l| l.contains("\"_aws\"")) {
            let Ok(v) = serde_json::from_str::<Value>(line) else {
                continue;
            };
            // Per-function server-error records repeat what the main record counted.
            if v["_aws"]["CloudWatchMetrics"][0]["Dimensions"] == json!([["Function"]]) {
                continue;
            }
            let Some(has_capacity) = v.get("ReadCapacity").map(|_| true) else {
                continue;
            };
            let f = v["Function"].as_str().unwrap_or("?").to_owned();
            let u = out.entry(f).or_default();
            if has_capacity {
                u.calls += 1.0;
                u.ms += v["Latency"].as_f64().unwrap_or(0.0);
                u.rcu += v["ReadCapacity"].as_f64().unwrap_or(0.0);
                u.wcu += v["WriteCapacity"].as_f64().unwrap_or(0.0);
            }
        }
    }
    out
}

struct Client {
    http: reqwest::Client,
    base: String,
}

impl Client {
    async fn call(
        &self,
        method: reqwest::Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> Value {
        let mut r = self.http.request(method, format!("{}{path}", self.base));
        if let Some(t) = token {
            r = r.bearer_auth(t);
        }
        if let Some(b) = body {
            r = r.json(&b);
        }
        match r.send().await {
            Ok(resp) => resp.json().await.unwrap_or(Value::Null),
            Err(err) => {
                eprintln!("{path}: {err}");
                Value::Null
            }
        }
    }
    async fn get(&self, path: &str, token: &str) -> Value {
        self.call(reqwest::Method::GET, path, Some(token), None)
            .await
    }
    async fn post(&self, path: &str, token: Option<&str>, body: Value) -> Value {
        self.call(reqwest::Method::POST, path, token, Some(body))
            .await
    }
}

/// The verification token mailed to `to`, as SES (moto) holds it.
async fn mailed_token(
    http: &reqwest::Client,
    servers: &rouen_local_gateway::cloud::Servers,
    from: &str,
    to: &str,
) -> Option<String> {
    for _ in 0..50 {
        let sent = servers.mail_sent(http, from, to).await.ok()?;
        let token = sent.iter().rev().find_map(|m| {
            let rest = m.body.split_once("?token=")?.1;
            Some(
                rest.chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
                    .collect::<String>(),
            )
        });
        if token.is_some() {
            return token;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    None
}

/// Runs per month of each schedule (its rate).
fn runs_per_month(function: &str) -> Option<f64> {
    use rouen_api::registry::{Trigger, routes};
    let route = routes().iter().find(|r| r.function == function)?;
    let Trigger::Schedule { expression } = route.trigger else {
        return None;
    };
    let every = rouen_local_gateway::background::parse_rate(expression)?;
    Some(30.0 * 86_400.0 / every.as_secs_f64())
}

#[tokio::main(flavor = "multi_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let residents: usize = std::env::var("BENCH_RESIDENTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(12)
        .max(2);
    // Relative to the repository (cargo runs benches from the package's directory).
    let binary = root.join(
        std::env::var("ROUEN_LAMBDA_BIN").unwrap_or_else(|_| "target/debug/rouen-lambda".into()),
    );
    let dir = tempfile::tempdir()?;
    let log_dir = dir.path().join("lambda-logs");
    let mut config = LocalConfig::for_tests(dir.path().join("data"));
    // The scheduled scrapes run once at start on the recorded sources: their cost is measured too.
    config.city_scrape = true;
    config.clock = Some(std::sync::Arc::new(rouen_ports::ShiftedClock::starting_at(
        chrono::DateTime::parse_from_rfc3339(rouen_city::snapshots::RECORDED_AT)?.to_utc(),
    )));
    config.cloud = Some(CloudConfig {
        servers: Servers::from_env_file(&root)?,
        launch: Launch::MultiCall(binary.clone()),
        max_instances: 2,
        timeout: Duration::from_secs(120),
    });
    // SAFETY: set before the gateway starts any task that could read the environment.
    unsafe { std::env::set_var("ROUEN_LAMBDA_LOG_DIR", &log_dir) };
    let gw = start(config).await?;
    gw.state.first_runs.wait().await;
    let cloud = gw.state.cloud.as_ref().ok_or("cloud mode did not start")?;
    let c = Client {
        http: reqwest::Client::builder()
            .timeout(Duration::from_secs(60))
            .build()?,
        base: gw.url.clone(),
    };
    println!(
        "cost benchmark: {residents} residents, one active day each, binary {}",
        binary.display()
    );
    let scheduled = usage(&log_dir);

    // Accounts (once per resident's life, not per day: counted apart).
    let mut sessions = Vec::new();
    for i in 0..residents {
        let email = format!("cost_{i}@example.fr");
        c.post("/api/v1/auth/register", None, json!({"email": email, "username": format!("cost_{i}"), "password": PASSWORD, "accept_terms": true})).await;
        let token = mailed_token(&c.http, &cloud.servers, &cloud.mail_from, &email)
            .await
            .ok_or("no verification mail")?;
        c.post("/api/v1/auth/verify-email", None, json!({"token": token}))
            .await;
        let login = c
            .post(
                "/api/v1/auth/login",
                None,
                json!({"login": email, "password": PASSWORD}),
            )
            .await;
        let access = login["access_token"].as_str().ok_or("no token")?.to_owned();
        let id = login["user"]["id"].as_str().ok_or("no id")?.to_owned();
        sessions.push((id, access));
    }
    for (i, (_, access)) in sessions.iter().enumerate() {
        for k in 1..=3 {
            let (other, _) = &sessions[(i + k) % residents];
            c.post(
                &format!("/api/v1/users/{other}/follow"),
                Some(access),
                json!({}),
            )
            .await;
        }
    }
    let onboarding = usage(&log_dir);

    // One active day per resident.
    let mut posts = Vec::new();
    for (_, access) in &sessions {
        let p = c
            .post(
                "/api/v1/posts",
                Some(access),
                json!({"text": "Marché du Vieux-Marché ce matin #rouen"}),
            )
            .await;
        if let Some(id) = p["id"].as_str() {
            posts.push(id.to_owned());
        }
    }
    for (i, (_, access)) in sessions.iter().enumerate() {
        c.post(
            "/api/v1/auth/login",
            None,
            json!({"login": format!("cost_{i}@example.fr"), "password": PASSWORD}),
        )
        .await;
        c.get("/api/v1/users/me", access).await;
        for _ in 0..4 {
            c.get("/api/v1/feeds/home", access).await;
        }
        for k in 1..=4 {
            if let Some(post) = posts.get((i + k) % posts.len().max(1)) {
                c.post(
                    &format!("/api/v1/posts/{post}/like"),
                    Some(access),
                    json!({}),
                )
                .await;
            }
        }
        if let Some(post) = posts.get((i + 1) % posts.len().max(1)) {
            c.post(
                &format!("/api/v1/posts/{post}/comments"),
                Some(access),
                json!({"text": "J'y serai !"}),
            )
            .await;
            c.get(&format!("/api/v1/posts/{post}/comments"), access)
                .await;
        }
        for _ in 0..2 {
            c.get("/api/v1/notifications", access).await;
            c.get("/api/v1/notifications/unread", access).await;
        }
        let (friend, _) = &sessions[(i + 1) % residents];
        let conversation = c
            .post(
                "/api/v1/conversations",
                Some(access),
                json!({"members": [friend]}),
            )
            .await;
        if let Some(cid) = conversation["id"].as_str() {
            for m in 0..5 {
                c.post(
                    &format!("/api/v1/conversations/{cid}/messages"),
                    Some(access),
                    json!({"text": format!("Message {m}")}),
                )
                .await;
            }
        }
        c.get("/api/v1/events", access).await;
        c.get("/api/v1/news", access).await;
        c.get("/api/v1/weather/current", access).await;
        c.get("/api/v1/transit/stops/TARTS/departures", access)
            .await;
        c.get("/api/v1/traffic/routes?from=BOULI&to=UNIV2", access)
            .await;
    }
    // Let the jobs queue drain (fan-out, notifications, indexing).
    let mut last = 0.0;
    for _ in 0..60 {
        tokio::time::sleep(Duration::from_millis(500)).await;
        let now = usage(&log_dir).get("jobs-worker").map_or(0.0, |u| u.calls);
        if now == last && now > 0.0 {
            break;
        }
        last = now;
    }
    let after = usage(&log_dir);
    gw.stop().await;

    let minus =
        |a: &BTreeMap<String, Usage>, b: &BTreeMap<String, Usage>| -> BTreeMap<String, Usage> {
            a.iter()
                .map(|(f, u)| {
                    let p = b.get(f).copied().unwrap_or_default();
                    (
                        f.clone(),
                        Usage {
                            calls: u.calls - p.calls,
                            ms: u.ms - p.ms,
                            rcu: u.rcu - p.rcu,
                            wcu: u.wcu - p.wcu,
                        },
                    )
                })
                .filter(|(_, u)| u.calls > 0.0)
                .collect()
        };
    let day = minus(&after, &onboarding);
    let signup = minus(&onboarding, &scheduled);
    let n = residents as f64;

    println!("\nper resident and active day (measured; jobs are the queue batches the day caused)");
    println!(
        "{:<28} {:>8} {:>10} {:>8} {:>8}",
        "function", "calls", "ms/call", "RCU", "WCU"
    );
    let mut total = Usage::default();
    for (f, u) in &day {
        println!(
            "{:<28} {:>8.2} {:>10.1} {:>8.2} {:>8.2}",
            f,
            u.calls / n,
            u.ms / u.calls,
            u.rcu / n,
            u.wcu / n
        );
        total.calls += u.calls / n;
        total.ms += u.ms / n;
        total.rcu += u.rcu / n;
        total.wcu += u.wcu / n;
    }
    println!(
        "{:<28} {:>8.2} {:>10.1} {:>8.2} {:>8.2}",
        "TOTAL",
        total.calls,
        total.ms / total.calls.max(1.0),
        total.rcu,
        total.wcu
    );
    let s: Usage = signup.values().fold(Usage::default(), |a, u| Usage {
        calls: a.calls + u.calls / n,
        ms: a.ms + u.ms / n,
        rcu: a.rcu + u.rcu / n,
        wcu: a.wcu + u.wcu / n,
    });
    println!(
        "sign-up and 3 follows, once per resident: {:.1} calls, {:.1} RCU, {:.1} WCU",
        s.calls, s.rcu, s.wcu
    );

    println!("\nscheduled functions, one run each (the first run scrapes every recorded source)");
    let mut fixed = Usage::default();
    for (f, u) in &scheduled {
        let per_month = runs_per_month(f).unwrap_or(0.0);
        println!(
            "{:<28} runs/month {:>7.0}  ms/run {:>9.1}  RCU {:>8.1}  WCU {:>8.1}",
            f,
            per_month,
            u.ms / u.calls.max(1.0),
            u.rcu / u.calls.max(1.0),
            u.wcu / u.calls.max(1.0)
        );
        fixed.calls += per_month;
        fixed.ms += per_month * u.ms / u.calls.max(1.0);
        // The first run writes what later runs find unchanged: an upper bound for each later run.
        fixed.rcu += per_month * u.rcu / u.calls.max(1.0);
        fixed.wcu += per_month * u.wcu / u.calls.max(1.0);
    }

    // The monthly model (docs/cost.md): list prices of eu-west-3, Lambda on arm64.
    const ACTIVE_DAYS: f64 = 8.0;
    const MEM_GB: f64 = 0.25;
    let lambda_req = 0.20 / 1e6;
    let lambda_gbs = 0.000_013_333_4;
    let apigw = 1.17 / 1e6;
    let wru = 0.7288 / 1e6;
    let rru = 0.1458 / 1e6;
    let sqs = 0.40 / 1e6;
    let opensearch = 0.041 * 730.0 + 10.0 * 0.152; // t3.small.search + 10 GB gp3
    let logs_per_call_gb = 1.5e-6; // ~1.5 KB of JSON log per invocation
    let logs_gb = 0.5985;
    println!(
        "\nmonthly model: {ACTIVE_DAYS} active days per monthly active resident, {MEM_GB} GB functions, eu-west-3 list prices (USD)"
    );
    println!(
        "{:>8} {:>12} {:>10} {:>10} {:>10} {:>10} {:>10} {:>10}",
        "MAU", "requests", "Lambda", "API GW", "DynamoDB", "SQS+logs", "search", "total"
    );
    for mau in [1_000.0, 10_000.0, 100_000.0] {
        let calls = mau * ACTIVE_DAYS * total.calls + fixed.calls;
        let gbs = (mau * ACTIVE_DAYS * total.ms + fixed.ms) / 1000.0 * MEM_GB;
        let lambda = calls * lambda_req + gbs * lambda_gbs;
        let http = mau
            * ACTIVE_DAYS
            * day
                .iter()
                .filter(|(f, _)| *f != "jobs-worker")
                .map(|(_, u)| u.calls / n)
                .sum::<f64>()
            * apigw;
        let dynamo = (mau * ACTIVE_DAYS * total.wcu + fixed.wcu) * wru
            + (mau * ACTIVE_DAYS * total.rcu + fixed.rcu) * rru;
        let jobs = mau * ACTIVE_DAYS * day.get("jobs-worker").map_or(0.0, |u| u.calls / n);
        let queue_and_logs = jobs * 3.0 * sqs + calls * logs_per_call_gb * logs_gb;
        let sum = lambda + http + dynamo + queue_and_logs + opensearch;
        println!(
            "{:>8.0} {:>12.0} {:>10.2} {:>10.2} {:>10.2} {:>10.2} {:>10.2} {:>10.2}",
            mau, calls, lambda, http, dynamo, queue_and_logs, opensearch, sum
        );
    }
    Ok(())
}
