//! Lambda function `ws-ticket`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("ws-ticket");
