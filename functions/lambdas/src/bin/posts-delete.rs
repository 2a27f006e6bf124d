//! Lambda function `posts-delete`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("posts-delete");
