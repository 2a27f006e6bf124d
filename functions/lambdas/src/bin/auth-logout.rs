//! Lambda function `auth-logout`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("auth-logout");
