//! Lambda function `posts-comment`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("posts-comment");
