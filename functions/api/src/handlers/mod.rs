//! Handlers, one module per service. Each exposes the registry entries it serves.

pub mod auth;
pub mod build_info;
pub mod chat;
pub mod client_errors;
pub mod discover;
pub mod events;
pub mod health;
pub mod heartbeat;
pub mod jobs;
pub mod moderation;
pub mod news;
pub mod notifications;
pub mod openapi;
pub mod posts;
pub mod profile_images;
pub mod realtime;
pub mod social_graph;
pub mod traffic;
pub mod transit;
pub mod users;
pub mod weather;
