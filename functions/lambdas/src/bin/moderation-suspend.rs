//! Lambda function `moderation-suspend`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("moderation-suspend");
