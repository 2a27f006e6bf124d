//! Lambda function `conversations-update`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("conversations-update");
