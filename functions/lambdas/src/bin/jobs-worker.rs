//! Lambda function `jobs-worker`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("jobs-worker");
