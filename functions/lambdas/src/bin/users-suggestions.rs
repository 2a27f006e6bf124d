//! Lambda function `users-suggestions`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("users-suggestions");
