use crate::servers::{sdk_config, unique, var};
use rouen_aws::item_store::{DynamoItemStore, create_table};
use rouen_ports::{CursorCodec, ManualClock};
use std::sync::Arc;

#[tokio::test(flavor = "multi_thread")]
async fn dynamodb_item_store_conforms() {
    let client =
        aws_sdk_dynamodb::Client::new(&sdk_config(&var("ROUEN_TEST_DYNAMODB_ENDPOINT")).await);
    let table = unique("conformance");
    create_table(&client, &table)
        .await
        .expect("DynamoDB Local creates the table");
    let clock = Arc::new(ManualClock::new(chrono::Utc::now()));
    let store = DynamoItemStore::new(
        client,
        table,
        CursorCodec::new(b"conformance cursor key, 32 bytes!"),
        clock.clone(),
    );
    rouen_tests::conformance::item_store::run(&store, &clock).await;
}
