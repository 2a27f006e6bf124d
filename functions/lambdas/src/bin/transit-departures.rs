//! Lambda function `transit-departures`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("transit-departures");
