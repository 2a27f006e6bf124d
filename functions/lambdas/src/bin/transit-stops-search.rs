//! Lambda function `transit-stops-search`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("transit-stops-search");
