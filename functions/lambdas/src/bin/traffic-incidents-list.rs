//! Lambda function `traffic-incidents-list`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("traffic-incidents-list");
