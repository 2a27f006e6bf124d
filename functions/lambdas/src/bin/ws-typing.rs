//! Lambda function `ws-typing`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("ws-typing");
