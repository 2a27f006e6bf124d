use crate::servers::{sdk_config, unique, var};
use rouen_aws::queue::{SqsQueue, ensure_queue};
use rouen_ports::QueueSpec;

#[tokio::test(flavor = "multi_thread")]
async fn sqs_queue_conforms() {
    let client = aws_sdk_sqs::Client::new(&sdk_config(&var("ROUEN_TEST_SQS_ENDPOINT")).await);
    let name = unique("jobs");
    let spec = QueueSpec {
        name: name.clone(),
        dead_letter: Some((format!("{name}-dlq"), 2)),
    };
    let urls = ensure_queue(&client, &spec)
        .await
        .expect("ElasticMQ creates the queues");
    let queue = SqsQueue::new(client, urls);
    rouen_tests::conformance::queue::run(&queue, &spec).await;
}
