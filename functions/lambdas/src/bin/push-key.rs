//! Lambda function `push-key`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("push-key");
