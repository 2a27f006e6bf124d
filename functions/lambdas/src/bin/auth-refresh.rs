//! Lambda function `auth-refresh`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("auth-refresh");
