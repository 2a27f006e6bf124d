//! Lambda function `traffic-current`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("traffic-current");
