//! News: feed parsing, canonical URLs, categories, local relevance, story grouping, breaking rules.
