//! The one registry of every function: HTTP routes, WebSocket routes, queue consumers and schedules.
//!
//! The local gateway mounts it, each Lambda `main` serves one entry of it, a test proves that
//! `template.yaml` declares exactly these functions, and the OpenAPI document is generated from it.

use crate::handlers;
use crate::openapi::OperationDoc;
use crate::platform::Platform;
use crate::problem::ApiError;
use futures::future::BoxFuture;
use lambda_http::{Body, Request, Response};
use std::sync::{Arc, LazyLock};

/// Who may call a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Auth {
    /// Anyone.
    Public,
    /// A signed-in resident (access token).
    User,
    /// A moderator or administrator.
    Admin,
}

/// What invokes a function.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Trigger {
    /// An HTTP API route; `path` uses API Gateway's `{param}` syntax.
    Http {
        method: &'static str,
        path: &'static str,
    },
    /// A WebSocket API route: `$connect`, `$disconnect`, `$default`, or a custom route key matched
    /// against the `type` field of a JSON frame.
    WebSocket { route_key: &'static str },
    /// A queue consumer (SQS event source with partial-batch failure reports).
    Queue { queue: &'static str },
    /// A schedule, in EventBridge syntax: `rate(5 minutes)`.
    Schedule { expression: &'static str },
}

/// One message handed to a queue consumer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueueRecord {
    pub message_id: String,
    pub body: String,
    pub receive_count: u32,
}

/// Which records failed and must be delivered again (partial-batch failure).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BatchOutcome {
    pub failed: Vec<String>,
}

pub type HttpHandler =
    fn(Arc<Platform>, Request) -> BoxFuture<'static, Result<Response<Body>, ApiError>>;
pub type QueueHandler = fn(Arc<Platform>, Vec<QueueRecord>) -> BoxFuture<'static, BatchOutcome>;
pub type ScheduleHandler = fn(Arc<Platform>) -> BoxFuture<'static, Result<(), ApiError>>;

#[derive(Clone, Copy)]
pub enum Handler {
    /// HTTP routes and WebSocket routes alike receive a `lambda_http::Request`.
    Http(HttpHandler),
    Queue(QueueHandler),
    Schedule(ScheduleHandler),
}

#[derive(Clone)]
pub struct Route {
    /// The function's name: the Lambda binary and the `Binary` of its template resource.
    pub function: &'static str,
    pub trigger: Trigger,
    pub auth: Auth,
    pub handler: Handler,
    /// Largest request body accepted.
    pub max_body_bytes: Option<usize>,
    /// For HTTP routes: how the OpenAPI document describes it.
    pub doc: Option<OperationDoc>,
}

impl Route {
    /// An HTTP route with its OpenAPI description.
    pub fn http(
        function: &'static str,
        method: &'static str,
        path: &'static str,
        auth: Auth,
        handler: HttpHandler,
        doc: OperationDoc,
    ) -> Self {
        Self {
            function,
            trigger: Trigger::Http { method, path },
            auth,
            handler: Handler::Http(handler),
            max_body_bytes: Some(16 * 1024),
            doc: Some(doc),
        }
    }

    pub fn max_body(mut self, bytes: usize) -> Self {
        self.max_body_bytes = Some(bytes);
        self
    }
}

static REGISTRY: LazyLock<Vec<Route>> = LazyLock::new(|| {
    let mut routes = vec![
        handlers::health::route(),
        handlers::build_info::route(),
        handlers::openapi::route(),
        handlers::jobs::route(),
        handlers::heartbeat::route(),
        handlers::heartbeat::history_route(),
        handlers::client_errors::route(),
    ];
    routes.extend(handlers::auth::routes());
    routes.extend(handlers::users::routes());
    routes.extend(handlers::social_graph::routes());
    routes.extend(handlers::profile_images::routes());
    routes.extend(handlers::posts::routes());
    routes.extend(handlers::discover::routes());
    routes.extend(handlers::moderation::routes());
    routes.extend(handlers::notifications::routes());
    routes.extend(handlers::realtime::routes());
    routes.extend(handlers::chat::routes());
    routes.extend(handlers::events::routes());
    routes.extend(handlers::news::routes());
    routes.extend(handlers::traffic::routes());
    routes.extend(handlers::transit::routes());
    routes.extend(handlers::weather::routes());
    routes
});

/// Every function, in a stable order.
pub fn routes() -> &'static [Route] {
    &REGISTRY
}

pub fn find(function: &str) -> Option<&'static Route> {
    routes().iter().find(|r| r.function == function)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn names_and_triggers_are_unique() {
        let mut names = HashSet::new();
        let mut triggers = HashSet::new();
        for route in routes() {
            assert!(
                names.insert(route.function),
                "function {} is declared twice",
                route.function
            );
            // Two schedules may share a rate; a route, a WebSocket route key or a queue may not.
            assert!(
                matches!(route.trigger, Trigger::Schedule { .. })
                    || triggers.insert(format!("{:?}", route.trigger)),
                "trigger of {} is declared twice",
                route.function
            );
            assert!(
                route.function.len() <= 40
                    && route
                        .function
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
                "function names are kebab-case: {}",
                route.function
            );
        }
    }

    #[test]
    fn http_routes_live_under_the_api_base_and_are_documented() {
        for route in routes() {
            if let Trigger::Http { path, .. } = route.trigger {
                assert!(path.starts_with("/api/v1/"), "{path} is outside /api/v1");
                assert!(
                    route.doc.is_some(),
                    "{} has no OpenAPI description",
                    route.function
                );
                assert!(matches!(route.handler, Handler::Http(_)));
            }
        }
    }
}
