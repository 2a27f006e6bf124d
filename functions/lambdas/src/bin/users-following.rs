//! Lambda function `users-following`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("users-following");
