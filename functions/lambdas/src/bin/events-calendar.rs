//! Lambda function `events-calendar`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("events-calendar");
