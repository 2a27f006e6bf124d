//! Lambda function `users-unmute`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("users-unmute");
