//! Embedded engines of every port, for the local binary: persistent under one data directory, safe for
//! concurrent requests, no server to install.

pub mod blob_store;
pub mod connections;
pub mod item_store;
pub mod mailer;
pub mod queue;
pub mod search_index;
mod sqlite;
