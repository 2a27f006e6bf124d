//! Events: parsers of each format, categorisation and deduplication across sources.

pub mod categorise;
pub mod dedup;
pub mod html;
pub mod ical;
pub mod jsonld;
pub mod openagenda;
pub mod opendatasoft;

use crate::{EventDraft, ParseError, Parsed, Source};

/// (placeholder until the parsers land)
pub fn parse(
    _source: &Source,
    _body: &[u8],
    _content_type: Option<&str>,
    _page_url: &str,
) -> Result<Parsed<EventDraft>, ParseError> {
    Err(ParseError::Config("not yet".into()))
}
