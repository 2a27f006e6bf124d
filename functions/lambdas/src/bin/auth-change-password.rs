//! Lambda function `auth-change-password`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("auth-change-password");
