//! Where the local servers are: the variables `infra/scripts/emulators.sh start` writes to
//! `.cache/emulators/env` (read from the environment first, then from that file).

use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_sdk_s3::config::Credentials;
use std::collections::HashMap;
use std::sync::OnceLock;

fn env_file() -> &'static HashMap<String, String> {
    static FILE: OnceLock<HashMap<String, String>> = OnceLock::new();
    FILE.get_or_init(|| {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../.cache/emulators/env");
        std::fs::read_to_string(path)
            .unwrap_or_default()
            .lines()
            .filter_map(|line| {
                line.trim()
                    .strip_prefix("export ")
                    .unwrap_or(line.trim())
                    .split_once('=')
            })
            .map(|(k, v)| {
                (
                    k.trim().to_owned(),
                    v.trim().trim_matches(['"', '\'']).to_owned(),
                )
            })
            .collect()
    })
}

/// A server setting; fails the test, naming what is missing, when the servers were not started.
pub fn var(name: &str) -> String {
    std::env::var(name).ok().filter(|v| !v.is_empty()).or_else(|| env_file().get(name).cloned()).unwrap_or_else(|| {
        panic!(
            "{name} is not set: the AWS engines are tested against real local servers. Start them with \
             `infra/scripts/emulators.sh start` (or run `make test`, which does it)"
        )
    })
}

fn region() -> String {
    std::env::var("AWS_REGION")
        .ok()
        .or_else(|| env_file().get("AWS_REGION").cloned())
        .unwrap_or_else(|| "eu-west-3".into())
}

/// An SDK configuration for a local server: static credentials (alphanumeric, as DynamoDB Local wants).
pub async fn sdk_config(endpoint: &str) -> SdkConfig {
    sdk_config_with(endpoint, "AKIDLOCAL", "localsecret").await
}

pub async fn sdk_config_with(endpoint: &str, key: &str, secret: &str) -> SdkConfig {
    aws_config::defaults(BehaviorVersion::latest())
        .region(Region::new(region()))
        .credentials_provider(Credentials::new(key, secret, None, None, "conformance"))
        .endpoint_url(endpoint)
        .load()
        .await
}

/// A name no earlier run used (servers may outlive a run).
pub fn unique(prefix: &str) -> String {
    format!("{prefix}-{}", ulid::Ulid::new().to_string().to_lowercase())
}
