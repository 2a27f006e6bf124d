//! Lambda function `users-mutes`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("users-mutes");
