//! Lambda function `conversations-delete`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("conversations-delete");
