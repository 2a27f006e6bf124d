//! Lambda function `notifications-list`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("notifications-list");
