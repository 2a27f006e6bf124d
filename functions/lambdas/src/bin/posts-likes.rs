//! Lambda function `posts-likes`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("posts-likes");
