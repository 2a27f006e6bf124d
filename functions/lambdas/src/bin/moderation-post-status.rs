//! Lambda function `moderation-post-status`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("moderation-post-status");
