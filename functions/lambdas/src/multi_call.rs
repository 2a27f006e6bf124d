//! Every function in one executable: it serves the registry entry named by
//! `AWS_LAMBDA_FUNCTION_NAME`, which the Lambda service (and the cloud mode's Runtime API) sets,
//! exactly as each per-function `main` in `src/bin/` serves the one its literal names.
//!
//! AWS runs the per-function binaries (`sam build`, `make lambdas`). The cloud mode on one machine
//! runs this one instead: 146 debug binaries of the same code would take about 13 GB and 7 minutes
//! of linking on 2 cores, for no difference in behaviour (ADR 0011).

#[tokio::main]
async fn main() -> Result<(), rouen_lambdas::Error> {
    let name = std::env::var("AWS_LAMBDA_FUNCTION_NAME").map_err(
        |_| "AWS_LAMBDA_FUNCTION_NAME is not set: the Lambda runtime names the function",
    )?;
    let route = rouen_api::registry::find(&name)
        .ok_or_else(|| format!("`{name}` is not in the registry"))?;
    rouen_lambdas::serve(route.function).await
}
