//! Ports: the only interfaces handlers and domain code may depend on.
//!
//! Each port has two engines: an embedded one (`rouen-embedded`, used by the local binary) and an AWS
//! one (`rouen-aws`, used by the Lambda functions). Both are held to the same conformance suites in
//! `tests/`.

pub mod blob_store;
pub mod browser_push;
pub mod capacity;
pub mod clock;
pub mod connection_push;
pub mod cursor;
pub mod fetcher;
pub mod item_store;
pub mod mailer;
pub mod queue;
pub mod search_index;

pub use blob_store::{BlobError, BlobObject, BlobStore, PresignedRequest};
pub use browser_push::{BrowserPush, BrowserPushError, PushDelivery, PushMessage};
pub use clock::{
    Clock, FileClock, IdGenerator, ManualClock, ShiftedClock, SystemClock, UlidGenerator,
};
pub use connection_push::{ConnectionPush, PushError};
pub use cursor::{CursorCodec, CursorError};
pub use fetcher::{FetchError, FetchOutcome, FetchRequest, Fetcher, RobotsCheck};
pub use item_store::{
    Condition, IndexName, Item, ItemStore, Key, Page, Query, SortKeyCondition, StoreError,
    TransactOp, Update,
};
pub use mailer::{MailError, Mailer, OutgoingEmail};
pub use queue::{QueueError, QueueMessage, QueuePort, QueueSpec};
pub use search_index::{
    GeoPoint, SearchDoc, SearchError, SearchHit, SearchIndex, SearchQuery, SearchResults,
};
