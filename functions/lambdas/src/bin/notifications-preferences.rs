//! Lambda function `notifications-preferences`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("notifications-preferences");
