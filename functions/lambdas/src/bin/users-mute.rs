//! Lambda function `users-mute`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("users-mute");
