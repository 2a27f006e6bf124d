//! The queue over SQS: logical queue names map to queue URLs from configuration.

use async_trait::async_trait;
use aws_sdk_sqs::Client;
use aws_sdk_sqs::error::{DisplayErrorContext, ProvideErrorMetadata};
use aws_sdk_sqs::types::{
    MessageSystemAttributeName, QueueAttributeName, SendMessageBatchRequestEntry,
};
use rouen_ports::queue::{MAX_BATCH, validate_batch};
use rouen_ports::{QueueError, QueueMessage, QueuePort, QueueSpec};
use std::collections::HashMap;
use std::time::Duration;

pub struct SqsQueue {
    client: Client,
    urls: HashMap<String, String>,
}

fn engine<E: ProvideErrorMetadata + std::error::Error + 'static, R: std::fmt::Debug>(
    err: aws_sdk_sqs::error::SdkError<E, R>,
) -> QueueError {
    QueueError::Engine(DisplayErrorContext(&err).to_string())
}

impl SqsQueue {
    pub fn new(client: Client, urls: HashMap<String, String>) -> Self {
        Self { client, urls }
    }

    fn url(&self, queue: &str) -> Result<&str, QueueError> {
        self.urls
            .get(queue)
            .map(String::as_str)
            .ok_or_else(|| QueueError::UnknownQueue(queue.to_owned()))
    }
}

#[async_trait]
impl QueuePort for SqsQueue {
    async fn send_batch(&self, queue: &str, bodies: &[String]) -> Result<(), QueueError> {
        validate_batch(bodies)?;
        let url = self.url(queue)?;
        let entries = bodies
            .iter()
            .enumerate()
            .map(|(i, body)| {
                SendMessageBatchRequestEntry::builder()
                    .id(i.to_string())
                    .message_body(body)
                    .build()
                    .map_err(|e| QueueError::InvalidRequest(e.to_string()))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let out = self
            .client
            .send_message_batch()
            .queue_url(url)
            .set_entries(Some(entries))
            .send()
            .await
            .map_err(engine)?;
        if let Some(failed) = out.failed().first() {
            return Err(QueueError::Engine(format!(
                "{} of {} messages were not sent: {}",
                out.failed().len(),
                bodies.len(),
                failed.message().unwrap_or(failed.code())
            )));
        }
        Ok(())
    }

    async fn receive(
        &self,
        queue: &str,
        max: u32,
        visibility: Duration,
        wait: Duration,
    ) -> Result<Vec<QueueMessage>, QueueError> {
        if max == 0 || max as usize > MAX_BATCH {
            return Err(QueueError::InvalidRequest(format!(
                "receive 1 to {MAX_BATCH} messages"
            )));
        }
        let url = self.url(queue)?;
        let visibility_secs = visibility.as_millis().div_ceil(1000).min(43_200) as i32;
        let wait_secs = wait.as_secs().min(20) as i32;
        let out = self
            .client
            .receive_message()
            .queue_url(url)
            .max_number_of_messages(max as i32)
            .visibility_timeout(visibility_secs)
            .wait_time_seconds(wait_secs)
            .message_system_attribute_names(MessageSystemAttributeName::ApproximateReceiveCount)
            .send()
            .await
            .map_err(engine)?;
        Ok(out
            .messages()
            .iter()
            .filter_map(|m| {
                Some(QueueMessage {
                    id: m.message_id()?.to_owned(),
                    receipt: m.receipt_handle()?.to_owned(),
                    body: m.body().unwrap_or_default().to_owned(),
                    receive_count: m
                        .attributes()
                        .and_then(|a| a.get(&MessageSystemAttributeName::ApproximateReceiveCount))
                        .and_then(|c| c.parse().ok())
                        .unwrap_or(1),
                })
            })
            .collect())
    }

    async fn delete(&self, queue: &str, receipt: &str) -> Result<(), QueueError> {
        let url = self.url(queue)?;
        match self
            .client
            .delete_message()
            .queue_url(url)
            .receipt_handle(receipt)
            .send()
            .await
        {
            Ok(_) => Ok(()),
            // A receipt of an earlier delivery: the message was delivered again since, nothing to do.
            Err(err)
                if matches!(
                    err.code(),
                    Some("ReceiptHandleIsInvalid" | "InvalidParameterValue")
                ) =>
            {
                Ok(())
            }
            Err(err) => Err(engine(err)),
        }
    }

    async fn depth(&self, queue: &str) -> Result<u64, QueueError> {
        let url = self.url(queue)?;
        let out = self
            .client
            .get_queue_attributes()
            .queue_url(url)
            .attribute_names(QueueAttributeName::ApproximateNumberOfMessages)
            .attribute_names(QueueAttributeName::ApproximateNumberOfMessagesNotVisible)
            .send()
            .await
            .map_err(engine)?;
        let attrs = out.attributes();
        let count = |name: QueueAttributeName| {
            attrs
                .and_then(|a| a.get(&name))
                .and_then(|v| v.parse::<u64>().ok())
                .unwrap_or(0)
        };
        Ok(count(QueueAttributeName::ApproximateNumberOfMessages)
            + count(QueueAttributeName::ApproximateNumberOfMessagesNotVisible))
    }

    async fn ping(&self) -> Result<(), QueueError> {
        let Some(url) = self.urls.values().next() else {
            return Err(QueueError::Engine("no queue configured".into()));
        };
        self.client
            .get_queue_attributes()
            .queue_url(url)
            .attribute_names(QueueAttributeName::QueueArn)
            .send()
            .await
            .map_err(engine)?;
        Ok(())
    }
}

/// Creates a queue (and its dead-letter queue with the redrive policy) as template.yaml does; returns
/// the URL of each by name. Idempotent.
pub async fn ensure_queue(
    client: &Client,
    spec: &QueueSpec,
) -> Result<HashMap<String, String>, QueueError> {
    let mut urls = HashMap::new();
    let mut create = client.create_queue().queue_name(&spec.name);
    if let Some((dlq, max_receives)) = &spec.dead_letter {
        let dlq_url = client
            .create_queue()
            .queue_name(dlq)
            .send()
            .await
            .map_err(engine)?
            .queue_url
            .unwrap_or_default();
        let arn = client
            .get_queue_attributes()
            .queue_url(&dlq_url)
            .attribute_names(QueueAttributeName::QueueArn)
            .send()
            .await
            .map_err(engine)?
            .attributes
            .and_then(|mut a| a.remove(&QueueAttributeName::QueueArn))
            .ok_or_else(|| QueueError::Engine("the dead-letter queue has no ARN".into()))?;
        let policy = serde_json::json!({"deadLetterTargetArn": arn, "maxReceiveCount": max_receives.to_string()});
        create = create.attributes(QueueAttributeName::RedrivePolicy, policy.to_string());
        urls.insert(dlq.clone(), dlq_url);
    }
    let url = create
        .send()
        .await
        .map_err(engine)?
        .queue_url
        .unwrap_or_default();
    urls.insert(spec.name.clone(), url);
    Ok(urls)
}
