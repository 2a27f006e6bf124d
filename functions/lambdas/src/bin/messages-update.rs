//! Lambda function `messages-update`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("messages-update");
