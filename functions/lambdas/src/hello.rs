//! The smallest `lambda_runtime` function: it echoes its event. The cold-start benchmark
//! (`make bench-coldstart`) times its init next to every real function's, as the floor.

use lambda_runtime::{LambdaEvent, service_fn};

#[tokio::main]
async fn main() -> Result<(), lambda_runtime::Error> {
    lambda_runtime::run(service_fn(
        |event: LambdaEvent<serde_json::Value>| async move {
            Ok::<_, lambda_runtime::Error>(event.payload)
        },
    ))
    .await
}
