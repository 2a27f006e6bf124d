//! Lambda function `notifications-unread`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("notifications-unread");
