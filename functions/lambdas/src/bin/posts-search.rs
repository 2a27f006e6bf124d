//! Lambda function `posts-search`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("posts-search");
