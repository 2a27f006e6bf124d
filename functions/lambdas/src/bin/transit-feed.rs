//! Lambda function `transit-feed`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("transit-feed");
