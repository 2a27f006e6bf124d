//! Reading input and writing output the same way in every handler.

use crate::problem::{ApiError, FieldError};
use http::{HeaderValue, StatusCode, header};
use lambda_http::{Body, Request, RequestExt, Response};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// A JSON response with this status.
pub fn json<T: Serialize>(status: StatusCode, value: &T) -> Result<Response<Body>, ApiError> {
    let body = serde_json::to_vec(value)
        .map_err(|e| ApiError::Internal(format!("serialising a response: {e}")))?;
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = status;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    Ok(response)
}

/// Parses a JSON body into `T`: 415 without a JSON content type, 400 when it is not JSON, 422 with the
/// failing field's path when it is JSON of the wrong shape.
pub fn json_body<T: DeserializeOwned>(request: &Request) -> Result<T, ApiError> {
    let content_type = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    if essence != "application/json" {
        return Err(ApiError::UnsupportedMediaType {
            expected: "application/json",
        });
    }
    let bytes: &[u8] = request.body().as_ref();
    // Syntax first, so "not JSON" (400) and "JSON of the wrong shape" (422) stay apart.
    let value: serde_json::Value =
        serde_json::from_slice(bytes).map_err(|e| ApiError::MalformedJson(e.to_string()))?;
    // serde would read a struct from an array of its fields in order; every body here is an object.
    if !value.is_object() {
        return Err(ApiError::field(
            "body",
            "not_an_object",
            "the body must be a JSON object",
        ));
    }
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        let field = if path == "." {
            "body".to_owned()
        } else {
            format!("body.{path}")
        };
        ApiError::Validation(vec![FieldError::new(
            field,
            "invalid",
            e.inner().to_string(),
        )])
    })
}

/// An optional query parameter, at most once.
pub fn query_param(request: &Request, name: &str) -> Result<Option<String>, ApiError> {
    let params = request.query_string_parameters();
    match params.all(name) {
        None => Ok(None),
        Some(values) if values.len() == 1 => Ok(values.first().map(|v| (*v).to_owned())),
        Some(_) => Err(ApiError::field(
            format!("query.{name}"),
            "repeated",
            format!("`{name}` may appear once"),
        )),
    }
}

/// The `limit` of a list: 1..=max, `default` when absent.
pub fn limit_param(request: &Request, default: u32, max: u32) -> Result<u32, ApiError> {
    match query_param(request, "limit")? {
        None => Ok(default),
        Some(raw) => match raw.parse::<u32>() {
            Ok(n) if (1..=max).contains(&n) => Ok(n),
            _ => Err(ApiError::field(
                "query.limit",
                "out_of_range",
                format!("limit must be an integer from 1 to {max}"),
            )),
        },
    }
}

/// The status a handler returns when all went well but there is nothing to say.
pub fn no_content() -> Response<Body> {
    let mut response = Response::new(Body::Empty);
    *response.status_mut() = StatusCode::NO_CONTENT;
    response
}

/// The client's IP address as the gateway saw it (API Gateway's `sourceIp`).
pub fn client_ip(request: &Request) -> String {
    use lambda_http::request::RequestContext;
    match request.request_context_ref() {
        Some(RequestContext::ApiGatewayV2(ctx)) => ctx.http.source_ip.clone(),
        Some(RequestContext::WebSocket(ctx)) => ctx.identity.source_ip.clone(),
        _ => None,
    }
    .unwrap_or_else(|| "unknown".to_owned())
}

pub fn user_agent(request: &Request) -> String {
    request
        .headers()
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("unknown")
        .chars()
        .take(200)
        .collect()
}

/// A cookie's value from the request's `Cookie` headers.
pub fn cookie(request: &Request, name: &str) -> Option<String> {
    request
        .headers()
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(cookie::Cookie::split_parse)
        .filter_map(Result::ok)
        .find(|c| c.name() == name)
        .map(|c| c.value().to_owned())
}

/// A path parameter the route declares.
pub fn path_param(request: &Request, name: &str) -> Result<String, ApiError> {
    request
        .path_parameters_ref()
        .and_then(|p| p.first(name))
        .map(str::to_owned)
        .ok_or_else(|| ApiError::Internal(format!("route without path parameter `{name}`")))
}

/// The request id of this request (set by the edge).
pub fn request_id_of(request: &Request) -> String {
    request
        .extensions()
        .get::<crate::edge::RequestId>()
        .map(|r| r.0.clone())
        .unwrap_or_else(|| crate::edge::request_id(request))
}

/// Whitespace as JSON Schema's `\S` (ECMAScript) means it: Rust's definition also counts U+0085 and
/// not U+FEFF, and the schema and the handler must agree on what "not only spaces" is.
pub fn is_schema_whitespace(c: char) -> bool {
    (c.is_whitespace() && c != '\u{85}') || c == '\u{feff}'
}

/// Trims what the schema's `\S` pattern counts as whitespace.
pub fn trim_schema(s: &str) -> &str {
    s.trim_matches(is_schema_whitespace)
}

/// The `q` of a search: present, 1 to 100 characters once trimmed as the schema's `\S` trims.
pub fn search_text(request: &Request) -> Result<String, ApiError> {
    let q = query_param(request, "q")?.unwrap_or_default();
    let q = trim_schema(&q);
    if q.is_empty() || q.chars().count() > 100 {
        return Err(ApiError::field(
            "query.q",
            "invalid_length",
            "q has 1 to 100 characters",
        ));
    }
    Ok(q.to_owned())
}
