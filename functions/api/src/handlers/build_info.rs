//! `GET /api/v1/build-info`: which build is answering, and in which runtime.

use crate::io::json;
use crate::openapi::{OperationDoc, schema_of};
use crate::platform::{Platform, Runtime};
use crate::problem::ApiError;
use crate::registry::{Auth, Handler, Route, Trigger};
use chrono::{DateTime, Utc};
use futures::FutureExt;
use http::StatusCode;
use lambda_http::{Body, Request, Response};
use schemars::JsonSchema;
use serde::Serialize;
use std::sync::Arc;

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct BuildInfo {
    pub name: String,
    pub version: String,
    pub git_sha: String,
    pub built_at: DateTime<Utc>,
    pub runtime: Runtime,
}

pub fn build_info(runtime: Runtime) -> BuildInfo {
    let epoch = env!("ROUEN_BUILT_AT_EPOCH").parse::<i64>().unwrap_or(0);
    BuildInfo {
        name: "rouen-social".into(),
        version: env!("CARGO_PKG_VERSION").into(),
        git_sha: env!("ROUEN_GIT_SHA").into(),
        built_at: DateTime::from_timestamp(epoch, 0).unwrap_or_default(),
        runtime,
    }
}

pub fn route() -> Route {
    Route {
        function: "build-info",
        trigger: Trigger::Http {
            method: "GET",
            path: "/api/v1/build-info",
        },
        auth: Auth::Public,
        handler: Handler::Http(|p, r| handle(p, r).boxed()),
        max_body_bytes: None,
        doc: Some(
            OperationDoc::new(
                "platform",
                "Version, commit and runtime of the answering build",
            )
            .response(200, "Build information", schema_of::<BuildInfo>),
        ),
    }
}

async fn handle(platform: Arc<Platform>, _request: Request) -> Result<Response<Body>, ApiError> {
    json(StatusCode::OK, &build_info(platform.settings.runtime))
}
