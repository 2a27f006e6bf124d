//! Typed errors of the crate: one enum per thing that can go wrong for a caller.

use thiserror::Error;

/// The feed could not be turned into a timetable.
#[derive(Debug, Error)]
pub enum ImportError {
    /// The archive or a required file could not be read or parsed.
    #[error("cannot read the GTFS feed: {0}")]
    Read(#[from] gtfs_structures::Error),
    /// The feed was read but is unusable; every blocking problem is listed.
    #[error("the GTFS feed is invalid: {}", .0.join("; "))]
    Invalid(Vec<String>),
    /// A secondary feed of a merged import failed; the merged timetable is not built.
    #[error("feed `{namespace}`: {source}")]
    Feed {
        namespace: String,
        source: Box<ImportError>,
    },
    /// Stop times count from each feed's local noon: feeds in different zones cannot share a
    /// service day.
    #[error("feed `{namespace}` runs in time zone {found}, the merged network in {expected}")]
    TimezoneMismatch {
        namespace: String,
        expected: String,
        found: String,
    },
    /// Feeds of a merged import need unique, non-empty namespaces without `:`, and one feed at
    /// most keeps its ids unprefixed.
    #[error("bad feed namespace: `{0}`")]
    Namespace(String),
}

/// A serialised timetable could not be decoded.
#[derive(Debug, Error)]
pub enum CodecError {
    #[error("not a compiled timetable (bad magic)")]
    BadMagic,
    #[error("timetable format {found} is not the supported format {expected}")]
    Version { found: u16, expected: u16 },
    #[error("corrupt timetable: {0}")]
    Corrupt(#[from] postcard::Error),
}

/// A GTFS-Realtime payload could not be decoded.
#[derive(Debug, Error)]
pub enum RealtimeError {
    #[error("not a GTFS-Realtime FeedMessage: {0}")]
    Decode(#[from] prost::DecodeError),
}

/// A query named something the timetable does not know.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum QueryError {
    #[error("unknown stop `{0}`")]
    UnknownStop(String),
}
