//! Lambda function `moderation-audit`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("moderation-audit");
