//! Lambda function `conversations-get`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("conversations-get");
