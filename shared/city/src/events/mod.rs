//! Events: parsers of each format, categorisation and deduplication across sources.

pub mod categorise;
pub mod dedup;
pub mod html;
pub mod ical;
pub mod jsonld;
pub mod openagenda;
pub mod opendatasoft;
