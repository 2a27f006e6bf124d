//! Lambda function `conversations-members-add`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("conversations-members-add");
