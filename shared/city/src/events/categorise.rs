//! (placeholder until the rules land)
use crate::{EventCategory, EventDraft};
pub fn categorise(_draft: &EventDraft) -> EventCategory {
    EventCategory::Other
}
