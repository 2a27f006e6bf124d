//! Lambda function `events-reminders`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("events-reminders");
