//! (placeholder until the rules land)
use crate::ArticleDraft;
use chrono::{DateTime, Utc};
pub fn breaking_by_rules(article: &ArticleDraft) -> bool {
    article.source_breaking
}
pub fn breaking_by_burst(_timestamps: &[DateTime<Utc>], _now: DateTime<Utc>) -> bool {
    false
}
pub fn breaking_window() -> chrono::Duration {
    chrono::Duration::hours(6)
}
