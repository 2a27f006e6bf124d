//! Lambda function `transit-import`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("transit-import");
