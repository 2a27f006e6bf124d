//! The accounts API end to end through the local gateway: registration, verification, sessions,
//! security rules, profiles, the social graph, profile images and GDPR rights.

mod harness;

mod auth;
mod gdpr;
mod graph;
mod images;
mod profiles;
