//! Shared test code: the conformance suites of every port, each run against both engines by the test
//! targets `conformance_embedded` and `conformance_aws`.

pub mod conformance;
