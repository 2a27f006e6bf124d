//! Lambda function `comments-like`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("comments-like");
