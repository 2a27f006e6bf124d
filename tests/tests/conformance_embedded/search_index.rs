//! The search index suite against tantivy.

use rouen_embedded::search_index::TantivySearchIndex;
use rouen_tests::conformance::search_index;

#[tokio::test]
async fn tantivy_search_index_conforms() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let index = TantivySearchIndex::open(dir.path()).expect("the index opens");
    search_index::run(&index).await;
    // A second run on the same index sees the first run's documents: the suite must not care, as
    // on a long-lived OpenSearch node.
    search_index::run(&index).await;
}

#[tokio::test]
async fn tantivy_search_index_conforms_after_reopening() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    {
        let index = TantivySearchIndex::open(dir.path()).expect("the index opens");
        search_index::run(&index).await;
    }
    let index = TantivySearchIndex::open(dir.path()).expect("the index opens again");
    search_index::run(&index).await;
}
