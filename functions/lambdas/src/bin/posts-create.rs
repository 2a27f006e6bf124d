//! Lambda function `posts-create`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("posts-create");
