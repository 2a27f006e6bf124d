//! Lambda function `moderation-resolve-report`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("moderation-resolve-report");
