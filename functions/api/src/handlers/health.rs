//! `GET /api/v1/health`: checks every engine the platform depends on.

use crate::io::json;
use crate::openapi::{OperationDoc, schema_of};
use crate::platform::Platform;
use crate::problem::ApiError;
use crate::registry::{Auth, Handler, Route, Trigger};
use chrono::{DateTime, Utc};
use futures::FutureExt;
use http::StatusCode;
use lambda_http::{Body, Request, Response};
use schemars::JsonSchema;
use serde::Serialize;
use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// A check slower than this counts as failed: a health probe must answer quickly.
const CHECK_TIMEOUT: Duration = Duration::from_secs(3);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Ok,
    Degraded,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum CheckStatus {
    Ok,
    Error,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Check {
    /// `item_store`, `search_index`, `blob_store`, `queue`.
    pub name: String,
    pub status: CheckStatus,
    pub latency_ms: u64,
    /// Why it failed (generic: engine messages stay in the logs).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Health {
    pub status: Status,
    pub time: DateTime<Utc>,
    pub checks: Vec<Check>,
    /// When the scheduler last ran the heartbeat function, if ever.
    pub last_heartbeat: Option<DateTime<Utc>>,
}

pub fn route() -> Route {
    Route {
        function: "health",
        trigger: Trigger::Http {
            method: "GET",
            path: "/api/v1/health",
        },
        auth: Auth::Public,
        handler: Handler::Http(|p, r| handle(p, r).boxed()),
        max_body_bytes: None,
        doc: Some(
            OperationDoc::new("platform", "Health of the platform and of each engine")
                .response(200, "Every engine answers", schema_of::<Health>)
                .response(503, "At least one engine fails", schema_of::<Health>),
        ),
    }
}

async fn check<E: std::fmt::Display>(
    name: &str,
    probe: impl Future<Output = Result<(), E>>,
) -> Check {
    let started = Instant::now();
    let outcome = tokio::time::timeout(CHECK_TIMEOUT, probe).await;
    let latency_ms = started.elapsed().as_millis() as u64;
    let (status, detail) = match outcome {
        Ok(Ok(())) => (CheckStatus::Ok, None),
        Ok(Err(err)) => {
            tracing::warn!(check = name, error = %err, "health check failed");
            (
                CheckStatus::Error,
                Some("the engine answered with an error".to_owned()),
            )
        }
        Err(_) => {
            tracing::warn!(check = name, "health check timed out");
            (
                CheckStatus::Error,
                Some("the engine did not answer in time".to_owned()),
            )
        }
    };
    Check {
        name: name.to_owned(),
        status,
        latency_ms,
        detail,
    }
}

async fn handle(platform: Arc<Platform>, _request: Request) -> Result<Response<Body>, ApiError> {
    let (store, search, blobs, queue) = tokio::join!(
        check("item_store", platform.store.ping()),
        check("search_index", platform.search.ping()),
        check("blob_store", platform.blobs.ping()),
        check("queue", platform.queue.ping()),
    );
    let checks = vec![store, search, blobs, queue];
    let last_heartbeat = super::heartbeat::last_beat(&platform)
        .await
        .unwrap_or_else(|err| {
            tracing::warn!(error = %err, "could not read the last heartbeat");
            None
        });
    let healthy = checks.iter().all(|c| c.status == CheckStatus::Ok);
    let health = Health {
        status: if healthy {
            Status::Ok
        } else {
            Status::Degraded
        },
        time: platform.clock.now(),
        checks,
        last_heartbeat,
    };
    json(
        if healthy {
            StatusCode::OK
        } else {
            StatusCode::SERVICE_UNAVAILABLE
        },
        &health,
    )
}
