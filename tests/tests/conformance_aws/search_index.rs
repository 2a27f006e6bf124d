use crate::servers::{unique, var};
use rouen_aws::search_index::OpenSearchIndex;

#[tokio::test(flavor = "multi_thread")]
async fn opensearch_index_conforms() {
    let index = OpenSearchIndex::new(
        &var("ROUEN_TEST_OPENSEARCH_URL"),
        &unique("conformance"),
        None,
    )
    .expect("client");
    index
        .ensure_index()
        .await
        .expect("the OpenSearch node creates the index");
    rouen_tests::conformance::search_index::run(&index).await;
}
