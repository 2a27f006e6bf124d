//! Lambda function `client-errors`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("client-errors");
