//! Lambda function `conversations-read`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("conversations-read");
