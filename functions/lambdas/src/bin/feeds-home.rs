//! Lambda function `feeds-home`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("feeds-home");
