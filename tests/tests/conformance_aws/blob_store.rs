use crate::servers::{sdk_config_with, unique, var};
use rouen_aws::blob_store::{S3BlobStore, create_bucket};

#[tokio::test(flavor = "multi_thread")]
async fn s3_blob_store_conforms() {
    let sdk = sdk_config_with(
        &var("ROUEN_TEST_S3_ENDPOINT"),
        &var("ROUEN_TEST_S3_ACCESS_KEY"),
        &var("ROUEN_TEST_S3_SECRET_KEY"),
    )
    .await;
    let client = aws_sdk_s3::Client::from_conf(
        aws_sdk_s3::config::Builder::from(&sdk)
            .force_path_style(true)
            .build(),
    );
    let bucket = unique("media");
    create_bucket(&client, &bucket)
        .await
        .expect("s3s-fs creates the bucket");
    rouen_tests::conformance::blob_store::run(&S3BlobStore::new(client, bucket)).await;
}
