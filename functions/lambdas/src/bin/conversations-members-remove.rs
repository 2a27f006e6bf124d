//! Lambda function `conversations-members-remove`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("conversations-members-remove");
