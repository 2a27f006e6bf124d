//! Metrics in CloudWatch Embedded Metric Format: one JSON line on stdout per record, which CloudWatch
//! Logs turns into metrics without an API call (or an IAM permission) from the function. The names
//! and dimensions are a contract with the alarms and the dashboard of `template.yaml`: namespace
//! `RouenSocial`, each value published for all functions together (no dimension). Every custom metric
//! costs about $0.30 a month for each dimension value it is published with, so a per-function
//! dimension on every metric would be 11 × 146 metrics, more than the rest of a small city's bill
//! (docs/cost.md). Only server errors are also published per function, and only when one happens;
//! the records carry the function's name, so Logs Insights breaks any figure down by function.
//!
//! Only a Lambda process emits (the Lambda `main` calls [`enable`]); the local binary has no metric
//! sink, so the calls cost nothing there.

use serde_json::{Map, Value, json};
use std::io::Write;
use std::sync::OnceLock;

pub const NAMESPACE: &str = "RouenSocial";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Metric {
    /// Milliseconds of one invocation's work: an HTTP request, a queue batch or a scheduled run.
    Latency,
    Requests,
    /// 5xx answers.
    ServerErrors,
    /// 4xx answers.
    ClientErrors,
    /// Milliseconds a queue message waited before it was processed.
    QueueAge,
    /// Queue messages that failed (and will be retried or dead-lettered).
    JobFailures,
    /// Home feeds a post was written to.
    FanOutRecipients,
    /// Items one source run read.
    ScrapeItems,
    /// Source runs that failed.
    ScrapeFailures,
    /// DynamoDB read capacity units one request or job consumed.
    ReadCapacity,
    /// DynamoDB write capacity units one request or job consumed.
    WriteCapacity,
}

impl Metric {
    /// Every metric, for the checks that the template's alarms and dashboard name real ones.
    pub const ALL: [Metric; 11] = [
        Metric::Latency,
        Metric::Requests,
        Metric::ServerErrors,
        Metric::ClientErrors,
        Metric::QueueAge,
        Metric::JobFailures,
        Metric::FanOutRecipients,
        Metric::ScrapeItems,
        Metric::ScrapeFailures,
        Metric::ReadCapacity,
        Metric::WriteCapacity,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Metric::Latency => "Latency",
            Metric::Requests => "Requests",
            Metric::ServerErrors => "ServerErrors",
            Metric::ClientErrors => "ClientErrors",
            Metric::QueueAge => "QueueAge",
            Metric::JobFailures => "JobFailures",
            Metric::FanOutRecipients => "FanOutRecipients",
            Metric::ScrapeItems => "ScrapeItems",
            Metric::ScrapeFailures => "ScrapeFailures",
            Metric::ReadCapacity => "ReadCapacity",
            Metric::WriteCapacity => "WriteCapacity",
        }
    }

    pub fn unit(self) -> &'static str {
        match self {
            Metric::Latency | Metric::QueueAge => "Milliseconds",
            _ => "Count",
        }
    }
}

static FUNCTION: OnceLock<String> = OnceLock::new();

/// Turns emission on for this process, naming the function every record is published under.
pub fn enable(function: &str) {
    let _ = FUNCTION.set(function.to_owned());
}

/// The EMF record for these values, or `None` when there is nothing to say; `per_function`
/// publishes them with the `Function` dimension instead of none.
pub fn record(
    function: &str,
    values: &[(Metric, f64)],
    timestamp_ms: i64,
    per_function: bool,
) -> Option<Value> {
    if values.is_empty() {
        return None;
    }
    let mut root = Map::new();
    let definitions: Vec<Value> = values
        .iter()
        .map(|(m, _)| json!({"Name": m.name(), "Unit": m.unit()}))
        .collect();
    root.insert(
        "_aws".into(),
        json!({
            "Timestamp": timestamp_ms,
            "CloudWatchMetrics": [{
                "Namespace": NAMESPACE,
                "Dimensions": if per_function { json!([["Function"]]) } else { json!([[]]) },
                "Metrics": definitions,
            }],
        }),
    );
    root.insert("Function".into(), Value::String(function.to_owned()));
    for (metric, value) in values {
        root.insert(metric.name().into(), json!(value));
    }
    Some(Value::Object(root))
}

/// Emits the values for all functions together (no-op outside a Lambda).
pub fn emit(values: &[(Metric, f64)]) {
    write(values, false);
}

/// Emits the values with this function's dimension: for rare events only (see the module's note).
pub fn emit_per_function(values: &[(Metric, f64)]) {
    write(values, true);
}

fn write(values: &[(Metric, f64)], per_function: bool) {
    let Some(function) = FUNCTION.get() else {
        return;
    };
    let now = chrono::Utc::now().timestamp_millis();
    if let Some(record) = record(function, values, now, per_function) {
        // One whole line per record: CloudWatch reads EMF from single log events.
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "{record}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_declares_its_metrics_and_dimensions() {
        let r = record(
            "auth-login",
            &[(Metric::Latency, 12.5), (Metric::Requests, 1.0)],
            1_700_000_000_000,
            false,
        )
        .expect("a record");
        let cw = &r["_aws"]["CloudWatchMetrics"][0];
        assert_eq!(cw["Namespace"], "RouenSocial");
        assert_eq!(cw["Dimensions"], json!([[]]));
        let per = record("auth-login", &[(Metric::ServerErrors, 1.0)], 0, true).expect("a record");
        assert_eq!(
            per["_aws"]["CloudWatchMetrics"][0]["Dimensions"],
            json!([["Function"]])
        );
        assert_eq!(
            cw["Metrics"][0],
            json!({"Name": "Latency", "Unit": "Milliseconds"})
        );
        assert_eq!(
            cw["Metrics"][1],
            json!({"Name": "Requests", "Unit": "Count"})
        );
        assert_eq!(r["Function"], "auth-login");
        assert_eq!(r["Latency"], 12.5);
        assert_eq!(r["_aws"]["Timestamp"], 1_700_000_000_000_i64);
        assert!(record("x", &[], 0, false).is_none());
    }
}
