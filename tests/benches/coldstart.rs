//! Cold starts under the cloud mode's Lambda Runtime API (`make bench-coldstart`): for every function
//! of the registry, the time from process start to its first `GET …/invocation/next` (what Lambda
//! reports as Init Duration), next to a minimal `lambda_runtime` function's, and the sizes of the
//! executables. Each is started BENCH_STARTS times (3) and the median is printed.
//!
//! Init must do no network I/O (clients are built, not used), so no server is needed: the settings
//! point at unroutable endpoints. Executables: `ROUEN_LAMBDA_BIN` (the multi-call `rouen-lambda`,
//! default `target/release/rouen-lambda`) or `ROUEN_LAMBDA_DIR` (per-function executables, e.g.
//! `target/lambda` from `cargo lambda build --release --x86-64`), and `ROUEN_HELLO_BIN` (default
//! `target/release/lambda-hello`). Figures, not pass/fail.

use rouen_local_gateway::cloud::{LambdaPool, Launch, PoolSettings};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn settings_env() -> Vec<(String, String)> {
    [
        ("AWS_REGION", "eu-west-3"),
        ("AWS_ACCESS_KEY_ID", "AKIDLOCAL"),
        ("AWS_SECRET_ACCESS_KEY", "localsecret"),
        ("AWS_EC2_METADATA_DISABLED", "true"),
        ("ROUEN_TABLE", "rouen"),
        ("ROUEN_MEDIA_BUCKET", "rouen-media"),
        (
            "ROUEN_JOBS_QUEUE_URL",
            "http://127.0.0.1:9/000000000000/jobs",
        ),
        (
            "ROUEN_JOBS_DLQ_URL",
            "http://127.0.0.1:9/000000000000/jobs-dlq",
        ),
        ("ROUEN_SEARCH_URL", "http://127.0.0.1:9"),
        ("ROUEN_WS_CALLBACK_URL", "http://127.0.0.1:9"),
        ("ROUEN_MAIL_FROM", "no-reply@rouen.local"),
        ("ROUEN_CURSOR_KEY", "0123456789abcdef0123456789abcdef"),
        ("ROUEN_JWT_KEY", "0123456789abcdef0123456789abcdef"),
        ("RUST_LOG", "warn"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect()
}

async fn median_init(pool: &LambdaPool, function: &str, starts: usize) -> Option<Duration> {
    let mut seen = Vec::new();
    for _ in 0..starts {
        let before = pool.init_durations().len();
        pool.prewarm(function).ok()?;
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let inits = pool.init_durations();
            if inits.len() > before {
                seen.push(inits[before].1);
                break;
            }
            if Instant::now() > deadline {
                return None;
            }
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
        pool.stop();
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    seen.sort();
    seen.get(seen.len() / 2).copied()
}

fn size(path: &Path) -> u64 {
    std::fs::metadata(path).map(|m| m.len()).unwrap_or(0)
}

#[tokio::main(flavor = "multi_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let starts: usize = std::env::var("BENCH_STARTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3)
        .max(1);
    // Relative paths are the repository's (cargo runs benches from the package's directory).
    let path = |var: &str, default: &str| {
        root.join(std::env::var(var).unwrap_or_else(|_| default.to_owned()))
    };
    let launch = match std::env::var("ROUEN_LAMBDA_DIR") {
        Ok(_) => Launch::PerFunction(path("ROUEN_LAMBDA_DIR", "target/lambda")),
        Err(_) => Launch::MultiCall(path("ROUEN_LAMBDA_BIN", "target/release/rouen-lambda")),
    };
    let hello = path("ROUEN_HELLO_BIN", "target/release/lambda-hello");
    let logs = tempfile::tempdir()?;
    let pool_for = |launch: Launch| PoolSettings {
        launch,
        env: settings_env(),
        log_dir: logs.path().to_path_buf(),
        max_instances: 1,
        timeout: Duration::from_secs(30),
    };
    // The hello binary as a per-function launch: its file name stands for the function's.
    let hello_dir = hello.parent().map(Path::to_path_buf).unwrap_or_default();
    let hello_name = hello
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("lambda-hello")
        .to_owned();
    let hello_pool = LambdaPool::start(pool_for(Launch::PerFunction(hello_dir))).await?;
    let floor = median_init(&hello_pool, &hello_name, starts).await;
    println!(
        "cold starts: median of {starts} starts each, init = process start → first invocation/next"
    );
    println!(
        "{:<32} {:>10} {:>14}",
        "function", "init ms", "binary bytes"
    );
    println!(
        "{:<32} {:>10} {:>14}",
        "(minimal lambda_runtime hello)",
        floor.map_or("failed".into(), |d| format!(
            "{:.1}",
            d.as_secs_f64() * 1000.0
        )),
        size(&hello)
    );
    let pool = LambdaPool::start(pool_for(launch.clone())).await?;
    let mut all = Vec::new();
    for route in rouen_api::registry::routes() {
        let init = median_init(&pool, route.function, starts).await;
        let binary = match &launch {
            Launch::MultiCall(path) => path.clone(),
            Launch::PerFunction(dir) => {
                let b = dir.join(route.function).join("bootstrap");
                if b.is_file() {
                    b
                } else {
                    dir.join(route.function)
                }
            }
        };
        println!(
            "{:<32} {:>10} {:>14}",
            route.function,
            init.map_or("failed".into(), |d| format!(
                "{:.1}",
                d.as_secs_f64() * 1000.0
            )),
            size(&binary)
        );
        if let Some(d) = init {
            all.push(d);
        }
    }
    all.sort();
    if !all.is_empty() {
        let pct =
            |p: f64| all[((all.len() - 1) as f64 * p).round() as usize].as_secs_f64() * 1000.0;
        println!(
            "\n{} functions: init p50 {:.1} ms, p90 {:.1} ms, max {:.1} ms; hello {:.1} ms",
            all.len(),
            pct(0.5),
            pct(0.9),
            pct(1.0),
            floor.map_or(f64::NAN, |d| d.as_secs_f64() * 1000.0)
        );
    }
    Ok(())
}
