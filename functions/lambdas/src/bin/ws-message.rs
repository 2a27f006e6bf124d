//! Lambda function `ws-message`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("ws-message");
