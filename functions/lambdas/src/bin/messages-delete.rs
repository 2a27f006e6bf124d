//! Lambda function `messages-delete`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("messages-delete");
