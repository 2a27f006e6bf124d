//! Lambda function `conversations-leave`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("conversations-leave");
