//! Lambda function `messages-send`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("messages-send");
