//! The conformance suites against the embedded engines.

mod blob_store;
mod connection_push;
mod item_store;
mod mailer;
mod queue;
mod search_index;
