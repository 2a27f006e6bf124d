//! Lambda function `auth-reset-password`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("auth-reset-password");
