//! Lambda function `posts-report`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("posts-report");
