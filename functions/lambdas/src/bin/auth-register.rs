//! Lambda function `auth-register`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("auth-register");
