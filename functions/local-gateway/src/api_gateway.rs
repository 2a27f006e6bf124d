//! The HTTP API as API Gateway would serve it: match a registry route, turn the request into the
//! `lambda_http::Request` a Lambda would receive (path parameters, query string, request context),
//! run the function through the shared edge, and turn its response back.

use axum::body::Body as AxumBody;
use axum::extract::{ConnectInfo, State};
use axum::response::{IntoResponse, Response as AxumResponse};
use http::{Method, StatusCode};
use lambda_http::aws_lambda_events::apigw::{
    ApiGatewayV2httpRequestContext, ApiGatewayV2httpRequestContextHttpDescription,
};
use lambda_http::request::RequestContext;
use lambda_http::{Body, RequestExt};
use rouen_api::edge;
use rouen_api::problem::ApiError;
use rouen_api::registry::{Route, Trigger, routes};
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;

use crate::server::GatewayState;

/// API Gateway's own payload limit; routes have tighter limits of their own.
pub const GATEWAY_MAX_BODY: usize = 10 * 1024 * 1024;

/// Every HTTP route of the registry, by path template, then method.
pub struct RouteTable {
    router: matchit::Router<Vec<(&'static str, &'static Route)>>,
}

impl RouteTable {
    pub fn from_registry() -> Result<Self, String> {
        let mut by_path: HashMap<&'static str, Vec<(&'static str, &'static Route)>> =
            HashMap::new();
        for route in routes() {
            if let Trigger::Http { method, path } = route.trigger {
                by_path.entry(path).or_default().push((method, route));
            }
        }
        let mut router = matchit::Router::new();
        for (path, methods) in by_path {
            router
                .insert(path, methods)
                .map_err(|e| format!("route {path}: {e}"))?;
        }
        Ok(Self { router })
    }
}

fn to_axum(response: lambda_http::Response<Body>) -> AxumResponse {
    let (parts, body) = response.into_parts();
    let bytes: Vec<u8> = match body {
        Body::Empty => Vec::new(),
        Body::Text(text) => text.into_bytes(),
        Body::Binary(bytes) => bytes,
        _ => Vec::new(),
    };
    AxumResponse::from_parts(parts, AxumBody::from(bytes))
}

fn gateway_problem(
    err: &ApiError,
    request: &http::request::Parts,
    state: &GatewayState,
) -> AxumResponse {
    let request_id = ulid::Ulid::new().to_string();
    let mut response = edge::problem_response(err, &request_id);
    edge::decorate(
        response.headers_mut(),
        &request_id,
        request.headers.get(http::header::ORIGIN),
        &state.engines.platform.settings.web_origins,
    );
    to_axum(response)
}

fn query_map(query: Option<&str>) -> HashMap<String, Vec<String>> {
    let mut map: HashMap<String, Vec<String>> = HashMap::new();
    for (k, v) in url::form_urlencoded::parse(query.unwrap_or("").as_bytes()) {
        map.entry(k.into_owned()).or_default().push(v.into_owned());
    }
    map
}

