//! One suite per port. A suite takes a port (and what it needs to observe the engine from outside) and
//! asserts the port's contract; both engines must pass the same assertions.

pub mod blob_store;
pub mod connection_push;
pub mod fetcher;
pub mod item_store;
pub mod mailer;
pub mod queue;
pub mod search_index;
