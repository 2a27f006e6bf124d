//! Lambda function `ws-read`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("ws-read");
