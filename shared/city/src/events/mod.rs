//! Events: parsers of each format, categorisation and deduplication across sources.
