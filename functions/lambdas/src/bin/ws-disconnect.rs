//! Lambda function `ws-disconnect`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("ws-disconnect");
