//! (placeholder until the rules land)
use crate::{ArticleDraft, NewsCategory};
pub fn categorise(_article: &ArticleDraft) -> NewsCategory {
    NewsCategory::Autre
}
