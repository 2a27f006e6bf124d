//! Lambda function `transit-line`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("transit-line");
