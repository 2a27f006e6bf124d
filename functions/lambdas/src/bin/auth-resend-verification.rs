//! Lambda function `auth-resend-verification`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("auth-resend-verification");
