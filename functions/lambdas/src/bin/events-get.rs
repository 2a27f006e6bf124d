//! Lambda function `events-get`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("events-get");
