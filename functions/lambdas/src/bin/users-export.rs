//! Lambda function `users-export`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("users-export");
