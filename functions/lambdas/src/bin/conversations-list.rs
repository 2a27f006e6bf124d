//! Lambda function `conversations-list`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("conversations-list");
