//! Lambda function `conversations-search`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("conversations-search");
