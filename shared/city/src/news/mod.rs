//! News: feed parsing, canonical URLs, categories, local relevance, story grouping, breaking rules.

pub mod breaking;
pub mod canonical;
pub mod categorise;
pub mod feed;
pub mod gazetteer;
pub mod stories;
