//! Lambda function `events-categories`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("events-categories");
