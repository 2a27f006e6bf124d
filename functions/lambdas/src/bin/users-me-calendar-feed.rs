//! Lambda function `users-me-calendar-feed`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("users-me-calendar-feed");
