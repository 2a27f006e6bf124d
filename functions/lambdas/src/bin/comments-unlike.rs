//! Lambda function `comments-unlike`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("comments-unlike");
