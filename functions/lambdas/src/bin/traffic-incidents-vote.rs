//! Lambda function `traffic-incidents-vote`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("traffic-incidents-vote");
