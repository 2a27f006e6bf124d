//! The edge of every HTTP and WebSocket function: request ids, structured logs, body limits, error →
//! problem mapping, CORS and security headers, panic containment. Both runtimes call [`serve`].

use crate::platform::Platform;
use crate::problem::ApiError;
use crate::registry::{Handler, Route};
use futures::FutureExt;
use http::{HeaderMap, HeaderValue, StatusCode, header};
use lambda_http::request::RequestContext;
use lambda_http::{Body, Request, RequestExt, Response};
use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::time::Instant;
use tracing::Instrument;

pub const REQUEST_ID_HEADER: &str = "x-request-id";

/// The request id the edge settled on, left in the request's extensions for handlers that build
/// their own problem responses.
#[derive(Debug, Clone)]
pub struct RequestId(pub String);

/// The request id of a request: a well-formed one from the client or the gateway, else a new one.
pub fn request_id(request: &Request) -> String {
    let from_header = request
        .headers()
        .get(REQUEST_ID_HEADER)
        .and_then(|v| v.to_str().ok())
        .filter(|v| is_valid_request_id(v))
        .map(str::to_owned);
    from_header
        .or_else(|| match request.request_context_ref() {
            Some(RequestContext::ApiGatewayV2(ctx)) => ctx.request_id.clone(),
            Some(RequestContext::WebSocket(ctx)) => ctx.request_id.clone(),
            _ => None,
        })
        .filter(|v| is_valid_request_id(v))
        .unwrap_or_else(|| ulid::Ulid::new().to_string())
}

/// Only short, plain ids are echoed: a client must not be able to inject text into logs or headers.
fn is_valid_request_id(id: &str) -> bool {
    (8..=64).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.=".contains(&b))
}

/// Serves one request with a route's handler, applying every API convention.
pub async fn serve(
    route: &'static Route,
    platform: Arc<Platform>,
    mut request: Request,
) -> Response<Body> {
    let request_id = request_id(&request);
    let method = request.method().clone();
    let path = request.raw_http_path().to_owned();
    let origin = request.headers().get(header::ORIGIN).cloned();
    let span = tracing::info_span!("request", request_id = %request_id, function = route.function, %method, %path, user_id = tracing::field::Empty);
    let started = Instant::now();

    let (outcome, consumed) = rouen_ports::capacity::measure(
        async {
            check_body_size(
                &request,
                route
                    .max_body_bytes
                    .unwrap_or(platform.settings.max_body_bytes),
            )?;
            request
                .extensions_mut()
                .insert(RequestId(request_id.clone()));
            crate::caller::authenticate(&platform, route.auth, &mut request)?;
            let Handler::Http(handler) = route.handler else {
                return Err(ApiError::Internal(format!(
                    "{} is not an HTTP function",
                    route.function
                )));
            };
            match AssertUnwindSafe(handler(platform.clone(), request))
                .catch_unwind()
                .await
            {
                Ok(result) => result,
                Err(panic) => {
                    let what = panic
                        .downcast_ref::<&str>()
                        .map(|s| (*s).to_owned())
                        .or_else(|| panic.downcast_ref::<String>().cloned())
                        .unwrap_or_else(|| "unknown panic".into());
                    Err(ApiError::Internal(format!("handler panicked: {what}")))
                }
            }
        }
        .instrument(span.clone()),
    )
    .await;

    let mut response = match outcome {
        Ok(response) => response,
        Err(err) => {
            if err.is_server_fault() {
                tracing::error!(parent: &span, error = %err, code = err.code(), "request failed");
            } else {
                tracing::info!(parent: &span, error = %err, code = err.code(), "request refused");
            }
            problem_response(&err, &request_id)
        }
    };
    decorate(
        response.headers_mut(),
        &request_id,
        origin.as_ref(),
        &platform.settings.web_origins,
    );
    let status = response.status().as_u16();
    let latency = started.elapsed();
    tracing::info!(
        parent: &span,
        status,
        latency_ms = latency.as_millis() as u64,
        "request served"
    );
    {
        use crate::metrics::{Metric, emit};
        emit(&[
            (Metric::Latency, latency.as_secs_f64() * 1000.0),
            (Metric::Requests, 1.0),
            (Metric::ServerErrors, f64::from(u8::from(status >= 500))),
            (
                Metric::ClientErrors,
                f64::from(u8::from((400..500).contains(&status))),
            ),
            (Metric::ReadCapacity, consumed.read),
            (Metric::WriteCapacity, consumed.write),
        ]);
        if status >= 500 {
            crate::metrics::emit_per_function(&[(Metric::ServerErrors, 1.0)]);
        }
    }
    response
}

