//! Lambda function `ws-default`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("ws-default");
