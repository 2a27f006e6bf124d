//! The jobs worker: background work sent through the jobs queue (search indexing for now; feed
//! fan-out and notifications join it later). A job that fails is reported alone (partial-batch
//! failure) so the queue retries just that one and, after too many attempts, dead-letters it.

use crate::platform::{Platform, queues};
use crate::registry::{Auth, BatchOutcome, Handler, QueueRecord, Route, Trigger};
use futures::FutureExt;
use rouen_ports::SearchDoc;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Job {
    /// Add or replace documents in the search index.
    SearchIndex { docs: Vec<SearchDoc> },
    /// Remove documents from the search index.
    SearchDelete { ids: Vec<String> },
    /// Bring a user's search document in line with the account as it is now.
    IndexUser { user_id: String },
    /// Put a new post into its author's followers' home feeds.
    FanOut { post_id: String },
    /// Take a deleted post out of its author's followers' home feeds.
    FanOutDelete {
        post_id: String,
        author_id: String,
        sort: String,
    },
    /// Bring a post's search document in line with the post as it is now.
    IndexPost { post_id: String },
    /// Bring a chat message's search document in line with the message as it is now (reading it
    /// again means a late job never brings back what was deleted or erased meanwhile).
    IndexMessage {
        conversation_id: String,
        message_id: String,
    },
    /// Record an in-app notification.
    Notify {
        notice: crate::social::notifications::Notice,
    },
    /// Refresh the weather cache (a request found it old).
    RefreshWeather,
}

pub fn route() -> Route {
    Route {
        function: "jobs-worker",
        trigger: Trigger::Queue {
            queue: queues::JOBS,
        },
        auth: Auth::Public,
        handler: Handler::Queue(|p, records| handle(p, records).boxed()),
        max_body_bytes: None,
        doc: None,
    }
}

/// Sends jobs to the jobs queue, in batches of ten.
pub async fn enqueue(platform: &Platform, jobs: &[Job]) -> Result<(), crate::problem::ApiError> {
    for chunk in jobs.chunks(rouen_ports::queue::MAX_BATCH) {
        let bodies = chunk
            .iter()
            .map(serde_json::to_string)
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| crate::problem::ApiError::Internal(format!("serialising a job: {e}")))?;
        platform.queue.send_batch(queues::JOBS, &bodies).await?;
    }
    Ok(())
}

async fn run(platform: &Platform, job: Job) -> Result<(), String> {
    match job {
        Job::SearchIndex { docs } => platform.search.index(docs).await.map_err(|e| e.to_string()),
        Job::SearchDelete { ids } => platform
            .search
            .delete(&ids)
            .await
            .map_err(|e| e.to_string()),
        Job::IndexUser { user_id } => crate::accounts::search::reindex(platform, &user_id)
            .await
            .map_err(|e| e.to_string()),
        Job::FanOut { post_id } => crate::social::feeds::fan_out(platform, &post_id)
            .await
            .map_err(|e| e.to_string()),
        Job::FanOutDelete {
            author_id, sort, ..
        } => crate::social::feeds::fan_out_delete(platform, &author_id, &sort)
            .await
            .map_err(|e| e.to_string()),
        Job::Notify { notice } => crate::social::notifications::record(platform, &notice)
            .await
            .map_err(|e| e.to_string()),
        // Failures are the sources' health, not the job's: a retry would only hammer them.
        Job::RefreshWeather if !platform.settings.city.scrape => Ok(()),
        Job::RefreshWeather => crate::city::weather::refresh(platform, false)
            .await
            .map(|_| ())
            .map_err(|e| e.to_string()),
        Job::IndexPost { post_id } => crate::social::search::reindex(platform, &post_id)
            .await
            .map_err(|e| e.to_string()),
        Job::IndexMessage {
            conversation_id,
            message_id,
        } => crate::chat::search::sync(platform, &conversation_id, &message_id)
            .await
            .map_err(|e| e.to_string()),
    }
}

async fn handle(platform: Arc<Platform>, records: Vec<QueueRecord>) -> BatchOutcome {
    let mut outcome = BatchOutcome::default();
    // Search updates of posts are gathered: one index commit for the whole batch instead of one each.
    let mut index_posts: Vec<(String, String)> = Vec::new();
    for record in records {
        let result = match serde_json::from_str::<Job>(&record.body) {
            Ok(Job::IndexPost { post_id }) => {
                index_posts.push((record.message_id.clone(), post_id));
                continue;
            }
            Ok(job) => run(&platform, job).await,
            Err(e) => Err(format!("unreadable job: {e}")),
        };
        if let Err(error) = result {
            tracing::error!(message_id = %record.message_id, receive_count = record.receive_count, %error, "job failed");
            outcome.failed.push(record.message_id);
        }
    }
    if !index_posts.is_empty() {
        let ids: Vec<String> = index_posts.iter().map(|(_, id)| id.clone()).collect();
        if let Err(error) = crate::social::search::reindex_many(&platform, &ids).await {
            tracing::error!(jobs = index_posts.len(), %error, "post indexing failed");
            outcome
                .failed
                .extend(index_posts.into_iter().map(|(m, _)| m));
        }
    }
    outcome
}
