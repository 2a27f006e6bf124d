//! Lambda function `users-avatar-delete`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("users-avatar-delete");
