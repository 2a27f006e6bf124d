//! Rouen Social's handlers and the conventions every one of them follows.
//!
//! - [`registry`]: every function (HTTP routes, WebSocket routes, queue consumers, schedules);
//! - [`edge`]: request ids, logs, limits, headers, problem documents, for both runtimes;
//! - [`handlers`]: the handlers, one module per service;
//! - [`openapi`]: the OpenAPI 3.1 document generated from the registry.

pub mod accounts;
pub mod caller;
pub mod chat;
pub mod city;
pub mod edge;
pub mod handlers;
pub mod io;
pub mod metrics;
pub mod openapi;
pub mod platform;
pub mod problem;
pub mod realtime;
pub mod registry;
pub mod social;
pub mod storage;

pub use platform::{Platform, Runtime, Settings};
pub use problem::{ApiError, FieldError, Problem};
pub use registry::{Route, Trigger, find, routes};
