//! The local runtime: one process that serves every function of the registry behind a gateway that
//! behaves like API Gateway (HTTP and WebSocket APIs, `@connections`), runs the schedules and queue
//! consumers, serves media and the built web app, over the embedded engines.

pub mod api_gateway;
pub mod background;
pub mod cloud;
pub mod config;
pub mod demo;
pub mod engines;
pub mod mailbox;
pub mod server;
pub mod sources_mirror;
pub mod web_app;
pub mod websocket;

pub use config::LocalConfig;
pub use server::{RunningGateway, start};