fn check_body_size(request: &Request, limit: usize) -> Result<(), ApiError> {
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|len| len > limit as u64) || request.body().len() > limit {
        return Err(ApiError::PayloadTooLarge { limit });
    }
    Ok(())
}

/// A problem document response (also used by the gateway for its own 404/405/413).
pub fn problem_response(err: &ApiError, request_id: &str) -> Response<Body> {
    let problem = err.to_problem(request_id);
    let body = serde_json::to_vec(&problem).unwrap_or_default();
    let mut response = Response::new(Body::from(body));
    *response.status_mut() =
        StatusCode::from_u16(problem.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(crate::openapi::PROBLEM_JSON),
    );
    match err {
        ApiError::MethodNotAllowed { allow } => {
            if let Ok(v) = HeaderValue::from_str(&allow.join(", ")) {
                headers.insert(header::ALLOW, v);
            }
        }
        ApiError::RateLimited { retry_after_secs }
        | ApiError::AccountLocked { retry_after_secs } => {
            headers.insert(header::RETRY_AFTER, HeaderValue::from(*retry_after_secs));
        }
        ApiError::Unauthorized | ApiError::InvalidAccessToken => {
            headers.insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        _ => {}
    }
    response
}

/// Adds the request id, security headers and CORS headers to an API response.
pub fn decorate(
    headers: &mut HeaderMap,
    request_id: &str,
    origin: Option<&HeaderValue>,
    allowed: &[String],
) {
    if let Ok(v) = HeaderValue::from_str(request_id) {
        headers.insert(REQUEST_ID_HEADER, v);
    }
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; frame-ancestors 'none'"),
    );
    headers.insert(
        header::STRICT_TRANSPORT_SECURITY,
        HeaderValue::from_static("max-age=31536000; includeSubDomains"),
    );
    if !headers.contains_key(header::CACHE_CONTROL) {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    if let Some(origin) = origin.filter(|o| allowed.iter().any(|a| o.as_bytes() == a.as_bytes())) {
        headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin.clone());
        headers.insert(
            header::ACCESS_CONTROL_ALLOW_CREDENTIALS,
            HeaderValue::from_static("true"),
        );
        headers.insert(
            header::ACCESS_CONTROL_EXPOSE_HEADERS,
            HeaderValue::from_static("x-request-id, retry-after"),
        );
    }
    headers.append(header::VARY, HeaderValue::from_static("Origin"));
}

/// The answer to a CORS preflight (API Gateway answers these itself from the template's CORS settings).
pub fn preflight_response(
    origin: Option<&HeaderValue>,
    allowed: &[String],
    request_id: &str,
) -> Response<Body> {
    let mut response = Response::new(Body::Empty);
    *response.status_mut() = StatusCode::NO_CONTENT;
    let headers = response.headers_mut();
    decorate(headers, request_id, origin, allowed);
    if headers.contains_key(header::ACCESS_CONTROL_ALLOW_ORIGIN) {
        headers.insert(
            header::ACCESS_CONTROL_ALLOW_METHODS,
            HeaderValue::from_static("GET, POST, PUT, PATCH, DELETE, OPTIONS"),
        );
        headers.insert(
            header::ACCESS_CONTROL_ALLOW_HEADERS,
            HeaderValue::from_static("authorization, content-type, x-request-id, x-csrf-token"),
        );
        headers.insert(
            header::ACCESS_CONTROL_MAX_AGE,
            HeaderValue::from_static("600"),
        );
    }
    response
}
