//! Lambda function `auth-login`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("auth-login");
