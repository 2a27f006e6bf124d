//! Lambda function `conversations-create`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("conversations-create");
