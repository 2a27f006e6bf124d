//! Lambda function `posts-list`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("posts-list");
