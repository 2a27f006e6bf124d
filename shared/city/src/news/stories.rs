//! (placeholder until the rules land)
use crate::ArticleDraft;
pub fn same_story(a: &ArticleDraft, b: &ArticleDraft) -> bool {
    crate::text::fold(&a.title) == crate::text::fold(&b.title)
}
