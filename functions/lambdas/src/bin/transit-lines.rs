//! Lambda function `transit-lines`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("transit-lines");