/// `ANY /api/*`.
pub async fn handle(
    State(state): State<Arc<GatewayState>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    request: axum::extract::Request,
) -> AxumResponse {
    let (parts, body) = request.into_parts();
    let path = parts.uri.path().to_owned();
    let Ok(matched) = state.routes.router.at(&path) else {
        return gateway_problem(&ApiError::RouteNotFound, &parts, &state);
    };
    let methods = matched.value;
    let params: HashMap<String, String> = matched
        .params
        .iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();

    if parts.method == Method::OPTIONS {
        let request_id = ulid::Ulid::new().to_string();
        return to_axum(edge::preflight_response(
            parts.headers.get(http::header::ORIGIN),
            &state.engines.platform.settings.web_origins,
            &request_id,
        ));
    }
    // HEAD is served by the GET route, as API Gateway does for HTTP APIs with a GET route.
    let wanted = if parts.method == Method::HEAD {
        "GET"
    } else {
        parts.method.as_str()
    };
    let Some((_, route)) = methods.iter().find(|(m, _)| *m == wanted) else {
        let mut allow: Vec<String> = methods.iter().map(|(m, _)| (*m).to_owned()).collect();
        allow.push("OPTIONS".into());
        return gateway_problem(&ApiError::MethodNotAllowed { allow }, &parts, &state);
    };
    let bytes = match axum::body::to_bytes(body, GATEWAY_MAX_BODY).await {
        Ok(bytes) => bytes,
        Err(_) => {
            return gateway_problem(
                &ApiError::PayloadTooLarge {
                    limit: GATEWAY_MAX_BODY,
                },
                &parts,
                &state,
            );
        }
    };

    let mut context = ApiGatewayV2httpRequestContext::default();
    let method_str = parts.method.as_str().to_owned();
    let path_template = match route.trigger {
        Trigger::Http { path, .. } => path,
        _ => "",
    };
    context.route_key = Some(format!("{wanted} {path_template}"));
    context.stage = Some("$default".into());
    context.request_id = Some(ulid::Ulid::new().to_string());
    context.time_epoch = chrono::Utc::now().timestamp_millis();
    let mut http_desc = ApiGatewayV2httpRequestContextHttpDescription::default();
    http_desc.method = parts.method.clone();
    http_desc.path = Some(path.clone());
    http_desc.protocol = Some("HTTP/1.1".into());
    http_desc.source_ip = Some(peer.ip().to_string());
    http_desc.user_agent = parts
        .headers
        .get(http::header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    context.http = http_desc;
    tracing::debug!(method = %method_str, %path, "routing");

    let is_head = parts.method == Method::HEAD;
    if let Some(cloud) = &state.cloud {
        let route_key = format!("{wanted} {path_template}");
        let query = query_map(parts.uri.query());
        let request_id = ulid::Ulid::new().to_string();
        let domain = parts
            .headers
            .get(http::header::HOST)
            .and_then(|h| h.to_str().ok())
            .unwrap_or("127.0.0.1")
            .to_owned();
        let event = crate::cloud::events::http_event(&crate::cloud::events::HttpCall {
            method: wanted,
            route_key: &route_key,
            path: &path,
            raw_query: parts.uri.query().unwrap_or(""),
            query: &query,
            path_parameters: &params,
            headers: &parts.headers,
            body: &bytes,
            source_ip: &peer.ip().to_string(),
            request_id: &request_id,
            domain: &domain,
        });
        let response = match cloud
            .pool
            .invoke(route.function, bytes::Bytes::from(event.to_string()))
            .await
        {
            Ok(answer) => crate::cloud::events::http_response(&answer),
            Err(err) => {
                tracing::error!(function = route.function, error = %err, "invocation failed");
                crate::cloud::events::internal_error()
            }
        };
        let (response_parts, body) = response.into_parts();
        let mut response = AxumResponse::from_parts(response_parts, AxumBody::from(body));
        if is_head {
            *response.body_mut() = AxumBody::empty();
        }
        return response;
    }
    let mut lambda_request = http::Request::from_parts(
        parts,
        if bytes.is_empty() {
            Body::Empty
        } else {
            Body::Binary(bytes.to_vec())
        },
    );
    if is_head {
        *lambda_request.method_mut() = Method::GET;
    }
    let query = lambda_request.uri().query().map(str::to_owned);
    let lambda_request = lambda_request
        .with_raw_http_path(path)
        .with_path_parameters(params)
        .with_query_string_parameters(query_map(query.as_deref()))
        .with_request_context(RequestContext::ApiGatewayV2(context));

    let response = edge::serve(route, state.engines.platform.clone(), lambda_request).await;
    let mut response = to_axum(response);
    if is_head {
        *response.body_mut() = AxumBody::empty();
    }
    response
}

/// Paths outside `/api` that no other service claims.
pub async fn not_found() -> AxumResponse {
    (StatusCode::NOT_FOUND, "not found").into_response()
}
