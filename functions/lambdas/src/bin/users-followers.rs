//! Lambda function `users-followers`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("users-followers");
