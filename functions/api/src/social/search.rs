//! Posts in the search index: public, visible posts only, refreshed from the post's current state.

use super::posts;
use crate::accounts::directory;
use crate::platform::Platform;
use crate::problem::ApiError;
use rouen_ports::SearchDoc;

pub fn search_id(post_id: &str) -> String {
    format!("post:{post_id}")
}

pub async fn reindex(platform: &Platform, post_id: &str) -> Result<(), ApiError> {
    let post = posts::load(platform, post_id).await?;
    let author = match &post {
        Some(p) => directory::load(platform, &p.author_id).await?,
        None => None,
    };
    match (post, author) {
        (Some(post), Some(author)) if posts::is_public(&post, &author) => {
            platform
                .search
                .index(vec![SearchDoc {
                    id: search_id(&post.id),
                    kind: "post".into(),
                    title: author.display_name.clone(),
                    body: post.text.clone(),
                    lang: author.language.code().into(),
                    category: post.neighbourhood.clone(),
                    tags: post.hashtags.clone(),
                    date: Some(post.created_at),
                    geo: None,
                }])
                .await?;
        }
        _ => platform.search.delete(&[search_id(post_id)]).await?,
    }
    Ok(())
}
