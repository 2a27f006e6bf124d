//! Lambda function `events-favourite`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("events-favourite");
