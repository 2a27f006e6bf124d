//! Lambda function `push-unsubscribe`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("push-unsubscribe");
