//! Lambda function `users-get`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("users-get");
