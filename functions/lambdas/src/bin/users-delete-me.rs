//! Lambda function `users-delete-me`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("users-delete-me");
