//! Lambda function `comments-delete`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("comments-delete");
