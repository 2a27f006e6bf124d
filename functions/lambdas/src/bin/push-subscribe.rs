//! Lambda function `push-subscribe`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("push-subscribe");
