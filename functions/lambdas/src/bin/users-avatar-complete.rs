//! Lambda function `users-avatar-complete`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("users-avatar-complete");
