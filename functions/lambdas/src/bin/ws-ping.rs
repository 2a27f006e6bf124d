//! Lambda function `ws-ping`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("ws-ping");
