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

/// As [`reindex`] for many posts, with one index write and one delete (one commit each).
pub async fn reindex_many(platform: &Platform, post_ids: &[String]) -> Result<(), ApiError> {
    let found = super::render::load_posts(platform, post_ids).await?;
    let authors: Vec<String> = found.values().map(|p| p.author_id.clone()).collect();
    let authors: std::collections::HashMap<String, crate::accounts::model::UserRecord> =
        directory::load_many(platform, &authors)
            .await?
            .into_iter()
            .map(|u| (u.id.clone(), u))
            .collect();
    let mut docs = Vec::new();
    let mut gone = Vec::new();
    for id in post_ids {
        match found
            .get(id)
            .and_then(|p| authors.get(&p.author_id).map(|a| (p, a)))
        {
            Some((post, author)) if posts::is_public(post, author) => docs.push(SearchDoc {
                id: search_id(&post.id),
                kind: "post".into(),
                title: author.display_name.clone(),
                body: post.text.clone(),
                lang: author.language.code().into(),
                category: post.neighbourhood.clone(),
                tags: post.hashtags.clone(),
                date: Some(post.created_at),
                geo: None,
            }),
            _ => gone.push(search_id(id)),
        }
    }
    if !docs.is_empty() {
        platform.search.index(docs).await?;
    }
    if !gone.is_empty() {
        platform.search.delete(&gone).await?;
    }
    Ok(())
}
