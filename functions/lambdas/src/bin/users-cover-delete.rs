//! Lambda function `users-cover-delete`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("users-cover-delete");
