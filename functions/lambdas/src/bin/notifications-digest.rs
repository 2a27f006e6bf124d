//! Lambda function `notifications-digest`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("notifications-digest");
