//! The ports a handler can use, bundled once per process (a Lambda init or the local binary).

use rouen_ports::{
    BlobStore, Clock, ConnectionPush, Fetcher, IdGenerator, ItemStore, Mailer, QueuePort,
    SearchIndex,
};
use std::sync::Arc;

/// Which runtime serves the handlers; shown in build info and logs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Runtime {
    Local,
    Aws,
}

/// Logical queue names (SQS queue URLs in AWS, tables in the embedded queue).
pub mod queues {
    pub const JOBS: &str = "jobs";
    pub const JOBS_DEAD_LETTER: &str = "jobs-dlq";
    /// Receives after which a job message goes to the dead-letter queue (matches template.yaml).
    pub const JOBS_MAX_RECEIVES: u32 = 5;
}

#[derive(Debug, Clone)]
pub struct Settings {
    pub runtime: Runtime,
    /// Origins allowed by CORS (the web app's). The local binary serves the app itself (same origin).
    pub web_origins: Vec<String>,
    /// Largest request body a handler accepts unless its route says otherwise.
    pub max_body_bytes: usize,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            runtime: Runtime::Local,
            web_origins: Vec::new(),
            max_body_bytes: 1024 * 1024,
        }
    }
}

pub struct Platform {
    pub store: Arc<dyn ItemStore>,
    pub search: Arc<dyn SearchIndex>,
    pub blobs: Arc<dyn BlobStore>,
    pub queue: Arc<dyn QueuePort>,
    pub push: Arc<dyn ConnectionPush>,
    pub mailer: Arc<dyn Mailer>,
    pub fetcher: Arc<dyn Fetcher>,
    pub clock: Arc<dyn Clock>,
    pub ids: Arc<dyn IdGenerator>,
    pub settings: Settings,
}
