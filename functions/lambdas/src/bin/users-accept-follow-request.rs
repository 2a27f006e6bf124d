//! Lambda function `users-accept-follow-request`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("users-accept-follow-request");
