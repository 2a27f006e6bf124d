//! Lambda function `messages-list`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("messages-list");
