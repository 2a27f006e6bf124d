//! Lambda function `users-unfollow`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("users-unfollow");
