//! The conformance suites against the AWS engines, talking to real local servers (DynamoDB Local, an
//! OpenSearch node, ElasticMQ, s3s-fs, moto for SES, and the project's own gateway for `@connections`)
//! started by `infra/scripts/emulators.sh start`. Without them these tests fail and say why: they are
//! never replaced by fakes.

mod blob_store;
mod connection_push;
mod item_store;
mod mailer;
mod queue;
mod search_index;
mod servers;
