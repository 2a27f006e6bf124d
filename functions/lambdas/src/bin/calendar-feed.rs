//! Lambda function `calendar-feed`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("calendar-feed");
