//! Lambda function `transit-realtime`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("transit-realtime");
