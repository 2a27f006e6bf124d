//! Lambda function `health`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("health");
