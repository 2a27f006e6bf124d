//! Public transport core of Rouen Social: GTFS import into a compact RAPTOR timetable, GTFS-RT
//! trip updates and alerts, stop search, departures and journey planning. Pure: no I/O beyond
//! reading the feed path it is given.

pub mod codec;
pub mod demo;
pub mod departures;
pub mod error;
pub mod geo;
pub mod import;
pub mod lines;
pub mod model;
pub mod plan;
pub mod realtime;
pub mod search;
pub mod time;

pub use departures::Departure;
pub use error::{CodecError, ImportError, QueryError, RealtimeError};
pub use import::{FeedInput, ImportOptions};
pub use model::{Line, Mode, Stop, Timetable};
pub use plan::{Endpoint, Journey, Leg, PathPoint, Place, PlanOptions, PlanRequest};
pub use realtime::{Alert, FeedBuilder, RealtimeState};

/// Stop search, the API's `stops::search`.
pub mod stops {
    pub use crate::search::{StopMatch, normalize, search};
}

impl Timetable {
    /// Imports a GTFS zip held in memory with the default (Astuce) options.
    pub fn from_gtfs_zip(bytes: &[u8]) -> Result<Timetable, ImportError> {
        import::from_zip_bytes(bytes, &ImportOptions::default())
    }
    /// Imports several GTFS zips into one timetable with the default options: the feed without a
    /// namespace keeps its ids, the others' ids become `"{namespace}:{id}"`
    /// (see [`import::from_zip_feeds`]).
    pub fn from_gtfs_feeds(feeds: &[FeedInput<'_>]) -> Result<Timetable, ImportError> {
        import::from_zip_feeds(feeds, &ImportOptions::default())
    }
    /// Imports a GTFS directory or zip file with the default (Astuce) options.
    pub fn from_gtfs_path(path: &std::path::Path) -> Result<Timetable, ImportError> {
        import::from_path(path, &ImportOptions::default())
    }
    pub fn search_stops(
        &self,
        q: &str,
        near: Option<(f64, f64)>,
        limit: usize,
    ) -> Vec<stops::StopMatch<'_>> {
        search::search(self, q, near, limit)
    }
}
