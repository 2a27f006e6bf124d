//! Lambda function `events-rsvp`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("events-rsvp");
