//! Lambda function `users-follow`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("users-follow");
