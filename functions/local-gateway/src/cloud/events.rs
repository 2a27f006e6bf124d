//! The events AWS sends a function and the answers it expects back, as JSON on the wire: API Gateway
//! HTTP API payload 2.0, API Gateway WebSocket proxy events, SQS batches with partial-batch failure,
//! and EventBridge Scheduler invocations. The functions read them with `lambda_http` and
//! `aws_lambda_events`, so the shapes here are those documented by AWS, not the gateway's own.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use http::{HeaderMap, HeaderName, HeaderValue, StatusCode};
use serde_json::{Map, Value, json};
use std::collections::HashMap;

pub const ACCOUNT: &str = "000000000000";
pub const REGION: &str = "eu-west-3";
pub const API_ID: &str = "local";

/// Headers as API Gateway passes them: lower-case names, repeated values joined by commas, and
/// cookies moved to their own list (payload 2.0).
fn headers_and_cookies(headers: &HeaderMap) -> (Map<String, Value>, Vec<String>) {
    let mut out: Map<String, Value> = Map::new();
    let mut cookies = Vec::new();
    for (name, value) in headers {
        let Ok(value) = value.to_str() else { continue };
        if name == http::header::COOKIE {
            cookies.extend(
                value
                    .split(';')
                    .map(|c| c.trim().to_owned())
                    .filter(|c| !c.is_empty()),
            );
            continue;
        }
        let key = name.as_str().to_ascii_lowercase();
        match out.get_mut(&key) {
            Some(Value::String(existing)) => {
                existing.push(',');
                existing.push_str(value);
            }
            _ => {
                out.insert(key, Value::String(value.to_owned()));
            }
        }
    }
    (out, cookies)
}

fn joined(query: &HashMap<String, Vec<String>>) -> Map<String, Value> {
    query
        .iter()
        .map(|(k, v)| (k.clone(), Value::String(v.join(","))))
        .collect()
}

/// What an HTTP API route receives.
pub struct HttpCall<'a> {
    pub method: &'a str,
    pub route_key: &'a str,
    pub path: &'a str,
    pub raw_query: &'a str,
    pub query: &'a HashMap<String, Vec<String>>,
    pub path_parameters: &'a HashMap<String, String>,
    pub headers: &'a HeaderMap,
    pub body: &'a [u8],
    pub source_ip: &'a str,
    pub request_id: &'a str,
    pub domain: &'a str,
}

/// API Gateway HTTP API, payload format 2.0.
pub fn http_event(call: &HttpCall<'_>) -> Value {
    let (headers, cookies) = headers_and_cookies(call.headers);
    let now = chrono::Utc::now();
    let mut event = json!({
        "version": "2.0",
        "routeKey": call.route_key,
        "rawPath": call.path,
        "rawQueryString": call.raw_query,
        "headers": headers,
        "requestContext": {
            "accountId": ACCOUNT,
            "apiId": API_ID,
            "domainName": call.domain,
            "domainPrefix": call.domain.split('.').next().unwrap_or(call.domain),
            "http": {
                "method": call.method,
                "path": call.path,
                "protocol": "HTTP/1.1",
                "sourceIp": call.source_ip,
                "userAgent": call.headers.get(http::header::USER_AGENT).and_then(|v| v.to_str().ok()).unwrap_or(""),
            },
            "requestId": call.request_id,
            "routeKey": call.route_key,
            "stage": "$default",
            "time": now.format("%d/%b/%Y:%H:%M:%S %z").to_string(),
            "timeEpoch": now.timestamp_millis(),
        },
        "isBase64Encoded": !call.body.is_empty(),
    });
    if !cookies.is_empty() {
        event["cookies"] = json!(cookies);
    }
    if !call.query.is_empty() {
        event["queryStringParameters"] = Value::Object(joined(call.query));
    }
    if !call.path_parameters.is_empty() {
        event["pathParameters"] = json!(call.path_parameters);
    }
    if !call.body.is_empty() {
        // API Gateway base64-encodes bodies it does not know to be text; the function decodes both.
        event["body"] = Value::String(B64.encode(call.body));
    }
    event
}

/// What a WebSocket route receives.
pub struct SocketCall<'a> {
    pub route_key: &'a str,
    pub event_type: &'a str,
    pub connection_id: &'a str,
    pub connected_at: i64,
    pub source_ip: &'a str,
    pub user_agent: Option<&'a str>,
    pub headers: Option<&'a HeaderMap>,
    pub query: &'a HashMap<String, Vec<String>>,
    pub body: Option<&'a str>,
    pub stage: &'a str,
    pub domain: &'a str,
}

