//! Lambda function `users-posts`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("users-posts");
