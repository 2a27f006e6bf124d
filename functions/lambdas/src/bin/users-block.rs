//! Lambda function `users-block`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("users-block");
