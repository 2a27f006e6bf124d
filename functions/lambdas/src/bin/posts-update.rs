//! Lambda function `posts-update`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("posts-update");
