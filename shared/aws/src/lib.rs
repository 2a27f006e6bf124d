//! AWS engines of every port, for the Lambda functions. Each reads its endpoint from configuration so
//! that tests (and the cloud-shaped local mode) can point it at a local server.

pub mod blob_store;
pub mod config;
pub mod connection_push;
pub mod item_store;
pub mod mailer;
pub mod queue;
pub mod search_index;
