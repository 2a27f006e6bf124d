//! Lambda function `traffic-routes`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("traffic-routes");
