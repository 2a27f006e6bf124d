//! Lambda function `posts-get`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("posts-get");
