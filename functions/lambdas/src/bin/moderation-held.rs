//! Lambda function `moderation-held`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("moderation-held");
