//! Reading input and writing output the same way in every handler.

use crate::platform::{Settings, TrustedEdge};
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
/// The header CloudFront's viewer-request function sets to the viewer's address (template.yaml,
/// `WebApiViewerAddress`), overwriting whatever the viewer sent.
pub const VIEWER_IP_HEADER: &str = "x-rouen-viewer-ip";
/// The header CloudFront adds on its way to the API (the `api` origin's custom header).
pub const EDGE_SECRET_HEADER: &str = "x-rouen-edge-secret";

/// The address a request comes from, for rate limits and known devices: the viewer's behind a trusted
/// edge, else the connection's source as the gateway saw it.
pub fn client_ip(request: &Request, settings: &Settings) -> String {
    use lambda_http::request::RequestContext;
    if let Some(ip) = settings
        .trusted_edge
        .as_ref()
        .and_then(|edge| viewer_ip(request, edge))
    {
        return ip.to_string();
    }
    match request.request_context_ref() {
        Some(RequestContext::ApiGatewayV2(ctx)) => ctx.http.source_ip.clone(),
        Some(RequestContext::WebSocket(ctx)) => ctx.identity.source_ip.clone(),
        _ => None,
    }
    .unwrap_or_else(|| "unknown".to_owned())
}

fn viewer_ip(request: &Request, edge: &TrustedEdge) -> Option<std::net::IpAddr> {
    use subtle::ConstantTimeEq;
    let headers = request.headers();
    let secret = headers.get(EDGE_SECRET_HEADER)?.as_bytes();
    if !bool::from(secret.ct_eq(edge.secret.as_bytes())) {
        return None;
    }
    headers
        .get(VIEWER_IP_HEADER)?
        .to_str()
        .ok()?
        .trim()
        .parse()
        .ok()
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

#[cfg(test)]
mod client_ip_tests {
    use super::*;
    use crate::platform::{AuthSettings, Runtime};
    use lambda_http::aws_lambda_events::apigw::{
        ApiGatewayV2httpRequestContext, ApiGatewayV2httpRequestContextHttpDescription,
    };
    use lambda_http::request::RequestContext;

    fn settings(edge: Option<&str>) -> Result<Settings, String> {
        let key = crate::accounts::tokens::SigningKey::new(vec![7; 32]).ok_or("signing key")?;
        let mut settings =
            Settings::new(Runtime::Aws, vec![], AuthSettings::new(key, String::new()));
        settings.trusted_edge = edge.map(|secret| TrustedEdge {
            secret: secret.to_owned(),
        });
        Ok(settings)
    }

    fn request(headers: &[(&str, &str)]) -> Result<Request, String> {
        let mut builder = http::Request::builder().uri("/api/v1/auth/login");
        for (name, value) in headers {
            builder = builder.header(*name, *value);
        }
        let mut http = ApiGatewayV2httpRequestContextHttpDescription::default();
        http.source_ip = Some("130.176.1.2".into());
        let mut context = ApiGatewayV2httpRequestContext::default();
        context.http = http;
        Ok(builder
            .body(Body::Empty)
            .map_err(|e| e.to_string())?
            .with_request_context(RequestContext::ApiGatewayV2(context)))
    }

    #[test]
    fn without_an_edge_the_source_is_the_connection() -> Result<(), String> {
        let forged = request(&[(VIEWER_IP_HEADER, "203.0.113.9")])?;
        assert_eq!(client_ip(&forged, &settings(None)?), "130.176.1.2");
        Ok(())
    }

    #[test]
    fn behind_the_edge_the_viewer_address_counts_only_with_its_secret() -> Result<(), String> {
        let edge = settings(Some("s3cret-from-secrets-manager"))?;
        let through_edge = request(&[
            (VIEWER_IP_HEADER, "2a01:cb00::1"),
            (EDGE_SECRET_HEADER, "s3cret-from-secrets-manager"),
        ])?;
        assert_eq!(client_ip(&through_edge, &edge), "2a01:cb00::1");

        // Straight to API Gateway with a made-up viewer address: the connection's source.
        let wrong_secret = request(&[
            (VIEWER_IP_HEADER, "203.0.113.9"),
            (EDGE_SECRET_HEADER, "guess"),
        ])?;
        assert_eq!(client_ip(&wrong_secret, &edge), "130.176.1.2");
        let no_secret = request(&[(VIEWER_IP_HEADER, "203.0.113.9")])?;
        assert_eq!(client_ip(&no_secret, &edge), "130.176.1.2");

        // A header that is not an address never becomes a rate-limit key.
        let garbage = request(&[
            (VIEWER_IP_HEADER, "1.2.3.4, 5.6.7.8"),
            (EDGE_SECRET_HEADER, "s3cret-from-secrets-manager"),
        ])?;
        assert_eq!(client_ip(&garbage, &edge), "130.176.1.2");
        Ok(())
    }
}
