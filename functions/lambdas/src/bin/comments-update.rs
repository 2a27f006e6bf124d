//! Lambda function `comments-update`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("comments-update");
