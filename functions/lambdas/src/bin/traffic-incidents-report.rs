//! Lambda function `traffic-incidents-report`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("traffic-incidents-report");
