//! City content: what the event and news aggregators know without touching the network.
//!
//! - [`sources`]: the registry of sources (a data file);
//! - [`events`] and [`news`]: parsers of the sources' real formats into [`model`] drafts, categories,
//!   deduplication, local relevance and breaking-news rules;
//! - [`weather`] and [`traffic`]: parsers of forecasts, Météo-France alerts and road incidents into
//!   the shapes of the API contract (issue 7), kept to the Rouen area;
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
pub mod traffic;
pub mod weather;

pub use model::*;
pub use sources::{KeyUse, ParserConfig, Source, SourceKind, registry};