/// API Gateway WebSocket API proxy event.
pub fn socket_event(call: &SocketCall<'_>) -> Value {
    let now = chrono::Utc::now();
    let mut event = json!({
        "requestContext": {
            "routeKey": call.route_key,
            "eventType": call.event_type,
            "extendedRequestId": ulid::Ulid::new().to_string(),
            "requestTime": now.format("%d/%b/%Y:%H:%M:%S %z").to_string(),
            "messageDirection": "IN",
            "stage": call.stage,
            "connectedAt": call.connected_at,
            "requestTimeEpoch": now.timestamp_millis(),
            "identity": {"sourceIp": call.source_ip, "userAgent": call.user_agent},
            "requestId": ulid::Ulid::new().to_string(),
            "domainName": call.domain,
            "connectionId": call.connection_id,
            "apiId": API_ID,
        },
        "isBase64Encoded": false,
    });
    if call.event_type == "MESSAGE" {
        event["requestContext"]["messageId"] = json!(ulid::Ulid::new().to_string());
    }
    if let Some(headers) = call.headers {
        let (mut single, cookies) = headers_and_cookies(headers);
        if !cookies.is_empty() {
            single.insert("cookie".into(), Value::String(cookies.join("; ")));
        }
        let multi: Map<String, Value> = single
            .iter()
            .map(|(k, v)| (k.clone(), json!([v])))
            .collect();
        event["headers"] = Value::Object(single);
        event["multiValueHeaders"] = Value::Object(multi);
    }
    if !call.query.is_empty() {
        event["queryStringParameters"] = Value::Object(joined(call.query));
        event["multiValueQueryStringParameters"] = json!(call.query);
    }
    if let Some(body) = call.body {
        event["body"] = Value::String(body.to_owned());
    }
    event
}

/// A message as the SQS event source hands it over.
pub struct QueuedMessage<'a> {
    pub id: &'a str,
    pub receipt: &'a str,
    pub body: &'a str,
    pub receive_count: u32,
}

