//! Lambda function `notifications-read`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("notifications-read");
