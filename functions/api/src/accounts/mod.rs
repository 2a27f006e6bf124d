//! Accounts: registration, sessions, profiles and the social graph, on the ports.

pub mod directory;
pub mod emails;
pub mod erasure;
pub mod export;
pub mod graph;
pub mod images;
pub mod keys;
pub mod model;
pub mod neighbourhoods;
pub mod passwords;
pub mod rate_limit;
pub mod registration;
pub mod search;
pub mod sessions;
pub mod tokens;
pub mod validation;
