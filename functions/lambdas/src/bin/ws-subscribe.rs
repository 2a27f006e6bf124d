//! Lambda function `ws-subscribe`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("ws-subscribe");
