//! Lambda function `users-me-events`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("users-me-events");
