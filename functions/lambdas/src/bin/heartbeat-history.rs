//! Lambda function `heartbeat-history`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("heartbeat-history");
