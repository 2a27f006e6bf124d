//! `POST /api/v1/client-errors`: the web app reports its own runtime errors (uncaught exceptions,
//! failed chunk loads), so operators see what residents' browsers hit. Kept 30 days.

use crate::io::{json, json_body};
use crate::openapi::{OperationDoc, request_schema_of, schema_of};
use crate::platform::Platform;
use crate::problem::{ApiError, FieldError};
use crate::registry::{Auth, Handler, Route, Trigger};
use futures::FutureExt;
use http::StatusCode;
use lambda_http::{Body, Request, Response};
use rouen_ports::Item;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

const KEEP_SECS: i64 = 30 * 24 * 3600;
// Above the largest valid report even with every character JSON-escaped, so that an invalid report gets
// its field errors (422) rather than a bare 413.
const MAX_BODY: usize = 128 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    Error,
    Warning,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ClientErrorReport {
    /// What went wrong (1 to 2,000 characters, not only spaces).
    #[schemars(length(min = 1, max = 2000), regex(pattern = r"\S"))]
    pub message: String,
    /// The page the error happened on (a path of the web app, e.g. `/events`).
    #[schemars(length(min = 1, max = 500), regex(pattern = r"^/[^\x00-\x1f\x7f]*$"))]
    pub page: String,
    pub level: Level,
    /// The app's build (its git commit), to tie reports to releases.
    #[serde(default)]
    #[schemars(length(max = 64))]
    pub app_version: Option<String>,
    /// A stack trace, trimmed (at most 8,000 characters).
    #[serde(default)]
    #[schemars(length(max = 8000))]
    pub stack: Option<String>,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Accepted {
    pub id: String,
}

pub fn route() -> Route {
    Route {
        function: "client-errors",
        trigger: Trigger::Http {
            method: "POST",
            path: "/api/v1/client-errors",
        },
        auth: Auth::Public,
        handler: Handler::Http(|p, r| handle(p, r).boxed()),
        max_body_bytes: Some(MAX_BODY),
        doc: Some(OperationDoc {
            request_body: Some(request_schema_of::<ClientErrorReport>),
            ..OperationDoc::new("platform", "Report an error the web app hit").response(
                202,
                "Recorded",
                schema_of::<Accepted>,
            )
        }),
    }
}

fn char_len(s: &str) -> usize {
    s.chars().count()
}

fn validate(report: &ClientErrorReport) -> Result<(), ApiError> {
    let mut errors = Vec::new();
    let message_len = char_len(crate::io::trim_schema(&report.message));
    if message_len == 0 {
        errors.push(FieldError::new(
            "body.message",
            "required",
            "message may not be empty",
        ));
    } else if message_len > 2000 {
        errors.push(FieldError::new(
            "body.message",
            "too_long",
            "message holds 2,000 characters at most",
        ));
    }
    if !report.page.starts_with('/')
        || char_len(&report.page) > 500
        || report.page.chars().any(|c| c < ' ' || c == '\u{7f}')
    {
        errors.push(FieldError::new(
            "body.page",
            "invalid_format",
            "page is a path of the app, such as /events",
        ));
    }
    if report
        .app_version
        .as_deref()
        .is_some_and(|v| char_len(v) > 64)
    {
        errors.push(FieldError::new(
            "body.app_version",
            "too_long",
            "app_version holds 64 characters at most",
        ));
    }
    if report.stack.as_deref().is_some_and(|s| char_len(s) > 8000) {
        errors.push(FieldError::new(
            "body.stack",
            "too_long",
            "stack holds 8,000 characters at most",
        ));
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ApiError::Validation(errors))
    }
}

async fn handle(platform: Arc<Platform>, request: Request) -> Result<Response<Body>, ApiError> {
    let report: ClientErrorReport = json_body(&request)?;
    validate(&report)?;
    let id = platform.ids.new_id();
    let now = platform.clock.now();
    let day = now.format("%Y-%m-%d").to_string();
    let mut item = Item::new();
    // One partition a day: operators read a day's reports in order without a scan.
    item.insert("pk".into(), format!("CLIENTERR#{day}").into());
    item.insert("sk".into(), id.clone().into());
    item.insert("message".into(), report.message.trim().into());
    item.insert("page".into(), report.page.into());
    item.insert(
        "level".into(),
        serde_json::to_value(report.level).unwrap_or_default(),
    );
    item.insert("app_version".into(), report.app_version.into());
    item.insert("stack".into(), report.stack.into());
    item.insert("received_at".into(), now.to_rfc3339().into());
    item.insert("expires_at".into(), (now.timestamp() + KEEP_SECS).into());
    platform.store.put(item, None).await?;
    tracing::warn!(report_id = %id, "client error reported");
    json(StatusCode::ACCEPTED, &Accepted { id })
}
