//! Lambda function `moderation-reports`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("moderation-reports");
