//! The OpenAPI 3.1 document, generated from the registry (JSON Schema 2020-12 from the Rust types).

use crate::problem::Problem;
use crate::registry::{Auth, Trigger, routes};
use schemars::generate::{Contract, SchemaSettings};
use schemars::{Schema, SchemaGenerator};
use serde_json::{Map, Value, json};
use std::sync::LazyLock;

pub type SchemaFn = fn(&mut SchemaGenerator) -> Schema;

pub const JSON: &str = "application/json";
pub const PROBLEM_JSON: &str = "application/problem+json";

#[derive(Clone)]
pub struct ParamDoc {
    pub name: &'static str,
    /// `path` or `query`.
    pub location: &'static str,
    pub required: bool,
    pub description: &'static str,
    pub schema: fn() -> Value,
}

#[derive(Clone)]
pub struct ResponseDoc {
    pub status: u16,
    pub description: &'static str,
    pub content_type: &'static str,
    pub schema: SchemaFn,
}

#[derive(Clone)]
pub struct OperationDoc {
    pub summary: &'static str,
    pub tag: &'static str,
    pub params: Vec<ParamDoc>,
    pub request_body: Option<SchemaFn>,
    pub responses: Vec<ResponseDoc>,
}

impl OperationDoc {
    pub fn new(tag: &'static str, summary: &'static str) -> Self {
        Self {
            summary,
            tag,
            params: Vec::new(),
            request_body: None,
            responses: Vec::new(),
        }
    }

    pub fn response(mut self, status: u16, description: &'static str, schema: SchemaFn) -> Self {
        self.responses.push(ResponseDoc {
            status,
            description,
            content_type: JSON,
            schema,
        });
        self
    }
}

impl OperationDoc {
    pub fn body(mut self, schema: SchemaFn) -> Self {
        self.request_body = Some(schema);
        self
    }

    pub fn param(mut self, param: ParamDoc) -> Self {
        self.params.push(param);
        self
    }

    /// `204 No Content`.
    pub fn no_content(mut self, description: &'static str) -> Self {
        self.responses.push(ResponseDoc {
            status: 204,
            description,
            content_type: JSON,
            schema: |_| Schema::default(),
        });
        self
    }

    /// The `cursor` and `limit` query parameters of a list.
    pub fn paged(self) -> Self {
        self.param(ParamDoc::cursor()).param(ParamDoc::limit())
    }
}

impl ParamDoc {
    /// `{id}`: a user id or a username.
    pub fn user_ref() -> Self {
        Self {
            name: "id",
            location: "path",
            required: true,
            description: "A user id or a username",
            schema: || serde_json::json!({"type": "string", "minLength": 1, "maxLength": 64}),
        }
    }

    pub fn cursor() -> Self {
        Self {
            name: "cursor",
            location: "query",
            required: false,
            description: "The `next_cursor` of the previous page",
            schema: || serde_json::json!({"type": "string", "minLength": 1, "maxLength": 2048}),
        }
    }

    pub fn limit() -> Self {
        Self {
            name: "limit",
            location: "query",
            required: false,
            description: "Page size, 1 to 100 (default 20)",
            schema: || serde_json::json!({"type": "integer", "minimum": 1, "maximum": 100}),
        }
    }
}

/// `schema_of::<T>` as a [`SchemaFn`].
pub fn schema_of<T: schemars::JsonSchema>(generator: &mut SchemaGenerator) -> Schema {
    generator.subschema_for::<T>()
}

/// A request body as the server *reads* it (deserialisation contract: optional fields are optional),
/// inlined so it does not clash with the response schemas of the same name.
pub fn request_schema_of<T: schemars::JsonSchema>(_: &mut SchemaGenerator) -> Schema {
    let mut settings = SchemaSettings::draft2020_12();
    settings.inline_subschemas = true;
    settings.meta_schema = None;
    settings.into_generator().into_root_schema_for::<T>()
}

static DOCUMENT: LazyLock<Value> = LazyLock::new(build);

/// The document (built once per process).
pub fn document() -> &'static Value {
    &DOCUMENT
}

fn build() -> Value {
    let mut settings = SchemaSettings::draft2020_12();
    settings.definitions_path = "/components/schemas".into();
    settings.meta_schema = None;
    // Responses are what the server serialises.
    settings.contract = Contract::Serialize;
    let mut generator = settings.into_generator();
    let problem = generator.subschema_for::<Problem>();

    let mut paths = Map::new();
    for route in routes() {
        let (Trigger::Http { method, path }, Some(doc)) = (&route.trigger, &route.doc) else {
            continue;
        };
        let mut responses = Map::new();
        for r in &doc.responses {
            let response = if r.status == 204 {
                json!({"description": r.description})
            } else {
                json!({"description": r.description, "content": {r.content_type: {"schema": (r.schema)(&mut generator)}}})
            };
            responses.insert(r.status.to_string(), response);
        }
        // Every route can also answer with a problem document (bad input, rate limit, outage...).
        responses.insert(
            "default".into(),
            json!({"description": "A problem (RFC 9457)", "content": {PROBLEM_JSON: {"schema": problem.clone()}}}),
        );
        let params: Vec<Value> = doc
            .params
            .iter()
            .map(|p| {
                json!({"name": p.name, "in": p.location, "required": p.required,
                       "description": p.description, "schema": (p.schema)()})
            })
            .collect();
        let mut op = json!({
            "operationId": route.function,
            "summary": doc.summary,
            "tags": [doc.tag],
            "responses": responses,
        });
        if !params.is_empty() {
            op["parameters"] = Value::Array(params);
        }
        if let Some(body) = doc.request_body {
            op["requestBody"] =
                json!({"required": true, "content": {JSON: {"schema": body(&mut generator)}}});
        }
        if route.auth != Auth::Public {
            op["security"] = json!([{"bearer": []}]);
        }
        let entry = paths.entry(path.to_string()).or_insert_with(|| json!({}));
        entry[method.to_ascii_lowercase()] = op;
    }
    let schemas = generator.take_definitions(true);
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Rouen Social API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "The HTTP API of Rouen Social, a hyperlocal social network for Rouen. Errors are RFC 9457 problem documents with a stable `code`.",
            "license": {"name": "AGPL-3.0-or-later", "identifier": "AGPL-3.0-or-later"}
        },
        "servers": [{"url": "/"}],
        "paths": paths,
        "components": {
            "schemas": schemas,
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}}
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_http_route_is_in_the_document_and_refs_resolve() {
        let doc = document();
        assert_eq!(doc["openapi"], "3.1.0");
        for route in routes() {
            if let Trigger::Http { method, path } = route.trigger {
                let op = &doc["paths"][path][method.to_ascii_lowercase()];
                assert_eq!(op["operationId"], route.function, "{method} {path} missing");
            }
        }
        let text = doc.to_string();
        for r in text.split("\"$ref\":\"#/components/schemas/").skip(1) {
            let name = r.split('"').next().unwrap_or_default();
            assert!(
                doc["components"]["schemas"].get(name).is_some(),
                "dangling $ref {name}"
            );
        }
    }
}
