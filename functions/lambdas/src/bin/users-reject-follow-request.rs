//! Lambda function `users-reject-follow-request`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("users-reject-follow-request");
