//! Lambda function `events-search`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("events-search");
