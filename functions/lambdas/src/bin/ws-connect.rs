//! Lambda function `ws-connect`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("ws-connect");
