//! Lambda function `auth-verify-email`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("auth-verify-email");
