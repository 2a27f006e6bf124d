//! Lambda function `users-update-me`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("users-update-me");
