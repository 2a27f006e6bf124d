//! Lambda function `events-list`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("events-list");
