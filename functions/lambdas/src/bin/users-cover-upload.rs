//! Lambda function `users-cover-upload`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("users-cover-upload");
