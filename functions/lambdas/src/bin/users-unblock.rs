//! Lambda function `users-unblock`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("users-unblock");