/// An SQS batch.
pub fn sqs_event(queue: &str, messages: &[QueuedMessage<'_>]) -> Value {
    let now = chrono::Utc::now().timestamp_millis().to_string();
    let records: Vec<Value> = messages
        .iter()
        .map(|m| {
            json!({
                "messageId": m.id,
                "receiptHandle": m.receipt,
                "body": m.body,
                "attributes": {
                    "ApproximateReceiveCount": m.receive_count.to_string(),
                    "SentTimestamp": now,
                    "SenderId": ACCOUNT,
                    "ApproximateFirstReceiveTimestamp": now,
                },
                "messageAttributes": {},
                "md5OfBody": "",
                "eventSource": "aws:sqs",
                "eventSourceARN": format!("arn:aws:sqs:{REGION}:{ACCOUNT}:{queue}"),
                "awsRegion": REGION,
            })
        })
        .collect();
    json!({ "Records": records })
}

/// The ids a queue function reported as failed (`batchItemFailures`); an answer that is not a batch
/// response fails the whole batch, as the event source does.
pub fn failed_items(answer: &[u8], batch: &[QueuedMessage<'_>]) -> Vec<String> {
    match serde_json::from_slice::<Value>(answer) {
        Ok(v) => v["batchItemFailures"]
            .as_array()
            .map(|items| {
                items
                    .iter()
                    .filter_map(|i| i["itemIdentifier"].as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default(),
        Err(_) => batch.iter().map(|m| m.id.to_owned()).collect(),
    }
}

/// What EventBridge Scheduler sends when a schedule has no input of its own.
pub fn schedule_event(function: &str) -> Value {
    json!({
        "version": "0",
        "id": ulid::Ulid::new().to_string(),
        "detail-type": "Scheduled Event",
        "source": "aws.scheduler",
        "account": ACCOUNT,
        "time": chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        "region": REGION,
        "resources": [format!("arn:aws:scheduler:{REGION}:{ACCOUNT}:schedule/default/{function}")],
        "detail": {},
    })
}

/// An HTTP response from a function's answer (payload 2.0 response or the WebSocket one); an answer
/// that is not one becomes API Gateway's own 500.
pub fn http_response(answer: &[u8]) -> http::Response<Vec<u8>> {
    let Ok(v) = serde_json::from_slice::<Value>(answer) else {
        return internal_error();
    };
    let status = v["statusCode"]
        .as_u64()
        .and_then(|s| StatusCode::from_u16(s as u16).ok())
        .unwrap_or(StatusCode::OK);
    let mut response = http::Response::new(Vec::new());
    *response.status_mut() = status;
    let headers = response.headers_mut();
    if let Some(multi) = v["multiValueHeaders"].as_object() {
        for (name, values) in multi {
            for value in values.as_array().into_iter().flatten() {
                append(headers, name, value.as_str().unwrap_or(""));
            }
        }
    }
    if let Some(single) = v["headers"].as_object() {
        for (name, value) in single {
            if !headers.contains_key(name.as_str()) {
                append(headers, name, value.as_str().unwrap_or(""));
            }
        }
    }
    for cookie in v["cookies"].as_array().into_iter().flatten() {
        append(headers, "set-cookie", cookie.as_str().unwrap_or(""));
    }
    let body = v["body"].as_str().unwrap_or("");
    *response.body_mut() = if v["isBase64Encoded"].as_bool().unwrap_or(false) {
        match B64.decode(body) {
            Ok(bytes) => bytes,
            Err(_) => return internal_error(),
        }
    } else {
        body.as_bytes().to_vec()
    };
    response
}

fn append(headers: &mut HeaderMap, name: &str, value: &str) {
    if let (Ok(name), Ok(value)) = (
        HeaderName::from_bytes(name.as_bytes()),
        HeaderValue::from_str(value),
    ) {
        headers.append(name, value);
    }
}

/// What API Gateway answers when the integration fails: `{"message":"Internal Server Error"}`.
pub fn internal_error() -> http::Response<Vec<u8>> {
    let mut response = http::Response::new(br#"{"message":"Internal Server Error"}"#.to_vec());
    *response.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
    response.headers_mut().insert(
        http::header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookies_leave_the_headers_and_bodies_are_base64() {
        let mut headers = HeaderMap::new();
        headers.insert("cookie", HeaderValue::from_static("a=1; b=2"));
        headers.append("x-many", HeaderValue::from_static("one"));
        headers.append("x-many", HeaderValue::from_static("two"));
        let query = HashMap::from([("q".to_owned(), vec!["x".to_owned(), "y".to_owned()])]);
        let params = HashMap::from([("id".to_owned(), "42".to_owned())]);
        let event = http_event(&HttpCall {
            method: "POST",
            route_key: "POST /api/v1/posts/{id}",
            path: "/api/v1/posts/42",
            raw_query: "q=x&q=y",
            query: &query,
            path_parameters: &params,
            headers: &headers,
            body: b"{}",
            source_ip: "127.0.0.1",
            request_id: "r1",
            domain: "127.0.0.1",
        });
        assert_eq!(event["cookies"], json!(["a=1", "b=2"]));
        assert!(event["headers"].get("cookie").is_none());
        assert_eq!(event["headers"]["x-many"], "one,two");
        assert_eq!(event["queryStringParameters"]["q"], "x,y");
        assert_eq!(event["body"], "e30=");
        assert_eq!(event["isBase64Encoded"], true);
    }

    #[test]
    fn responses_keep_every_cookie_and_decode_bodies() {
        let answer = json!({
            "statusCode": 201,
            "headers": {"content-type": "application/json"},
            "multiValueHeaders": {},
            "cookies": ["a=1; HttpOnly", "b=2"],
            "body": "e30=",
            "isBase64Encoded": true,
        });
        let response = http_response(answer.to_string().as_bytes());
        assert_eq!(response.status(), 201);
        assert_eq!(response.headers().get_all("set-cookie").iter().count(), 2);
        assert_eq!(response.body(), b"{}");
        assert_eq!(http_response(b"not json").status(), 500);
    }

    #[test]
    fn a_batch_answer_names_its_failures() {
        let batch = [
            QueuedMessage {
                id: "m1",
                receipt: "r1",
                body: "{}",
                receive_count: 1,
            },
            QueuedMessage {
                id: "m2",
                receipt: "r2",
                body: "{}",
                receive_count: 2,
            },
        ];
        let event = sqs_event("jobs", &batch);
        assert_eq!(
            event["Records"][1]["attributes"]["ApproximateReceiveCount"],
            "2"
        );
        assert_eq!(
            failed_items(
                br#"{"batchItemFailures":[{"itemIdentifier":"m2"}]}"#,
                &batch
            ),
            vec!["m2"]
        );
        assert_eq!(failed_items(b"oops", &batch), vec!["m1", "m2"]);
    }
}
