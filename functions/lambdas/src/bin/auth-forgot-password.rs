//! Lambda function `auth-forgot-password`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("auth-forgot-password");
