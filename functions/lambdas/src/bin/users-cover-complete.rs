//! Lambda function `users-cover-complete`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("users-cover-complete");
