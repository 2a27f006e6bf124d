//! Lambda function `events-unfavourite`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("events-unfavourite");
