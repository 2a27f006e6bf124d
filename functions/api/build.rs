//! Bakes build information (git commit, build time) into the binaries for `GET /api/v1/build-info`.

use std::process::Command;

fn main() {
    let sha = std::env::var("ROUEN_GIT_SHA")
        .ok()
        .filter(|s| !s.is_empty())
        .or_else(|| {
            Command::new("git")
                .args(["rev-parse", "--short=12", "HEAD"])
                .output()
                .ok()
                .filter(|o| o.status.success())
                .and_then(|o| String::from_utf8(o.stdout).ok())
                .map(|s| s.trim().to_owned())
        });
    println!(
        "cargo:rustc-env=ROUEN_GIT_SHA={}",
        sha.unwrap_or_else(|| "unknown".into())
    );
    // SOURCE_DATE_EPOCH keeps reproducible builds reproducible; otherwise the build's own time.
    let built_at = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.parse::<u64>().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_secs())
                .unwrap_or(0)
        });
    println!("cargo:rustc-env=ROUEN_BUILT_AT_EPOCH={built_at}");
    println!("cargo:rerun-if-env-changed=ROUEN_GIT_SHA");
    println!("cargo:rerun-if-env-changed=SOURCE_DATE_EPOCH");
    for path in ["../../.git/HEAD", "../../.git/refs/heads"] {
        if std::path::Path::new(path).exists() {
            println!("cargo:rerun-if-changed={path}");
        }
    }
}
