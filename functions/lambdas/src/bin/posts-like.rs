//! Lambda function `posts-like`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("posts-like");
