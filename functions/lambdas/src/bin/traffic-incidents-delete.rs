//! Lambda function `traffic-incidents-delete`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("traffic-incidents-delete");
