//! City content: what the event and news aggregators know without touching the network.
//!
//! - [`sources`]: the registry of sources (a data file);
//! - [`events`] and [`news`]: parsers of the sources' real formats into [`model`] drafts, categories,
//!   deduplication, local relevance and breaking-news rules;
//! - [`snapshots`]: recorded documents of every source, served on loopback to tests and the demo;
//! - [`text`]: decoding, HTML to plain text, folding.
//!
//! The storage, scheduling and endpoints live in `rouen-api` (`functions/api/src/city`).

pub mod events;
pub mod model;
pub mod news;
pub mod snapshots;
pub mod sources;
pub mod text;

pub use model::*;
pub use sources::{ParserConfig, Source, SourceKind, registry};
