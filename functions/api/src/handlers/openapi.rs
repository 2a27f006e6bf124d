//! `GET /api/v1/openapi.json`: the OpenAPI 3.1 document generated from the registry.

use crate::io::json;
use crate::openapi::{OperationDoc, document};
use crate::platform::Platform;
use crate::problem::ApiError;
use crate::registry::{Auth, Handler, Route, Trigger};
use futures::FutureExt;
use http::StatusCode;
use lambda_http::{Body, Request, Response};
use schemars::{Schema, SchemaGenerator, json_schema};
use std::sync::Arc;

fn any_object(_: &mut SchemaGenerator) -> Schema {
    json_schema!({"type": "object", "required": ["openapi", "paths"]})
}

pub fn route() -> Route {
    Route {
        function: "openapi",
        trigger: Trigger::Http {
            method: "GET",
            path: "/api/v1/openapi.json",
        },
        auth: Auth::Public,
        handler: Handler::Http(|p, r| handle(p, r).boxed()),
        max_body_bytes: None,
        doc: Some(
            OperationDoc::new("platform", "This OpenAPI 3.1 document").response(
                200,
                "The document",
                any_object,
            ),
        ),
    }
}

async fn handle(_platform: Arc<Platform>, _request: Request) -> Result<Response<Body>, ApiError> {
    let mut response = json(StatusCode::OK, document())?;
    response.headers_mut().insert(
        http::header::CACHE_CONTROL,
        http::HeaderValue::from_static("public, max-age=300"),
    );
    Ok(response)
}
