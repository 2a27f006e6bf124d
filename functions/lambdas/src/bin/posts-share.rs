//! Lambda function `posts-share`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("posts-share");
