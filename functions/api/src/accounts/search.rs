//! Users in the search index. The index is refreshed by a job that reads the account's current state,
//! so jobs can run late, twice or out of order and the index still ends up right.

use super::directory;
use super::erasure::search_id;
use super::model::UserRecord;
use super::neighbourhoods;
use crate::handlers::jobs::{Job, enqueue};
use crate::platform::Platform;
use crate::problem::ApiError;
use rouen_ports::SearchDoc;

pub fn document(user: &UserRecord) -> SearchDoc {
    let neighbourhood = user
        .neighbourhood
        .as_deref()
        .and_then(neighbourhoods::find)
        .map(|n| n.name.clone())
        .unwrap_or_default();
    SearchDoc {
        id: search_id(&user.id),
        kind: "user".into(),
        title: format!("{} {}", user.display_name, user.username),
        body: format!(
            "{} {} {}",
            user.bio,
            neighbourhood,
            user.interests.join(" ")
        ),
        lang: user.language.code().into(),
        category: user.neighbourhood.clone(),
        tags: user.interests.iter().map(|i| i.to_lowercase()).collect(),
        date: Some(user.created_at),
        geo: None,
    }
}

/// Asks the jobs worker to bring the user's search document up to date.
pub async fn schedule_reindex(platform: &Platform, user_id: &str) -> Result<(), ApiError> {
    enqueue(
        platform,
        &[Job::IndexUser {
            user_id: user_id.to_owned(),
        }],
    )
    .await
}

/// Indexes a verified account, removes anything else.
pub async fn reindex(platform: &Platform, user_id: &str) -> Result<(), ApiError> {
    match directory::load(platform, user_id).await? {
        Some(user) if user.email_verified => platform.search.index(vec![document(&user)]).await?,
        _ => platform.search.delete(&[search_id(user_id)]).await?,
    }
    Ok(())
}
