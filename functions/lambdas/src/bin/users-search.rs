//! Lambda function `users-search`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("users-search");
