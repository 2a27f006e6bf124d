//! Lambda function `posts-comments`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("posts-comments");
