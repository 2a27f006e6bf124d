//! Lambda function `hashtags-posts`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("hashtags-posts");
