//! Lambda function `users-update-settings`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("users-update-settings");
