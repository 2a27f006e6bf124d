//! (placeholder until the rules land)
use crate::{EventDraft, TZ};
pub fn match_key(draft: &EventDraft) -> String {
    draft
        .occurrences
        .first()
        .map(|o| o.starts_at.with_timezone(&TZ).date_naive().to_string())
        .unwrap_or_default()
}
pub fn same_event(a: &EventDraft, b: &EventDraft) -> bool {
    match_key(a) == match_key(b) && crate::text::fold(&a.title) == crate::text::fold(&b.title)
}
pub fn merge(existing: &EventDraft, _incoming: &EventDraft) -> EventDraft {
    existing.clone()
}
