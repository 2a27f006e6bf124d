//! Lambda function `trending`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("trending");
