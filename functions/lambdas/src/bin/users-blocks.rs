//! Lambda function `users-blocks`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("users-blocks");
