//! Lambda function `users-avatar-upload`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("users-avatar-upload");
