//! The heartbeat schedule proves the scheduler runs: each beat is kept for a week, health reports the
//! last one, and `GET /api/v1/health/heartbeats` lists them, newest first, for operators.

use crate::io::{json, limit_param, query_param};
use crate::openapi::{OperationDoc, ParamDoc, schema_of};
use crate::platform::Platform;
use crate::problem::ApiError;
use crate::registry::{Auth, Handler, Route, Trigger};
use chrono::{DateTime, Utc};
use futures::FutureExt;
use http::StatusCode;
use lambda_http::{Body, Request, Response};
use rouen_ports::{Item, Key, Query};
use schemars::JsonSchema;
use serde::Serialize;
use serde_json::json;
use std::sync::Arc;

const PARTITION: &str = "SYS#heartbeat";
const KEEP_SECS: i64 = 7 * 24 * 3600;

fn last_key() -> Key {
    Key::new(PARTITION, "LAST")
}

pub fn route() -> Route {
    Route {
        function: "heartbeat",
        trigger: Trigger::Schedule {
            expression: "rate(5 minutes)",
        },
        auth: Auth::Public,
        handler: Handler::Schedule(|p| beat(p).boxed()),
        max_body_bytes: None,
        doc: None,
    }
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Beat {
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct BeatPage {
    pub items: Vec<Beat>,
    /// Pass it back as `cursor` for the next (older) page; absent on the last page.
    pub next_cursor: Option<String>,
}

pub fn history_route() -> Route {
    Route {
        function: "heartbeat-history",
        trigger: Trigger::Http {
            method: "GET",
            path: "/api/v1/health/heartbeats",
        },
        auth: Auth::Public,
        handler: Handler::Http(|p, r| history(p, r).boxed()),
        max_body_bytes: None,
        doc: Some(OperationDoc {
            params: vec![
                ParamDoc {
                    name: "limit",
                    location: "query",
                    required: false,
                    description: "Page size, 1 to 100 (default 20)",
                    schema: || json!({"type": "integer", "minimum": 1, "maximum": 100}),
                },
                ParamDoc {
                    name: "cursor",
                    location: "query",
                    required: false,
                    description: "The `next_cursor` of the previous page",
                    schema: || json!({"type": "string", "minLength": 1, "maxLength": 2048}),
                },
            ],
            ..OperationDoc::new(
                "platform",
                "When the scheduler ran, newest first (kept a week)",
            )
            .response(200, "A page of heartbeats", schema_of::<BeatPage>)
        }),
    }
}

async fn beat(platform: Arc<Platform>) -> Result<(), ApiError> {
    let now = platform.clock.now();
    let stamp = now.to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    let mut history = Item::new();
    history.insert("pk".into(), PARTITION.into());
    history.insert("sk".into(), format!("AT#{stamp}").into());
    history.insert("at".into(), stamp.clone().into());
    history.insert("expires_at".into(), (now.timestamp() + KEEP_SECS).into());
    let mut last = Item::new();
    let key = last_key();
    last.insert("pk".into(), key.pk.into());
    last.insert("sk".into(), key.sk.into());
    last.insert("at".into(), stamp.into());
    platform.store.put(history, None).await?;
    platform.store.put(last, None).await?;
    tracing::info!(at = %now, "heartbeat");
    Ok(())
}

fn parse_at(item: &Item) -> Option<DateTime<Utc>> {
    item.get("at")
        .and_then(|v| v.as_str())
        .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
        .map(|d| d.with_timezone(&Utc))
}

pub async fn last_beat(platform: &Platform) -> Result<Option<DateTime<Utc>>, ApiError> {
    Ok(platform
        .store
        .get(&last_key())
        .await?
        .as_ref()
        .and_then(parse_at))
}

async fn history(platform: Arc<Platform>, request: Request) -> Result<Response<Body>, ApiError> {
    let limit = limit_param(&request, 20, 100)?;
    let cursor = query_param(&request, "cursor")?;
    let page = platform
        .store
        .query(
            &Query::partition(PARTITION)
                .sort(rouen_ports::SortKeyCondition::BeginsWith("AT#".into()))
                .descending()
                .limit(limit)
                .after(cursor),
        )
        .await?;
    let items = page
        .items
        .iter()
        .filter_map(parse_at)
        .map(|at| Beat { at })
        .collect();
    json(
        StatusCode::OK,
        &BeatPage {
            items,
            next_cursor: page.cursor,
        },
    )
}
