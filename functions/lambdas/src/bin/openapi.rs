//! Lambda function `openapi`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("openapi");
