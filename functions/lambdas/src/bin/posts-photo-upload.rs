//! Lambda function `posts-photo-upload`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("posts-photo-upload");
