//! The API end to end through the local gateway, over real HTTP: accounts (registration,
//! verification, sessions, security rules, profiles, the social graph, profile images, GDPR rights)
//! the social core (posts, photos, comments, likes, shares, feeds), chat and the WebSocket protocol.

mod harness;

mod auth;
mod chat;
mod demo;
mod discover;
mod events;
mod gdpr;
mod graph;
mod images;
mod moderation;
mod news;
mod notifications;
mod posts;
mod profiles;
mod push;
mod realtime;
mod traffic;
mod transit;
mod weather;
