//! Lambda function `feeds-local`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("feeds-local");
