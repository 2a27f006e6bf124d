//! Lambda function `users-me`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("users-me");
