//! Lambda function `neighbourhoods`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("neighbourhoods");
