//! Lambda function `posts-history`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("posts-history");
